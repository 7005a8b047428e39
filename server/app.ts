// The API server: fastify with structured logs (pino, a request id per request), health
// endpoints and the GraphQL endpoint assembled from the domain folders.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Redis } from 'ioredis';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { registerGraphQL } from './graphql/plugin.js';
import { domainLoaders, domainResolvers } from './domains.js';
import { createEventBus } from './platform/events.js';
import { createJobs } from './platform/jobs.js';
import { disclosurePage } from './disclosure/page.js';
import { statementExports } from './exports/routes.js';
import { queueBoard } from './admin/queue-board.js';
import { webApp } from './web/static.js';
import { startClockSync } from './platform/clock.js';
import { startOutboxRelay } from './platform/outbox.js';
import { createSignInThrottle } from './auth/sign-in-throttle.js';
import { serverLogOptions } from './platform/logging.js';
import { httpSecurity } from './platform/http-security.js';
import { httpCompression } from './platform/http-compression.js';

/** Rejects when `promise` has not settled within `ms`. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface AppDeps {
  config: Config;
  db: Database;
  redis: Redis;
  /** Where log lines go instead of stdout: for tests that read what the server logs. */
  logStream?: DestinationStream;
}

/** Builds the server without listening; tests call it the same way as main. */
export async function buildApp({ config, db, redis, logStream }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // no query strings, headers, variables or database rows in the logs (platform/logging.ts)
    ...serverLogOptions(config, logStream),
    genReqId: (req) =>
      typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].length <= 64 ? req.headers['x-request-id'] : randomUUID(),
    requestIdHeader: false,
    // request.ip and request.protocol are the socket's unless the proxies in front are named
    // (TRUST_PROXY): then the client's address and https come from their X-Forwarded-* headers
    trustProxy: config.TRUST_PROXY,
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    bodyLimit: 1024 * 1024,
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    reply.status(status).send({ error: status >= 500 ? 'Internal Server Error' : error.message });
  });

  // security headers and CORS before any route, so that every answer has them
  await app.register(httpSecurity, { config });
  await app.register(httpCompression);
  // first of the routes, so it sees every route that registers after it (the SPA fallback leaves their paths alone)
  await app.register(webApp);

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const [database, queue] = await Promise.allSettled([within(2000, sql`select 1`.execute(db)), within(2000, redis.ping())]);
    const checks = { database: database.status === 'fulfilled' ? 'ok' : 'down', redis: queue.status === 'fulfilled' ? 'ok' : 'down' };
    const ready = checks.database === 'ok' && checks.redis === 'ok';
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });

  const events = createEventBus(config.REDIS_URL, config.REDIS_PREFIX);
  const jobs = createJobs(redis, config.REDIS_PREFIX);
  const clock = config.SIMULATED_CLOCK ? await startClockSync(redis, config.REDIS_URL, config.REDIS_PREFIX) : null;
  const outbox = config.OUTBOX_RELAY
    ? await startOutboxRelay({ db, databaseUrl: config.DATABASE_URL, events, jobs, log: app.log, pollMs: config.OUTBOX_POLL_MS })
    : null;
  app.addHook('onClose', async () => {
    // the relay first: it delivers through the bus and the queues
    await outbox?.close();
    await Promise.allSettled([jobs.close(), events.close(), clock?.close()]);
  });
  const signInThrottle = await createSignInThrottle(app, { db, redis, config });
  await registerGraphQL(app, { db, config, events, jobs, outbox, signInThrottle, resolvers: domainResolvers, loaders: domainLoaders });
  await app.register(disclosurePage, { db });
  await app.register(statementExports, { db });
  await app.register(queueBoard, { db, config, jobs, signInThrottle });
  return app;
}
