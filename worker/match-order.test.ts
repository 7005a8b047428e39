import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createTestWorld, type TestWorld } from '../server/testing/harness.js';
import { seedFixtures, type Fixtures } from '../server/testing/fixtures.js';
import { PLACE_ORDER, itemId, prepareOrdering, windowAt } from '../server/orders/test-support.js';
import { QUEUES, matchJobId } from '../server/platform/jobs.js';
import { startWorker, type RunningWorker } from './worker.js';
import { nowMs } from '../server/platform/clock.js';

let world: TestWorld;
let fx: Fixtures;
let worker: RunningWorker | undefined;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
});
afterAll(async () => {
  await worker?.close();
  await world?.close();
});

async function place(code: string, day: number, hour: number) {
  const { placeOrder } = await world.ok(
    PLACE_ORDER,
    { input: { serviceItemId: String(await itemId(world, code)), ...windowAt(day, hour) } },
    fx.tokens.recipientA,
  );
  return Number(placeOrder.id);
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the matching worker', () => {
  it('matches orders placed through the API, urgent ones before those placed earlier', async () => {
    // both wait in the queue before any worker runs
    const routine = [await place('laundry', 1, 9), await place('shopping', 1, 11)];
    const urgent = await place('emergency_help', 1, 14);
    const isUrgent = await world.db.selectFrom('orders').select('is_urgent').where('id', '=', urgent).executeTakeFirstOrThrow();
    expect(isUrgent.is_urgent).toBe(true);

    worker = await startWorker(world.config, { log: pino({ level: 'silent' }) });
    const all = [...routine, urgent];
    const rows = await until(
      () => world.db.selectFrom('orders').select(['id', 'status', 'carer_id']).where('id', 'in', all).execute(),
      (r) => r.every((o) => o.status === 'dispatched'),
    );
    expect(rows.every((o) => o.carer_id === fx.carerA)).toBe(true);
    const takes = await world.db
      .selectFrom('order_events')
      .select(['order_id', 'id'])
      .where('action', '=', 'take')
      .where('order_id', 'in', all)
      .orderBy('id')
      .execute();
    expect(takes[0].order_id).toBe(urgent);
  });

  it('the sweep re-queues an order whose matching job was lost', async () => {
    const scheduler = await worker!.queues.get(QUEUES.maintenance)!.getJobScheduler('sweep-unmatched-orders');
    expect(scheduler).toMatchObject({ pattern: '30 * * * * *', name: 'sweep-unmatched-orders' });
    const matching = worker!.workers.find((w) => w.name === QUEUES.matching)!;
    await matching.pause();
    const id = await place('haircut', 2, 9);
    // lose the job, as if Redis had been down when the order was placed, and let time pass
    await worker!.queues.get(QUEUES.matching)!.remove(matchJobId(id, 0));
    await world.db
      .updateTable('orders')
      .set({ status_changed_at: new Date(nowMs() - 120_000) })
      .where('id', '=', id)
      .execute();
    matching.resume();
    await worker!.queues.get(QUEUES.maintenance)!.add('sweep-unmatched-orders', {});
    const row = await until(
      () => world.db.selectFrom('orders').select(['status']).where('id', '=', id).executeTakeFirstOrThrow(),
      (r) => r.status === 'dispatched',
    );
    expect(row.status).toBe('dispatched');
  });
});
