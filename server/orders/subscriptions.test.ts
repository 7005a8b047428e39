import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import { createTestWorld, type GraphQLData, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { buildApp } from '../app.js';
import { createRedis } from '../platform/redis.js';
import { matchOrder } from '../matching/match-order.js';
import { hashPassword } from '../auth/passwords.js';
import { FIXTURE_PASSWORD } from '../testing/fixtures.js';
import { villageTopic } from './notices.js';
import { setClockForTests } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';
import { PLACE_ORDER, itemId, prepareOrdering, windowAt } from './test-support.js';

// orders are placed days ahead of an ordinary morning, within the booking horizon
setClockForTests(ORDINARY_MORNING);

let world: TestWorld;
let fx: Fixtures;
let second: FastifyInstance;
let urlA: string;
let urlB: string;
const clients: Client[] = [];
const redis2 = () => createRedis(world.config.REDIS_URL);
let redisB: ReturnType<typeof redis2>;

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  // a second API instance on the same database and Redis prefix, as behind a load balancer
  redisB = redis2();
  second = await buildApp({ config: world.config, db: world.db, redis: redisB });
  urlA = (await world.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
  urlB = (await second.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await second?.close();
  redisB?.disconnect();
  await world?.close();
});

function client(url: string, token?: string): Client {
  const c = createClient({
    url: `${url}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
  clients.push(c);
  return c;
}

/** Collects events of a subscription until `count` arrived or the iteration failed. */
function collect(c: Client, query: string, variables: Record<string, unknown> = {}) {
  const events: GraphQLData[] = [];
  const iterator = c.iterate({ query, variables });
  const done = (async () => {
    for await (const e of iterator) {
      if (e.errors) throw Object.assign(new Error(e.errors[0].message), { errors: e.errors });
      events.push(e.data!);
    }
  })();
  return { events, done, stop: () => iterator.return?.() };
}

async function until(check: () => boolean, what: string, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function placeOrder(day: number) {
  const { placeOrder } = await world.ok(
    PLACE_ORDER,
    { input: { serviceItemId: String(await itemId(world, 'bathing')), ...windowAt(day, 10) } },
    fx.tokens.recipientA,
  );
  return placeOrder.id as string;
}

const ORDER_UPDATED = 'subscription($id: ID!) { orderUpdated(orderId: $id) { id status carer { id } } }';

describe('live updates over graphql-ws', () => {
  it('an order changed on one server reaches its recipient subscribed on another', async () => {
    const id = await placeOrder(1);
    const sub = collect(client(urlB, fx.tokens.recipientA), ORDER_UPDATED, { id });
    await new Promise((r) => setTimeout(r, 200)); // the subscription is registered
    await world.ok('mutation($id: ID!) { cancelOrder(orderId: $id, reason: "改期") { status } }', { id }, fx.tokens.recipientA);
    await until(() => sub.events.length > 0, 'the cancellation');
    expect(sub.events[0].orderUpdated).toEqual({ id, status: 'CANCELLED', carer: null });
    await sub.stop();
  });

  it("the worker's matching reaches the dispatcher board, the carer and the hotline watching the order", async () => {
    const id = await placeOrder(2);
    const board = collect(client(urlA, fx.tokens.dispatcherA), 'subscription { dispatchBoardUpdated { id status } }');
    const jobs = collect(client(urlB, fx.tokens.carerA), 'subscription { myJobsUpdated { id status } }');
    const hotline = collect(client(urlB, fx.tokens.hotline), ORDER_UPDATED, { id });
    await new Promise((r) => setTimeout(r, 200));
    // what the worker process does: match; its notices leave through the outbox
    await matchOrder(world.db, Number(id));
    await until(() => board.events.length >= 2 && jobs.events.length >= 1 && hotline.events.length >= 2, 'matching notices');
    // a notice carries the order as it is when the subscriber reads it: both end dispatched
    expect(board.events.map((e) => e.dispatchBoardUpdated)).toEqual([
      { id, status: 'DISPATCHED' },
      { id, status: 'DISPATCHED' },
    ]);
    expect(jobs.events[0].myJobsUpdated).toEqual({ id, status: 'DISPATCHED' });
    expect(hotline.events.at(-1)!.orderUpdated).toMatchObject({ id, status: 'DISPATCHED', carer: { id: String(fx.carerA) } });
    await Promise.all([board.stop(), jobs.stop(), hotline.stop()]);
  });

  it("a recipient's order list hears of their orders, placed by anyone, and only theirs", async () => {
    const mine = collect(client(urlB, fx.tokens.recipientA), 'subscription { myOrdersUpdated { id status channel } }');
    const others = collect(client(urlA, fx.tokens.recipientB), 'subscription { myOrdersUpdated { id } }');
    await new Promise((r) => setTimeout(r, 200));
    const { placeOrder: byHotline } = await world.ok(
      PLACE_ORDER,
      {
        input: {
          recipientId: String(fx.recipientA),
          serviceItemId: String(await itemId(world, 'bathing')),
          callerPhone: '0796-1234567',
          ...windowAt(4, 10),
        },
      },
      fx.tokens.hotline,
    );
    await world.ok('mutation($id: ID!) { cancelOrder(orderId: $id, reason: "不需要了") { status } }', { id: byHotline.id }, fx.tokens.recipientA);
    await until(() => mine.events.length >= 2, 'the new order and its cancellation');
    // each notice carries the order as it is when read: the first may already be cancelled
    expect(mine.events.map((e) => e.myOrdersUpdated)).toEqual([
      { id: byHotline.id, status: expect.stringMatching(/^(PLACED|CANCELLED)$/), channel: 'HOTLINE' },
      { id: byHotline.id, status: 'CANCELLED', channel: 'HOTLINE' },
    ]);
    expect(others.events).toEqual([]);
    await Promise.all([mine.stop(), others.stop()]);
  });

  it("a grid worker's pages hear of the orders of their villages' recipients, placed or changed by anyone, and of no others", async () => {
    const grid = collect(client(urlB, fx.tokens.gridA), 'subscription { villageOrdersUpdated { id status recipient { id } } }');
    await new Promise((r) => setTimeout(r, 200));
    const bathing = String(await itemId(world, 'bathing'));
    // recipient B lives in a village of another township: not the grid worker's
    const { placeOrder: theirs } = await world.ok(
      PLACE_ORDER,
      { input: { recipientId: String(fx.recipientB), serviceItemId: bathing, callerPhone: '0796-7654321', ...windowAt(5, 10) } },
      fx.tokens.hotline,
    );
    const mine = await placeOrder(5);
    // a notice on the village's topic of an order the grid worker may not see (as one recorded
    // just before its recipient moved away would be): dropped, not sent
    await world.db
      .insertInto('outbox')
      .values({ kind: 'notice', target: villageTopic(fx.villageA1), payload: JSON.stringify({ orderId: Number(theirs.id), status: 'placed' }) })
      .execute();
    await world.ok('mutation($id: ID!) { cancelOrder(orderId: $id, reason: "不需要了") { status } }', { id: mine }, fx.tokens.recipientA);
    await until(() => grid.events.some((e) => e.villageOrdersUpdated.status === 'CANCELLED'), 'the cancellation');
    await new Promise((r) => setTimeout(r, 300)); // time for anything else to arrive, were it sent
    expect(grid.events.map((e) => e.villageOrdersUpdated)).toEqual([
      { id: mine, status: expect.stringMatching(/^(PLACED|CANCELLED)$/), recipient: { id: String(fx.recipientA) } },
      { id: mine, status: 'CANCELLED', recipient: { id: String(fx.recipientA) } },
    ]);
    await grid.stop();
  });

  it('applies the same access rules as queries', async () => {
    const id = await placeOrder(3);
    const other = collect(client(urlA, fx.tokens.recipientB), ORDER_UPDATED, { id });
    await expect(other.done).rejects.toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);
    const foreignBoard = collect(client(urlA, fx.tokens.dispatcherB), `subscription { dispatchBoardUpdated(organisationId: "${fx.orgA}") { id } }`);
    await expect(foreignBoard.done).rejects.toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);
    const notCarer = collect(client(urlA, fx.tokens.recipientA), 'subscription { myJobsUpdated { id } }');
    await expect(notCarer.done).rejects.toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);
    const notRecipient = collect(client(urlA, fx.tokens.hotline), 'subscription { myOrdersUpdated { id } }');
    await expect(notRecipient.done).rejects.toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);
    // only grid workers hear of their villages' orders: not the village's own people, not the township, not the county
    for (const token of [fx.tokens.recipientA, fx.tokens.carerA, fx.tokens.dispatcherA, fx.tokens.townshipA, fx.tokens.hotline, fx.tokens.admin]) {
      const notGrid = collect(client(urlA, token), 'subscription { villageOrdersUpdated { id } }');
      await expect(notGrid.done).rejects.toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);
    }
    // and a grid worker only with villages assigned
    await world.db
      .insertInto('users')
      .values({
        username: 'gridnone',
        password_hash: await hashPassword(FIXTURE_PASSWORD),
        display_name: 'gridNone',
        role: 'grid_worker',
        township_id: fx.townshipA,
      })
      .execute();
    const noVillages = collect(client(urlA, await world.signIn('gridnone', FIXTURE_PASSWORD)), 'subscription { villageOrdersUpdated { id } }');
    await expect(noVillages.done).rejects.toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);
  });

  it('refuses a connection without a valid token', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const anonymous = collect(client(urlB, token), ORDER_UPDATED, { id: '1' });
      await expect(anonymous.done).rejects.toBeDefined();
      expect(anonymous.events).toEqual([]);
    }
  });
});
