// Placing an order (点单): checked at the edge, then one statement that holds the price
// against the recipient's yearly budget, writes the order, its first event, the ledger
// transfer and its effects (live notices, the matching job: the outbox) together. Retries
// with the same idempotency key get the first order back.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import { badInput, conflict, forbidden, notFound, type DomainError } from '../platform/errors.js';
import { countyYear } from '../platform/county-time.js';
import { now as clockNow } from '../platform/clock.js';
import { budgetExceeded, noBudgetAccount } from '../budgets/budget-rules.js';
import { ledgerAccounts } from '../ledger/ledger.js';
import type { OrderRow } from './order-rows.js';
import { orderLifecycle } from './order-lifecycle.js';
import { noticesSql } from './notices.js';
import { recordEffectsSql } from '../platform/outbox.js';
import { matchJobIdSql, PRIORITY } from '../platform/jobs.js';

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

interface PlaceOrderResult {
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
/** Most units of an item one order may ask for (hours of an hourly item, visits of a visit item). */
const MAX_QUANTITY = 24;
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

/** A window an order may be booked for (placed or moved): after its start, at most a day long, from now on, within the horizon. */
export function checkWindow(windowStart: Date, windowEnd: Date, horizonDays: number, now = clockNow()): void {
  if (windowEnd <= windowStart) throw badInput('The time window must end after it starts.', { field: 'windowEnd', reason: 'WINDOW_REVERSED' });
  if (windowEnd.getTime() - windowStart.getTime() > 24 * 3_600_000) {
    throw badInput('A time window is at most 24 hours long.', { field: 'windowEnd', reason: 'WINDOW_TOO_LONG' });
  }
  if (windowStart.getTime() < now.getTime() - PAST_GRACE_MS) {
    throw badInput('The time window is in the past: choose a time from now on.', { field: 'windowStart', reason: 'WINDOW_IN_PAST' });
  }
  if (windowStart.getTime() > now.getTime() + horizonDays * 86_400_000) {
    throw badInput(`Orders can be booked at most ${horizonDays} days ahead.`, { field: 'windowStart', reason: 'BEYOND_BOOKING_HORIZON', horizonDays });
  }
}

/** Validates what can be checked without the database; throws BAD_USER_INPUT or FORBIDDEN. */
function normalizeOrder(viewer: Viewer, req: PlaceOrderRequest, horizonDays: number, now = clockNow()): Normalized {
  const channel = orderChannel(viewer);
  let recipientId = req.recipientId;
  if (viewer.role === 'recipient') {
    if (recipientId !== undefined && recipientId !== viewer.recipientId) throw forbidden('A recipient orders only for themselves.');
    recipientId = viewer.recipientId!;
  }
  if (recipientId === undefined) throw badInput('Say whom the order is for (recipientId).', { field: 'recipientId', reason: 'FIELD_REQUIRED' });
  if (!Number.isInteger(req.quantity) || req.quantity < 1 || req.quantity > MAX_QUANTITY) {
    throw badInput(`Quantity must be a whole number from 1 to ${MAX_QUANTITY}.`, {
      field: 'quantity',
      reason: 'QUANTITY_OUT_OF_RANGE',
      min: 1,
      max: MAX_QUANTITY,
    });
  }
  const { windowStart, windowEnd } = req;
  checkWindow(windowStart, windowEnd, horizonDays, now);
  let place: Normalized['place'] = null;
  if (req.place) {
    const address = req.place.address.trim();
    if (!address)
      throw badInput("Give the address of the place, or leave the place out for the recipient's home.", { field: 'place', reason: 'FIELD_REQUIRED' });
    const { latitude = null, longitude = null } = req.place;
    if ((latitude === null) !== (longitude === null))
      throw badInput('Give both latitude and longitude, or neither.', { field: 'place', reason: 'COORDINATES_INVALID' });
    if (latitude !== null && (Math.abs(latitude) > 90 || Math.abs(longitude!) > 180))
      throw badInput('The coordinates are out of range.', { field: 'place', reason: 'COORDINATES_INVALID' });
    place = { address, latitude, longitude };
  }
  const notes = (req.notes ?? '').trim();
  if (notes.length > MAX_NOTES) throw badInput(`Notes are at most ${MAX_NOTES} characters.`, { field: 'notes', reason: 'TEXT_TOO_LONG', maxLength: MAX_NOTES });
  let callerPhone: string | null = null;
  if (channel === 'hotline') {
    callerPhone = (req.callerPhone ?? '').replace(/\s+/g, '');
    if (!/^[0-9+-]{5,20}$/.test(callerPhone))
      throw badInput("A hotline order records the caller's number.", { field: 'callerPhone', reason: 'CALLER_PHONE_REQUIRED' });
  } else if (req.callerPhone) {
    throw badInput("Only hotline orders record a caller's number.", { field: 'callerPhone', reason: 'CALLER_PHONE_NOT_HOTLINE' });
  }
  const key = req.idempotencyKey ?? null;
  if (key !== null && (key.length < 1 || key.length > 200))
    throw badInput('An idempotency key has 1 to 200 characters.', { field: 'idempotencyKey', reason: 'IDEMPOTENCY_KEY' });
  return {
    channel,
    recipientId,
    serviceItemId: req.serviceItemId,
    quantity: req.quantity,
    windowStart,
    windowEnd,
    place,
    notes,
    callerPhone,
    idempotencyKey: key,
  };
}

/** What a retry must repeat exactly for its key to return the first order. */
function requestDigest(n: Normalized): string {
  const { idempotencyKey: _key, ...rest } = n;
  return createHash('sha256')
    .update(JSON.stringify({ ...rest, windowStart: n.windowStart.toISOString(), windowEnd: n.windowEnd.toISOString() }))
    .digest('hex');
}

/** What the one statement of placeOrder found, beside the order it wrote (if it wrote one). */
interface Placement {
  order_id: number | null;
  found_recipient: boolean;
  recipient_status: string | null;
  recipient_village_id: number | null;
  may_order: boolean | null;
  item_active: boolean | null;
  item_name: string | null;
  price_fen: number | null;
  needed_fen: number | null;
  account_found: boolean;
  available_fen: number | null;
  prior_order_id: number | null;
}

/**
 * Places an order. The request is checked at the edge, then written by one statement, so one round trip and PostgreSQL's implicit transaction:
 * it reads the recipient, the item, its price now and any order placed before with the same
 * idempotency key; holds the price on the budget only if all of them allow it, with the
 * same conditional UPDATE as holdBudget (under concurrent orders the row lock serialises
 * them and the condition is re-checked on the latest row, so the budget is never
 * overdrawn); and writes the order, its first event, the ledger transfer and the outbox rows only if the
 * hold was made. Whatever refused the order is reported from what the statement read.
 * Two first requests with one key that race both pass the read; the unique index on the key
 * then fails the second statement as a whole, and it returns the first order.
 */
export async function placeOrder(db: Database, viewer: Viewer, req: PlaceOrderRequest, horizonDays: number): Promise<PlaceOrderResult> {
  const n = normalizeOrder(viewer, req, horizonDays);
  const digest = n.idempotencyKey === null ? null : requestDigest(n);
  try {
    return await tryPlace(db, viewer, n, digest);
  } catch (err) {
    // The statement decides on the account as its snapshot saw it: a cancellation that
    // committed after the snapshot may have left room. One more try sees it.
    if ((err as DomainError).details?.reason === 'BUDGET_EXCEEDED') return tryPlace(db, viewer, n, digest);
    throw err;
  }
}

async function tryPlace(db: Database, viewer: Viewer, n: Normalized, digest: string | null): Promise<PlaceOrderResult> {
  const year = countyYear(n.windowStart);
  const at = clockNow();
  const villages = viewer.role === 'grid_worker' ? viewer.villageIds : null;
  const { place } = n; // none: the recipient's home
  let rows: (OrderRow & Placement)[];
  try {
    ({ rows } = await sql<OrderRow & Placement>`
      with facts as (
        select r.status as recipient_status, r.village_id as recipient_village_id, r.address, r.latitude, r.longitude,
               (${villages}::int[] is null or r.village_id = any(${villages}::int[])) as may_order,
               i.active as item_active, i.is_urgent, i.name_zh as item_name,
               (select p.price_fen from service_item_prices p
                 where p.service_item_id = i.id and p.effective_from <= ${at}::timestamptz
                 order by p.effective_from desc limit 1) as price_fen
          from recipients r, service_items i
         where r.id = ${n.recipientId} and i.id = ${n.serviceItemId}),
      prior as (
        select o.id from orders o where o.placed_by = ${viewer.userId} and o.idempotency_key = ${n.idempotencyKey}),
      orderable as (
        select f.*, f.price_fen * ${n.quantity}::int as amount_fen from facts f
         where f.recipient_status = 'active' and f.item_active and f.may_order and f.price_fen is not null
           and not exists (select 1 from prior)),
      hold as (
        update budget_accounts b set held_fen = b.held_fen + a.amount_fen
          from orderable a
         where b.recipient_id = ${n.recipientId} and b.year = ${year}
           and b.allocated_fen - b.held_fen - b.spent_fen >= a.amount_fen
        returning b.recipient_id),
      o as (
        insert into orders (recipient_id, service_item_id, quantity, unit_price_fen, amount_fen, budget_year,
                            window_start, window_end, place_address, place_latitude, place_longitude, notes,
                            channel, placed_by, caller_phone, idempotency_key, request_digest, is_urgent, placed_at, status_changed_at, status,
                            village_id)
        select ${n.recipientId}, ${n.serviceItemId}, ${n.quantity}, a.price_fen, a.amount_fen, ${year},
               ${n.windowStart}, ${n.windowEnd},
               ${place ? sql`${place.address}::text, ${place.latitude}::float8, ${place.longitude}::float8` : sql`coalesce(nullif(a.address, ''), '家中'), a.latitude, a.longitude`},
               ${n.notes}, ${n.channel}, ${viewer.userId}, ${n.callerPhone}, ${n.idempotencyKey}, ${digest}, a.is_urgent,
               ${at}::timestamptz, ${at}::timestamptz, ${orderLifecycle.target('place')},
               -- where the recipient lives now: the service counts there even if they move later
               a.recipient_village_id
          from orderable a, hold
        returning *),
      placed_event as (
        ${orderLifecycle.record('place', sql`o`, { subject: sql`o.id`, actor: sql`o.placed_by`, channel: sql`o.channel`, at: sql`o.placed_at` })}),
      effects as (
        ${recordEffectsSql(sql`o`, [
          ...noticesSql('o'),
          {
            kind: 'job',
            queue: 'matching',
            name: 'match-order',
            data: sql`jsonb_build_object('orderId', o.id)`,
            jobId: matchJobIdSql(sql`o.id`, sql`0`),
            priority: sql`case when o.is_urgent then ${PRIORITY.urgent}::int else ${PRIORITY.normal}::int end`,
          },
        ])}),
      hold_transfer as (
        insert into ledger_transfers (debit_account, credit_account, amount_fen, kind, reference, order_id)
        select ${ledgerAccounts.budgetAvailable(n.recipientId, year)}, ${ledgerAccounts.budgetHeld(n.recipientId, year)},
               o.amount_fen, 'hold', 'hold:order:' || o.id, o.id from o)
      select o.*, o.id as order_id,
             f.recipient_status is not null as found_recipient, f.recipient_status, f.recipient_village_id, f.may_order,
             f.item_active, f.item_name, f.price_fen, f.price_fen * ${n.quantity}::int as needed_fen,
             b.recipient_id is not null as account_found, b.allocated_fen - b.held_fen - b.spent_fen as available_fen,
             (select id from prior) as prior_order_id
        from (values (1)) as one (x)
        left join facts f on true
        left join o on true
        left join budget_accounts b on b.recipient_id = ${n.recipientId} and b.year = ${year}`.execute(db));
  } catch (err) {
    const e = err as { code?: string; constraint?: string };
    if (e.code === '23505' && e.constraint === 'orders_idempotency_idx') return firstOrder(db, viewer, n, digest);
    throw err;
  }
  const found = rows[0];
  if (found.order_id !== null) {
    const {
      order_id: _id,
      found_recipient: _f,
      recipient_status: _s,
      recipient_village_id: _v,
      may_order: _m,
      item_active: _a,
      item_name: _n,
      price_fen: _p,
      needed_fen: _needed,
      account_found: _b,
      available_fen: _l,
      prior_order_id: _o,
      ...order
    } = found;
    return { order: order as OrderRow, created: true };
  }
  if (found.prior_order_id !== null) return firstOrder(db, viewer, n, digest);
  throw await refusal(db, n, year, found);
}

/** The order placed first with this key, if the retry repeats its request exactly. */
async function firstOrder(db: Database, viewer: Viewer, n: Normalized, digest: string | null): Promise<PlaceOrderResult> {
  const first = await db
    .selectFrom('orders')
    .selectAll()
    .where('placed_by', '=', viewer.userId)
    .where('idempotency_key', '=', n.idempotencyKey)
    .executeTakeFirstOrThrow();
  if (first.request_digest !== digest) {
    throw conflict('This idempotency key was already used for a different order: use a new key for a new order.', {
      field: 'idempotencyKey',
      reason: 'IDEMPOTENCY_KEY_REUSED',
    });
  }
  return { order: first as OrderRow, created: false };
}

/** Why the statement placed no order, checked in the order a person would ask. */
async function refusal(db: Database, n: Normalized, year: number, p: Placement): Promise<DomainError> {
  if (!p.found_recipient) {
    const recipient = await db.selectFrom('recipients').select('id').where('id', '=', n.recipientId).executeTakeFirst();
    return recipient ? notFound('Service item', n.serviceItemId) : notFound('Recipient', n.recipientId);
  }
  if (!p.may_order) return forbidden('A grid worker orders only for recipients of their own villages.');
  if (p.recipient_status !== 'active') {
    return badInput(`The recipient is ${p.recipient_status}: only active recipients can order services.`, {
      field: 'recipientId',
      reason: 'RECIPIENT_NOT_ACTIVE',
      status: p.recipient_status,
    });
  }
  if (!p.item_active)
    return badInput(`${p.item_name} is not offered at the moment.`, { field: 'serviceItemId', reason: 'ITEM_NOT_OFFERED', item: p.item_name });
  if (!p.price_fen) return badInput(`${p.item_name} has no guide price yet.`, { field: 'serviceItemId', reason: 'ITEM_HAS_NO_PRICE', item: p.item_name });
  if (!p.account_found) return noBudgetAccount(n.recipientId, year);
  return budgetExceeded(year, p.available_fen!, p.needed_fen!, n.recipientId);
}
