// A recipient moving to another village: the household moves together, the new village's
// people see them and the old ones no longer do, orders booked at the old home are cancelled
// with their holds released, return visits go to the new village, the past stays where it was
// served, and every refusal changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { TestWorld } from '../testing/harness.js';
import type { Fixtures } from '../testing/fixtures.js';
import { heldFen, itemId, PLACE_ORDER, orderingWorld } from '../orders/test-support.js';
import { nextWindow, serveOrder } from '../visits/test-support.js';
import { expectLedgerConsistent } from '../settlement/test-support.js';
import { setClockForTests } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';
import { addRecipients } from '../testing/fixtures.js';

setClockForTests(ORDINARY_MORNING);

let world: TestWorld;
let fx: Fixtures;
let housemate: number;
beforeAll(async () => {
  ({ world, fx } = await orderingWorld());
  // recipient A's wife, on the list in the same household
  [housemate] = await addRecipients(world, 1, { villageId: fx.villageA1, townshipId: fx.townshipA });
  const { household_id } = await world.db.selectFrom('recipients').select('household_id').where('id', '=', fx.recipientA).executeTakeFirstOrThrow();
  await sql`update recipients set household_id = ${household_id} where id = ${housemate}`.execute(world.db);
});
afterAll(() => world?.close());

const MOVE = `mutation($id: ID!, $input: MoveRecipientInput!) {
  moveRecipient(recipientId: $id, input: $input) {
    id village { id } township { id } address
    moves { fromVillage { id } toVillage { id } fromAddress toAddress reason movedByName }
  } }`;
const RECIPIENT = `query($id: ID!) { recipient(id: $id) { id village { id } } }`;
const input = (extra: Record<string, unknown> = {}) => ({
  villageId: String(fx.villageB1),
  address: '新村3组12号（儿子家）',
  latitude: 27.61,
  longitude: 115.2,
  reason: '搬去和儿子同住',
  ...extra,
});

/** Everything a move may write. */
const state = async () => ({
  recipients: await world.db.selectFrom('recipients').select(['id', 'village_id', 'township_id', 'address', 'latitude', 'longitude']).orderBy('id').execute(),
  households: await world.db.selectFrom('households').selectAll().orderBy('id').execute(),
  moves: await world.db.selectFrom('recipient_moves').selectAll().execute(),
  orders: await world.db.selectFrom('orders').select(['id', 'status', 'village_id']).orderBy('id').execute(),
});

