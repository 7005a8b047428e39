// The real app on a second Kysely over a test world's database whose `log` hook counts every
// SQL statement: tests of batching (no N+1) compare what a page costs at two sizes.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { poolOptions } from '../db/database.js';
import type { DB } from '../db/tables.js';
import type { GraphQLData, TestWorld } from './harness.js';

export interface CountingApp {
  app: FastifyInstance;
  /** Runs a query with a bearer token; its response body and the statements it cost. */
  measure(query: string, variables: Record<string, unknown>, token: string): Promise<{ body: GraphQLData; statements: number }>;
  close(): Promise<void>;
}

export async function openCountingApp(world: TestWorld): Promise<CountingApp> {
  let statements = 0;
  const counted = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: new pg.Pool(poolOptions(world.databaseUrl, 3)) }),
    log: () => {
      statements++;
    },
  });
  // no relay of its own: its polls would be counted, and the world's app delivers the outbox
  const app = await buildApp({ config: { ...world.config, OUTBOX_RELAY: false }, db: counted, redis: world.redis });
  await app.ready();
  return {
    app,
    async measure(query, variables, token) {
      statements = 0;
      const res = await app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${token}` }, payload: { query, variables } });
      return { body: res.json(), statements };
    },
    async close() {
      await app.close();
      await counted.destroy();
    },
  };
}
