// Shared set-up for tests that need a served order (complaints, return visits, disclosure):
// an order placed through the API by recipient A, matched, accepted by carer A, then taken
// to `in_service`, `completed` or `confirmed` by the state machine, with its visit row. The
// visit is written directly here; the visits tests check in and out through the API.
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { TestWorld } from '../testing/harness.js';
import type { Fixtures } from '../testing/fixtures.js';
import { matchOrder } from '../matching/match-order.js';
import { transition } from '../orders/transitions.js';
import { systemActor } from '../platform/lifecycle.js';
import { PLACE_ORDER, itemId, windowAt } from '../orders/test-support.js';
import { nowMs, setClockForTests, sqlNow } from '../platform/clock.js';

interface ServeOptions {
  /** How far the service goes (default: completed). */
  until?: 'accepted' | 'in_service' | 'completed' | 'confirmed';
  /** Catalog code (default: laundry). */
  item?: string;
  daysAhead?: number;
  hour?: number;
  /** The window itself (instead of daysAhead and hour), as nextWindow() gives it. */
  window?: { windowStart: string; windowEnd: string };
}

/**
 * Places, matches and serves one order of recipient A by carer A; returns its id. Call
 * prepareOrdering(world, fx) once first. Each call needs its own (daysAhead, hour): carer A
 * cannot hold two overlapping jobs.
 */
export async function serveOrder(world: TestWorld, fx: Fixtures, options: ServeOptions = {}): Promise<number> {
  const { until = 'completed', item = 'laundry', daysAhead = 1, hour = 9, window } = options;
  const { placeOrder } = await world.ok(
    PLACE_ORDER,
    {
      input: { serviceItemId: String(await itemId(world, item)), ...(window ?? windowAt(daysAhead, hour)) },
    },
    fx.tokens.recipientA,
  );
  const orderId = Number(placeOrder.id);
  const matched = await matchOrder(world.db, orderId);
  if (matched.result !== 'dispatched') throw new Error(`serveOrder: matching gave ${matched.result}`);
  const carer = { userId: null, channel: 'carer_app' as const };
  await world.db.transaction().execute(async (trx) => {
    await transition(trx, orderId, 'accept', carer);
    if (until === 'accepted') return;
    const { after } = await transition(trx, orderId, 'start', carer);
    await sql`
      insert into visits (order_id, carer_id, recipient_id, service_item_id, organisation_id, service_date,
                          place_address, place_latitude, place_longitude, checked_in_at, check_in_received_at, check_in_latitude,
                          check_in_longitude, check_in_distance_m, standard_minutes)
      select o.id, o.carer_id, o.recipient_id, o.service_item_id, o.organisation_id,
             (o.window_start at time zone 'Asia/Shanghai')::date, o.place_address, o.place_latitude, o.place_longitude,
             o.window_start, ${sqlNow()}, coalesce(o.place_latitude, 0), coalesce(o.place_longitude, 0), 0, i.standard_minutes * o.quantity
        from orders o join service_items i on i.id = o.service_item_id
       where o.id = ${after.id}`.execute(trx);
    if (until === 'in_service') return;
    await transition(trx, orderId, 'complete', carer);
    await sql`
      update visits v set checked_out_at = v.checked_in_at + make_interval(mins => v.standard_minutes),
             check_out_received_at = ${sqlNow()}, check_out_latitude = v.check_in_latitude, check_out_longitude = v.check_in_longitude,
             check_out_distance_m = 0, duration_minutes = v.standard_minutes, work_done = 'served (test set-up)', countable = true
       where v.order_id = ${orderId}`.execute(trx);
    if (until === 'completed') return;
    await transition(trx, orderId, 'confirm', systemActor, { data: { via: 'automatic' } });
    await sql`update visits set confirmed_via = 'automatic', confirmed_at = ${sqlNow()} where order_id = ${orderId}`.execute(trx);
  });
  return orderId;
}

/**
 * Everything a visit action may write about one order: its row, its events, its visit and
 * its rating. A refused action must leave this exactly as it was.
 */
export async function orderState(world: TestWorld, orderId: number) {
  const [order, events, visit, rating] = await Promise.all([
    world.db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow(),
    world.db.selectFrom('order_events').select(['id', 'action']).where('order_id', '=', orderId).orderBy('id').execute(),
    world.db.selectFrom('visits').selectAll().where('order_id', '=', orderId).executeTakeFirst(),
    world.db.selectFrom('ratings').selectAll().where('order_id', '=', orderId).executeTakeFirst(),
  ]);
  return { order, events, visit: visit ?? null, rating: rating ?? null };
}

/** Asserts that `attempt` fails with `code` and leaves the order as it was; returns the response. */
export async function expectRefused<R extends { errors?: { message: string; extensions?: { code?: string } }[] }>(
  world: TestWorld,
  code: string,
  orderId: number,
  attempt: () => Promise<R>,
): Promise<R> {
  const before = await orderState(world, orderId);
  const res = await attempt();
  expect(res.errors?.[0].extensions?.code).toBe(code);
  expect(await orderState(world, orderId)).toEqual(before);
  return res;
}

let slots = 0;
/** A (daysAhead, hour) of its own for serveOrder: six two-hour slots a day. */
export const nextSlot = () => ({ daysAhead: 1 + Math.floor(slots / 6), hour: 8 + 2 * (slots++ % 6) });

const HOUR_MS = 3_600_000;
let lastWindowEnd = 0;
/**
 * A window of `hours` of its own for serveOrder, on the hour between 08:00 and 20:00 county
 * time: the first after every window handed out so far and at least an hour from the clock's
 * now, so windows asked for one after the other are back to back (a carer's consecutive jobs).
 * For tests that move the clock to each window as the carer arrives (arrive()).
 */
export function nextWindow(hours = 1): { windowStart: string; windowEnd: string } {
  let start = Math.ceil(Math.max(lastWindowEnd, nowMs() + HOUR_MS) / HOUR_MS) * HOUR_MS;
  const countyHour = (ms: number) => new Date(ms + 8 * HOUR_MS).getUTCHours();
  if (countyHour(start) < 8) start += (8 - countyHour(start)) * HOUR_MS;
  if (countyHour(start) + hours > 20) start += (24 - countyHour(start) + 8) * HOUR_MS;
  lastWindowEnd = start + hours * HOUR_MS;
  return { windowStart: new Date(start).toISOString(), windowEnd: new Date(lastWindowEnd).toISOString() };
}

/**
 * Moves the project's clock to `minutes` after the order's window starts, as when the carer
 * arrives; never back (the clock of a test only runs forward, like a day's).
 */
export async function arrive(world: TestWorld, orderId: number, minutes = 1): Promise<void> {
  const { window_start } = await world.db.selectFrom('orders').select('window_start').where('id', '=', orderId).executeTakeFirstOrThrow();
  const at = window_start.getTime() + minutes * 60_000;
  if (at > nowMs()) setClockForTests(at);
}
