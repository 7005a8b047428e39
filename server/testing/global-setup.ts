// Once per test run: check that PostgreSQL and Redis are up, and build a template database
// (migrated, reference data loaded) that each test file clones in a few milliseconds.
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../config.js';
import { createDatabase, dropDatabase, ensureDatabase, withDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { preflight } from '../platform/preflight.js';
import { loadReferenceData } from '../seed/reference.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
    baseDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const base = loadConfig({ ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL }).DATABASE_URL;
  const config = loadConfig();
  await preflight(base, config.REDIS_URL);
  const template = `nuanxin_template_${process.pid}`;
  const templateUrl = withDatabase(base, template);
  await ensureDatabase(templateUrl);
  const db = createDatabase(templateUrl, 2);
  await migrateToLatest(db);
  await loadReferenceData(db);
  await db.destroy();
  project.provide('templateDatabase', template);
  project.provide('baseDatabaseUrl', base);

  return async () => {
    await dropDatabase(withDatabase(base, template));
  };
}
