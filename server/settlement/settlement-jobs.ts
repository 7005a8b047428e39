// The worker's side of settlement: the evaluator's sign-off records the draft of the month's
// statement as a job in the outbox (in the sign-off's transaction), and a daily sweep drafts
// every signed-off month still without one (a refusal since fixed). Both only call
// runSettlement, which is idempotent.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { QUEUES } from '../platform/jobs.js';
import type { JobEffect } from '../platform/outbox.js';

export const DRAFT_SETTLEMENT_JOB = 'draft-settlement';

export interface DraftSettlementJob {
  organisationId: number;
  /** YYYY-MM */
  month: string;
}

/** One job per organisation and month: enqueueing it twice drafts once. */
export const draftSettlementJobId = (organisationId: number, month: string) => `draft-settlement-${organisationId}-${month}`;

/** The job that asks the worker to draft an organisation's statement for a month (after its score is signed off), for the outbox. */
export function draftSettlementEffect(organisationId: number, month: string): JobEffect {
  return {
    kind: 'job',
    queue: QUEUES.maintenance,
    name: DRAFT_SETTLEMENT_JOB,
    data: { organisationId, month } satisfies DraftSettlementJob,
    jobId: draftSettlementJobId(organisationId, month),
  };
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
