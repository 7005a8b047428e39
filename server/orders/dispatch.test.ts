import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { countyYear } from '../platform/county-time.js';
import { balances, ledgerAccounts } from '../ledger/ledger.js';
import { matchOrder } from '../matching/match-order.js';
import { Queue } from 'bullmq';
import { QUEUES, matchJobId } from '../platform/jobs.js';
import { ORDER, PLACE_ORDER, everyDay, heldFen, itemId, prepareOrdering, windowAt, writeCounts } from './test-support.js';
import { setClockForTests } from '../platform/clock.js';

// A Monday morning: the days this file books ahead (one each, from tomorrow) fall in one calendar
// week, so the week's load, which matching weighs, is the same whatever day the suite runs.
setClockForTests('2027-03-08T10:00:00+08:00');

let world: TestWorld;
let fx: Fixtures;
let carerA2: number;
let day = 0;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  ({ id: carerA2 } = await world.db
    .insertInto('carers')
    .values({
      organisation_id: fx.orgA,
      name: '李大姐',
      kind: 'assisted_employment',
      hardship_category: 'dibao_edge',
      home_village_id: fx.villageA2,
    })
    .returning('id')
    .executeTakeFirstOrThrow());
  await everyDay(world, [carerA2]);
});
afterAll(() => world?.close());

/** An order for recipient A, matched (to carer A, in the same village, when free). */
async function matched(onDay: number, code = 'bathing'): Promise<number> {
  const { placeOrder } = await world.ok(
    PLACE_ORDER,
    { input: { serviceItemId: String(await itemId(world, code)), ...windowAt(onDay, 9) } },
    fx.tokens.recipientA,
  );
  const id = Number(placeOrder.id);
  await matchOrder(world.db, id);
  return id;
}
/** The same, on a day of its own. */
const dispatched = () => matched(++day);
const status = async (id: number) => await world.db.selectFrom('orders').select(['status', 'carer_id']).where('id', '=', id).executeTakeFirstOrThrow();

const ACCEPT = 'mutation($id: ID!) { acceptJob(orderId: $id) { status } }';
const DECLINE = 'mutation($id: ID!, $r: String!) { declineJob(orderId: $id, reason: $r) { status carer { id } } }';
const ASSIGN =
  'mutation($id: ID!, $c: ID!, $r: String!) { assignCarer(orderId: $id, carerId: $c, reason: $r) { status carer { id } matchReasons { decidedBy note } } }';
const CANCEL = 'mutation($id: ID!, $r: String!) { cancelOrder(orderId: $id, reason: $r) { status } }';

async function refusedWith(code: string, query: string, variables: Record<string, unknown>, token: string) {
  const before = await writeCounts(world);
  const res = await world.gql(query, variables, token);
  expect(res.errors?.[0].extensions?.code).toBe(code);
  expect(await writeCounts(world)).toEqual(before);
}

describe('the carer', () => {
  it('accepts a job dispatched to them', async () => {
    const id = await dispatched();
    expect((await status(id)).carer_id).toBe(fx.carerA);
    expect((await world.ok(ACCEPT, { id: String(id) }, fx.tokens.carerA)).acceptJob.status).toBe('ACCEPTED');
    await refusedWith('CONFLICT', ACCEPT, { id: String(id) }, fx.tokens.carerA);
  });

  it("cannot accept or decline someone else's job", async () => {
    const id = await dispatched();
    await world.db.updateTable('orders').set({ carer_id: carerA2 }).where('id', '=', id).execute();
    await refusedWith('FORBIDDEN', ACCEPT, { id: String(id) }, fx.tokens.carerA);
    await refusedWith('FORBIDDEN', DECLINE, { id: String(id), r: '有事' }, fx.tokens.carerA);
  });

  it('declines with a reason: the order goes back for matching, which then skips them', async () => {
    const id = await dispatched();
    await refusedWith('BAD_USER_INPUT', DECLINE, { id: String(id), r: '  ' }, fx.tokens.carerA);
    const { declineJob } = await world.ok(DECLINE, { id: String(id), r: '家里有事' }, fx.tokens.carerA);
    expect(declineJob).toEqual({ status: 'ASSIGNED', carer: null });
    // the API asked the worker to match it again, as a new round
    const queue = new Queue(QUEUES.matching, { connection: world.redis, prefix: world.config.REDIS_PREFIX });
    expect((await queue.getJob(matchJobId(id, 1)))?.data).toEqual({ orderId: id });
    await queue.close();
    await matchOrder(world.db, id);
    expect(await status(id)).toEqual({ status: 'dispatched', carer_id: carerA2 });
  });
});

