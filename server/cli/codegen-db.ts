// Regenerates server/db/tables.ts (the kysely Database types) from the migrations:
// migrates a scratch database and runs kysely-codegen against it. With --verify it only
// checks that the committed file still matches the migrations (a test runs it that way).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDatabase, dropDatabase, ensureDatabase, withDatabase, withLocalUser } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadConfig } from '../config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const tablesFile = path.join(root, 'server/db/tables.ts');

/** Runs kysely-codegen against a freshly migrated scratch database. */
export async function generateTables(baseUrl: string, verify: boolean): Promise<void> {
  const scratch = withDatabase(baseUrl, `nuanxin_codegen_${process.pid}_${Date.now()}`);
  await ensureDatabase(scratch);
  const db = createDatabase(scratch, 2);
  try {
    await migrateToLatest(db);
    const args = [
      path.join(root, 'node_modules/kysely-codegen/dist/cli/bin.js'),
      '--dialect',
      'postgres',
      '--url',
      withLocalUser(scratch),
      '--out-file',
      tablesFile,
      '--exclude-pattern',
      'kysely_migration*',
      '--date-parser',
      'string',
      '--type-mapping',
      JSON.stringify({ int8: 'number' }),
      '--log-level',
      'error',
      ...(verify ? ['--verify'] : []),
    ];
    await promisify(execFile)(process.execPath, args, { cwd: root });
  } finally {
    await db.destroy();
    await dropDatabase(scratch);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const verify = process.argv.includes('--verify');
  await generateTables(loadConfig().DATABASE_URL, verify);
  console.log(verify ? 'server/db/tables.ts matches the migrations' : 'wrote server/db/tables.ts');
}
