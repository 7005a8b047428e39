// The simulated clock: an admin moves it forward through the API; the API server applies it at
// once, a real worker process (its own module, its own copy of the offset) applies it through
// Redis and acknowledges; it never moves back; it is refused on a real clock and in production.
// A clock set by a test starts at its instant and runs on, in the test and in a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, QueueEvents } from 'bullmq';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { PLACE_ORDER, itemId, prepareOrdering } from '../orders/test-support.js';
import { until } from '../settlement/test-support.js';
import { loadConfig } from '../config.js';
import { addMonths } from '../scoring/months.js';
import { countyToday } from './county-time.js';
import { createRedis } from './redis.js';
import { advanceSharedClock, clockKeys, clockOffsetMs, now, nowMs, resetClockForTests, setClockForTests, testClockEnv } from './clock.js';

const repository = fileURLToPath(new URL('../../', import.meta.url));
const DAY = 86_400_000;
const ADVANCE = `mutation($to: DateTime!) { advanceSimulatedClock(to: $to) { now offsetMs workersApplied waitingFor } }`;

let world: TestWorld;
let fx: Fixtures;
let admin: string;
let worker: ChildProcess | undefined;

beforeAll(async () => {
  world = await createTestWorld({ SIMULATED_CLOCK: 'true' });
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  admin = fx.tokens.admin;
  worker = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: repository,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: world.databaseUrl,
      REDIS_URL: world.config.REDIS_URL,
      REDIS_PREFIX: world.config.REDIS_PREFIX,
      LOG_LEVEL: 'warn',
      SIMULATED_CLOCK: 'true',
    },
    stdio: 'ignore',
  });
  // a worker is ready for the clock once it has recorded the offset it applied
  await until(
    () => world.redis.hlen(clockKeys(world.config.REDIS_PREFIX).workers),
    (n) => n === 1,
    'the worker to join the clock',
  );
}, 60_000);
afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker!.once('exit', resolve));
    worker.kill('SIGTERM');
    await exited;
  }
  await world?.close();
  resetClockForTests();
});

describe('the simulated clock', () => {
  it('moves the API and a worker process forward together', async () => {
    const to = new Date(Date.now() + 40 * DAY);
    const { advanceSimulatedClock: clock } = await world.ok(ADVANCE, { to: to.toISOString() }, admin);
    expect(clock).toMatchObject({ workersApplied: 1, waitingFor: [] });
    expect(Date.parse(clock.now)).toBeGreaterThanOrEqual(to.getTime());
    expect(clockOffsetMs()).toBe(clock.offsetMs);
    const acknowledged = await world.redis.hvals(clockKeys(world.config.REDIS_PREFIX).workers);
    expect(acknowledged.map(Number)).toEqual([clock.offsetMs]);

    // the API: a window 41 real days ahead is past the 30-day horizon in real time, tomorrow in simulated time
    const start = new Date(now().getTime() + DAY);
    const { placeOrder } = await world.ok(
      PLACE_ORDER,
      {
        input: {
          serviceItemId: String(await itemId(world, 'laundry')),
          windowStart: start.toISOString(),
          windowEnd: new Date(start.getTime() + 3_600_000).toISOString(),
        },
      },
      fx.tokens.recipientA,
    );
    const order = await world.db
      .selectFrom('orders')
      .select(['placed_at', 'status_changed_at'])
      .where('id', '=', Number(placeOrder.id))
      .executeTakeFirstOrThrow();
    expect(Math.abs(order.placed_at.getTime() - to.getTime())).toBeLessThan(60_000);
    const event = await world.db.selectFrom('order_events').select('at').where('order_id', '=', Number(placeOrder.id)).executeTakeFirstOrThrow();
    expect(event.at.getTime()).toBe(order.placed_at.getTime());

    // the worker: the monthly scoring job scores "the month before now" by the worker's clock
    const queue = new Queue('maintenance', { connection: world.redis, prefix: world.config.REDIS_PREFIX });
    const listening = createRedis(world.config.REDIS_URL, { forWorker: true });
    const events = new QueueEvents('maintenance', { connection: listening, prefix: world.config.REDIS_PREFIX });
    try {
      await events.waitUntilReady();
      const job = await queue.add('score-previous-month', {});
      const result = await job.waitUntilFinished(events, 20_000);
      expect(result.month).toBe(addMonths(countyToday(now()).slice(0, 7), -1));
      expect(result.month).not.toBe(addMonths(countyToday(new Date()).slice(0, 7), -1));
    } finally {
      await events.close();
      await queue.close();
      listening.disconnect();
    }
  }, 60_000);

  it('never moves back', async () => {
    const before = clockOffsetMs();
    expect(await world.errorCode(ADVANCE, { to: new Date(now().getTime() - DAY).toISOString() }, admin)).toBe('BAD_USER_INPUT');
    // two movers racing: the smaller offset is ignored in Redis and in the process
    const kept = await advanceSharedClock(world.redis, world.config.REDIS_PREFIX, new Date(Date.now() + DAY));
    expect(kept).toBe(before);
    expect(clockOffsetMs()).toBe(before);
    expect(Number(await world.redis.get(clockKeys(world.config.REDIS_PREFIX).offset))).toBe(before);
  });

  it('is moved by a county admin only', async () => {
    const to = new Date(now().getTime() + 60_000).toISOString();
    for (const token of [fx.tokens.hotline, fx.tokens.recipientA]) expect(await world.errorCode(ADVANCE, { to }, token)).toBe('FORBIDDEN');
    expect(await world.errorCode(ADVANCE, { to })).toBe('UNAUTHENTICATED');
  });
});

