import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Job } from 'bullmq';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { addRecipients, seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { prepareOrdering } from '../orders/test-support.js';
import { serveOrder } from '../visits/test-support.js';
import { addDays, countyToday } from '../platform/county-time.js';
import { QUEUES } from '../platform/jobs.js';
import { startWorker, type RunningWorker } from '../../worker/worker.js';
import { quarterOf, SAMPLE_CATCH_UP_DAYS, SAMPLE_DUE_DAYS, scheduleByPolicy } from './policy.js';
import { scheduleReturnVisit } from './schedule.js';
import { addGridWorker, allReturnVisits, SCHEDULE } from './test-support.js';
import { now, nowMs } from '../platform/clock.js';

let world: TestWorld;
let fx: Fixtures;
let gridA: number;
let gridX: { id: number; token: string };
let gridY: { id: number; token: string };
let villageA2: number[];
let worker: RunningWorker | undefined;
const today = countyToday();
const tomorrow = addDays(today, 1);

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  gridA = (await world.db.selectFrom('users').select('id').where('username', '=', 'grida').executeTakeFirstOrThrow()).id;
  // two grid workers share village A2, where four active recipients live; a fifth is suspended
  gridX = await addGridWorker(world, 'grid.x', fx.townshipA, [fx.villageA2]);
  gridY = await addGridWorker(world, 'grid.y', fx.townshipA, [fx.villageA2]);
  villageA2 = await addRecipients(world, 4, { villageId: fx.villageA2, townshipId: fx.townshipA });
  await addRecipients(world, 1, { villageId: fx.villageA1, townshipId: fx.townshipA }, 'suspended');
});
afterAll(async () => {
  await worker?.close();
  await world?.close();
});

const visitsOf = (reason: string) => world.db.selectFrom('return_visits').selectAll().where('reason', '=', reason).orderBy('id').execute();
const md5 = (id: number) => createHash('md5').update(String(id)).digest('hex');
/** Active recipients still without a quarterly visit for the quarter of `date`. */
async function quarterlyMissing(date: string): Promise<number> {
  const { n } = await world.db
    .selectFrom('recipients as r')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('r.status', '=', 'active')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('return_visits as v').select('v.id').whereRef('v.recipient_id', '=', 'r.id').where('v.period', '=', quarterOf(date).period))),
    )
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Removes scheduled visits (with their events), as if they had never been scheduled. */
async function forgetVisits(reason: string, recipientId?: number): Promise<void> {
  let visits = world.db.selectFrom('return_visits').select('id').where('reason', '=', reason);
  if (recipientId !== undefined) visits = visits.where('recipient_id', '=', recipientId);
  await world.db.deleteFrom('return_visit_events').where('return_visit_id', 'in', visits).execute();
  await world.db.deleteFrom('return_visits').where('id', 'in', visits).execute();
}

describe('quarters', () => {
  it.each([
    ['2026-01-01', '2026Q1', '2026-03-31'],
    ['2026-05-31', '2026Q2', '2026-06-30'],
    ['2026-09-30', '2026Q3', '2026-09-30'],
    ['2026-11-23', '2026Q4', '2026-12-31'],
    ['2028-02-29', '2028Q1', '2028-03-31'],
  ])('%s is in %s, which ends on %s', (date, period, lastDay) => {
    expect(quarterOf(date)).toEqual({ period, lastDay });
  });
});

