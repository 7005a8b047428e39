import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathToFileURL } from 'node:url';
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely/migration';
import type { Database } from './database.js';

export const migrationFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

// Like kysely's FileMigrationProvider, but the import happens in our module, so tsx and
// vitest (which transform TypeScript only for imports they see) can load .ts migrations.
const provider: MigrationProvider = {
  async getMigrations() {
    const files = (await fs.readdir(migrationFolder)).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      migrations[file.replace(/\.(ts|js)$/, '')] = (await import(pathToFileURL(path.join(migrationFolder, file)).href)) as Migration;
    }
    return migrations;
  },
};

function migrator(db: Database): Migrator {
  return new Migrator({ db, provider });
}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const error = result.error instanceof Error ? result.error : new Error(String(result.error));
    error.message = `migration ${failed?.migrationName ?? '?'} failed: ${error.message}`;
    throw error;
  }
  return (result.results ?? []).map((r) => `${r.direction === 'Up' ? 'applied' : 'reverted'} ${r.migrationName}`);
}

/** Applies every pending migration (one transaction, under kysely's advisory lock). */
export async function migrateToLatest(db: Database): Promise<string[]> {
  return check(await migrator(db).migrateToLatest());
}

/** Reverts the newest applied migration. */
export async function migrateDown(db: Database): Promise<string[]> {
  return check(await migrator(db).migrateDown());
}

/** Names of the migrations not yet applied to the database (all of them on an empty one). */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const migrations = await migrator(db).getMigrations();
  return migrations.filter((m) => !m.executedAt).map((m) => m.name);
}
