// A test file's world: its own database (cloned from the template), the real app on it,
// real Redis under a key prefix of its own, and helpers to call the API as any role.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { DestinationStream } from 'pino';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { createDatabase, dropDatabase, poolOptions, withDatabase, type Database } from '../db/database.js';
import { createRedis, deleteRedisPrefix } from '../platform/redis.js';

/** An answer's data as tests read it: by path (`data.order.carer.id`), without declaring each operation's shape. */
// biome-ignore lint/suspicious/noExplicitAny: the tests' one deliberate any, so that they read answers by path
export type GraphQLData = Record<string, any>;

export interface GraphQLResponse<T = GraphQLData> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface TestWorld {
  app: FastifyInstance;
  db: Database;
  redis: Redis;
  config: Config;
  databaseUrl: string;
  /** Runs an operation, optionally with a bearer token. */
  gql<T = GraphQLData>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  /** Same, and fails the test if any error came back. */
  ok<T = GraphQLData>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  /** The code of the first error (fails the test when there is none). */
  errorCode(query: string, variables?: Record<string, unknown>, token?: string): Promise<string | undefined>;
  signIn(username: string, password: string): Promise<string>;
  close(): Promise<void>;
}

async function admin<T>(base: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(poolOptions(withDatabase(base, 'postgres')));
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Clones the template into a fresh database; returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = inject('baseDatabaseUrl');
  const name = `nuanxin_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(base, (c) => c.query(`create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(inject('templateDatabase'))}`));
  return {
    url: withDatabase(base, name),
    drop: () => dropDatabase(withDatabase(base, name)),
  };
}

export interface TestWorldOptions {
  /** Receives the app's log lines (set LOG_LEVEL in the overrides: tests default to silent). */
  logStream?: DestinationStream;
}

/** Starts the app on a fresh database. Call close() in afterAll. */
export async function createTestWorld(overrides: Partial<Record<string, string>> = {}, options: TestWorldOptions = {}): Promise<TestWorld> {
  return openTestWorld(await createTestDatabase(), overrides, options);
}

/**
 * Starts the app on a database from createTestDatabase() (for tests that prepare the database
 * before the app starts, e.g. seed the demo county). close() drops the database too.
 */
export async function openTestWorld(
  database: { url: string; drop: () => Promise<void> },
  overrides: Partial<Record<string, string>> = {},
  options: TestWorldOptions = {},
): Promise<TestWorld> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_PREFIX: `nuanxin_test_${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEED_DEMO: 'false',
    ...overrides,
  });
  const db = createDatabase(database.url, 5, { prepare: true });
  const redis = createRedis(config.REDIS_URL);
  const app = await buildApp({ config, db, redis, logStream: options.logStream });
  await app.ready();

  const gql: TestWorld['gql'] = async (query, variables, token) => {
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      payload: { query, variables },
    });
    return res.json();
  };
  const ok: TestWorld['ok'] = async (query, variables, token) => {
    const res = await gql(query, variables, token);
    if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors, null, 2)}`);
    return res.data as never;
  };
  return {
    app,
    db,
    redis,
    config,
    databaseUrl: database.url,
    gql,
    ok,
    async errorCode(query, variables, token) {
      const res = await gql(query, variables, token);
      if (!res.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(res.data)}`);
      return res.errors[0].extensions?.code;
    },
    async signIn(username, password) {
      const data = await ok<{ signIn: { token: string } }>('mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', {
        u: username,
        p: password,
      });
      return data.signIn.token;
    },
    async close() {
      await app.close();
      await deleteRedisPrefix(redis, config.REDIS_PREFIX);
      redis.disconnect();
      await db.destroy();
      await database.drop();
    },
  };
}
