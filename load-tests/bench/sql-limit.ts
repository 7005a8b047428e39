// The first limit beside each row of `npm run bench`: the same SQL without the API around it.
//
// Reads: one request of each is sent through the real app built in this process (the same
// buildApp the server runs) over a pool that records every statement it is given, so the
// capture holds exactly what a request runs: the session lookup, the resolver's query and
// the loaders' queries, with their parameters. The limit replays that list, statement by
// statement, through a plain pg pool of the server's size as named prepared statements (as
// the server sends them).
// Mutations change state, so a statement cannot be sent twice with the same parameters and
// do the same work: their limit calls the domain function the resolver calls (and the session
// lookup) directly on a pool of the same size, with fresh inputs: the same SQL, without
// HTTP, GraphQL, Redis (events, matching jobs) and the server's event loop.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type { DB } from '../../server/db/tables.js';
import { loadConfig } from '../../server/config.js';
import { buildApp } from '../../server/app.js';
import { poolOptions, type Database } from '../../server/db/database.js';
import { createRedis } from '../../server/platform/redis.js';
import type { Outcome } from './drive.js';

export interface Statement {
  text: string;
  values: unknown[];
}

/** A Kysely over a pool that records what it runs while `recording` is set. */
function recordingDatabase(url: string) {
  const pool = new pg.Pool(poolOptions(url, 4));
  pool.on('error', () => {});
  let recording: Statement[] | null = null;
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    release: () => client.release(),
    query: ((text: unknown, values?: unknown[]) => {
      if (recording && typeof text === 'string') recording.push({ text, values: values ?? [] });
      return client.query(text as string, values);
    }) as unknown as PostgresPoolClient['query'],
  });
  const wrapped: PostgresPool = { options: pool.options, connect: async () => wrap(await pool.connect()), end: () => pool.end() };
  const db: Database = new Kysely<DB>({ dialect: new PostgresDialect({ pool: wrapped }) });
  return {
    db,
    /** Runs `work` and returns the statements it sent. */
    async record(work: () => Promise<unknown>): Promise<Statement[]> {
      recording = [];
      try {
        await work();
        return recording;
      } finally {
        recording = null;
      }
    },
  };
}

interface Capture {
  /** Statements one request of each read sends, by operation. */
  reads: Record<string, Statement[]>;
  /** Statements one call of each mutation's domain function sends (shown, not replayed). */
  mutations: Record<string, Statement[]>;
}

interface ReadRequest {
  operation: string;
  body: string;
  token?: string;
}

/**
 * Sends one request of each read through the app built here, and runs each mutation's
 * domain function once, recording the statements of both.
 */
export async function captureStatements(
  databaseUrl: string,
  redisPrefix: string,
  reads: ReadRequest[],
  mutations: Record<string, (db: Database) => Promise<unknown>>,
): Promise<Capture> {
  const recorder = recordingDatabase(databaseUrl);
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', REDIS_PREFIX: redisPrefix });
  const redis = createRedis(config.REDIS_URL);
  const app = await buildApp({ config, db: recorder.db, redis });
  try {
    await app.ready();
    const capture: Capture = { reads: {}, mutations: {} };
    for (const read of reads) {
      capture.reads[read.operation] = await recorder.record(async () => {
        const res = await app.inject({
          method: 'POST',
          url: '/graphql',
          payload: read.body,
          headers: { 'content-type': 'application/json', ...(read.token ? { authorization: `Bearer ${read.token}` } : {}) },
        });
        const body = res.json() as { errors?: { message: string }[] };
        if (res.statusCode !== 200 || body.errors?.length) throw new Error(`capturing ${read.operation}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      });
    }
    for (const [name, run] of Object.entries(mutations)) capture.mutations[name] = await recorder.record(() => run(recorder.db));
    return capture;
  } finally {
    await app.close();
    redis.disconnect();
    await recorder.db.destroy();
  }
}

/** A plain pg pool that replays captured statements, each as a named prepared statement. */
export function replayPool(databaseUrl: string, size: number) {
  const pool = new pg.Pool(poolOptions(databaseUrl, size));
  pool.on('error', () => {});
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `b${createHash('sha1').update(text).digest('base64url')}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    /** Runs the statements one after another, as one request of the server does. */
    async replay(statements: Statement[]): Promise<Outcome> {
      let rows = 0;
      for (const s of statements) {
        const result = await pool.query(s.values.length ? { name: nameOf(s.text), text: s.text, values: s.values } : s.text);
        rows += result.rowCount ?? 0;
      }
      return { ok: true, bytes: rows };
    },
    close: () => pool.end(),
  };
}

/** The statements as text, for --show-sql. */
export function describeStatements(statements: Statement[]): string {
  return statements
    .map((s, i) => `    ${i + 1}. ${s.text.replace(/\s+/g, ' ').slice(0, 400)}${s.values.length ? `  -- ${s.values.length} parameter(s)` : ''}`)
    .join('\n');
}
