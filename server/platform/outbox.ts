// The transactional outbox. A domain change records its effects outside PostgreSQL (a live
// notice to subscribers, a job for the worker) as rows of `outbox`, in the same transaction
// as the change: both commit or neither does, so a crash between commit and publish loses
// nothing. The relay delivers them after commit, at least once:
// - woken by PostgreSQL LISTEN/NOTIFY (a trigger notifies at commit), polling as a fallback
//   for what arrived while its connection was down;
// - rows claimed for a lease (FOR UPDATE SKIP LOCKED picks them), so relays in every API
//   server and worker share the work with no transaction open during delivery, and marked
//   delivered after the effect;
// - idempotent by id: a job is added with its BullMQ job id (added twice, it exists once);
//   a notice carries `noticeId` (the row's id) and each subscription drops an id it has
//   already sent (dropRepeatedNotices).
// The API also delivers at the end of each mutation (flush), so a client sees its own
// change's notices without waiting for the wake-up; the relay is what guarantees it.
import pg from 'pg';
import { sql, type RawBuilder } from 'kysely';
import type { JobsOptions } from 'bullmq';
import type { Database } from '../db/database.js';
import { poolOptions } from '../db/database.js';
import type { EventBus } from './events.js';
import type { Jobs, QueueName } from './jobs.js';
import { nowMs } from './clock.js';

/** A live notice to everyone subscribed to `topic` (deployment-local, as EventBus.topic takes it). */
interface NoticeEffect {
  kind: 'notice';
  /** The topic, or SQL that yields it when recorded (a topic that depends on other rows as the change's transaction sees them). */
  topic: string | RawBuilder<string>;
  payload: Record<string, unknown>;
}

/** A job for the worker; `jobId` makes it run once however often it is delivered. */
export interface JobEffect {
  kind: 'job';
  queue: QueueName;
  name: string;
  data: Record<string, unknown>;
  jobId: string;
  priority?: number;
  /** Not to run before this instant of the project's clock (the delay is worked out at delivery). */
  runAt?: Date;
}

export type Effect = NoticeEffect | JobEffect;

/** Something a notice subscriber receives: the payload and the outbox id it came from. */
export type Delivered<T> = T & { noticeId: number };

/** Records effects in the caller's transaction (one statement); they are delivered after it commits. */
export async function recordEffects(trx: Database, effects: readonly Effect[]): Promise<void> {
  if (!effects.length) return;
  await trx
    .insertInto('outbox')
    .values(
      effects.map((e) =>
        e.kind === 'notice'
          ? { kind: 'notice', target: e.topic, payload: JSON.stringify(e.payload) }
          : {
              kind: 'job',
              target: e.queue,
              name: e.name,
              payload: JSON.stringify(e.data),
              dedupe_key: e.jobId,
              options: JSON.stringify({ priority: e.priority, runAt: e.runAt?.getTime() }),
            },
      ),
    )
    .execute();
}

/** An effect per row of a statement's source, as SQL over that row (for one-statement writes such as placeOrder). */
export type EffectSql =
  | { kind: 'notice'; topic: RawBuilder<string>; payload: RawBuilder<unknown>; when?: RawBuilder<boolean> }
  | {
      kind: 'job';
      queue: QueueName;
      name: string;
      data: RawBuilder<unknown>;
      jobId: RawBuilder<string>;
      priority?: RawBuilder<number>;
      /** Not to run before this instant of the project's clock (a timestamptz). */
      runAt?: RawBuilder<Date | null>;
      when?: RawBuilder<boolean>;
    };

/** SQL for a CTE of a larger statement: records the effects for each row of `source` (a CTE's name). */
export function recordEffectsSql(source: RawBuilder<unknown>, effects: readonly EffectSql[]): RawBuilder<unknown> {
  const selects = effects.map((e) =>
    e.kind === 'notice'
      ? sql`select 'notice', ${e.topic}, null::text, (${e.payload})::jsonb, null::text, null::jsonb from ${source} where ${e.when ?? sql`true`}`
      : // options as recordEffects writes them: absent ones left out, runAt in epoch milliseconds
        sql`select 'job', ${e.queue}::text, ${e.name}::text, (${e.data})::jsonb, ${e.jobId},
             jsonb_strip_nulls(jsonb_build_object('priority', ${e.priority ?? sql`null::int`},
               'runAt', (extract(epoch from ${e.runAt ?? sql`null::timestamptz`}) * 1000)::bigint))
             from ${source} where ${e.when ?? sql`true`}`,
  );
  return sql`insert into outbox (kind, target, name, payload, dedupe_key, options) ${sql.join(selects, sql` union all `)}`;
}

interface OutboxRow {
  id: number;
  kind: 'notice' | 'job';
  target: string;
  name: string | null;
  payload: Record<string, unknown>;
  dedupe_key: string | null;
  options: { priority?: number; runAt?: number } | null;
}

interface RelayOptions {
  db: Database;
  /** For the LISTEN connection (a dedicated client, not one of the pool's). */
  databaseUrl: string;
  events: EventBus;
  jobs: Jobs;
  log: { warn: (obj: object, msg: string) => void; debug?: (obj: object, msg: string) => void };
  /** Fallback poll (ms). */
  pollMs?: number;
  /** Rows claimed per round. */
  batch?: number;
}

export interface OutboxRelay {
  /** Delivers everything pending now (and waits for it). */
  flush(): Promise<number>;
  close(): Promise<void>;
}

/** How long a claimed row is a relay's to deliver before another may take it. */
const LEASE_SECONDS = 30;
/** Delivered rows are kept this long for inspection, then removed. */
const KEEP_DELIVERED_MS = 3_600_000;

