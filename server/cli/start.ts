// `npm start`: the whole product on one machine. Checks PostgreSQL and Redis, creates and
// migrates the database, loads the reference data, seeds the demo county on an empty database
// (SEED_DEMO), then runs the API server and the worker as two child processes: a signal stops
// both gracefully, and when either dies the other is stopped and start exits with code 1.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.js';
import { createDatabase, databaseName, ensureDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { preflight } from '../platform/preflight.js';
import { loadReferenceData } from '../seed/reference.js';
import { formatDemoSignIns, formatDemoSummary, seedDemo } from '../seed/demo.js';
import { ensureWebApp, webAppBuilt } from '../web/build.js';
import { banner, runCli, StartupError, type ChildMessage, type ParentMessage } from './common.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** After asking the children to stop, how long before they are killed. */
const STOP_TIMEOUT_MS = 20_000;

runCli(async () => {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const config = loadConfig();
  await preflight(config.DATABASE_URL, config.REDIS_URL);

  const name = databaseName(config.DATABASE_URL);
  if (await ensureDatabase(config.DATABASE_URL)) console.log(`created database ${name}`);
  const db = createDatabase(config.DATABASE_URL, 2);
  try {
    for (const line of await migrateToLatest(db)) console.log(line);
    await loadReferenceData(db);
    if (config.SEED_DEMO) {
      const result = await seedDemo(db, config);
      if (result.seeded) console.log(`\n${formatDemoSummary(result.summary)}\n\n${formatDemoSignIns()}\n`);
      else console.log(`demo county not seeded: ${result.reason}`);
    }
  } finally {
    await db.destroy();
  }
  console.log(`database ${name} ready (${elapsed()})`);
  try {
    const built = await ensureWebApp({
      onBuild: (reason) => console.log(`building the web app (${reason === 'missing' ? 'web/dist is missing' : 'web/ changed since the last build'})`),
    });
    if (built) console.log(`web app built into web/dist (${elapsed()})`);
  } catch (err) {
    console.error(err);
    throw new StartupError('The web app did not build (the error is above). Fix it, or run `npm run start:server` for the API alone.');
  }
  console.log('starting the API server and the worker');

  const children = new Map<string, ChildProcess>();
  const ready = new Set<string>();
  let url: string | undefined;
  let stopping = false;
  let exitCode = 0;

  const stopAll = () => {
    if (stopping) return;
    stopping = true;
    for (const child of children.values()) {
      if (child.connected) child.send({ type: 'shutdown' } satisfies ParentMessage);
      else child.kill('SIGTERM');
    }
    setTimeout(() => {
      for (const child of children.values()) child.kill('SIGKILL');
    }, STOP_TIMEOUT_MS).unref();
  };

  const launch = (label: string, file: string) => {
    const child = fork(path.join(root, file), [], { cwd: root, execArgv: ['--import', 'tsx'], env: process.env, stdio: 'inherit' });
    children.set(label, child);
    child.on('message', (message: ChildMessage) => {
      if (message?.type !== 'ready') return;
      ready.add(label);
      if (message.url) url = message.url;
      if (ready.size === 2 && url)
        console.log(
          `\n${banner(url, config.GRAPHIQL, webAppBuilt())}\nWorker        running (queues under Redis prefix "${config.REDIS_PREFIX}")\nReady in ${elapsed()}. Ctrl-C stops both.\n`,
        );
    });
    child.on('error', (err) => console.error(`${label}: ${err.message}`));
    child.on('exit', (code, signal) => {
      children.delete(label);
      if (!stopping) {
        console.error(`the ${label} exited (${signal ?? `code ${code}`}); stopping the other process`);
        exitCode = 1;
        stopAll();
      } else if (code !== 0) {
        exitCode = 1;
      }
      if (!children.size) process.exit(exitCode);
    });
  };

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) {
        // a second signal: no more waiting
        for (const child of children.values()) child.kill('SIGKILL');
        process.exit(1);
      }
      stopAll();
    });
  }
  launch('API server', 'server/cli/server.ts');
  launch('worker', 'worker/main.ts');
});
