// An order's recipient, item, organisation and carer, and a recipient's village and township,
// are batched by id (graphql/row-batches.ts): a list costs the same number of statements for
// 2 orders as for 8, and each order still gets its own rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { openCountingApp, type CountingApp } from '../testing/counting-app.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { matchOrder } from '../matching/match-order.js';
import { PLACE_ORDER, itemId, prepareOrdering, windowAt } from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
let counting: CountingApp;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  counting = await openCountingApp(world);
});
afterAll(async () => {
  await counting?.close();
  await world?.close();
});

const ORDERS = `query($n: Int!) { orders(first: $n) { edges { node { id
  recipient { id name village { id name } township { id name } } serviceItem { code } organisation { id } carer { id } } } } }`;

let day = 0;
/** Places an order for recipient A or B on a day of its own; matched ones get organisation and carer. */
async function order(token: string, match: boolean) {
  const { placeOrder } = await world.ok(PLACE_ORDER, { input: { serviceItemId: String(await itemId(world, 'bathing')), ...windowAt(++day, 9) } }, token);
  if (match) await matchOrder(world.db, Number(placeOrder.id));
}

async function measure(n: number) {
  const { body, statements } = await counting.measure(ORDERS, { n }, fx.tokens.admin);
  expect(body.errors).toBeUndefined();
  return { nodes: body.data.orders.edges.map((e: { node: unknown }) => e.node), statements };
}

describe('belongs-to fields of an order list', () => {
  it('cost the same statements for 2 orders as for 8, each order with its own rows', async () => {
    await order(fx.tokens.recipientA, true);
    await order(fx.tokens.recipientB, false);
    const two = await measure(2);
    for (let i = 0; i < 3; i++) {
      await order(fx.tokens.recipientA, true);
      await order(fx.tokens.recipientB, false);
    }
    const eight = await measure(8);
    expect(eight.nodes).toHaveLength(8);
    expect(eight.statements).toBe(two.statements);

    const expected = await world.db
      .selectFrom('orders as o')
      .innerJoin('recipients as r', 'r.id', 'o.recipient_id')
      .select(['o.id', 'o.recipient_id', 'o.organisation_id', 'o.carer_id', 'r.village_id', 'r.township_id'])
      .execute();
    const byId = new Map(expected.map((e) => [String(e.id), e]));
    for (const node of eight.nodes) {
      const row = byId.get(node.id)!;
      expect(Number(node.recipient.id)).toBe(row.recipient_id);
      expect(Number(node.recipient.village.id)).toBe(row.village_id);
      expect(Number(node.recipient.township.id)).toBe(row.township_id);
      expect(node.serviceItem.code).toBe('bathing');
      expect(node.organisation === null ? null : Number(node.organisation.id)).toBe(row.organisation_id);
      expect(node.carer === null ? null : Number(node.carer.id)).toBe(row.carer_id);
    }
    // both kinds are in the list: matched ones with a carer, unmatched ones without
    expect(eight.nodes.some((n: { carer: unknown }) => n.carer !== null)).toBe(true);
    expect(eight.nodes.some((n: { carer: unknown }) => n.carer === null)).toBe(true);
  });
});
