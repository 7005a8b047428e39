// Placing an order (点单): checked at the edge, then one short transaction that holds the
// price against the recipient's yearly budget, writes the order, its first event and the
// ledger transfer together. Retries with the same idempotency key get the first order back.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import { badInput, conflict, forbidden, notFound } from '../graphql/errors.js';
import { countyYear } from '../platform/county-time.js';
import { holdBudget } from '../budgets/budget-rules.js';
import { ledgerAccounts, transferRow } from '../ledger/ledger.js';
import type { OrderRow } from './order-rows.js';

export type OrderChannel = 'mini_program' | 'hotline' | 'grid_worker';

export interface PlaceOrderRequest {
  recipientId?: number;
  serviceItemId: number;
  quantity: number;
  windowStart: Date;
  windowEnd: Date;
  place?: { address: string; latitude?: number | null; longitude?: number | null } | null;
  notes?: string | null;
  callerPhone?: string | null;
  idempotencyKey?: string | null;
}

export interface PlaceOrderResult {
  order: OrderRow;
  /** False when an idempotent retry returned the order placed the first time. */
  created: boolean;
}

/** The channel each ordering role places orders through. */
export const channelOfRole: Partial<Record<Viewer['role'], OrderChannel>> = {
  recipient: 'mini_program',
  hotline_operator: 'hotline',
  grid_worker: 'grid_worker',
};

const MAX_NOTES = 500;
/** A window may start this long ago (a phone call that took a minute). */
const PAST_GRACE_MS = 5 * 60_000;

/** The channel a viewer orders through, or FORBIDDEN for roles that do not order. */
export function orderChannel(viewer: Viewer): OrderChannel {
  const channel = channelOfRole[viewer.role];
  if (!channel) throw forbidden('Orders are placed by recipients, hotline operators and grid workers.');
  return channel;
}

interface Normalized {
  channel: OrderChannel;
  recipientId: number;
  serviceItemId: number;
  quantity: number;
  windowStart: Date;
  windowEnd: Date;
  place: { address: string; latitude: number | null; longitude: number | null } | null;
  notes: string;
  callerPhone: string | null;
  idempotencyKey: string | null;
}

/** Validates what can be checked without the database; throws BAD_USER_INPUT or FORBIDDEN. */
export function normalizeOrder(viewer: Viewer, req: PlaceOrderRequest, horizonDays: number, now = new Date()): Normalized {
  const channel = orderChannel(viewer);
  let recipientId = req.recipientId;
  if (viewer.role === 'recipient') {
    if (recipientId !== undefined && recipientId !== viewer.recipientId) throw forbidden('A recipient orders only for themselves.');
    recipientId = viewer.recipientId!;
  }
  if (recipientId === undefined) throw badInput('Say whom the order is for (recipientId).', { field: 'recipientId' });
  if (!Number.isInteger(req.quantity) || req.quantity < 1 || req.quantity > 24) {
    throw badInput('Quantity must be a whole number from 1 to 24.', { field: 'quantity' });
  }
  const { windowStart, windowEnd } = req;
  if (windowEnd <= windowStart) throw badInput('The time window must end after it starts.', { field: 'windowEnd' });
  if (windowEnd.getTime() - windowStart.getTime() > 24 * 3_600_000) {
    throw badInput('A time window is at most 24 hours long.', { field: 'windowEnd' });
  }
  if (windowStart.getTime() < now.getTime() - PAST_GRACE_MS) {
    throw badInput('The time window is in the past: choose a time from now on.', { field: 'windowStart' });
  }
  if (windowStart.getTime() > now.getTime() + horizonDays * 86_400_000) {
    throw badInput(`Orders can be booked at most ${horizonDays} days ahead.`, { field: 'windowStart' });
  }
  let place: Normalized['place'] = null;
  if (req.place) {
    const address = req.place.address.trim();
    if (!address) throw badInput('Give the address of the place, or leave the place out for the recipient\'s home.', { field: 'place' });
    const { latitude = null, longitude = null } = req.place;
    if ((latitude === null) !== (longitude === null)) throw badInput('Give both latitude and longitude, or neither.', { field: 'place' });
    if (latitude !== null && (Math.abs(latitude) > 90 || Math.abs(longitude!) > 180)) throw badInput('The coordinates are out of range.', { field: 'place' });
    place = { address, latitude, longitude };
  }
  const notes = (req.notes ?? '').trim();
  if (notes.length > MAX_NOTES) throw badInput(`Notes are at most ${MAX_NOTES} characters.`, { field: 'notes' });
  let callerPhone: string | null = null;
  if (channel === 'hotline') {
    callerPhone = (req.callerPhone ?? '').replace(/\s+/g, '');
    if (!/^[0-9+-]{5,20}$/.test(callerPhone)) throw badInput('A hotline order records the caller\'s number.', { field: 'callerPhone' });
  } else if (req.callerPhone) {
    throw badInput('Only hotline orders record a caller\'s number.', { field: 'callerPhone' });
  }
  const key = req.idempotencyKey ?? null;
  if (key !== null && (key.length < 1 || key.length > 200)) throw badInput('An idempotency key has 1 to 200 characters.', { field: 'idempotencyKey' });
  return { channel, recipientId, serviceItemId: req.serviceItemId, quantity: req.quantity, windowStart, windowEnd, place, notes, callerPhone, idempotencyKey: key };
}

