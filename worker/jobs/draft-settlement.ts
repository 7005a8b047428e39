// Drafting statements (rules in server/settlement/). The job drafts the one month it names,
// enqueued when the evaluator signs the score off; the daily sweep drafts every signed-off
// month still without a statement, one after another. A draft is one transaction and
// running it again returns the statement already there, so a retry after a crash is safe.
import { UnrecoverableError } from 'bullmq';
import { DomainError } from '../../server/platform/errors.js';
import { runSettlement } from '../../server/settlement/run-settlement.js';
import { DRAFT_SETTLEMENT_JOB, pendingSettlements, type DraftSettlementJob } from '../../server/settlement/settlement-jobs.js';
import { COUNTY_TIME_ZONE } from '../../server/platform/county-time.js';
import type { JobDefinition } from '../queues.js';

export const draftSettlementJob: JobDefinition<DraftSettlementJob, { settlementId: number; services: number }> = {
  name: DRAFT_SETTLEMENT_JOB,
  queue: 'maintenance',
  async run({ organisationId, month }, { db, log }) {
    try {
      const statement = await runSettlement(db, { organisationId, month, runBy: null });
      log.info({ settlementId: statement.id, organisationId, month, services: statement.services }, 'settlement drafted');
      return { settlementId: statement.id, services: statement.services };
    } catch (err) {
      // a refusal (month not signed off, year not open) will not change by retrying now; the sweep tries again daily
      if (err instanceof DomainError) throw new UnrecoverableError(err.message);
      throw err;
    }
  },
};

export const draftPendingSettlementsJob: JobDefinition<Record<string, never>, { drafted: number; refused: number }> = {
  name: 'draft-pending-settlements',
  queue: 'maintenance',
  schedule: { pattern: '0 0 5 * * *', tz: COUNTY_TIME_ZONE },
  async run(_data, { db, log }) {
    let drafted = 0;
    let refused = 0;
    for (const pending of await pendingSettlements(db)) {
      try {
        await runSettlement(db, { ...pending, runBy: null });
        drafted++;
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        refused++;
        log.warn({ ...pending, reason: err.message }, 'a signed-off month could not be settled');
      }
    }
    if (drafted || refused) log.info({ drafted, refused }, 'drafted pending settlements');
    return { drafted, refused };
  },
};
