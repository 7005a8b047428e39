import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { PLACE_ORDER, heldFen, itemId, prepareOrdering, windowAt, writeCounts } from './test-support.js';
import { setClockForTests } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';

// An ordinary morning: tomorrow's window stays in this programme year, whose budget the tests read.
setClockForTests(ORDINARY_MORNING);

let world: TestWorld;
let fx: Fixtures;
let input: Record<string, unknown>;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  input = { serviceItemId: String(await itemId(world, 'home_cleaning')), ...windowAt(2, 14) };
});
afterAll(() => world?.close());

describe('idempotent ordering', () => {
  it('the same key with the same input returns the same order and holds once', async () => {
    const held = await heldFen(world, fx.recipientA);
    const first = await world.ok(PLACE_ORDER, { input: { ...input, idempotencyKey: 'k-1' } }, fx.tokens.recipientA);
    const counts = await writeCounts(world);
    const retry = await world.ok(PLACE_ORDER, { input: { ...input, idempotencyKey: 'k-1' } }, fx.tokens.recipientA);
    expect(retry.placeOrder.id).toBe(first.placeOrder.id);
    expect(await writeCounts(world)).toEqual(counts);
    expect(await heldFen(world, fx.recipientA)).toBe(held + 6000);
  });

  it('the same key with different input is refused with CONFLICT and changes nothing', async () => {
    await world.ok(PLACE_ORDER, { input: { ...input, idempotencyKey: 'k-2' } }, fx.tokens.recipientA);
    const counts = await writeCounts(world);
    const res = await world.gql(PLACE_ORDER, { input: { ...input, quantity: 2, idempotencyKey: 'k-2' } }, fx.tokens.recipientA);
    expect(res.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await writeCounts(world)).toEqual(counts);
  });

  it('keys belong to the user who sent them: another user may use the same key', async () => {
    const mine = await world.ok(PLACE_ORDER, { input: { ...input, idempotencyKey: 'shared' } }, fx.tokens.recipientA);
    const theirs = await world.ok(PLACE_ORDER, { input: { ...input, idempotencyKey: 'shared' } }, fx.tokens.recipientB);
    expect(theirs.placeOrder.id).not.toBe(mine.placeOrder.id);
  });

  it('a request refused by validation is not remembered, so the corrected retry goes through', async () => {
    const bad = await world.gql(PLACE_ORDER, { input: { ...input, quantity: 0, idempotencyKey: 'k-3' } }, fx.tokens.recipientA);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const good = await world.ok(PLACE_ORDER, { input: { ...input, idempotencyKey: 'k-3' } }, fx.tokens.recipientA);
    expect(good.placeOrder.status).toBe('PLACED');
  });

  it('twenty concurrent retries of one request (a client retrying after timeouts) make one order and one hold', async () => {
    const address = await world.app.listen({ port: 0, host: '127.0.0.1' });
    const held = await heldFen(world, fx.recipientA);
    const counts = await writeCounts(world);
    const send = () =>
      fetch(`${address}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${fx.tokens.recipientA}` },
        body: JSON.stringify({ query: PLACE_ORDER, variables: { input: { ...input, idempotencyKey: 'retry-storm' } } }),
      }).then((r) => r.json() as Promise<{ data: { placeOrder: { id: string } } }>);
    const results = await Promise.all(Array.from({ length: 20 }, send));
    expect(new Set(results.map((r) => r.data.placeOrder.id)).size).toBe(1);
    expect(await writeCounts(world)).toEqual({ orders: counts.orders + 1, events: counts.events + 1, transfers: counts.transfers + 1 });
    expect(await heldFen(world, fx.recipientA)).toBe(held + 6000);
  });
});
