// The outbox from outside: a real API server process commits an order and is killed
// (SIGKILL) before it delivers anything; a process started afterwards delivers the notice
// and the matching job, once each, and delivering the same rows again changes nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { PLACE_ORDER, itemId, prepareOrdering, windowAt } from '../orders/test-support.js';
import { createJobs, matchJobId, QUEUES } from './jobs.js';
import { createEventBus } from './events.js';
import { startOutboxRelay } from './outbox.js';

const repository = fileURLToPath(new URL('../../', import.meta.url));
let world: TestWorld;
let fx: Fixtures;
let subscriber: Client;
const children: ChildProcess[] = [];

beforeAll(async () => {
  // this process only hosts the subscriber: its own relay is off, so what it hears was
  // delivered by the other processes
  world = await createTestWorld({ OUTBOX_RELAY: 'false' });
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  const url = await world.app.listen({ port: 0, host: '127.0.0.1' });
  subscriber = createClient({
    url: `${url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: { authorization: `Bearer ${fx.tokens.recipientA}` },
  });
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await subscriber?.dispose();
  await world?.close();
});

/** `node --import tsx server/cli/server.ts` on the test's database and Redis prefix; resolves with its URL. */
async function startServerProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/server.ts'], {
    cwd: repository,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: world.databaseUrl,
      REDIS_URL: world.config.REDIS_URL,
      REDIS_PREFIX: world.config.REDIS_PREFIX,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      GRAPHIQL: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /Nuanxin API\s+(http:\/\/\S+)\/graphql/.exec(output);
      if (found) resolve(found[1]);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
  return { child, url };
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const pending = () =>
  sql<{ kind: string; target: string }>`select kind, target from outbox where delivered_at is null order by id`.execute(world.db).then((r) => r.rows);

describe('the outbox', () => {
  it("delivers a killed server's committed notice and job once, from the next process", async () => {
    const heard: { id: string; status: string }[] = [];
    const iterator = subscriber.iterate({ query: 'subscription { myOrdersUpdated { id status } }' });
    const listening = (async () => {
      for await (const e of iterator) heard.push((e.data as { myOrdersUpdated: { id: string; status: string } }).myOrdersUpdated);
    })();
    await new Promise((r) => setTimeout(r, 500)); // the socket opens and subscribes

    // A: a real server that delivers nothing (its relay off), killed right after the commit
    const a = await startServerProcess({ OUTBOX_RELAY: 'false' });
    const res = await fetch(`${a.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fx.tokens.recipientA}` },
      body: JSON.stringify({ query: PLACE_ORDER, variables: { input: { serviceItemId: String(await itemId(world, 'bathing')), ...windowAt(3, 10) } } }),
    });
    const body = (await res.json()) as { data: { placeOrder: { id: string } } };
    const orderId = Number(body.data.placeOrder.id);
    await killed(a.child);

    const queue = new Queue(QUEUES.matching, { connection: world.redis, prefix: world.config.REDIS_PREFIX });
    try {
      // committed: the order and its effects, none of them delivered
      expect((await world.db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirstOrThrow()).status).toBe('placed');
      expect(await pending()).toEqual(
        expect.arrayContaining([
          { kind: 'notice', target: `order/${orderId}` },
          { kind: 'notice', target: `recipient/${fx.recipientA}` },
          { kind: 'job', target: 'matching' },
        ]),
      );
      expect(await queue.getJob(matchJobId(orderId, 0))).toBeUndefined();
      expect(heard).toEqual([]);

      // B: the next process delivers them on starting (no request needed), once
      const b = await startServerProcess({ OUTBOX_RELAY: 'true' });
      await until(async () => (await pending()).length === 0, 'delivery');
      await until(() => heard.length >= 1, 'the notice');
      expect(await queue.getJob(matchJobId(orderId, 0))).toBeDefined();
      await killed(b.child);

      // delivered again (a relay that died after the effect, before marking it): still once
      await sql`update outbox set delivered_at = null`.execute(world.db);
      const events = createEventBus(world.config.REDIS_URL, world.config.REDIS_PREFIX);
      const jobs = createJobs(world.redis, world.config.REDIS_PREFIX);
      const relay = await startOutboxRelay({ db: world.db, databaseUrl: world.databaseUrl, events, jobs, log: console });
      await relay.flush();
      await relay.close();
      await Promise.all([events.close(), jobs.close()]);
      expect(await pending()).toEqual([]);
      await new Promise((r) => setTimeout(r, 500)); // time for a second notice to arrive, were one sent
      expect(heard).toEqual([{ id: String(orderId), status: 'PLACED' }]);
      const counts = await queue.getJobCounts();
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1);
    } finally {
      await iterator.return?.();
      await listening.catch(() => {});
      await queue.close();
    }
  }, 90_000);
});