describe('a real clock', () => {
  it('cannot be moved through the API', async () => {
    const real = await createTestWorld();
    try {
      const token = (await seedFixtures(real)).tokens.admin;
      const res = await real.gql(ADVANCE, { to: new Date(Date.now() + DAY).toISOString() }, token);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CLOCK_NOT_SIMULATED' });
    } finally {
      await real.close();
    }
  });

  it('is the only clock production accepts', () => {
    const production = { NODE_ENV: 'production', DATA_KEY: 'ab'.repeat(32) };
    expect(() => loadConfig({ ...production, SIMULATED_CLOCK: 'true' })).toThrow(/SIMULATED_CLOCK/);
    expect(loadConfig(production).SIMULATED_CLOCK).toBe(false);
  });
});

describe('a clock set by a test', () => {
  it('reads the instant it was set to at once, and runs on from there', async () => {
    try {
      setClockForTests('2027-12-31T23:30:00+08:00');
      const first = nowMs();
      expect(first - Date.parse('2027-12-31T15:30:00Z')).toBeGreaterThanOrEqual(0);
      expect(first - Date.parse('2027-12-31T15:30:00Z')).toBeLessThan(1_000);
      expect(countyToday()).toBe('2027-12-31');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(nowMs() - first).toBeGreaterThanOrEqual(40);
      expect(testClockEnv()).toEqual({ CLOCK_STARTS_AT: expect.stringMatching(/^2027-12-31T15:30:0\d\.\d{3}Z$/) });
      expect(() => setClockForTests('the day after tomorrow')).toThrow(/not an instant/);
    } finally {
      resetClockForTests();
    }
    expect(Math.abs(nowMs() - Date.now())).toBeLessThan(50);
    expect(testClockEnv()).toEqual({});
  });

  it("starts a child process's clock at CLOCK_STARTS_AT, outside production only", async () => {
    const childNow = (env: Record<string, string>) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', '--input-type=module', '-e', "const { now } = await import('./server/platform/clock.ts'); console.log(now().toISOString());"],
          {
            cwd: repository,
            env: { ...process.env, ...env },
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        );
        let out = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
        });
        child.once('error', reject);
        child.once('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`child exited ${code}`))));
      });
    const started = await childNow({ NODE_ENV: 'test', CLOCK_STARTS_AT: '2028-02-29T12:00:00+08:00' });
    expect(Date.parse(started) - Date.parse('2028-02-29T04:00:00Z')).toBeGreaterThanOrEqual(0);
    expect(Date.parse(started) - Date.parse('2028-02-29T04:00:00Z')).toBeLessThan(30_000);
    const production = await childNow({ NODE_ENV: 'production', CLOCK_STARTS_AT: '2028-02-29T12:00:00+08:00' });
    expect(Math.abs(Date.parse(production) - Date.now())).toBeLessThan(30_000);
    // and production refuses the variable outright
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_KEY: 'ab'.repeat(32), CLOCK_STARTS_AT: '2028-02-29T12:00:00+08:00' })).toThrow(/CLOCK_STARTS_AT/);
    expect(() => loadConfig({ CLOCK_STARTS_AT: 'next Tuesday' })).toThrow(/CLOCK_STARTS_AT/);
    expect(loadConfig({ CLOCK_STARTS_AT: '2028-02-29T12:00:00+08:00' }).CLOCK_STARTS_AT).toBe('2028-02-29T12:00:00+08:00');
  }, 60_000);
});
