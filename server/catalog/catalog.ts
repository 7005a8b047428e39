import type { Database } from '../db/database.js';
import { badInput, conflict, notFound } from '../platform/errors.js';
import { now as clockNow } from '../platform/clock.js';

/** Highest guide price the county accepts for one unit (10,000 yuan): a typo guard. */
const MAX_PRICE_FEN = 1_000_000;

/** Categories in catalog order. */
export function listCategories(db: Database) {
  return db.selectFrom('service_categories').selectAll().orderBy('sort_order').orderBy('id').execute();
}

/** One item, or NOT_FOUND. */
export async function requireServiceItem(db: Database, id: number) {
  const item = await db.selectFrom('service_items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!item) throw notFound('Service item', id);
  return item;
}

/**
 * Guide price in force at `at` for each item: the latest price whose effective_from is not
 * after `at`. One query for any number of items (DISTINCT ON over the (item, from) index).
 */
export async function pricesAt(db: Database, itemIds: number[], at: Date = clockNow()): Promise<Map<number, number>> {
  if (!itemIds.length) return new Map();
  const rows = await db
    .selectFrom('service_item_prices')
    .distinctOn('service_item_id')
    .select(['service_item_id', 'price_fen'])
    .where('service_item_id', 'in', itemIds)
    .where('effective_from', '<=', at)
    .orderBy('service_item_id')
    .orderBy('effective_from', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.service_item_id, r.price_fen]));
}

interface PriceChange {
  serviceItemId: number;
  priceFen: number;
  effectiveFrom?: Date | null;
  reason: string;
}

/** Schedules a new guide price. Refuses non-positive prices and dates in the past. */
export async function setPrice(db: Database, change: PriceChange, setBy: number) {
  if (!Number.isSafeInteger(change.priceFen) || change.priceFen <= 0) {
    throw badInput('A guide price must be a positive number of fen.', { field: 'priceFen', reason: 'PRICE_NOT_POSITIVE' });
  }
  if (change.priceFen > MAX_PRICE_FEN) {
    throw badInput(`A guide price may be at most ${MAX_PRICE_FEN / 100} yuan.`, { field: 'priceFen', reason: 'PRICE_TOO_HIGH', maxPriceFen: MAX_PRICE_FEN });
  }
  if (!change.reason.trim()) throw badInput('Say why the price changes.', { field: 'reason', reason: 'REASON_REQUIRED' });
  const now = clockNow();
  const from = change.effectiveFrom ?? now;
  // a minute of grace for clock skew; older dates would rewrite what past orders paid
  if (from.getTime() < now.getTime() - 60_000) {
    throw badInput('A price cannot take effect in the past.', { field: 'effectiveFrom', reason: 'PRICE_IN_PAST' });
  }
  await requireServiceItem(db, change.serviceItemId);
  const inserted = await db
    .insertInto('service_item_prices')
    .values({ service_item_id: change.serviceItemId, price_fen: change.priceFen, effective_from: from, reason: change.reason.trim(), set_by: setBy })
    .onConflict((oc) => oc.columns(['service_item_id', 'effective_from']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw conflict('A price already takes effect at that instant for this item.', { field: 'effectiveFrom', reason: 'PRICE_SAME_INSTANT' });
  return requireServiceItem(db, change.serviceItemId);
}

/** Turns an item on or off for new orders. */
export async function setActive(db: Database, id: number, active: boolean) {
  const row = await db.updateTable('service_items').set({ active }).where('id', '=', id).returningAll().executeTakeFirst();
  if (!row) throw notFound('Service item', id);
  return row;
}
