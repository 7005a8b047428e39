// The township area's own GraphQL documents: the escalations its station hears of. Its
// registry pages use the admin area's documents (roles/admin/operations.ts), its queue and
// verify step the assignee's (roles/complaints/operations.ts). graphql(`...`) from
// web/src/gql/township, generated from schema.graphql (`npm run codegen:web`);
// web/operations.test.ts validates each document against schema.graphql.
import { graphql } from '../../gql/township/gql';
import type { TownshipEscalatedTicketFragment } from '../../gql/township/graphql';

export const ESCALATED_TICKET = graphql(`
  fragment TownshipEscalatedTicket on Complaint {
    id category dueAt escalationLevel
    recipient { id name }
    assignedOrganisation { id name }
    assignedTownship { id name }
  }
`);

export type EscalatedTicket = TownshipEscalatedTicketFragment;

/**
 * Tickets of the township still waiting to be verified that missed a deadline: those whose
 * organisation was late (the township is the level above), and the station's own late ones.
 */
export const ESCALATED = graphql(`
  query TownshipEscalatedComplaints {
    complaints(first: 20, filter: { escalated: true, status: [ASSIGNED] }) {
      edges { node { ...TownshipEscalatedTicket } }
      totalCount
    }
  }
`);

/** A ticket of the township escalated just now because its organisation has not verified it in time. */
export const COMPLAINT_ESCALATED = graphql(`
  subscription TownshipComplaintEscalated { complaintEscalated { ...TownshipEscalatedTicket } }
`);