describe('scheduling by policy', () => {
  it('refuses everyone but a county admin, adding nothing', async () => {
    for (const who of ['townshipA', 'gridA', 'evaluator', 'dispatcherA'] as const) {
      expect(await world.errorCode(SCHEDULE, {}, fx.tokens[who]), who).toBe('FORBIDDEN');
    }
    expect(await world.errorCode(SCHEDULE)).toBe('UNAUTHENTICATED');
    expect(await allReturnVisits(world)).toEqual([]);
  });

  it('gives every active recipient a visit this quarter, judging the organisation that last served them', async () => {
    await serveOrder(world, fx, { until: 'confirmed', daysAhead: 1, hour: 8 });
    const { scheduleReturnVisits } = await world.ok(SCHEDULE, {}, fx.tokens.admin);
    expect(scheduleReturnVisits).toBe(6);

    const { period, lastDay } = quarterOf(today);
    const visits = await visitsOf('quarterly');
    expect(visits.map((v) => v.recipient_id).sort()).toEqual([fx.recipientA, fx.recipientB, ...villageA2].sort());
    expect(visits.every((v) => v.period === period && v.due_on === lastDay && v.status === 'scheduled')).toBe(true);
    const of = (recipient: number) => visits.find((v) => v.recipient_id === recipient)!;
    expect(of(fx.recipientA)).toMatchObject({ organisation_id: fx.orgA, village_id: fx.villageA1, assigned_to: gridA });
    // nobody has served B yet, and no grid worker covers B's village
    expect(of(fx.recipientB)).toMatchObject({ organisation_id: null, village_id: fx.villageB1, assigned_to: null });
    // one statement, four visits, two grid workers: two each, not all to one
    const shares = villageA2.map((r) => of(r).assigned_to);
    expect(shares.filter((u) => u === gridX.id)).toHaveLength(2);
    expect(shares.filter((u) => u === gridY.id)).toHaveLength(2);
  });

  it('adds nothing when run again', async () => {
    const before = await allReturnVisits(world);
    expect((await world.ok(SCHEDULE, {}, fx.tokens.admin)).scheduleReturnVisits).toBe(0);
    expect(await scheduleByPolicy(world.db, { samplePercent: 100 })).toBe(0);
    expect(await allReturnVisits(world)).toEqual(before);
  });

  it('samples the same share of the services confirmed on each past day, picked the same way every time', async () => {
    const confirmed = [(await world.db.selectFrom('orders').select('id').where('status', '=', 'confirmed').executeTakeFirstOrThrow()).id];
    for (const hour of [10, 12, 14, 16]) confirmed.push(await serveOrder(world, fx, { until: 'confirmed', daysAhead: 1, hour }));
    const unconfirmed = await serveOrder(world, fx, { until: 'completed', daysAhead: 1, hour: 18 });

    // run tomorrow, the services confirmed today are yesterday's: half of five, rounded up
    let quarterly = await quarterlyMissing(tomorrow);
    expect(await scheduleByPolicy(world.db, { samplePercent: 50, today: tomorrow })).toBe(3 + quarterly);
    const byHash = [...confirmed].sort((a, b) => md5(a).localeCompare(md5(b)) || a - b);
    let samples = await visitsOf('service_sample');
    expect(samples.map((v) => v.order_id).sort()).toEqual(byHash.slice(0, 3).sort());
    expect(
      samples.every(
        (v) =>
          v.recipient_id === fx.recipientA &&
          v.organisation_id === fx.orgA &&
          v.assigned_to === gridA &&
          v.due_on === addDays(tomorrow, SAMPLE_DUE_DAYS) &&
          v.period === null,
      ),
    ).toBe(true);
    expect(await scheduleByPolicy(world.db, { samplePercent: 50, today: tomorrow })).toBe(0);

    // a run days later still covers that day: a larger share tops it up, never with the unconfirmed service
    const later = addDays(today, 3);
    quarterly = await quarterlyMissing(later);
    expect(await scheduleByPolicy(world.db, { samplePercent: 100, today: later })).toBe(2 + quarterly);
    samples = await visitsOf('service_sample');
    expect(samples.map((v) => v.order_id).sort()).toEqual([...confirmed].sort());
    expect(samples.some((v) => v.order_id === unconfirmed)).toBe(false);
  });

  it('leaves services confirmed today, or longer ago than the catch-up days, alone', async () => {
    await forgetVisits('service_sample');
    expect(await scheduleByPolicy(world.db, { samplePercent: 100, today })).toBe(0);
    const tooLate = addDays(today, SAMPLE_CATCH_UP_DAYS + 2);
    const quarterly = await quarterlyMissing(tooLate);
    expect(await scheduleByPolicy(world.db, { samplePercent: 100, today: tooLate })).toBe(quarterly);
    expect(await visitsOf('service_sample')).toEqual([]);
  });
});

