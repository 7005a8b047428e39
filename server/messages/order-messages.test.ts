// An order's messages come with its change: matched to a carer, the recipient hears who
// comes and when, and the carer gets the job; cancelled, the carer hears of it; declined by
// the carer, nobody is told twice. Each once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorld } from '../testing/harness.js';
import type { Fixtures } from '../testing/fixtures.js';
import { setClockForTests } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';
import { matchOrder } from '../matching/match-order.js';
import { transition } from '../orders/transitions.js';
import { systemActor } from '../platform/lifecycle.js';
import { itemId, orderingWorld, PLACE_ORDER, windowAt } from '../orders/test-support.js';

setClockForTests(ORDINARY_MORNING);

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  ({ world, fx } = await orderingWorld());
});
afterAll(() => world?.close());

const messagesOf = (orderId: number) =>
  world.db
    .selectFrom('messages')
    .select(['event', 'recipient_id', 'user_id', 'params', 'status'])
    .where('dedupe_key', 'like', `%:${orderId}-%`)
    .orderBy('id')
    .execute();

describe("an order's messages", () => {
  it('tell the recipient who comes and when, and give the carer the job, once; a cancellation tells the carer, a decline nobody', async () => {
    const { placeOrder } = await world.ok(
      PLACE_ORDER,
      { input: { serviceItemId: String(await itemId(world, 'laundry')), ...windowAt(2, 9) } },
      fx.tokens.recipientA,
    );
    const orderId = Number(placeOrder.id);
    expect(await messagesOf(orderId)).toEqual([]);
    expect((await matchOrder(world.db, orderId)).result).toBe('dispatched');
    expect((await matchOrder(world.db, orderId)).result).toBe('nothing_to_do');

    const order = await world.db.selectFrom('orders').select(['carer_id', 'window_start']).where('id', '=', orderId).executeTakeFirstOrThrow();
    const carer = await world.db.selectFrom('carers').select('name').where('id', '=', order.carer_id!).executeTakeFirstOrThrow();
    const carerUser = await world.db.selectFrom('users').select('id').where('carer_id', '=', order.carer_id!).executeTakeFirstOrThrow();
    const sent = await messagesOf(orderId);
    expect(sent).toEqual([
      {
        event: 'order_taken',
        recipient_id: fx.recipientA,
        user_id: null,
        status: 'queued',
        params: expect.objectContaining({ carer: carer.name, item: expect.any(String) }),
      },
      { event: 'job_new', recipient_id: null, user_id: carerUser.id, status: 'queued', params: expect.objectContaining({ place: expect.any(String) }) },
    ]);
    // the time as a person reads it, on the county clock
    expect(sent[0].params).toMatchObject({ time: expect.stringMatching(/^\d+月\d+日 周[一二三四五六日] 上午9:00$/) });

    // cancelled: the carer hears of it
    const cancelled = await world.ok(
      PLACE_ORDER,
      { input: { serviceItemId: String(await itemId(world, 'laundry')), ...windowAt(3, 9) } },
      fx.tokens.recipientA,
    );
    const cancelledId = Number(cancelled.placeOrder.id);
    expect((await matchOrder(world.db, cancelledId)).result).toBe('dispatched');
    await world.db.transaction().execute((trx) => transition(trx, cancelledId, 'cancel', systemActor, { reason: 'test' }));
    expect((await messagesOf(cancelledId)).map((m) => [m.event, m.user_id])).toEqual([
      ['order_taken', null],
      ['job_new', carerUser.id],
      ['job_cancelled', carerUser.id],
    ]);

    // declined by the carer: the one who declined is not told what they did
    await world.ok('mutation($id: ID!) { declineJob(orderId: $id, reason: "家里有事") { id } }', { id: String(orderId) }, fx.tokens.carerA);
    expect((await messagesOf(orderId)).map((m) => m.event)).toEqual(['order_taken', 'job_new']);
  });
});
