// Live events between processes: the API servers and the worker publish order changes on
// Redis (mqemitter-redis, the emitter mercurius subscriptions read from), so a change made
// on one instance reaches a subscriber connected to any other. Topics carry the deployment's
// Redis prefix, so tests and deployments sharing one Redis never see each other's events.
import mqemitterRedis from 'mqemitter-redis';
import type { Redis } from 'ioredis';

type Emitter = ReturnType<typeof mqemitterRedis>;

export interface EventBus {
  /** The emitter mercurius subscribes on (subscription topics are `topic()` strings). */
  emitter: Emitter;
  /** The full topic name for a deployment-local topic. */
  topic(name: string): string;
  /**
   * Resolves once the subscribing connection is ready (or closed). Subscribe at start-up only
   * after it: ioredis sends a SUBSCRIBE while it still handshakes, and its ready check then
   * fails on a connection in subscriber mode (an uncaught error).
   */
  ready(): Promise<void>;
  /** Publishes one event; resolves once Redis has it. */
  publish(name: string, payload: unknown): Promise<void>;
  close(): Promise<void>;
}

/** Opens an event bus on Redis (two connections: one publishes, one subscribes). */
export function createEventBus(redisUrl: string, prefix: string): EventBus {
  const emitter = mqemitterRedis({ connectionString: redisUrl });
  const topic = (name: string) => `${prefix}/${name}`;
  const subscriber = (emitter as unknown as { subConn: Redis }).subConn;
  const ready = new Promise<void>((resolve) => {
    if (subscriber.status === 'ready') return resolve();
    subscriber.once('ready', () => resolve());
    subscriber.once('end', () => resolve());
  });
  return {
    emitter,
    topic,
    ready: () => ready,
    publish: (name, payload) => new Promise<void>((resolve, reject) => emitter.emit({ topic: topic(name), payload }, (err) => (err ? reject(err) : resolve()))),
    close: () => new Promise<void>((resolve) => emitter.close(() => resolve())),
  };
}
