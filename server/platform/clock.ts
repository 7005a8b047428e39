// The one clock every rule reads. Normally it is the real time. With SIMULATED_CLOCK (never in
// production: config refuses it) it is the real time plus an offset that a simulation moves
// forward, so the real API and worker can be driven through a programme year in minutes.
//
// How the offset travels: it is kept in Redis under the deployment's prefix
// (`<prefix>:clock:offset`, milliseconds) and announced on the channel `<prefix>:clock`.
// Every process (API server, worker) holds its own copy, kept current by a subscription, so
// now() stays synchronous. The offset only grows: simulated time never moves back. A worker
// records the offset it has applied in the hash `<prefix>:clock:workers` (one field per
// worker process), so whoever moved the clock can wait until every worker has applied it.
//
// Tests set where the clock starts, so that what they check does not depend on the day they
// run (a week's load, a year's end, a Sunday, the hour): setClockForTests(instant) makes now()
// read that instant at once, and from there the clock runs on at real time's pace (timeouts,
// waits and deadlines still need it to move). A process the test spawns (a real server or
// worker) is given its start in the environment: CLOCK_STARTS_AT=<ISO instant>, read once
// when this module loads, outside production only (config refuses it in production too);
// testClockEnv() gives the variable for the test's clock as it reads now, and a child counts
// from its own start, so it trails the test by the time it took to start. The same variable
// runs a development server as if it were another day. A simulated offset applies on top of
// this starting point (processes sharing a simulated clock are given the same start).
// The real time here is the process's own: under Debian's faketime (npm run test:dates) it is
// the faked one, while PostgreSQL and Redis keep the machine's, which is why rules and test
// fixtures bind this clock into SQL (sqlNow) instead of reading PostgreSQL's now().
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Redis } from 'ioredis';
import { createRedis } from './redis.js';

/** Where a test set the clock: its distance from the real time (0 unless set). */
let startMs = 0;
/** The simulated offset, on top of that (0 unless simulated). */
let offsetMs = 0;
/** Where this process's clock is shared (set by startClockSync in simulated mode). */
let shared: { redis: Redis; prefix: string } | null = null;

/** The clock before any simulated offset: the real time, or where a test set it, running on. */
const baseMs = () => Date.now() + startMs;

/** The current time as the rules see it (real time, plus the simulated offset if any). */
export function now(): Date {
  return new Date(baseMs() + offsetMs);
}

/** now() in milliseconds since the epoch. */
export function nowMs(): number {
  return baseMs() + offsetMs;
}

/** now() as a bound SQL parameter: rules never read PostgreSQL's own now(). */
export function sqlNow(): RawBuilder<Date> {
  return sql<Date>`${now()}::timestamptz`;
}

/** The offset this process applies (0 unless the clock is simulated). */
export function clockOffsetMs(): number {
  return offsetMs;
}

/** Applies an offset in this process; a smaller one than already applied is ignored. */
function applyOffset(ms: number): number {
  if (Number.isSafeInteger(ms) && ms > offsetMs) offsetMs = ms;
  return offsetMs;
}

/** Back to real time: for tests, which share this module across their worlds. */
export function resetClockForTests(): void {
  startMs = 0;
  offsetMs = 0;
}

/** Parses an instant for the clock's start (ISO 8601 with its offset, or epoch milliseconds); throws when it is not one. */
function parseClockStart(at: Date | string | number): number {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) throw new Error(`not an instant for the clock: ${String(at)}`);
  return ms;
}

/**
 * For tests: now() reads `at` from this moment, and runs on from there; any simulated offset
 * is dropped. Refused in production.
 */
export function setClockForTests(at: Date | string | number): void {
  if (process.env.NODE_ENV === 'production') throw new Error('the clock is set only in tests and development, never in production');
  startMs = parseClockStart(at) - Date.now();
  offsetMs = 0;
}

/**
 * The environment that starts a child process's clock where this one reads now (before any
 * simulated offset, which the child takes from Redis): empty when the clock was not set.
 */
export function testClockEnv(): { CLOCK_STARTS_AT?: string } {
  return startMs === 0 ? {} : { CLOCK_STARTS_AT: new Date(baseMs()).toISOString() };
}