/** Starts a relay: listens for new rows, polls as a fallback, delivers after commit. */
export async function startOutboxRelay(options: RelayOptions): Promise<OutboxRelay> {
  const { db, events, jobs, log } = options;
  const pollMs = options.pollMs ?? 1_000;
  const batch = options.batch ?? 200;
  let closed = false;
  let running: Promise<number> | null = null;
  let again = false;
  let lastPurge = 0;

  /**
   * Claims a batch for a lease, delivers it and marks what was delivered; how many rows it
   * claimed. Each step is one statement of its own: no transaction stays open while Redis is
   * called. A relay that dies with rows claimed leaves them to another once the lease ends.
   */
  async function round(): Promise<number> {
    const { rows } = await sql<OutboxRow>`
      update outbox o set claimed_until = now() + make_interval(secs => ${LEASE_SECONDS})
       where o.id in (select id from outbox
                       where delivered_at is null and (claimed_until is null or claimed_until < now())
                       order by id limit ${batch} for update skip locked)
      returning o.id, o.kind, o.target, o.name, o.payload, o.dedupe_key, o.options`.execute(db);
    rows.sort((a, b) => Number(a.id) - Number(b.id));
    const results = await Promise.allSettled(rows.map(deliver));
    const delivered = rows.filter((_, i) => results[i].status === 'fulfilled').map((r) => r.id);
    if (delivered.length) {
      await sql`update outbox set delivered_at = now(), claimed_until = null, attempts = attempts + 1 where id = any(${delivered}::bigint[])`.execute(db);
    }
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) {
      const error = String((failure.reason as Error)?.message ?? failure.reason).slice(0, 500);
      await sql`update outbox set attempts = attempts + 1, last_error = ${error}, claimed_until = null
                 where id = any(${rows.map((r) => r.id).filter((id) => !delivered.includes(id))}::bigint[])`.execute(db);
      log.warn({ failed: rows.length - delivered.length, error }, 'outbox: some effects could not be delivered; the next round retries them');
      return 0; // stop this drain: the poll retries after a pause
    }
    return rows.length;
  }

  /** Rounds until a batch comes back short. */
  async function drainOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await round();
      total += claimed;
      if (claimed < batch) return total;
    }
  }

  async function deliver(row: OutboxRow): Promise<void> {
    if (row.kind === 'notice') {
      await events.publish(row.target, { ...row.payload, noticeId: Number(row.id) });
      return;
    }
    const opts: JobsOptions = { jobId: row.dedupe_key! };
    if (row.options?.priority !== undefined) opts.priority = row.options.priority;
    if (row.options?.runAt !== undefined) opts.delay = Math.max(0, row.options.runAt - nowMs());
    await jobs.queue(row.target as QueueName).add(row.name!, row.payload, opts);
  }

  async function purge(): Promise<void> {
    if (Date.now() - lastPurge < 60_000) return;
    lastPurge = Date.now();
    await sql`delete from outbox where delivered_at < now() - make_interval(secs => ${KEEP_DELIVERED_MS / 1000})`.execute(db);
  }

  /** Runs one drain at a time; a wake-up during a drain runs another after it. */
  function drain(): Promise<number> {
    if (running !== null) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      try {
        do {
          again = false;
          total += await drainOnce();
        } while (again && !closed);
        await purge();
      } finally {
        running = null;
      }
      return total;
    })();
    return running;
  }
  const wake = () => {
    if (!closed) drain().catch((err: unknown) => log.warn({ err }, 'outbox: delivery round failed; polling retries'));
  };

  // LISTEN on a connection of its own, re-opened when it drops
  let listener: pg.Client | null = null;
  async function listen(): Promise<void> {
    if (closed) return;
    const client = new pg.Client(poolOptions(options.databaseUrl));
    client.on('notification', wake);
    client.on('error', () => {
      if (listener === client) listener = null;
      client.end().catch(() => {});
      setTimeout(() => listen().catch(() => {}), pollMs).unref();
    });
    try {
      await client.connect();
      await client.query('listen outbox');
      listener = client;
      wake(); // whatever was written while not listening
    } catch {
      client.end().catch(() => {});
      setTimeout(() => listen().catch(() => {}), pollMs).unref();
    }
  }
  await listen();
  const poll = setInterval(wake, pollMs);
  poll.unref();

  return {
    async flush() {
      // a drain under way may have claimed its rows before this commit: run one more after it
      if (running !== null) {
        again = true;
        await running.catch(() => {});
      }
      return drain();
    },
    async close() {
      closed = true;
      clearInterval(poll);
      await running?.catch(() => {});
      await listener?.end().catch(() => {});
      listener = null;
    },
  };
}

/**
 * Wraps a subscription's stream of notices so that a notice delivered twice (at-least-once
 * delivery) reaches the subscriber once. Closing the wrapper closes the source at once.
 */
export function dropRepeatedNotices<T extends { noticeId?: number }>(source: AsyncIterable<T>): AsyncIterableIterator<T> {
  const it = source[Symbol.asyncIterator]();
  const seen = new Set<number>();
  const wrapper: AsyncIterableIterator<T> = {
    async next() {
      for (;;) {
        const step = await it.next();
        const id = step.done ? undefined : step.value.noticeId;
        if (id === undefined) return step;
        if (seen.has(id)) continue;
        seen.add(id);
        // ids only grow, so forgetting the oldest keeps a long-lived socket small
        if (seen.size > 1_000)
          for (const old of seen) {
            seen.delete(old);
            if (seen.size <= 500) break;
          }
        return step;
      }
    },
    return: (value?: unknown) => it.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
    throw: (err?: unknown) => it.throw?.(err) ?? Promise.reject(err),
    [Symbol.asyncIterator]: () => wrapper,
  };
  return wrapper;
}