/** What a retry must repeat exactly for its key to return the first order. */
function requestDigest(n: Normalized): string {
  const { idempotencyKey: _key, ...rest } = n;
  return createHash('sha256').update(JSON.stringify({ ...rest, windowStart: n.windowStart.toISOString(), windowEnd: n.windowEnd.toISOString() })).digest('hex');
}

/** Whether the grid worker's villages include the recipient's (checked inside the transaction). */
function mayOrderFor(viewer: Viewer, recipient: { village_id: number }): boolean {
  return viewer.role !== 'grid_worker' || viewer.villageIds.includes(recipient.village_id);
}

/**
 * Places an order. In one transaction: an idempotent retry returns the first order; the
 * recipient must be active and the item active; the price is the guide price now; the hold
 * is one conditional UPDATE, so concurrent orders can never take more than the budget.
 */
export async function placeOrder(db: Database, viewer: Viewer, req: PlaceOrderRequest, horizonDays: number): Promise<PlaceOrderResult> {
  const n = normalizeOrder(viewer, req, horizonDays);
  const digest = n.idempotencyKey === null ? null : requestDigest(n);
  return db.transaction().execute(async (trx) => {
    if (n.idempotencyKey !== null) {
      // same user and key wait for each other, so a retry racing the first request sees its order
      await sql`select pg_advisory_xact_lock(hashtextextended(${`order:${viewer.userId}:${n.idempotencyKey}`}, 0))`.execute(trx);
      const first = await trx.selectFrom('orders').selectAll()
        .where('placed_by', '=', viewer.userId).where('idempotency_key', '=', n.idempotencyKey).executeTakeFirst();
      if (first) {
        if (first.request_digest !== digest) {
          throw conflict('This idempotency key was already used for a different order: use a new key for a new order.');
        }
        return { order: first as OrderRow, created: false };
      }
    }
    const facts = await trx
      .selectFrom('recipients as r')
      .innerJoin('service_items as i', (j) => j.onTrue())
      .select((eb) => [
        'r.status', 'r.village_id', 'r.address', 'r.latitude', 'r.longitude', 'i.active', 'i.is_urgent', 'i.name_zh',
        eb.selectFrom('service_item_prices as p').select('p.price_fen')
          .whereRef('p.service_item_id', '=', 'i.id').where('p.effective_from', '<=', sql<Date>`now()`)
          .orderBy('p.effective_from', 'desc').limit(1).as('price_fen'),
      ])
      .where('r.id', '=', n.recipientId)
      .where('i.id', '=', n.serviceItemId)
      .executeTakeFirst();
    if (!facts) {
      const recipient = await trx.selectFrom('recipients').select('id').where('id', '=', n.recipientId).executeTakeFirst();
      throw recipient ? notFound('Service item', n.serviceItemId) : notFound('Recipient', n.recipientId);
    }
    if (!mayOrderFor(viewer, facts)) throw forbidden('A grid worker orders only for recipients of their own villages.');
    if (facts.status !== 'active') throw badInput(`The recipient is ${facts.status}: only active recipients can order services.`, { field: 'recipientId', status: facts.status });
    if (!facts.active) throw badInput(`${facts.name_zh} is not offered at the moment.`, { field: 'serviceItemId' });
    if (!facts.price_fen) throw badInput(`${facts.name_zh} has no guide price yet.`, { field: 'serviceItemId' });

    const year = countyYear(n.windowStart);
    const amount = facts.price_fen * n.quantity;
    await holdBudget(trx, n.recipientId, year, amount);
    const place = n.place ?? { address: facts.address || '家中', latitude: facts.latitude, longitude: facts.longitude };
    const order = await trx
      .with('o', (q) => q.insertInto('orders').values({
        recipient_id: n.recipientId,
        service_item_id: n.serviceItemId,
        quantity: n.quantity,
        unit_price_fen: facts.price_fen!,
        amount_fen: amount,
        budget_year: year,
        window_start: n.windowStart,
        window_end: n.windowEnd,
        place_address: place.address,
        place_latitude: place.latitude,
        place_longitude: place.longitude,
        notes: n.notes,
        channel: n.channel,
        placed_by: viewer.userId,
        caller_phone: n.callerPhone,
        idempotency_key: n.idempotencyKey,
        request_digest: digest,
        is_urgent: facts.is_urgent,
      }).returningAll())
      .with('e', (q) => q.insertInto('order_events').columns(['order_id', 'action', 'to_status', 'actor_id', 'channel'])
        .expression((eb) => eb.selectFrom('o').select(['o.id', sql.lit('place').as('action'), sql.lit('placed').as('to_status'),
          sql<number>`${viewer.userId}::int`.as('actor_id'), sql<string>`${n.channel}::text`.as('channel')])))
      .with('t', (q) => q.insertInto('ledger_transfers').columns(['debit_account', 'credit_account', 'amount_fen', 'kind', 'reference', 'order_id'])
        .expression((eb) => {
          const row = transferRow({ debit: ledgerAccounts.budgetAvailable(n.recipientId, year), credit: ledgerAccounts.budgetHeld(n.recipientId, year), amountFen: amount, kind: 'hold', reference: '' });
          return eb.selectFrom('o').select([
            sql<string>`${row.debit_account}::text`.as('debit_account'), sql<string>`${row.credit_account}::text`.as('credit_account'),
            sql<number>`${amount}::bigint`.as('amount_fen'), sql.lit('hold').as('kind'), sql<string>`'hold:order:' || o.id`.as('reference'), 'o.id',
          ]);
        }))
      .selectFrom('o').selectAll().executeTakeFirstOrThrow();
    return { order: order as OrderRow, created: true };
  });
}
