// The carer area's GraphQL documents: gql<Result, Variables>(`...`) from @urql/core, with
// hand-written result types. web/operations.test.ts validates each against schema.graphql.
import { gql } from '@urql/core';

export type JobStatus = 'DISPATCHED' | 'ACCEPTED' | 'IN_SERVICE' | 'COMPLETED' | 'CONFIRMED' | 'DISPUTED' | 'ASSIGNED' | 'PLACED' | 'CANCELLED';
export type VisitFlag = 'FAR_FROM_PLACE' | 'TOO_SHORT' | 'TOO_LONG' | 'LATE_SUBMISSION';

export interface JobVisit {
  checkedInAt: string;
  checkedOutAt: string | null;
  checkInDistanceMeters: number | null;
  durationMinutes: number | null;
  workDone: string;
  flags: VisitFlag[];
  confirmedVia: string | null;
}

export interface Job {
  id: string;
  status: JobStatus;
  isUrgent: boolean;
  quantity: number;
  windowStart: string;
  windowEnd: string;
  notes: string;
  place: { address: string };
  recipient: { id: string; name: string; phone: string | null };
  serviceItem: { id: string; nameZh: string; nameEn: string; standardMinutes: number; unit: string };
  visit: JobVisit | null;
}

const VISIT_FIELDS = `checkedInAt checkedOutAt checkInDistanceMeters durationMinutes workDone flags confirmedVia`;
const JOB_FIELDS = `
  id status isUrgent quantity windowStart windowEnd notes
  place { address }
  recipient { id name phone }
  serviceItem { id nameZh nameEn standardMinutes unit }
  visit { ${VISIT_FIELDS} }
`;

export const MY_JOBS = gql<{ myJobs: Job[] }, { from?: string; to?: string }>(`
  query MyJobs($from: Date, $to: Date) { myJobs(from: $from, to: $to) { ${JOB_FIELDS} } }
`);

export const MY_JOBS_UPDATED = gql<{ myJobsUpdated: { id: string; status: JobStatus } }, Record<string, never>>(`
  subscription MyJobsUpdated { myJobsUpdated { id status } }
`);

export const ACCEPT_JOB = gql<{ acceptJob: Job }, { orderId: string }>(`
  mutation AcceptJob($orderId: ID!) { acceptJob(orderId: $orderId) { ${JOB_FIELDS} } }
`);

export const DECLINE_JOB = gql<{ declineJob: { id: string; status: JobStatus } }, { orderId: string; reason: string }>(`
  mutation DeclineJob($orderId: ID!, $reason: String!) { declineJob(orderId: $orderId, reason: $reason) { id status } }
`);

export interface Reading {
  orderId: string;
  at: string;
  latitude: number;
  longitude: number;
  accuracyMeters?: number | null;
}

export const CHECK_IN = gql<{ checkIn: { order: Job } }, { input: Reading }>(`
  mutation CheckIn($input: CheckInInput!) { checkIn(input: $input) { order { ${JOB_FIELDS} } } }
`);

export const CHECK_OUT = gql<{ checkOut: { order: Job } }, { input: Reading & { workDone: string } }>(`
  mutation CheckOut($input: CheckOutInput!) { checkOut(input: $input) { order { ${JOB_FIELDS} } } }
`);

export const RECORD_WORK_DONE = gql<{ recordWorkDone: { order: Job } }, { orderId: string; workDone: string }>(`
  mutation RecordWorkDone($orderId: ID!, $workDone: String!) { recordWorkDone(orderId: $orderId, workDone: $workDone) { order { ${JOB_FIELDS} } } }
`);

export const CONFIRM_SERVICE = gql<{ confirmService: Job }, { orderId: string; cardCode: string }>(`
  mutation ConfirmService($orderId: ID!, $cardCode: String) { confirmService(orderId: $orderId, cardCode: $cardCode) { ${JOB_FIELDS} } }
`);
