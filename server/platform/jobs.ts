// The queues the API hands work to, shared by the server (which enqueues) and the worker
// (which processes). Job ids are deterministic so a job enqueued twice runs once.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { sql, type RawBuilder } from 'kysely';

export const QUEUES = {
  /** Matching new and declined orders to organisations and carers; urgent orders first. */
  matching: 'matching',
  /** Housekeeping and periodic work: sessions, sweeps, later scoring and settlement. */
  maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Options for every job: a few retries with backoff, and bounded history in Redis. */
export const defaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
};

/** BullMQ priorities: lower runs first. */
export const PRIORITY = { urgent: 1, normal: 10 } as const;

export interface MatchOrderJob {
  orderId: number;
}

/** Job id of one matching round of an order: a retry of the same round is deduplicated. */
export const matchJobId = (orderId: number, round: number) => `match-order-${orderId}-${round}`;
/** matchJobId in SQL, for statements that place orders. */
export const matchJobIdSql = (orderId: RawBuilder<unknown>, round: RawBuilder<unknown>) => sql<string>`'match-order-' || ${orderId} || '-' || ${round}`;

export interface Jobs {
  queue(name: QueueName): Queue;
  close(): Promise<void>;
}

/** Producer side of the queues, over one Redis connection. */
export function createJobs(connection: Redis, prefix: string): Jobs {
  const queues = new Map<QueueName, Queue>();
  const queue = (name: QueueName) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection, prefix, defaultJobOptions });
      queues.set(name, q);
    }
    return q;
  };
  return {
    queue,
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}
