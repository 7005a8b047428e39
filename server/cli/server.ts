// `npm run start:server`: the API server alone. It does not migrate, so several instances can
// start at once behind a load balancer; it refuses to start on a database that is missing or
// not migrated, and says which command fixes that.
import type { AddressInfo } from 'node:net';
import closeWithGrace from 'close-with-grace';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createDatabase } from '../db/database.js';
import { preflight } from '../platform/preflight.js';
import { createRedis } from '../platform/redis.js';
import { webAppBuilt } from '../web/build.js';
import { banner, baseUrl, notifyParent, onParentShutdown, requireMigratedDatabase, runCli, StartupError } from './common.js';

/** How long in-flight requests get to finish on shutdown. */
const SHUTDOWN_DELAY_MS = 10_000;

runCli(async () => {
  const config = loadConfig();
  await preflight(config.DATABASE_URL, config.REDIS_URL);
  const db = createDatabase(config.DATABASE_URL, 10, { prepare: true });
  try {
    await requireMigratedDatabase(db, config.DATABASE_URL);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  const redis = createRedis(config.REDIS_URL);
  // Redis errors while running are reported by /readyz and by the requests that need it
  redis.on('error', () => {});
  const app = await buildApp({ config, db, redis });

  let stopping = false;
  const graceful = closeWithGrace(
    {
      delay: SHUTDOWN_DELAY_MS,
      logger: { error: (msg: unknown, ...rest: unknown[]) => app.log.error({ detail: rest }, String(msg)) },
    },
    async ({ signal, err }) => {
      stopping = true;
      if (err) app.log.error({ err }, 'shutting down after an error');
      else app.log.info({ signal: signal ?? 'stop requested by npm start' }, 'shutting down');
      await app.close();
      await db.destroy();
      await redis.quit().catch(() => redis.disconnect());
    },
  );
  onParentShutdown(() => {
    if (!stopping) graceful.close();
  });

  try {
    await app.listen({ host: config.HOST, port: config.PORT });
  } catch (err) {
    if ((err as { code?: string }).code !== 'EADDRINUSE') throw err;
    throw new StartupError(`${config.HOST}:${config.PORT} is already in use (another Nuanxin server?).\n  Stop that process or set PORT to a free port.`);
  }
  const { port } = app.server.address() as AddressInfo;
  const url = baseUrl(config.HOST, port);
  if (process.send) notifyParent({ type: 'ready', url });
  else console.log(`\n${banner(url, config.GRAPHIQL, webAppBuilt())}\n`);
});
