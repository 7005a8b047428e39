// Queue names and the job registry. A job is a small module in worker/jobs/ that exports a
// JobDefinition; add it to `jobs` below (with a schedule if it is periodic) and the worker
// processes it and registers its scheduler at start. Delivery is at least once: a handler
// must be safe to run twice (make its effect idempotent in PostgreSQL).
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../server/config.js';
import type { Database } from '../server/db/database.js';
import type { Jobs, QueueName } from '../server/platform/jobs.js';
import type { EventBus } from '../server/platform/events.js';
import { purgeExpiredSessionsJob } from './jobs/purge-expired-sessions.js';
import { matchOrderJob, sweepUnmatchedOrdersJob } from './jobs/match-order.js';
import { autoConfirmServicesJob } from './jobs/auto-confirm-services.js';
import { sweepMissedVisitsJob } from './jobs/sweep-missed-visits.js';
import { escalateComplaintJob, sweepOverdueComplaintsJob } from './jobs/escalate-complaints.js';
import { scheduleReturnVisitsJob } from './jobs/schedule-return-visits.js';
import { scorePreviousMonthJob } from './jobs/score-month.js';
import { draftSettlementJob, draftPendingSettlementsJob } from './jobs/draft-settlement.js';
import { sendMessageJob } from './jobs/send-message.js';
import { remindTomorrowJob } from './jobs/remind-tomorrow.js';

export { QUEUES, defaultJobOptions, type QueueName } from '../server/platform/jobs.js';

/** What a handler gets besides its job. */
export interface JobContext {
  db: Database;
  config: Config;
  log: Logger;
  /** Live notices to API subscribers. */
  events: EventBus;
  /** To hand on further work. */
  jobs: Jobs;
}

export interface JobDefinition<Data = unknown, Result = unknown> {
  /** The BullMQ job name (also the scheduler id for a scheduled job): no ':' in it. */
  name: string;
  queue: QueueName;
  /** Six-field cron (seconds first) in a time zone; upserted on every start, which is safe. */
  schedule?: { pattern: string; tz: string };
  run(data: Data, ctx: JobContext, job: Job<Data, Result>): Promise<Result>;
}

export const jobs: JobDefinition[] = [
  purgeExpiredSessionsJob,
  matchOrderJob,
  sweepUnmatchedOrdersJob,
  escalateComplaintJob,
  sweepOverdueComplaintsJob,
  scheduleReturnVisitsJob,
  autoConfirmServicesJob,
  sweepMissedVisitsJob,
  draftSettlementJob,
  draftPendingSettlementsJob,
  scorePreviousMonthJob,
  sendMessageJob,
  remindTomorrowJob,
];

/** The registered job of a name, or undefined. */
export function jobNamed(name: string) {
  return jobs.find((j) => j.name === name);
}
