// `npm run start:worker`: the worker alone (run as many as needed). Like the server it does
// not migrate: it checks both services and the database first, then processes jobs until
// SIGTERM or SIGINT, letting running jobs finish within a timeout.
import closeWithGrace from 'close-with-grace';
import { loadConfig } from '../server/config.js';
import { createDatabase } from '../server/db/database.js';
import { preflight } from '../server/platform/preflight.js';
import { notifyParent, onParentShutdown, requireMigratedDatabase, runCli } from '../server/cli/common.js';
import { startWorker } from './worker.js';

/** Running jobs get this long to finish; the process is cut off a little after. */
const JOB_GRACE_MS = 10_000;

runCli(async () => {
  const config = loadConfig();
  await preflight(config.DATABASE_URL, config.REDIS_URL);
  const db = createDatabase(config.DATABASE_URL, 1);
  try {
    await requireMigratedDatabase(db, config.DATABASE_URL);
  } finally {
    await db.destroy();
  }
  const worker = await startWorker(config);

  let stopping = false;
  const graceful = closeWithGrace(
    {
      delay: JOB_GRACE_MS + 5_000,
      logger: { error: (msg: unknown) => worker.log.error(String(msg)) },
    },
    async ({ signal, err }) => {
      stopping = true;
      if (err) worker.log.error({ err }, 'shutting down after an error');
      else worker.log.info({ signal: signal ?? 'stop requested by npm start' }, 'shutting down');
      await worker.close(JOB_GRACE_MS);
    },
  );
  onParentShutdown(() => {
    if (!stopping) graceful.close();
  });
  notifyParent({ type: 'ready' });
});
