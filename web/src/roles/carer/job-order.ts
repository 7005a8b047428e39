// The order of the carer's jobs on a day: what is under way, then what is still to do (by its
// time), then what waits for the recipient's confirmation, then what is over; each job by the
// status the carer sees, which counts the readings kept on the phone (no signal) as done.
import type { Job } from './operations';
import type { PendingReading } from './pending-readings';

type Kinds = readonly PendingReading['kind'][];

/** The status as the carer sees it: the server's, moved on by the readings kept on the phone. */
export function statusWith(job: Job, waiting: Kinds): Job['status'] {
  if (waiting.includes('checkOut') && (job.status === 'IN_SERVICE' || job.status === 'ACCEPTED')) return 'COMPLETED';
  if (waiting.includes('checkIn') && job.status === 'ACCEPTED') return 'IN_SERVICE';
  return job.status;
}

const RANK: Record<Job['status'], number> = {
  IN_SERVICE: 0,
  DISPATCHED: 1,
  ACCEPTED: 1,
  COMPLETED: 2,
  CONFIRMED: 3,
  DISPUTED: 3,
  MISSED: 3,
  CANCELLED: 3,
  ASSIGNED: 3,
  PLACED: 3,
};

/** The jobs to do now first, the finished ones last; by time within each. `waiting`: the kept readings' kinds of a job. */
export function byWhatToDoNow(jobs: readonly Job[], waiting: (job: Job) => Kinds = () => []): Job[] {
  const rank = (job: Job) => RANK[statusWith(job, waiting(job))];
  return [...jobs].sort((a, b) => rank(a) - rank(b) || a.windowStart.localeCompare(b.windowStart) || Number(a.id) - Number(b.id));
}
