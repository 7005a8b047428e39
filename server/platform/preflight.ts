// Start-up checks: fail at once, naming the service that is missing and how to start it,
// instead of a stack trace from deep inside a pool or a retry loop.
import pg from 'pg';
import { Redis } from 'ioredis';
import { poolOptions, withDatabase } from '../db/database.js';

export class PreflightError extends Error {}

/** Where a password might be, a URL is shown without it. */
export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** Checks that the PostgreSQL server (its `postgres` database) answers. */
export async function checkPostgres(url: string): Promise<void> {
  const client = new pg.Client({ ...poolOptions(withDatabase(url, 'postgres')), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    throw new PreflightError(
      `PostgreSQL is not reachable at ${redact(url)} (${(err as Error).message}).\n` +
        `  Start it (Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)\n` +
        `  or set DATABASE_URL to a running server.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** Checks that Redis answers PING. */
export async function checkRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new PreflightError(
      `Redis is not reachable at ${redact(url)} (${(err as Error).message || 'connection refused'}).\n` +
        `  Start it (redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no)\n` +
        `  or set REDIS_URL to a running server.`,
    );
  } finally {
    redis.disconnect();
  }
}

/** Both checks, together. */
export async function preflight(databaseUrl: string, redisUrl: string): Promise<void> {
  const results = await Promise.allSettled([checkPostgres(databaseUrl), checkRedis(redisUrl)]);
  const messages = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
  if (messages.length) throw new PreflightError(messages.join('\n'));
}
