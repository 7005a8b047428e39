// Matching one order (the worker's job): first to a contracted organisation (接单), then to
// its best carer. When nobody fits, the order stays on the dispatcher's board with the reason
// (never a silent failure). Safe to run twice: it only acts on an order still waiting.
// Its notices are recorded in the outbox with its changes.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { isExclusionViolation } from '../platform/errors.js';
import { sqlNow } from '../platform/clock.js';
import { lockOrder, transition } from '../orders/transitions.js';
import type { OrderRow } from '../orders/order-rows.js';
import { systemActor } from '../platform/lifecycle.js';
import { recordEffects } from '../platform/outbox.js';
import { orderLifecycle } from '../orders/order-lifecycle.js';
import { noticesOf } from '../orders/notices.js';
import { chooseOrganisation, explainNoCandidate, findCandidates } from './candidates.js';
import { rankCandidates } from './ranking.js';
import { problemSentence, type MatchProblem, type StoredMatchReasons } from './match-reasons.js';

type MatchResult = 'dispatched' | 'no_organisation' | 'no_carer' | 'nothing_to_do';

interface MatchOutcome {
  result: MatchResult;
  /** The order's changes (their notices are in the outbox). */
  changes: { before: OrderRow | null; after: OrderRow }[];
}

/**
 * Matches an order. A carer booked for the same time by a concurrent match (the exclusion
 * constraint refuses the second booking) makes it try again with the remaining carers.
 */
export async function matchOrder(db: Database, orderId: number): Promise<MatchOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute((trx) => matchOnce(trx, orderId));
    } catch (err) {
      if (!isExclusionViolation(err) || attempt >= 3) throw err;
    }
  }
}

/** Leaves the order on the board with the reason nobody could take it; a new reason is recorded and shown live. */
async function flag(trx: Database, order: OrderRow, why: MatchProblem): Promise<OrderRow> {
  const problem = problemSentence(why);
  if (order.match_problem === problem) return order;
  const after = await orderLifecycle.note(trx, order, 'flag', systemActor, { reason: problem, set: { match_problem: problem } });
  await recordEffects(trx, noticesOf({ before: order, after }));
  return after;
}

async function matchOnce(trx: Database, orderId: number): Promise<MatchOutcome> {
  let order = await lockOrder(trx, orderId);
  const changes: MatchOutcome['changes'] = [];
  if (order.status === 'placed') {
    const organisationId = await chooseOrganisation(trx, orderId);
    if (!organisationId) {
      const after = await flag(trx, order, { reason: 'NO_ORGANISATION', carers: null });
      return { result: 'no_organisation', changes: [{ before: order, after }] };
    }
    const taken = await transition(trx, orderId, 'take', systemActor, {
      locked: order,
      set: { organisation_id: organisationId, match_problem: null },
      data: { organisationId },
    });
    changes.push(taken);
    order = taken.after;
  }
  if (order.status !== 'assigned' || order.carer_id !== null) return { result: 'nothing_to_do', changes };

  const [best, ...others] = rankCandidates(await findCandidates(trx, { orderId, excludeDeclined: true }));
  if (!best) {
    const after = await flag(trx, order, await explainNoCandidate(trx, orderId));
    changes.push({ before: order, after });
    return { result: 'no_carer', changes };
  }
  const reasons: StoredMatchReasons = { decidedBy: 'MATCHING', total: best.total, factors: best.factors, candidates: others.length + 1, note: null };
  changes.push(
    await transition(trx, orderId, 'dispatch', systemActor, {
      locked: order,
      set: { carer_id: best.carerId, match_problem: null, match_reasons: JSON.stringify(reasons) },
      data: { carerId: best.carerId, total: best.total },
    }),
  );
  return { result: 'dispatched', changes };
}

/** Orders waiting for matching longer than `olderThanSeconds` (placed, or returned to their organisation). */
export async function ordersAwaitingMatch(db: Database, olderThanSeconds: number, limit = 500) {
  return db
    .selectFrom('orders')
    .select(['id', 'is_urgent', 'organisation_id', 'status_changed_at'])
    .where((eb) => eb.or([eb('status', '=', 'placed'), eb.and([eb('status', '=', 'assigned'), eb('carer_id', 'is', null)])]))
    .where('status_changed_at', '<', sql<Date>`${sqlNow()} - make_interval(secs => ${olderThanSeconds})`)
    .orderBy('is_urgent', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}
