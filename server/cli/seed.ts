// `npm run seed`: seeds the demo county into a migrated database that has no recipients yet.
import { loadConfig } from '../config.js';
import { createDatabase } from '../db/database.js';
import { checkPostgres } from '../platform/preflight.js';
import { formatDemoSignIns, formatDemoSummary, seedDemo } from '../seed/demo.js';
import { requireMigratedDatabase, runCli, StartupError } from './common.js';

runCli(async () => {
  const config = loadConfig();
  await checkPostgres(config.DATABASE_URL);
  const db = createDatabase(config.DATABASE_URL, 2);
  try {
    await requireMigratedDatabase(db, config.DATABASE_URL);
    const result = await seedDemo(db, config);
    if (!result.seeded) throw new StartupError(`Not seeding the demo county: ${result.reason}.`);
    console.log(`${formatDemoSummary(result.summary)}\n\n${formatDemoSignIns()}`);
  } finally {
    await db.destroy();
  }
});