describe('moving a recipient to another village', () => {
  it('refuses a place that is not a village, the village they live in, an incomplete move, and people outside the township they leave; nothing changes', async () => {
    const before = await state();
    const refusals: [Record<string, unknown>, string, string][] = [
      [input({ villageId: String(fx.townshipB) }), 'BAD_USER_INPUT', fx.tokens.townshipA],
      [input({ villageId: String(fx.villageA1) }), 'BAD_USER_INPUT', fx.tokens.townshipA],
      [input({ reason: '  ' }), 'BAD_USER_INPUT', fx.tokens.townshipA],
      [input({ address: '' }), 'BAD_USER_INPUT', fx.tokens.townshipA],
      [input({ longitude: null }), 'BAD_USER_INPUT', fx.tokens.townshipA],
      [input({ latitude: 95 }), 'BAD_USER_INPUT', fx.tokens.townshipA],
      [input(), 'FORBIDDEN', fx.tokens.townshipB],
      [input(), 'FORBIDDEN', fx.tokens.gridA],
      [input(), 'FORBIDDEN', fx.tokens.hotline],
      [input(), 'FORBIDDEN', fx.tokens.recipientA],
    ];
    for (const [variables, code, token] of refusals) {
      expect(await world.errorCode(MOVE, { id: String(fx.recipientA), input: variables }, token)).toBe(code);
    }
    expect(await state()).toEqual(before);
  });

  it('moves the household, hands them to the new village, cancels what was booked at the old home and keeps the past where it was', async () => {
    const confirmed = await serveOrder(world, fx, { until: 'confirmed', window: nextWindow() });
    const accepted = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
    const placed = Number(
      (await world.ok(PLACE_ORDER, { input: { serviceItemId: String(await itemId(world, 'laundry')), ...nextWindow() } }, fx.tokens.recipientA)).placeOrder.id,
    );
    expect(await heldFen(world, fx.recipientA)).toBeGreaterThan(0);
    const { id: visitId } = await world.db
      .insertInto('return_visits')
      .values({ recipient_id: fx.recipientA, village_id: fx.villageA1, reason: 'quarterly', period: '2027Q2', due_on: '2027-05-20', status: 'scheduled' })
      .returning('id')
      .executeTakeFirstOrThrow();

    const { moveRecipient } = await world.ok(MOVE, { id: String(fx.recipientA), input: input() }, fx.tokens.townshipA);
    expect(moveRecipient).toMatchObject({
      village: { id: String(fx.villageB1) },
      township: { id: String(fx.townshipB) },
      address: '新村3组12号（儿子家）',
      moves: [
        { fromVillage: { id: String(fx.villageA1) }, toVillage: { id: String(fx.villageB1) }, toAddress: '新村3组12号（儿子家）', reason: '搬去和儿子同住' },
      ],
    });
    // the household moved together
    const members = await world.db
      .selectFrom('recipients')
      .select(['id', 'village_id', 'township_id'])
      .where('id', 'in', [fx.recipientA, housemate])
      .orderBy('id')
      .execute();
    expect(await world.db.selectFrom('recipients').select(['latitude', 'longitude']).where('id', '=', fx.recipientA).executeTakeFirstOrThrow()).toEqual({
      latitude: 27.61,
      longitude: 115.2,
    });
    expect(members.map((m) => [m.village_id, m.township_id])).toEqual([
      [fx.villageB1, fx.townshipB],
      [fx.villageB1, fx.townshipB],
    ]);
    expect(await world.db.selectFrom('recipient_moves').select('recipient_id').orderBy('recipient_id').execute()).toEqual(
      [fx.recipientA, housemate].sort((a, b) => a - b).map((recipient_id) => ({ recipient_id })),
    );
    // who sees them: the new township's staff, no longer the old one's nor the old village's grid worker
    expect((await world.ok(RECIPIENT, { id: String(fx.recipientA) }, fx.tokens.townshipB)).recipient.village.id).toBe(String(fx.villageB1));
    expect(await world.errorCode(RECIPIENT, { id: String(fx.recipientA) }, fx.tokens.townshipA)).toBe('FORBIDDEN');
    expect(await world.errorCode(RECIPIENT, { id: String(fx.recipientA) }, fx.tokens.gridA)).toBe('FORBIDDEN');
    // booked at the old home: cancelled, holds back; served: kept, counted in the village it was served from
    const orders = await world.db
      .selectFrom('orders')
      .select(['id', 'status', 'village_id'])
      .where('id', 'in', [confirmed, accepted, placed])
      .orderBy('id')
      .execute();
    expect(orders).toEqual(
      [
        { id: confirmed, status: 'confirmed', village_id: fx.villageA1 },
        { id: accepted, status: 'cancelled', village_id: fx.villageA1 },
        { id: placed, status: 'cancelled', village_id: fx.villageA1 },
      ].sort((a, b) => a.id - b.id),
    );
    const events = await world.db.selectFrom('order_events').select(['reason', 'data']).where('order_id', '=', placed).where('action', '=', 'cancel').execute();
    expect(events).toEqual([{ reason: expect.stringContaining('搬去和儿子同住'), data: { movedAway: true } }]);
    // what stays held is the served one's, until it is settled
    const served = await world.db.selectFrom('orders').select('amount_fen').where('id', '=', confirmed).executeTakeFirstOrThrow();
    expect(await heldFen(world, fx.recipientA)).toBe(served.amount_fen);
    await expectLedgerConsistent(world.db);
    // a return visit still to make goes to the new village
    expect((await world.db.selectFrom('return_visits').select('village_id').where('id', '=', visitId).executeTakeFirstOrThrow()).village_id).toBe(fx.villageB1);
    // a new order is for the new home, from the new village
    const after = await world.ok(PLACE_ORDER, { input: { serviceItemId: String(await itemId(world, 'laundry')), ...nextWindow() } }, fx.tokens.recipientA);
    const fresh = await world.db
      .selectFrom('orders')
      .select(['place_address', 'place_latitude', 'village_id'])
      .where('id', '=', Number(after.placeOrder.id))
      .executeTakeFirstOrThrow();
    expect(fresh).toEqual({ place_address: '新村3组12号（儿子家）', place_latitude: 27.61, village_id: fx.villageB1 });
  });
});
