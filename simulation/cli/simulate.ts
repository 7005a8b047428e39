// `npm run simulate [-- --days N --scale S --seed N --start YYYY-MM-DD --keep]`: generates
// Xiajiang into a database of its own (or DATABASE_URL's with --database-url-as-is), runs the
// real API server and worker with a simulated clock, drives a programme year through the API,
// prints the year report beside the published figures and writes its charts to
// simulation/results/<time>/report.html.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../server/config.js';
import { preflight } from '../../server/platform/preflight.js';
import { countyYear } from '../../server/platform/county-time.js';
import { runCli } from '../../server/cli/common.js';
import { runSimulation } from '../simulate/run.js';
import { buildReport, formatReport } from '../simulate/report.js';
import { writeCharts } from '../simulate/charts.js';
import { intArg, parseArgs } from './args.js';

const results = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../results');

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), ['days', 'scale', 'seed', 'start', 'keep', 'use-database-url']);
  const config = loadConfig();
  await preflight(config.DATABASE_URL, config.REDIS_URL);
  // the clock only moves forward from the real time, so the year simulated is the next one
  const year = args.has('start') ? Number(String(args.get('start')).slice(0, 4)) : countyYear() + 1;
  if (year <= countyYear()) throw new Error(`--start must be in a year after ${countyYear()}: the simulated clock never goes back`);
  const scale = args.has('scale') ? Number(args.get('scale')) : 1;
  if (!(scale > 0 && scale <= 5)) throw new Error('--scale is a number above 0, at most 5');
  const days = intArg(args, 'days', 365);
  const { result, inspected } = await runSimulation(
    {
      config,
      seed: intArg(args, 'seed', 42),
      year,
      days,
      scale,
      start: args.has('start') ? String(args.get('start')) : undefined,
      databaseUrl: args.has('use-database-url') ? config.DATABASE_URL : undefined,
      keepDatabase: args.has('keep'),
    },
    async (sim, run) => {
      const report = await buildReport(sim.client, run, scale);
      const table = formatReport(report);
      const folder = path.join(results, new Date().toISOString().replace(/[:.]/g, '-'));
      return { table, file: await writeCharts(folder, report, table) };
    },
  );
  console.log(`\n${inspected.table}\n\nCharts: ${inspected.file}`);
  if (args.has('keep')) console.log(`Database kept: ${result.databaseUrl}`);
});
