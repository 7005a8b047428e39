import { readdirSync } from 'node:fs';
import { migrationFolder } from '../db/migrate.js';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { withDatabase } from '../db/database.js';
import { requireMigratedDatabase, StartupError } from '../cli/common.js';
import { createDatabase } from '../db/database.js';
import { createTestDatabase } from '../testing/harness.js';
import { checkPostgres, checkRedis, preflight, PreflightError } from './preflight.js';

describe('preflight', () => {
  it('names PostgreSQL and how to start it when nothing listens', async () => {
    const err = await checkPostgres('postgres://127.0.0.1:1/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PreflightError);
    expect((err as Error).message).toMatch(/^PostgreSQL is not reachable at postgres:\/\/127\.0\.0\.1:1\/x/);
    expect((err as Error).message).toMatch(/pg_ctlcluster/);
    expect((err as Error).message).toMatch(/DATABASE_URL/);
  });

  it('names Redis and how to start it when nothing listens', async () => {
    const err = await checkRedis('redis://127.0.0.1:1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PreflightError);
    expect((err as Error).message).toMatch(/^Redis is not reachable at redis:\/\/127\.0\.0\.1:1/);
    expect((err as Error).message).toMatch(/redis-server/);
    expect((err as Error).message).toMatch(/REDIS_URL/);
  });

  it('reports both services at once, and never shows a password', async () => {
    const err = await preflight('postgres://app:secret@127.0.0.1:1/x', 'redis://:hunter2@127.0.0.1:1').catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/PostgreSQL[\s\S]*Redis/);
    expect((err as Error).message).not.toMatch(/secret|hunter2/);
  });

  it('passes against the running services', async () => {
    await expect(preflight(inject('baseDatabaseUrl'), process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')).resolves.toBeUndefined();
  });
});

describe('the server and worker database check', () => {
  it('tells to run npm run migrate when the database does not exist', async () => {
    const url = withDatabase(inject('baseDatabaseUrl'), 'nuanxin_test_does_not_exist');
    const db = createDatabase(url, 1);
    try {
      const err = await requireMigratedDatabase(db, url).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StartupError);
      expect((err as Error).message).toMatch(/"nuanxin_test_does_not_exist" does not exist[\s\S]*npm run migrate[\s\S]*npm start/);
    } finally {
      await db.destroy();
    }
  });

  it('tells to run npm run migrate when migrations are pending, and passes on a migrated database', async () => {
    const migrated = await createTestDatabase();
    const db = createDatabase(migrated.url, 1);
    try {
      await expect(requireMigratedDatabase(db, migrated.url)).resolves.toBeUndefined();
      await db.schema.dropTable('kysely_migration').execute();
      const err = await requireMigratedDatabase(db, migrated.url).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StartupError);
      const names = readdirSync(migrationFolder)
        .filter((f) => f.endsWith('.ts'))
        .sort()
        .map((f) => f.replace(/\.ts$/, ''));
      expect((err as Error).message).toContain(`${names.length} pending migration(s): ${names.join(', ')}.`);
      expect((err as Error).message).toMatch(/npm run migrate/);
    } finally {
      await db.destroy();
      await migrated.drop();
    }
  });
});
