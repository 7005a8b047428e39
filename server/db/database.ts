import os from 'node:os';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type { DB } from './tables.js';
import { currentActing, syncActing } from '../audit/acting.js';

// Money (bigint fen) and counts come back as JS numbers; anything past 2^53 would be a bug
// in the data, so it fails loudly instead of silently losing precision.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} is beyond safe integer range`);
  return n;
});
// Calendar dates stay 'YYYY-MM-DD' strings: no time zone can shift them.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export type Database = Kysely<DB>;

/** pg pool options for a connection URL; a URL without a user means the local OS user (trust auth). */
export function poolOptions(url: string, max = 10): pg.PoolConfig {
  return {
    connectionString: withLocalUser(url),
    max,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
  };
}

/** The URL with the local OS user filled in when it names none. */
export function withLocalUser(url: string): string {
  const u = new URL(url);
  if (!u.username) u.username = encodeURIComponent(os.userInfo().username);
  return u.toString();
}

/** How many distinct statements are prepared; past that, new ones run unnamed. */
const MAX_PREPARED = 2_000;
const statementNames = new Map<string, string>();

/** The name a statement is prepared under: the same text always gets the same name. */
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_PREPARED) {
    name = `k${createHash('sha1').update(text).digest('base64url')}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * The pool as Kysely sees it. Each connection taken carries who is acting for the audit
 * trail (server/audit/acting.ts), so every write is recorded as whoever it was made for.
 *
 * With `prepare`, clients run every parameterised query as a named prepared statement. pg then
 * parses each statement once per connection and PostgreSQL can reuse its plan: on a short
 * transaction like placeOrder, parsing and planning were half the database's time. Kysely
 * always sends values as parameters, so the number of distinct texts stays small.
 * Not for connections that change the schema (migrations): a cached plan of `select *`
 * would fail once its table's columns change.
 */
function auditedPool(pool: pg.Pool, prepare: boolean): PostgresPool {
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    processID: (client as unknown as { processID?: number }).processID,
    release: (destroy?: boolean) => client.release(destroy),
    query: ((textOrCursor: unknown, values?: readonly unknown[]) => {
      if (!prepare || typeof textOrCursor !== 'string' || !values?.length) {
        return client.query(textOrCursor as string, values as unknown[]);
      }
      const name = statementName(textOrCursor);
      return client.query(name ? { name, text: textOrCursor, values: values as unknown[] } : { text: textOrCursor, values: values as unknown[] });
    }) as unknown as PostgresPoolClient['query'],
  });
  return {
    options: pool.options,
    connect: async () => {
      // read before waiting: the taker's context, not whatever runs when the pool answers
      const acting = currentActing();
      const client = await pool.connect();
      await syncActing(client, acting);
      return wrap(client);
    },
    end: () => pool.end(),
  };
}

interface DatabaseOptions {
  /** Run queries as prepared statements (the server and the worker; not migrations). */
  prepare?: boolean;
}

/** Opens a Kysely instance over a pg pool. */
export function createDatabase(url: string, max = 10, { prepare = false }: DatabaseOptions = {}): Database {
  const pool = new pg.Pool(poolOptions(url, max));
  // An idle connection dropped by the server (restart, failover) must not crash the
  // process: the pool discards it and the next query opens a new one.
  pool.on('error', () => {});
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: auditedPool(pool, prepare) }) });
}

/** Name of the database a URL points at. */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || os.userInfo().username;
}

/** The same server, another database. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

/** Creates the database named in the URL if it does not exist (connects to `postgres` to do it). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  const admin = new pg.Client(poolOptions(withDatabase(url, 'postgres')));
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    await admin.query(`create database ${pg.escapeIdentifier(name)}`);
    return true;
  } catch (err) {
    // another instance starting at the same moment may have created it first
    if ((err as { code?: string }).code === '42P04') return false;
    throw err;
  } finally {
    await admin.end();
  }
}

/** Drops the database a URL points at, if it exists, closing its connections first. */
export async function dropDatabase(url: string): Promise<void> {
  const admin = new pg.Client(poolOptions(withDatabase(url, 'postgres')));
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${pg.escapeIdentifier(databaseName(url))} with (force)`);
  } finally {
    await admin.end();
  }
}
