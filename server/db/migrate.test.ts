// Every migration has a working down: revert them all, one by one, on a migrated database
// with reference data in it, then migrate up again to the same schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase } from '../testing/harness.js';
import { createDatabase, type Database } from './database.js';
import { migrateDown, migrateToLatest, pendingMigrations } from './migrate.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  db = createDatabase(database.url, 1);
});
afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

const tables = async () =>
  (
    await sql<{ t: string }>`
  select table_name as t from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%' order by 1`.execute(db)
  ).rows.map((r) => r.t);
const columns = async () =>
  (
    await sql<{ c: string }>`
  select table_name || '.' || column_name || ':' || data_type as c from information_schema.columns
  where table_schema = 'public' and table_name not like 'kysely_%' order by 1`.execute(db)
  ).rows.map((r) => r.c);

describe('migrations', () => {
  it('each goes down cleanly, and up again to the same schema', async () => {
    const before = await columns();
    expect(await pendingMigrations(db)).toEqual([]);
    // reference data must not block a down: delete it the way an operator would, in order
    await sql`truncate regions, service_categories, service_items, service_item_prices cascade`.execute(db);
    let reverted = 0;
    for (;;) {
      const done = await migrateDown(db);
      if (!done.length) break;
      reverted += done.length;
    }
    expect(reverted).toBeGreaterThanOrEqual(2);
    expect(await tables()).toEqual([]);
    await migrateToLatest(db);
    expect(await columns()).toEqual(before);
  });
});
