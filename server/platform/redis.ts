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
