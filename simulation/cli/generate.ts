// `npm run generate -- --size province --seed 42 [--year 2026]`: writes a generated county or
// province into the database DATABASE_URL names (created and migrated when missing; it must
// have no recipients yet).
import { loadConfig } from '../../server/config.js';
import { createDatabase, databaseName, ensureDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { checkPostgres } from '../../server/platform/preflight.js';
import { loadReferenceData } from '../../server/seed/reference.js';
import { countyYear } from '../../server/platform/county-time.js';
import { runCli } from '../../server/cli/common.js';
import { formatSummary, generate } from '../generate/generate.js';
import { parseSize } from '../generate/sizes.js';
import { intArg, parseArgs } from './args.js';

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), ['size', 'seed', 'year']);
  const size = parseSize(String(args.get('size') ?? 'xiajiang'));
  const config = loadConfig();
  await checkPostgres(config.DATABASE_URL);
  if (await ensureDatabase(config.DATABASE_URL)) console.log(`created database ${databaseName(config.DATABASE_URL)}`);
  const db = createDatabase(config.DATABASE_URL, 2);
  try {
    const started = Date.now();
    await migrateToLatest(db);
    await loadReferenceData(db);
    const summary = await generate(db, { size, seed: intArg(args, 'seed', 42), year: intArg(args, 'year', countyYear()), dataKey: config.DATA_KEY });
    console.log(`${formatSummary(summary)}\n  written to ${databaseName(config.DATABASE_URL)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await db.destroy();
  }
});
