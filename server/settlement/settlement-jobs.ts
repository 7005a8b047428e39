// The worker's side of settlement: the scoring engineer's sign-off enqueues a draft of the
// month's statement, and a daily sweep drafts every signed-off month still without one (a
// lost job, a refusal since fixed). Both only call runSettlement, which is idempotent.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { QUEUES, type Jobs } from '../platform/jobs.js';

export const DRAFT_SETTLEMENT_JOB = 'draft-settlement';

export interface DraftSettlementJob {
  organisationId: number;
  /** YYYY-MM */
  month: string;
}

/** One job per organisation and month: enqueueing it twice drafts once. */
export const draftSettlementJobId = (organisationId: number, month: string) => `draft-settlement-${organisationId}-${month}`;

/** Asks the worker to draft an organisation's statement for a month (after its score is signed off). */
export async function enqueueDraftSettlement(jobs: Jobs, organisationId: number, month: string): Promise<void> {
  await jobs.queue(QUEUES.maintenance).add(DRAFT_SETTLEMENT_JOB, { organisationId, month } satisfies DraftSettlementJob, {
    jobId: draftSettlementJobId(organisationId, month),
  });
}

/** Signed-off scores without a statement, oldest month first (a month's leftovers go to the earliest statement). */
export async function pendingSettlements(db: Database): Promise<DraftSettlementJob[]> {
  const { rows } = await sql<DraftSettlementJob>`
    select sc.organisation_id as "organisationId", to_char(sc.month, 'YYYY-MM') as month
      from organisation_scores sc
     where sc.status = 'signed_off'
       and not exists (select 1 from settlements s where s.organisation_id = sc.organisation_id and s.month = sc.month)
     order by sc.month, sc.organisation_id`.execute(db);
  return rows;
}
