import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Job } from 'bullmq';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { prepareOrdering } from '../orders/test-support.js';
import { countyYear } from '../platform/county-time.js';
import { setClockForTests } from '../platform/clock.js';
import { monthClosedMorning } from '../testing/instants.js';
import { QUEUES } from '../platform/jobs.js';
import { startWorker, type RunningWorker } from '../../worker/worker.js';
import { draftSettlementJobId } from './settlement-jobs.js';
import { expectLedgerConsistent, serveMonth, settlementState, insertScore, requestDraft, until } from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
let worker: RunningWorker;
const year = countyYear() + 1;
const [july, august, september] = ['07', '08', '09'].map((m) => `${year}-${m}`);

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  for (const month of [july, august, september]) {
    await serveMonth(world, { organisationId: fx.orgA, month, services: 5, recipientIds: [fx.recipientA, fx.recipientB], carerIds: [fx.carerA] });
  }
  await serveMonth(world, { organisationId: fx.orgB, month: august, services: 3, recipientIds: [fx.recipientB], carerIds: [fx.carerB] });
  // the next programme year is over and its months closed: they may be settled
  setClockForTests(monthClosedMorning(`${year}-12`));
  worker = await startWorker(world.config, { log: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await worker?.close();
  await world?.close();
});

/** Waits for a job to complete or fail, and returns which. */
const finished = (job: Job) =>
  until(
    () => job.getState(),
    (state) => state === 'completed' || state === 'failed',
    `job ${job.name}`,
    15_000,
  );

const maintenance = () => worker.queues.get(QUEUES.maintenance)!;

describe('the settlement jobs', () => {
  it('draft-settlement drafts the month it names once, however often it is enqueued', async () => {
    await insertScore(world.db, { organisationId: fx.orgA, month: july, grade: 'good', coefficient: '0.950' });
    await requestDraft(world.db, fx.orgA, july);
    await requestDraft(world.db, fx.orgA, july);
    const job = (await maintenance().getJob(draftSettlementJobId(fx.orgA, july)))!;
    expect(await finished(job)).toBe('completed');
    const statements = await world.db.selectFrom('settlements').selectAll().where('month', '=', `${july}-01`).execute();
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ organisation_id: fx.orgA, services: 5, run_by: null, status: 'draft' });
    expect((await maintenance().getJob(job.id!))?.returnvalue).toEqual({ settlementId: statements[0].id, services: 5 });
    await expectLedgerConsistent(world.db);
  });

  it('a job for a month not signed off fails at once, without retries, and writes nothing', async () => {
    await insertScore(world.db, { organisationId: fx.orgA, month: august, grade: 'good', coefficient: '0.950', status: 'draft' });
    const before = await settlementState(world.db);
    await requestDraft(world.db, fx.orgA, august);
    const job = (await maintenance().getJob(draftSettlementJobId(fx.orgA, august)))!;
    expect(await finished(job)).toBe('failed');
    const failed = (await maintenance().getJob(job.id!))!;
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/not signed off/);
    expect(await settlementState(world.db)).toEqual(before);
  });

  it('the daily sweep drafts every signed-off month without a statement, and nothing the second time', async () => {
    const scheduler = await maintenance().getJobScheduler('draft-pending-settlements');
    expect(scheduler).toMatchObject({ pattern: '0 0 5 * * *', tz: 'Asia/Shanghai' });
    await insertScore(world.db, { organisationId: fx.orgA, month: september, grade: 'pass', coefficient: '0.850' });
    await insertScore(world.db, { organisationId: fx.orgB, month: august, grade: 'excellent', coefficient: '1.000' });

    const first = await maintenance().add('draft-pending-settlements', {});
    expect(await finished(first)).toBe('completed');
    expect((await maintenance().getJob(first.id!))?.returnvalue).toEqual({ drafted: 2, refused: 0 });
    const drafted = await world.db.selectFrom('settlements').select(['organisation_id', 'month']).orderBy('id').execute();
    expect(drafted).toEqual([
      { organisation_id: fx.orgA, month: `${july}-01` },
      { organisation_id: fx.orgB, month: `${august}-01` },
      { organisation_id: fx.orgA, month: `${september}-01` },
    ]);
    // orgA's August score is still a draft: its services went to September's statement as leftovers
    const september_ = await world.db.selectFrom('settlements').select('services').where('month', '=', `${september}-01`).executeTakeFirstOrThrow();
    expect(september_.services).toBe(10);

    const before = await settlementState(world.db);
    const second = await maintenance().add('draft-pending-settlements', {});
    expect(await finished(second)).toBe('completed');
    expect((await maintenance().getJob(second.id!))?.returnvalue).toEqual({ drafted: 0, refused: 0 });
    expect(await settlementState(world.db)).toEqual(before);
    await expectLedgerConsistent(world.db);
  });
});
