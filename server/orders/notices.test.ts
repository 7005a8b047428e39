// The two ways an order change records its notices name the same topics: one change at a time
// (noticesOf, noticesOfRows: lifecycle actions, sweeps) and in SQL over a statement's rows
// (noticesSql: placing an order). Both are recorded here for the same order, in a transaction
// rolled back, at each point of its life where the topics differ: placed (no organisation or
// carer yet), matched (its board and carer), and after its recipient moved to another village
// (the grid worker of the village they live in now is told, not that of the village the order
// was placed from).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { TestWorld } from '../testing/harness.js';
import type { Fixtures } from '../testing/fixtures.js';
import type { Database } from '../db/database.js';
import { setClockForTests } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';
import { recordEffects, recordEffectsSql } from '../platform/outbox.js';
import { matchOrder } from '../matching/match-order.js';
import { serveOrder, nextWindow } from '../visits/test-support.js';
import { boardTopic, carerTopic, noticesOfRows, noticesSql, orderTopic, recipientTopic, villageTopic } from './notices.js';
import { itemId, orderingWorld, PLACE_ORDER, windowAt } from './test-support.js';
import type { OrderRow } from './order-rows.js';

setClockForTests(ORDINARY_MORNING);

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  ({ world, fx } = await orderingWorld());
});
afterAll(() => world?.close());

const lastOutboxId = async (db: Database) => Number((await sql<{ id: number | null }>`select max(id) as id from outbox`.execute(db)).rows[0].id ?? 0);
const topicsAfter = async (db: Database, after: number) =>
  (await sql<{ target: string }>`select target from outbox where id > ${after} and kind = 'notice'`.execute(db)).rows.map((r) => r.target).sort();

/** The topics each path records for the order as it is now (nothing stays recorded). */
async function topicsOfBothPaths(orderId: number): Promise<{ oneByOne: string[]; setBased: string[] }> {
  let topics: { oneByOne: string[]; setBased: string[] } | undefined;
  const rollback = new Error('rolled back on purpose');
  await world.db
    .transaction()
    .execute(async (trx) => {
      const order = (await trx.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow()) as OrderRow;
      const start = await lastOutboxId(trx);
      await recordEffects(trx, noticesOfRows([order]));
      const oneByOne = await topicsAfter(trx, start);
      const middle = await lastOutboxId(trx);
      await sql`with changed as (select * from orders where id = ${orderId}) ${recordEffectsSql(sql`changed`, noticesSql('changed'))}`.execute(trx);
      topics = { oneByOne, setBased: await topicsAfter(trx, middle) };
      throw rollback;
    })
    .catch((err: unknown) => {
      if (err !== rollback) throw err;
    });
  return topics!;
}

describe('the notices of an order change', () => {
  it('of a new order: the order, its recipient and their village, the same both ways; placing records exactly these', async () => {
    const before = await lastOutboxId(world.db);
    const { placeOrder } = await world.ok(
      PLACE_ORDER,
      { input: { serviceItemId: String(await itemId(world, 'bathing')), ...windowAt(2, 10) } },
      fx.tokens.recipientA,
    );
    const id = Number(placeOrder.id);
    const expected = [orderTopic(id), recipientTopic(fx.recipientA), villageTopic(fx.villageA1)].sort();
    // what placeOrder's one statement recorded (noticesSql over its inserted row)
    expect(await topicsAfter(world.db, before)).toEqual(expected);
    expect(await topicsOfBothPaths(id)).toEqual({ oneByOne: expected, setBased: expected });
  });

  it('of a matched order: its board and carer too, the same both ways', async () => {
    const { placeOrder } = await world.ok(
      PLACE_ORDER,
      { input: { serviceItemId: String(await itemId(world, 'bathing')), ...windowAt(3, 10) } },
      fx.tokens.recipientA,
    );
    const id = Number(placeOrder.id);
    expect((await matchOrder(world.db, id)).result).toBe('dispatched');
    const expected = [orderTopic(id), recipientTopic(fx.recipientA), villageTopic(fx.villageA1), boardTopic(fx.orgA), carerTopic(fx.carerA)].sort();
    expect(await topicsOfBothPaths(id)).toEqual({ oneByOne: expected, setBased: expected });
  });

  it('after the recipient moved: the village they live in now, not the one the order was placed from, both ways', async () => {
    const id = await serveOrder(world, fx, { window: nextWindow() }); // completed: a move does not cancel it
    await world.ok(
      `mutation($id: ID!, $input: MoveRecipientInput!) { moveRecipient(recipientId: $id, input: $input) { id } }`,
      { id: String(fx.recipientA), input: { villageId: String(fx.villageB1), address: '新村3组12号', reason: '搬去和儿子同住' } },
      fx.tokens.admin,
    );
    const order = await world.db.selectFrom('orders').select('village_id').where('id', '=', id).executeTakeFirstOrThrow();
    expect(order.village_id).toBe(fx.villageA1);
    const { oneByOne, setBased } = await topicsOfBothPaths(id);
    expect(oneByOne).toContain(villageTopic(fx.villageB1));
    expect(oneByOne).not.toContain(villageTopic(fx.villageA1));
    expect(setBased).toEqual(oneByOne);
  });
});
