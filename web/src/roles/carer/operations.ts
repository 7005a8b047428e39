// The carer area's GraphQL documents: graphql(`...`) from web/src/gql, whose result and
// variable types are generated from schema.graphql (`npm run codegen:web`). The names below
// are those generated types, for components to use. web/operations.test.ts validates each
// document against schema.graphql.
import { graphql } from '../../gql/carer/gql';
import type { CarerJobFragment, CheckInInput } from '../../gql/carer/graphql';

export type { OrderStatus as JobStatus, VisitFlag } from '../../gql/carer/graphql';

export const JOB = graphql(`
  fragment CarerJob on Order {
    id status isUrgent lateSince quantity windowStart windowEnd notes
    place { address }
    recipient { id name phone }
    serviceItem { id nameZh nameEn standardMinutes unit }
    visit { checkedInAt checkedOutAt checkInDistanceMeters durationMinutes workDone flags confirmedVia }
  }
`);

export type Job = CarerJobFragment;

export const MY_JOBS = graphql(`
  query MyJobs($from: Date, $to: Date) { myJobs(from: $from, to: $to) { ...CarerJob } }
`);

export const MY_JOBS_UPDATED = graphql(`
  subscription MyJobsUpdated { myJobsUpdated { id status } }
`);

export const ACCEPT_JOB = graphql(`
  mutation AcceptJob($orderId: ID!) { acceptJob(orderId: $orderId) { ...CarerJob } }
`);

export const DECLINE_JOB = graphql(`
  mutation DeclineJob($orderId: ID!, $reason: String!) { declineJob(orderId: $orderId, reason: $reason) { id status } }
`);

/** A check-in's reading (a check-out's adds workDone). */
export type Reading = CheckInInput;

export const PREVIEW_CHECK_IN = graphql(`
  query PreviewCheckIn($input: CheckInInput!) { previewCheckIn(input: $input) { flags distanceMeters opensAt closesAt } }
`);

export const CHECK_IN = graphql(`
  mutation CheckIn($input: CheckInInput!) { checkIn(input: $input) { order { ...CarerJob } } }
`);

export const CHECK_OUT = graphql(`
  mutation CheckOut($input: CheckOutInput!) { checkOut(input: $input) { order { ...CarerJob } } }
`);

export const RECORD_WORK_DONE = graphql(`
  mutation RecordWorkDone($orderId: ID!, $workDone: String!) { recordWorkDone(orderId: $orderId, workDone: $workDone) { order { ...CarerJob } } }
`);

export const CONFIRM_SERVICE = graphql(`
  mutation ConfirmService($orderId: ID!, $cardCode: String) { confirmService(orderId: $orderId, cardCode: $cardCode) { ...CarerJob } }
`);

export const MY_EARNINGS = graphql(`
  query CarerMyEarnings($year: Int!) { carerEarnings(year: $year, kind: null) { services yearTotal months { month services amount } } }
`);
