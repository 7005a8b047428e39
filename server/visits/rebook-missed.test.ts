// The organisation makes good a missed visit: its dispatcher gives the missed order a new
// window, the price is held again with a ledger reference of its own, matching runs among its
// carers; missed again, it is released again, once per booking. Every refusal changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorld } from '../testing/harness.js';
import type { Fixtures } from '../testing/fixtures.js';
import { heldFen, orderingWorld } from '../orders/test-support.js';
import { expectLedgerConsistent } from '../settlement/test-support.js';
import { setClockForTests } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';
import { markMissedVisits } from './missed-visits.js';
import { nextWindow, serveOrder } from './test-support.js';

setClockForTests(ORDINARY_MORNING);

const GRACE = 15;
let world: TestWorld;
let fx: Fixtures;
let missedId: number;

beforeAll(async () => {
  ({ world, fx } = await orderingWorld());
  missedId = await missVisit();
});
afterAll(() => world?.close());

const REBOOK = `mutation($id: ID!, $start: DateTime!, $end: DateTime!, $reason: String!) {
  rebookMissedOrder(orderId: $id, windowStart: $start, windowEnd: $end, reason: $reason) { id status windowStart windowEnd carer { id } } }`;
const order = (id: number) => world.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const transfers = (id: number) =>
  world.db.selectFrom('ledger_transfers').select(['kind', 'reference', 'amount_fen']).where('order_id', '=', id).orderBy('id').execute();
const afterWindow = (o: { window_end: Date }) => setClockForTests(o.window_end.getTime() + (GRACE + 1) * 60_000);

/** An accepted order whose window passes with nobody coming; returns its id. */
async function missVisit(): Promise<number> {
  const id = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
  afterWindow(await order(id));
  expect((await markMissedVisits(world.db, GRACE)).map((o) => o.id)).toContain(id);
  return id;
}

const rebook = (id: number, token: string, window: { windowStart: string; windowEnd: string } = nextWindow(), reason = '服务人员生病，改派他人补上') =>
  world.gql(REBOOK, { id: String(id), start: window.windowStart, end: window.windowEnd, reason }, token);

/** Everything a rebooking may write. */
const state = async () => ({
  orders: await world.db.selectFrom('orders').select(['id', 'status', 'window_start', 'carer_id', 'rebooks']).orderBy('id').execute(),
  events: Number(
    (
      await world.db
        .selectFrom('order_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  transfers: Number(
    (
      await world.db
        .selectFrom('ledger_transfers')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  held: await heldFen(world, fx.recipientA),
});

describe('rebooking a missed visit', () => {
  it('is refused to other organisations and roles, for a time that cannot be booked, without a reason, and for an order not missed; nothing changes', async () => {
    const accepted = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
    const before = await state();
    const past = {
      windowStart: new Date(Date.parse(ORDINARY_MORNING) - 86_400_000).toISOString(),
      windowEnd: new Date(Date.parse(ORDINARY_MORNING) - 82_800_000).toISOString(),
    };
    const refusals: [Promise<{ errors?: { extensions?: Record<string, unknown> }[] }>, Record<string, unknown>][] = [
      [rebook(missedId, fx.tokens.dispatcherB), { code: 'FORBIDDEN' }],
      [rebook(missedId, fx.tokens.carerA), { code: 'FORBIDDEN' }],
      [rebook(missedId, fx.tokens.recipientA), { code: 'FORBIDDEN' }],
      [rebook(missedId, fx.tokens.hotline), { code: 'FORBIDDEN' }],
      [rebook(missedId, fx.tokens.dispatcherA, past), { code: 'BAD_USER_INPUT', reason: 'WINDOW_IN_PAST' }],
      [rebook(missedId, fx.tokens.dispatcherA, nextWindow(), '  '), { code: 'BAD_USER_INPUT' }],
      [rebook(accepted, fx.tokens.dispatcherA), { code: 'CONFLICT', status: 'accepted', action: 'rebook' }],
    ];
    for (const [response, expected] of refusals) expect((await response).errors?.[0].extensions).toMatchObject(expected);
    expect(await state()).toEqual(before);
  });

  it('gives the missed order a new window and sends it to matching in its organisation, holding its price again', async () => {
    const missed = await order(missedId);
    const heldBefore = await heldFen(world, fx.recipientA);
    const window = nextWindow();
    const res = await rebook(missedId, fx.tokens.dispatcherA, window);
    expect(res.errors).toBeUndefined();
    expect(res.data!.rebookMissedOrder).toEqual({ id: String(missedId), status: 'ASSIGNED', ...window, carer: null });
    expect(await order(missedId)).toMatchObject({ organisation_id: fx.orgA, rebooks: 1, late_at: null, amount_fen: missed.amount_fen });
    expect(await heldFen(world, fx.recipientA)).toBe(heldBefore + missed.amount_fen);
    expect(await transfers(missedId)).toEqual([
      { kind: 'hold', reference: `hold:order:${missedId}`, amount_fen: missed.amount_fen },
      { kind: 'release', reference: `release:order:${missedId}`, amount_fen: missed.amount_fen },
      { kind: 'hold', reference: `hold:order:${missedId}:rebook:1`, amount_fen: missed.amount_fen },
    ]);
    const event = await world.db
      .selectFrom('order_events')
      .selectAll()
      .where('order_id', '=', missedId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ action: 'rebook', from_status: 'missed', to_status: 'assigned', reason: '服务人员生病，改派他人补上', channel: 'console' });
    // matching runs again, a round of its own
    const job = await world.db
      .selectFrom('outbox')
      .select(['name', 'dedupe_key'])
      .where('kind', '=', 'job')
      .where('dedupe_key', 'like', `match-order-${missedId}-%-moved-%`)
      .execute();
    expect(job.map((j) => j.name)).toEqual(['match-order']);
    await expectLedgerConsistent(world.db);
  });

  it('missed again, releases the second hold under its own reference, once', async () => {
    const rebooked = await order(missedId);
    afterWindow(rebooked);
    // (the first test's accepted order, whose window is over too, is missed with it)
    expect((await markMissedVisits(world.db, GRACE)).map((o) => o.id)).toContain(missedId);
    expect((await transfers(missedId)).at(-1)).toEqual({ kind: 'release', reference: `release:order:${missedId}:rebook:1`, amount_fen: rebooked.amount_fen });
    expect((await transfers(missedId)).map((t) => t.reference)).toEqual([
      `hold:order:${missedId}`,
      `release:order:${missedId}`,
      `hold:order:${missedId}:rebook:1`,
      `release:order:${missedId}:rebook:1`,
    ]);
    expect(await markMissedVisits(world.db, GRACE)).toEqual([]);
    // both misses stay on record: each counts against the organisation
    const misses = await world.db.selectFrom('order_events').select('id').where('order_id', '=', missedId).where('action', '=', 'miss').execute();
    expect(misses).toHaveLength(2);
    await expectLedgerConsistent(world.db);
  });
});