describe('scheduling one visit', () => {
  const scheduledOf = async (user: number) =>
    Number(
      (
        await world.db
          .selectFrom('return_visits')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('assigned_to', '=', user)
          .where('status', '=', 'scheduled')
          .executeTakeFirstOrThrow()
      ).n,
    );
  const complaint = async () =>
    (
      await world.db
        .insertInto('complaints')
        .values({
          recipient_id: villageA2[0],
          category: 'lateness',
          severity: 'normal',
          description: '迟到',
          channel: 'hotline',
          recorded_by: gridA,
          due_at: new Date(nowMs() + 86_400_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const finish = (user: number) =>
    world.db
      .updateTable('return_visits')
      .set({ status: 'done', answers: [5, 5, 5, 5, 5], done_at: now() })
      .where('assigned_to', '=', user)
      .where('status', '=', 'scheduled')
      .execute();

  it('gives it to the village grid worker with the fewest visits to do, once', async () => {
    await finish(gridY.id);
    expect(await scheduledOf(gridY.id)).toBeLessThan(await scheduledOf(gridX.id));
    const request = { recipientId: villageA2[0], reason: 'complaint' as const, dueOn: addDays(today, 3), complaintId: await complaint() };
    const id = await scheduleReturnVisit(world.db, request);
    expect(id).not.toBeNull();
    expect(await scheduleReturnVisit(world.db, request)).toBeNull();
    const visit = await world.db.selectFrom('return_visits').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();
    expect(visit).toMatchObject({ assigned_to: gridY.id, village_id: fx.villageA2, complaint_id: request.complaintId, organisation_id: null });
  });

  it('never gives it to an inactive grid worker, however few visits they have', async () => {
    await finish(gridX.id);
    await world.db.updateTable('users').set({ active: false }).where('id', '=', gridX.id).execute();
    expect(await scheduledOf(gridX.id)).toBeLessThan(await scheduledOf(gridY.id));
    const id = await scheduleReturnVisit(world.db, {
      recipientId: villageA2[1],
      reason: 'complaint',
      dueOn: addDays(today, 3),
      complaintId: await complaint(),
    });
    const visit = await world.db.selectFrom('return_visits').select('assigned_to').where('id', '=', id!).executeTakeFirstOrThrow();
    expect(visit.assigned_to).toBe(gridY.id);
  });
});

describe('the daily job', () => {
  async function settled(job: Job): Promise<string> {
    for (;;) {
      const state = await job.getState();
      if (state === 'completed' || state === 'failed') return state;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('is scheduled every night in county time and runs on demand, adding nothing twice', async () => {
    worker = await startWorker(world.config, { log: pino({ level: 'silent' }) });
    const queue = worker.queues.get(QUEUES.maintenance)!;
    expect(await queue.getJobScheduler('schedule-return-visits')).toMatchObject({
      pattern: '0 30 1 * * *',
      tz: 'Asia/Shanghai',
      name: 'schedule-return-visits',
    });
    await forgetVisits('quarterly', fx.recipientB);
    const first = await queue.add('schedule-return-visits', {});
    expect(await settled(first)).toBe('completed');
    expect((await queue.getJob(first.id!))?.returnvalue).toEqual({ added: 1 });
    const second = await queue.add('schedule-return-visits', {});
    expect(await settled(second)).toBe('completed');
    expect((await queue.getJob(second.id!))?.returnvalue).toEqual({ added: 0 });
  });
});
