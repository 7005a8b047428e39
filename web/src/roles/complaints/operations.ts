// The assignee's GraphQL documents (shared by the dispatch and township areas): graphql(`...`)
// from web/src/gql/complaints, whose result and variable types are generated from
// schema.graphql (`npm run codegen:web`). web/operations.test.ts validates each document
// against schema.graphql. The queue is `assignedToMe`: the server reads it as the viewer's
// organisation (a dispatcher) or township station (township staff), so one document serves both.
import { graphql } from '../../gql/complaints/gql';
import type { AssigneeQueueTicketFragment, AssigneeTicketDetailFragment } from '../../gql/complaints/graphql';

export type { ComplaintCategory, ComplaintSeverity, ComplaintStatus } from '../../gql/complaints/graphql';

/** One ticket in the queue: what the list shows. */
export const QUEUE_TICKET = graphql(`
  fragment AssigneeQueueTicket on Complaint {
    id status category severity description dueAt overdue escalationLevel reopenCount createdAt
    recipient { id name village { id name } }
    order { id windowStart windowEnd serviceItem { id nameZh nameEn } }
  }
`);

export type QueueTicket = AssigneeQueueTicketFragment;

/** The viewer's queue of tickets to verify, soonest deadline first (the server's order). */
export const QUEUE = graphql(`
  query AssigneeQueue($first: Int!) {
    complaints(first: $first, filter: { assignedToMe: true, status: [ASSIGNED] }) {
      edges { node { ...AssigneeQueueTicket } }
      pageInfo { hasNextPage }
      totalCount
    }
  }
`);

/** How many tickets wait, and how many of them are late: two counts, no rows. */
export const QUEUE_COUNT = graphql(`
  query AssigneeQueueCount {
    waiting: complaints(first: 0, filter: { assignedToMe: true, status: [ASSIGNED] }) { totalCount }
    late: complaints(first: 0, filter: { assignedToMe: true, status: [ASSIGNED], overdue: true }) { totalCount }
  }
`);

/** A ticket as the verify page shows it: the queue's fields, who handles it, what was said before. */
export const TICKET_DETAIL = graphql(`
  fragment AssigneeTicketDetail on Complaint {
    ...AssigneeQueueTicket
    complainantName channel recordedByName upheld findings answer
    assignedOrganisation { id name }
    assignedTownship { id name }
    order { id status carer { id name } }
    events { action fromStatus toStatus actorName note at }
  }
`);

export type TicketDetail = AssigneeTicketDetailFragment;
export type TicketEvent = TicketDetail['events'][number];

export const TICKET = graphql(`
  query AssigneeTicket($id: ID!) { complaint(id: $id) { ...AssigneeTicketDetail } }
`);

export const VERIFY_COMPLAINT = graphql(`
  mutation AssigneeVerifyComplaint($complaintId: ID!, $upheld: Boolean!, $findings: String!) {
    verifyComplaint(complaintId: $complaintId, upheld: $upheld, findings: $findings) { ...AssigneeTicketDetail }
  }
`);
