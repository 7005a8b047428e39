import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { pino } from 'pino';
import type { Job, Queue } from 'bullmq';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { prepareOrdering } from '../orders/test-support.js';
import { transition } from '../orders/transitions.js';
import { systemActor } from '../platform/lifecycle.js';
import { QUEUES } from '../platform/jobs.js';
import { sqlNow } from '../platform/clock.js';
import { deleteRedisPrefix } from '../platform/redis.js';
import { startWorker, type RunningWorker } from '../../worker/worker.js';
import { autoConfirmServices } from './auto-confirm.js';
import { nextSlot, serveOrder } from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
let worker: RunningWorker | undefined;
const prefix = `nuanxin_test_${randomBytes(4).toString('hex')}`;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
});
afterAll(async () => {
  await worker?.close();
  await deleteRedisPrefix(world.redis, prefix);
  await world?.close();
});

const HOURS = 72;
const completed = () => serveOrder(world, fx, { until: 'completed', ...nextSlot() });
/** As if the order had been completed `hours` ago. */
const completedAgo = (id: number, hours: number) =>
  world.db
    .updateTable('orders')
    .set({ status_changed_at: sql`${sqlNow()} - make_interval(hours => ${hours})` })
    .where('id', '=', id)
    .execute();
const statusOf = async (id: number) => (await world.db.selectFrom('orders').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

describe('automatic confirmation', () => {
  it('confirms completed services older than the period, and nothing else, once', async () => {
    const [due, recent, disputed] = [await completed(), await completed(), await completed()];
    await completedAgo(due, HOURS + 1);
    await completedAgo(recent, HOURS - 1);
    await world.db.transaction().execute((trx) => transition(trx, disputed, 'dispute', systemActor, { reason: '没来' }));
    await completedAgo(disputed, HOURS + 1);

    const confirmed = await autoConfirmServices(world.db, HOURS);
    expect(confirmed.map((o) => [o.id, o.status])).toEqual([[due, 'confirmed']]);
    expect([await statusOf(recent), await statusOf(disputed)]).toEqual(['completed', 'disputed']);

    const event = await world.db.selectFrom('order_events').selectAll().where('order_id', '=', due).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      action: 'confirm',
      from_status: 'completed',
      to_status: 'confirmed',
      actor_id: null,
      channel: 'system',
      data: { automatic: true },
    });
    const visit = await world.db
      .selectFrom('visits')
      .select(['confirmed_via', 'confirmed_by', 'confirmed_at'])
      .where('order_id', '=', due)
      .executeTakeFirstOrThrow();
    expect(visit).toMatchObject({ confirmed_via: 'automatic', confirmed_by: null });
    expect(visit.confirmed_at).not.toBeNull();

    // idempotent: a second run finds nothing and writes nothing
    const events = await world.db
      .selectFrom('order_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(await autoConfirmServices(world.db, HOURS)).toEqual([]);
    expect(
      await world.db
        .selectFrom('order_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual(events);
  });

  it('takes at most a batch per statement', async () => {
    const ids = [await completed(), await completed(), await completed()];
    for (const id of ids) await completedAgo(id, HOURS + 2);
    expect((await autoConfirmServices(world.db, HOURS, 2)).map((o) => o.id)).toEqual(ids.slice(0, 2));
    expect((await autoConfirmServices(world.db, HOURS, 2)).map((o) => o.id)).toEqual(ids.slice(2));
  });

  it('runs in the worker every ten minutes', async () => {
    const id = await completed();
    await completedAgo(id, HOURS + 1);
    worker = await startWorker({ ...world.config, REDIS_PREFIX: prefix }, { log: pino({ level: 'silent' }) });
    const queue = worker.queues.get(QUEUES.maintenance)!;
    expect(await queue.getJobScheduler('auto-confirm-services')).toMatchObject({ pattern: '0 */10 * * * *', tz: 'Asia/Shanghai' });
    const job = await queue.add('auto-confirm-services', {});
    expect(await finished(queue, job)).toEqual({ confirmed: 1 });
    expect(await statusOf(id)).toBe('confirmed');
  });
});

/** The job's result once the worker has run it. */
async function finished(queue: Queue, job: Job): Promise<unknown> {
  for (let i = 0; i < 200; i++) {
    const state = await job.getState();
    if (state === 'completed') return (await queue.getJob(job.id!))?.returnvalue;
    if (state === 'failed') throw new Error(`job failed: ${(await queue.getJob(job.id!))?.failedReason}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job did not finish');
}
