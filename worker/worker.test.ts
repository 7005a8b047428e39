import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Job } from 'bullmq';
import { createTestWorld, type TestWorld } from '../server/testing/harness.js';
import { deleteRedisPrefix } from '../server/platform/redis.js';
import { QUEUES } from './queues.js';
import { startWorker, type RunningWorker } from './worker.js';

let world: TestWorld;
let worker: RunningWorker | undefined;
const prefix = `nuanxin_test_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(async () => {
  await worker?.close();
  await deleteRedisPrefix(world.redis, prefix);
  await world?.close();
});

async function settled(job: Job, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') return state;
    if (Date.now() > until) throw new Error(`job ${job.name} still ${state}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('worker', () => {
  it('registers the daily session purge and runs it on demand', async () => {
    worker = await startWorker({ ...world.config, REDIS_PREFIX: prefix }, { log: pino({ level: 'silent' }) });
    const queue = worker.queues.get(QUEUES.maintenance)!;
    const scheduler = await queue.getJobScheduler('purge-expired-sessions');
    expect(scheduler).toMatchObject({ pattern: '0 30 3 * * *', tz: 'Asia/Shanghai', name: 'purge-expired-sessions' });

    const user = await world.db
      .insertInto('users')
      .values({ username: 'worker.test', password_hash: 'x', display_name: 'w', role: 'finance' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const day = 86_400_000;
    await world.db
      .insertInto('sessions')
      .values([
        { user_id: user.id, token_digest: 'expired-long-ago', expires_at: new Date(Date.now() - 3 * day) },
        { user_id: user.id, token_digest: 'expired-just-now', expires_at: new Date(Date.now() - 1000) },
        { user_id: user.id, token_digest: 'live', expires_at: new Date(Date.now() + day) },
      ])
      .execute();

    const job = await queue.add('purge-expired-sessions', {});
    expect(await settled(job)).toBe('completed');
    expect((await queue.getJob(job.id!))?.returnvalue).toEqual({ deleted: 1 });
    const left = await world.db.selectFrom('sessions').select('token_digest').where('user_id', '=', user.id).orderBy('token_digest').execute();
    expect(left.map((s) => s.token_digest)).toEqual(['expired-just-now', 'live']);
  });

  it('fails a job it has no handler for', async () => {
    const queue = worker!.queues.get(QUEUES.maintenance)!;
    const job = await queue.add('no-such-job', {}, { attempts: 1 });
    expect(await settled(job)).toBe('failed');
    expect((await queue.getJob(job.id!))?.failedReason).toMatch(/no handler for job "no-such-job"/);
  });

  it('closes cleanly, and closing twice is harmless', async () => {
    const started = Date.now();
    await Promise.all([worker!.close(), worker!.close()]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(worker!.workers.every((w) => w.closing !== undefined)).toBe(true);
  });
});
