// One simulation run: a database with a generated Xiajiang, the real API server and worker with
// a simulated clock, and the days driven one after another through the API (06:00 the worker's
// daily jobs and, on the 4th, the close of the month before; 07:00 orders; 07:30 the complaints office;
// the day's visits; 19:00 confirmations, ratings, complaints, exceptions, return visits).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Redis } from 'ioredis';
import { createDatabase, databaseName, ensureDatabase, withDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { loadReferenceData } from '../../server/seed/reference.js';
import { makeRandom } from '../../server/seed/demo.js';
import { addDays } from '../../server/platform/county-time.js';
import { addMonths, parseMonth } from '../../server/scoring/months.js';
import { formatYuan } from '../../server/platform/money.js';
import { createRedis } from '../../server/platform/redis.js';
import type { Config } from '../../server/config.js';
import { generate, type GeneratedSummary } from '../generate/generate.js';
import { sizes } from '../generate/sizes.js';
import { startProduct } from './processes.js';
import { Client } from './client.js';
import { loadCast } from './cast.js';
import { workerJobs } from './worker-jobs.js';
import { at, emptyTally, makeClock, type Sim, type Tally } from './sim.js';
import { morning } from './ordering.js';
import { badDay } from './bad-days.js';
import { serveDay } from './serving.js';
import { complaintsOffice, evening } from './aftercare.js';
import { closeMonth, type MonthClose } from './month-close.js';
import { MONTH_CLOSING } from './operations.js';

interface RunOptions {
  config: Pick<Config, 'DATABASE_URL' | 'REDIS_URL' | 'DATA_KEY'>;
  seed: number;
  year: number;
  /** First simulated day (default 1 January of `year`). */
  start?: string;
  days: number;
  scale: number;
  /** A database that exists and is empty of recipients; otherwise one is created (and dropped unless kept). */
  databaseUrl?: string;
  keepDatabase?: boolean;
  log?: (line: string) => void;
}

export interface RunResult {
  generated: GeneratedSummary;
  databaseUrl: string;
  firstDay: string;
  lastDay: string;
  tallies: Map<string, Tally>;
  closes: MonthClose[];
  wallSeconds: number;
  requests: number;
  clockAdvances: number;
}

/**
 * The first day a month is closed: the 4th of the next, when its last services are usually
 * confirmed (the recipient's 72 hours to confirm have passed). A service finished late (a
 * forgotten check-out corrected the next evening) keeps it open a day or two more: the close is
 * tried each morning until the month is closable, as the worker's score job is (1st to 10th).
 */
const closeDayOf = (month: string): string => `${addMonths(month, 1)}-04`;
const lastDayOf = (month: string): string => parseMonth(month).lastDay;

/** A month not closable this many days after the run's last day is a fault of the run, not a late service. */
const CLOSE_GRACE_DAYS = 40;

/** The months whose last day falls in [firstDay, lastDay], in order: the ones the run closes. */
function monthsEndingIn(firstDay: string, lastDay: string): string[] {
  const months: string[] = [];
  for (let m = firstDay.slice(0, 7); m <= lastDay.slice(0, 7); m = addMonths(m, 1)) if (lastDayOf(m) <= lastDay && lastDayOf(m) >= firstDay) months.push(m);
  return months;
}

/** Deletes the run's keys (its queues and its clock). */
async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

export function sumTallies(tallies: Iterable<Tally>): Tally {
  const total = emptyTally();
  for (const t of tallies) {
    for (const [k, v] of Object.entries(t) as [keyof Tally, number | Record<string, number>][]) {
      if (typeof v === 'number') (total[k] as number) += v;
      else for (const [kk, vv] of Object.entries(v)) (total[k] as Record<string, number>)[kk] = ((total[k] as Record<string, number>)[kk] ?? 0) + vv;
    }
  }
  return total;
}

const sumOf = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

function progressLine(date: string, day: number, week: Tally, wall: number, requests: number): string {
  const ch = week.byChannel;
  return (
    `${date} day ${String(day).padStart(3)}  orders ${String(week.orders).padStart(4)} [app ${ch.mini_program ?? 0} · hotline ${ch.hotline ?? 0} · grid ${ch.grid_worker ?? 0}]` +
    `  served ${String(week.completed).padStart(4)} (flagged ${week.flagged})  confirmed ${sumOf(week.confirmed)}  refused ${sumOf(week.refused)}` +
    `  unmatched ${week.unmatched}  complaints ${week.complaints}  return visits ${week.returnVisits}` +
    `  | ${(day / wall).toFixed(2)} days/s, ${requests} requests, ${wall.toFixed(0)} s`
  );
}

/** Runs the simulation; `inspect` runs against the live API before it stops (the report reads through it). */
export async function runSimulation<T>(
  options: RunOptions,
  inspect: (sim: Sim, result: RunResult) => Promise<T>,
): Promise<{ result: RunResult; inspected: T }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  const databaseUrl = options.databaseUrl ?? withDatabase(options.config.DATABASE_URL, `nuanxin_sim_${process.pid}_${randomBytes(3).toString('hex')}`);
  const created = await ensureDatabase(databaseUrl);
  const db = createDatabase(databaseUrl, 4);
  const redisPrefix = `nuanxin_sim_${randomBytes(4).toString('hex')}`;
  const cleanup: (() => Promise<unknown>)[] = [async () => db.destroy()];
  try {
    await migrateToLatest(db);
    await loadReferenceData(db);
    const generated = await generate(db, { size: sizes.xiajiang, seed: options.seed, year: options.year, dataKey: options.config.DATA_KEY });
    log(
      `database ${databaseName(databaseUrl)}: Xiajiang generated (seed ${options.seed}, ${generated.activeRecipients} active recipients, ${generated.assistedCarers + generated.professionalCarers} carers)`,
    );
    const product = await startProduct({ databaseUrl, redisPrefix });
    cleanup.unshift(() => product.stop());
    const redis = createRedis(options.config.REDIS_URL);
    cleanup.push(async () => {
      await deletePrefix(redis, redisPrefix);
      redis.disconnect();
    });
    const jobs = await workerJobs(options.config.REDIS_URL, redisPrefix);
    cleanup.unshift(() => jobs.close());
    const client = new Client(product.url);
    const rnd = makeRandom(options.seed * 16 + 9);
    const clock = makeClock(client);
    const sim: Sim = {
      db,
      client,
      rnd,
      jobs,
      year: options.year,
      scale: options.scale,
      tallies: new Map(),
      committedFen: new Map(),
      clockAdvances: 0,
      cast: await loadCast(db, options.config.DATA_KEY, rnd.random),
      clock: clock.clock,
      now: clock.now,
    };
    log(
      `API ${product.url} and worker running with a simulated clock; ${options.days} days from ${options.start ?? `${options.year}-01-01`} at scale ${options.scale}`,
    );

    const firstDay = options.start ?? `${options.year}-01-01`;
    const lastDay = addDays(firstDay, options.days - 1);
    // every month that ends in the run is closed from its close day on, once closable; after the
    // last day the run goes on until the last of them, serving what was booked and ordering nothing new
    const toClose = monthsEndingIn(firstDay, lastDay);
    const closes: MonthClose[] = [];
    let shown = emptyTally();
    for (let day = 1, date = firstDay; ; day++, date = addDays(date, 1)) {
      await sim.clock(at(date, '06:00'));
      await jobs.run('sweep-missed-visits');
      await jobs.run('auto-confirm-services');
      await jobs.run('escalate-overdue-complaints');
      await jobs.run('schedule-return-visits');
      while (toClose.length && date >= closeDayOf(toClose[0])) {
        const { monthClosing } = await sim.client.must<{ monthClosing: { closable: boolean; unfinishedServices: number } }>('evaluator', MONTH_CLOSING, {
          month: toClose[0],
        });
        if (!monthClosing.closable) {
          if (date > addDays(lastDay, CLOSE_GRACE_DAYS))
            throw new Error(`${toClose[0]} is still not closable: ${monthClosing.unfinishedServices} services unfinished`);
          log(`${toClose[0]} not closed yet: ${monthClosing.unfinishedServices} services unfinished`);
          break;
        }
        const close = await closeMonth(sim, toClose.shift()!);
        closes.push(close);
        const paid = close.statements.reduce((s, x) => s + x.payableFen, 0);
        log(
          `${close.month} closed: ${close.grades.map((g) => `${g.grade} ${g.score.toFixed(1)}`).join(', ') || 'nothing to score'}; paid ${formatYuan(paid)} yuan for ${close.statements.reduce((s, x) => s + x.services, 0)} services`,
        );
      }
      if (date > lastDay && !toClose.length) break; // its jobs and its close only
      if (date > lastDay) {
        await evening(sim, date, await serveDay(sim, date));
        continue;
      }
      await badDay(sim, date);
      await morning(sim, date);
      await complaintsOffice(sim, date);
      const served = await serveDay(sim, date);
      await evening(sim, date, served);
      if (day % 7 === 0 || day === options.days) {
        const total = sumTallies(sim.tallies.values());
        const week = sumTallies([total]);
        for (const [k, v] of Object.entries(shown) as [keyof Tally, number | Record<string, number>][]) {
          if (typeof v === 'number') (week[k] as number) -= v;
          else for (const [kk, vv] of Object.entries(v)) (week[k] as Record<string, number>)[kk] -= vv;
        }
        shown = total;
        log(progressLine(date, day, week, (Date.now() - started) / 1000, client.requests));
      }
    }
    const result: RunResult = {
      generated,
      databaseUrl,
      firstDay,
      lastDay,
      tallies: sim.tallies,
      closes,
      wallSeconds: (Date.now() - started) / 1000,
      requests: client.requests,
      clockAdvances: clock.advances(),
    };
    const inspected = await inspect(sim, result);
    return { result, inspected };
  } finally {
    for (const step of cleanup) await step().catch((err: unknown) => log(`clean-up: ${(err as Error).message}`));
    if (created && !options.keepDatabase) {
      const admin = createDatabase(withDatabase(databaseUrl, 'postgres'), 1);
      await sql`drop database if exists ${sql.id(databaseName(databaseUrl))} with (force)`.execute(admin);
      await admin.destroy();
    }
  }
}
