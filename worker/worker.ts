// The worker: one BullMQ Worker per queue, dispatching each job by name to its handler in
// worker/jobs/, and the schedulers of periodic jobs upserted at start. Several workers may
// run at once; BullMQ gives each job to one of them.
import { Queue, Worker, type Job } from 'bullmq';
import { pino, type Logger } from 'pino';
import type { Config } from '../server/config.js';
import { createDatabase, type Database } from '../server/db/database.js';
import { createRedis } from '../server/platform/redis.js';
import { defaultJobOptions, jobNamed, jobs, type JobContext, type QueueName } from './queues.js';
import { createEventBus } from '../server/platform/events.js';
import { createJobs } from '../server/platform/jobs.js';
import { startClockSync, type ClockSync } from '../server/platform/clock.js';
import { startOutboxRelay, type OutboxRelay } from '../server/platform/outbox.js';
import { logSerializers, REDACTED_PATHS } from '../server/platform/logging.js';
import { actingAs } from '../server/audit/acting.js';

export interface RunningWorker {
  queues: Map<QueueName, Queue>;
  workers: Worker[];
  log: Logger;
  /** Stops taking jobs, waits up to `timeoutMs` for running ones, then closes every connection. */
  close(timeoutMs?: number): Promise<void>;
}

interface StartWorkerOptions {
  /** Defaults to a pino logger at config.LOG_LEVEL. */
  log?: Logger;
  /** Jobs run at once per queue. */
  concurrency?: number;
}

/** Starts processing every registered queue and upserts the job schedulers. */
export async function startWorker(config: Config, options: StartWorkerOptions = {}): Promise<RunningWorker> {
  // errors logged as the API logs them: without the rows PostgreSQL quotes in `detail`
  const log =
    options.log ?? pino({ name: 'worker', level: config.LOG_LEVEL, serializers: logSerializers, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
  const db: Database = createDatabase(config.DATABASE_URL, 5, { prepare: true });
  // BullMQ workers need maxRetriesPerRequest: null (their blocking commands wait indefinitely)
  const connection = createRedis(config.REDIS_URL, { forWorker: true });
  connection.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
  const events = createEventBus(config.REDIS_URL, config.REDIS_PREFIX);
  const producer = createJobs(connection, config.REDIS_PREFIX);
  const context: JobContext = { db, config, log, events, jobs: producer };
  const queueNames = [...new Set(jobs.map((j) => j.queue))];

  const queues = new Map<QueueName, Queue>();
  const workers: Worker[] = [];
  let clock: ClockSync | null = null;
  let outbox: OutboxRelay | null = null;
  try {
    // before any job runs, so every job reads the simulated time
    if (config.SIMULATED_CLOCK) clock = await startClockSync(connection, config.REDIS_URL, config.REDIS_PREFIX, { acknowledgeAs: 'worker' });
    // the jobs' effects (notices, further jobs) are delivered by the relays of every process
    if (config.OUTBOX_RELAY)
      outbox = await startOutboxRelay({ db, databaseUrl: config.DATABASE_URL, events, jobs: producer, log, pollMs: config.OUTBOX_POLL_MS });
    for (const name of queueNames) {
      const queue = new Queue(name, { connection, prefix: config.REDIS_PREFIX, defaultJobOptions });
      queues.set(name, queue);
      const worker = new Worker(
        name,
        async (job: Job) => {
          const definition = jobNamed(job.name);
          if (!definition || definition.queue !== name) throw new Error(`no handler for job "${job.name}" on queue "${name}"`);
          // every change the job makes is recorded in the audit trail as this job's
          return actingAs({ kind: 'job', operation: job.name, requestId: job.id }, () =>
            definition.run(job.data, { ...context, log: log.child({ queue: name, job: job.name, jobId: job.id }) }, job),
          );
        },
        {
          connection,
          prefix: config.REDIS_PREFIX,
          concurrency: options.concurrency ?? 1,
          lockDuration: config.WORKER_LOCK_DURATION_MS,
          stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
        },
      );
      worker.on('completed', (job, result) => log.info({ queue: name, job: job.name, jobId: job.id, result }, 'job completed'));
      worker.on('failed', (job, err) => log.error({ queue: name, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err }, 'job failed'));
      worker.on('error', (err) => log.error({ queue: name, err }, 'worker error'));
      workers.push(worker);
    }
    for (const job of jobs) {
      if (!job.schedule) continue;
      await queues.get(job.queue)!.upsertJobScheduler(job.name, job.schedule, { name: job.name, opts: defaultJobOptions });
      log.info({ queue: job.queue, job: job.name, schedule: job.schedule }, 'job scheduler registered');
    }
    await Promise.all(workers.map((w) => w.waitUntilReady()));
  } catch (err) {
    await outbox?.close();
    await Promise.allSettled([
      ...workers.map((w) => w.close(true)),
      ...[...queues.values()].map((q) => q.close()),
      producer.close(),
      events.close(),
      clock?.close(),
    ]);
    connection.disconnect();
    await db.destroy();
    throw err;
  }
  log.info({ queues: queueNames, jobs: jobs.map((j) => j.name), prefix: config.REDIS_PREFIX }, 'worker started');

  let closing: Promise<void> | undefined;
  return {
    queues,
    workers,
    log,
    close(timeoutMs = 10_000) {
      closing ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), timeoutMs);
        });
        // worker.close() waits for running jobs and has no timeout of its own
        const outcome = await Promise.race([Promise.all(workers.map((w) => w.close())).then(() => 'closed' as const), timedOut]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
          log.warn({ timeoutMs }, 'jobs still running at shutdown: closing anyway (they will be retried)');
          await Promise.allSettled(workers.map((w) => w.close(true)));
        }
        // after the jobs: what they recorded last is delivered before the relay stops
        await outbox?.flush().catch(() => {});
        await outbox?.close();
        await Promise.allSettled([...[...queues.values()].map((q) => q.close()), producer.close(), events.close(), clock?.close()]);
        await connection.quit().catch(() => connection.disconnect());
        await db.destroy();
        log.info('worker stopped');
      })();
      return closing;
    },
  };
}
