// The worker's job schedulers run on real time (cron), so under a simulated clock the simulation
// enqueues the same jobs itself at the simulated moments they are for (worker/queues.ts names
// them and their schedules) and waits for each to finish before moving on.
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, defaultJobOptions } from '../../server/platform/jobs.js';
import { createRedis } from '../../server/platform/redis.js';

/** Maintenance jobs the simulation triggers (their worker schedules in brackets). */
type DailyJob =
  | 'auto-confirm-services' // every 10 min
  | 'sweep-missed-visits' // every minute
  | 'schedule-return-visits' // 01:30
  | 'escalate-overdue-complaints' // every 15 min
  | 'sweep-unmatched-orders' // every minute
  | 'draft-pending-settlements' // 05:00
  | 'score-previous-month'; // 02:00 on days 1–10, once the month is closed

export interface WorkerJobs {
  /** Enqueues a job and resolves with its result once the worker has run it. */
  run<R = unknown>(name: DailyJob, data?: Record<string, unknown>): Promise<R>;
  close(): Promise<void>;
}

export async function workerJobs(redisUrl: string, prefix: string): Promise<WorkerJobs> {
  const connection: Redis = createRedis(redisUrl, { forWorker: true });
  const listening: Redis = createRedis(redisUrl, { forWorker: true });
  const queue = new Queue(QUEUES.maintenance, { connection, prefix, defaultJobOptions });
  const events = new QueueEvents(QUEUES.maintenance, { connection: listening, prefix });
  await events.waitUntilReady();
  let n = 0;
  return {
    async run<R>(name: DailyJob, data: Record<string, unknown> = {}) {
      // an id of its own, so the schedulers' jobs of the same name never deduplicate it away
      const job = await queue.add(name, data, { jobId: `simulation-${name}-${process.pid}-${++n}`, attempts: 1 });
      return (await job.waitUntilFinished(events, 120_000)) as R;
    },
    async close() {
      await events.close();
      await queue.close();
      connection.disconnect();
      listening.disconnect();
    },
  };
}