describe('the dispatcher', () => {
  it('assigns by hand with a reason, and reassigns before the service starts', async () => {
    const id = await dispatched();
    const { assignCarer } = await world.ok(ASSIGN, { id: String(id), c: String(carerA2), r: '老人点名要李大姐' }, fx.tokens.dispatcherA);
    expect(assignCarer).toMatchObject({
      status: 'DISPATCHED',
      carer: { id: String(carerA2) },
      matchReasons: { decidedBy: 'dispatcherA', note: '老人点名要李大姐' },
    });
    const { order } = await world.ok(ORDER, { id: String(id) }, fx.tokens.dispatcherA);
    expect(order.events.map((e: { action: string }) => e.action)).toEqual(['place', 'take', 'dispatch', 'reassign']);
    expect(order.events[3]).toMatchObject({ reason: '老人点名要李大姐', channel: 'console', actorName: 'dispatcherA' });
  });

  it("refuses another organisation's order, a carer of another organisation, no reason, and a double booking", async () => {
    const id = await dispatched();
    await refusedWith('FORBIDDEN', ASSIGN, { id: String(id), c: String(carerA2), r: 'x' }, fx.tokens.dispatcherB);
    await refusedWith('BAD_USER_INPUT', ASSIGN, { id: String(id), c: String(fx.carerB), r: 'x' }, fx.tokens.dispatcherA);
    await refusedWith('BAD_USER_INPUT', ASSIGN, { id: String(id), c: String(carerA2), r: '' }, fx.tokens.dispatcherA);
    await refusedWith('FORBIDDEN', ASSIGN, { id: String(id), c: String(carerA2), r: 'x' }, fx.tokens.carerA);
  });

  it("refuses to book a carer for two jobs at once (CONFLICT from the database's exclusion constraint)", async () => {
    day += 1;
    const first = await matched(day);
    const second = await matched(day, 'laundry');
    expect((await status(first)).carer_id).toBe(fx.carerA);
    expect((await status(second)).carer_id).toBe(carerA2);
    await refusedWith('CONFLICT', ASSIGN, { id: String(second), c: String(fx.carerA), r: '试试' }, fx.tokens.dispatcherA);
    expect((await status(second)).carer_id).toBe(carerA2);
  });
});

describe('cancelling', () => {
  it('releases the budget hold and records it in the ledger', async () => {
    const id = await dispatched();
    const held = await heldFen(world, fx.recipientA);
    expect((await world.ok(CANCEL, { id: String(id), r: '身体不适，改天' }, fx.tokens.recipientA)).cancelOrder.status).toBe('CANCELLED');
    expect(await heldFen(world, fx.recipientA)).toBe(held - 5000);
    const year = countyYear();
    const transfers = await world.db.selectFrom('ledger_transfers').select(['kind', 'amount_fen']).where('order_id', '=', id).orderBy('id').execute();
    expect(transfers).toEqual([
      { kind: 'hold', amount_fen: 5000 },
      { kind: 'release', amount_fen: 5000 },
    ]);
    const ledger = await balances(world.db, [ledgerAccounts.budgetHeld(fx.recipientA, year)]);
    expect(ledger.get(ledgerAccounts.budgetHeld(fx.recipientA, year))).toBe(await heldFen(world, fx.recipientA));
  });

  it('refuses a second cancellation, one without a reason, one out of scope, and one in service', async () => {
    const id = await dispatched();
    await refusedWith('BAD_USER_INPUT', CANCEL, { id: String(id), r: ' ' }, fx.tokens.recipientA);
    await refusedWith('FORBIDDEN', CANCEL, { id: String(id), r: '不要了' }, fx.tokens.recipientB);
    await refusedWith('FORBIDDEN', CANCEL, { id: String(id), r: '不要了' }, fx.tokens.dispatcherB);
    await world.ok(CANCEL, { id: String(id), r: '不要了' }, fx.tokens.hotline);
    await refusedWith('CONFLICT', CANCEL, { id: String(id), r: '不要了' }, fx.tokens.recipientA);
    const started = await dispatched();
    await world.db.updateTable('orders').set({ status: 'in_service' }).where('id', '=', started).execute();
    const held = await heldFen(world, fx.recipientA);
    await refusedWith('CONFLICT', CANCEL, { id: String(started), r: '不要了' }, fx.tokens.recipientA);
    expect(await heldFen(world, fx.recipientA)).toBe(held);
  });
});
