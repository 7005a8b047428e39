// `npm run migrate`: creates the database if missing, applies pending migrations and loads
// the reference data (region tree, catalog). `npm run migrate:down` reverts the newest migration.
import { sql } from 'kysely';
import { loadConfig } from '../config.js';
import { createDatabase, databaseName, ensureDatabase } from '../db/database.js';
import { migrateDown, migrateToLatest } from '../db/migrate.js';
import { checkPostgres, redact } from '../platform/preflight.js';
import { loadReferenceData } from '../seed/reference.js';
import { runCli, StartupError } from './common.js';

runCli(async () => {
  const direction = process.argv[2] ?? 'up';
  if (direction !== 'up' && direction !== 'down') throw new StartupError(`Usage: npm run migrate [-- up|down] (got "${direction}")`);
  const config = loadConfig();
  await checkPostgres(config.DATABASE_URL);
  const name = databaseName(config.DATABASE_URL);
  if (direction === 'up' && (await ensureDatabase(config.DATABASE_URL))) console.log(`created database ${name}`);

  const db = createDatabase(config.DATABASE_URL, 2);
  try {
    console.log(`database ${redact(config.DATABASE_URL)}`);
    if (direction === 'down') {
      const reverted = await migrateDown(db);
      console.log(reverted.length ? reverted.join('\n') : 'no migration to revert');
      return;
    }
    const applied = await migrateToLatest(db);
    console.log(applied.length ? applied.join('\n') : 'migrations: already up to date');
    await loadReferenceData(db);
    const {
      rows: [counts],
    } = await sql<{ townships: number; villages: number; items: number }>`
      select count(*) filter (where level = 'township')::int as townships,
             count(*) filter (where level = 'village')::int as villages,
             (select count(*)::int from service_items) as items
      from regions`.execute(db);
    console.log(`reference data: ${counts.townships} townships, ${counts.villages} villages, ${counts.items} service items`);
  } finally {
    await db.destroy();
  }
});
