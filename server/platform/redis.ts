import { Redis, type RedisOptions } from 'ioredis';

/** A Redis client; `forWorker` sets what BullMQ workers need (no per-request retry limit). */
export function createRedis(url: string, opts: { forWorker?: boolean; lazy?: boolean } = {}): Redis {
  const options: RedisOptions = {
    lazyConnect: opts.lazy ?? false,
    maxRetriesPerRequest: opts.forWorker ? null : 3,
    enableOfflineQueue: true,
    connectTimeout: 5000,
  };
  return new Redis(url, options);
}

/** Deletes every key under a prefix (what a test's or a benchmark's queues and events left). */
export async function deleteRedisPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}