// A process started with CLOCK_STARTS_AT (a test's child, or a development server tried on
// another day) starts its clock there. Never in production (config refuses the variable there).
if (process.env.NODE_ENV !== 'production' && process.env.CLOCK_STARTS_AT) setClockForTests(process.env.CLOCK_STARTS_AT);

export const clockKeys = (prefix: string) => ({
  offset: `${prefix}:clock:offset`,
  channel: `${prefix}:clock`,
  workers: `${prefix}:clock:workers`,
});

// Sets the offset only when it grows, and announces it: one atomic step, so two movers racing
// cannot set it back. Returns the offset in force afterwards.
const ADVANCE_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = tonumber(ARGV[1])
if wanted > current then
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('PUBLISH', KEYS[2], ARGV[1])
  return ARGV[1]
end
return tostring(current)`;

/** Raises the shared offset so that now() is at least `to`; returns the offset in force (never smaller than before). */
export async function advanceSharedClock(redis: Redis, prefix: string, to: Date): Promise<number> {
  const keys = clockKeys(prefix);
  const wanted = Math.max(0, to.getTime() - baseMs());
  const result = await redis.eval(ADVANCE_SCRIPT, 2, keys.offset, keys.channel, String(wanted));
  return applyOffset(Number(result));
}

interface WorkerAcknowledgement {
  /** Workers that have applied at least the offset. */
  applied: number;
  /** Workers that had not applied it when the wait ended. */
  waitingFor: string[];
}

/** Waits (polling, up to `timeoutMs`) until every registered worker has applied `offset`. */
async function waitForWorkers(redis: Redis, prefix: string, offset: number, timeoutMs = 5_000): Promise<WorkerAcknowledgement> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const workers = await redis.hgetall(clockKeys(prefix).workers);
    const waitingFor = Object.entries(workers)
      .filter(([, applied]) => Number(applied) < offset)
      .map(([id]) => id);
    if (!waitingFor.length || Date.now() >= deadline) return { applied: Object.keys(workers).length - waitingFor.length, waitingFor };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface AdvancedClock {
  now: Date;
  offsetMs: number;
  workersApplied: number;
  waitingFor: string[];
}

/**
 * Moves the shared clock (the one this process synchronises with) forward to `to` and waits
 * for the workers to apply it. Throws when this process's clock is not simulated.
 */
export async function advanceClock(to: Date, waitMs = 5_000): Promise<AdvancedClock> {
  if (!shared) throw new Error('the clock is not simulated in this process');
  const offset = await advanceSharedClock(shared.redis, shared.prefix, to);
  const { applied, waitingFor } = await waitForWorkers(shared.redis, shared.prefix, offset, waitMs);
  return { now: now(), offsetMs: offset, workersApplied: applied, waitingFor };
}

export interface ClockSync {
  close(): Promise<void>;
}

/**
 * Keeps this process's offset equal to the shared one: subscribes, then reads the stored
 * value, so no announcement can fall between. `redis` is the process's command connection
 * (a subscribed connection can do nothing else; this opens its own). A worker
 * (`acknowledgeAs: 'worker'`) records each offset it applies, and removes its record on close.
 */
export async function startClockSync(redis: Redis, redisUrl: string, prefix: string, opts: { acknowledgeAs?: 'worker' } = {}): Promise<ClockSync> {
  const keys = clockKeys(prefix);
  const subscriber = createRedis(redisUrl);
  const id = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const acknowledge = async () => {
    if (opts.acknowledgeAs) await redis.hset(keys.workers, id, String(offsetMs));
  };
  let pending = Promise.resolve();
  subscriber.on('message', (channel: string, message: string) => {
    if (channel !== keys.channel) return;
    applyOffset(Number(message));
    // one after another: an older acknowledgement must not overwrite a newer one
    pending = pending.then(acknowledge).catch(() => {});
  });
  await subscriber.subscribe(keys.channel);
  applyOffset(Number((await redis.get(keys.offset)) ?? '0'));
  await acknowledge();
  shared = { redis, prefix };
  return {
    async close() {
      if (shared?.redis === redis) shared = null;
      await subscriber.quit().catch(() => subscriber.disconnect());
      await pending;
      if (opts.acknowledgeAs) await redis.hdel(keys.workers, id).catch(() => {});
    },
  };
}
