// What the dispatcher sees when choosing a carer by hand: the same candidates and scores
// the matcher uses, including carers who declined (the dispatcher may talk them round).
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import { badInput, conflict } from '../platform/errors.js';
import { requireVisibleOrder } from '../orders/order-scope.js';
import { findCandidates } from './candidates.js';
import { rankCandidates, type RankedCandidate } from './ranking.js';

/** The best `limit` carers for an order the viewer may see. */
export async function candidatesForDispatcher(db: Database, viewer: Viewer, orderId: number, limit: number): Promise<RankedCandidate[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > 50)
    throw badInput('limit must be between 1 and 50.', { field: 'limit', reason: 'PAGE_SIZE', maxPageSize: 50 });
  const order = await requireVisibleOrder(db, viewer, orderId);
  if (!order.organisation_id) throw conflict('The order has not been taken by an organisation yet.', { reason: 'ORDER_NOT_TAKEN' });
  return rankCandidates(await findCandidates(db, { orderId, excludeDeclined: false })).slice(0, limit);
}
