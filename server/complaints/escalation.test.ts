import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { pino } from 'pino';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { createJobs, QUEUES, type Jobs } from '../platform/jobs.js';
import { createEventBus, type EventBus } from '../platform/events.js';
import { startWorker, type RunningWorker } from '../../worker/worker.js';
import { escalateComplaintJob, sweepOverdueComplaintsJob } from '../../worker/jobs/escalate-complaints.js';
import type { JobContext } from '../../worker/queues.js';
import { escalationJobId, type EscalateComplaintJob } from './escalation.js';
import type { ComplaintStatus } from './complaint-lifecycle.js';
import { outboxDelivered } from '../testing/outbox.js';
import { sqlNow } from '../platform/clock.js';
import { ANSWER, ASSIGN, CLOSE, RECORD, VERIFY, hotlineInput } from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
let jobs: Jobs;
let events: EventBus;
let worker: RunningWorker | undefined;
const HOUR = 3_600_000;

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  jobs = createJobs(world.redis, world.config.REDIS_PREFIX);
  events = createEventBus(world.config.REDIS_URL, world.config.REDIS_PREFIX);
});
afterAll(async () => {
  await worker?.close();
  await Promise.all([jobs?.close(), events?.close()]);
  await world?.close();
});

const context = (): JobContext => ({ db: world.db, config: world.config, log: pino({ level: 'silent' }), events, jobs });
const run = (data: EscalateComplaintJob) => escalateComplaintJob.run(data, context(), undefined as never);
const sweep = () => sweepOverdueComplaintsJob.run({}, context(), undefined as never);
const maintenance = () => jobs.queue(QUEUES.maintenance);

async function record(severity = 'URGENT'): Promise<number> {
  return Number((await world.ok(RECORD, { input: hotlineInput(fx, { severity }) }, fx.tokens.hotline)).recordComplaint.id);
}
const ticket = (id: number) =>
  world.db.selectFrom('complaints').select(['status', 'escalation_level', 'due_at']).where('id', '=', id).executeTakeFirstOrThrow();
const escalations = (id: number) =>
  world.db.selectFrom('complaint_events').selectAll().where('complaint_id', '=', id).where('action', '=', 'escalate').orderBy('id').execute();
/** Moves the ticket's deadline a minute into the past, as if the step had been left waiting. */
const miss = (id: number) => sql`update complaints set due_at = ${sqlNow()} - interval '1 minute' where id = ${id}`.execute(world.db);

/** The delayed job of a ticket's deadline, checked to fire at due_at. */
async function expectDelayedJob(id: number, status: ComplaintStatus, level: number) {
  await outboxDelivered(world.db);
  const job = await maintenance().getJob(escalationJobId(id, status, level));
  expect(job, `job ${escalationJobId(id, status, level)}`).toBeDefined();
  expect(job!.name).toBe('escalate-complaint');
  expect(job!.data).toEqual({ complaintId: id, status, level });
  expect(await job!.getState()).toBe('delayed');
  const { due_at: dueAt } = await ticket(id);
  // enqueued with delay = due_at − now: it fires at the deadline, give or take the enqueue itself
  expect(Math.abs(job!.timestamp + job!.opts.delay! - dueAt!.getTime())).toBeLessThan(5_000);
  return job!;
}

describe('enqueuing escalations', () => {
  it('enqueues a delayed job for the deadline of each step the ticket enters, none once closed', async () => {
    const id = await record('URGENT');
    const first = await expectDelayedJob(id, 'recorded', 0);
    expect(first.opts.delay).toBeGreaterThan(HOUR - 60_000);
    expect(first.opts.delay).toBeLessThanOrEqual(HOUR);
    await world.ok(ASSIGN, { id, organisationId: String(fx.orgA) }, fx.tokens.hotline);
    expect((await expectDelayedJob(id, 'assigned', 0)).opts.delay).toBeGreaterThan(24 * HOUR - 60_000);
    await world.ok(VERIFY, { id, upheld: false, findings: 'Checked.' }, fx.tokens.dispatcherA);
    await expectDelayedJob(id, 'verified', 0);
    await world.ok(ANSWER, { id, answer: 'Told them.' }, fx.tokens.hotline);
    await expectDelayedJob(id, 'answered', 0);
    const before = await maintenance().getJobCounts('delayed');
    await world.ok(CLOSE, { id }, fx.tokens.hotline);
    expect(await maintenance().getJobCounts('delayed')).toEqual(before);
  });
});

describe('the escalation job, run by the worker', () => {
  it('escalates a ticket past its deadline and enqueues the next escalation', async () => {
    worker = await startWorker(world.config, { log: pino({ level: 'silent' }) });
    expect(await worker.queues.get(QUEUES.maintenance)!.getJobScheduler('escalate-overdue-complaints')).toMatchObject({
      pattern: '0 */15 * * * *',
      tz: 'Asia/Shanghai',
    });
    const id = await record('URGENT');
    const job = await expectDelayedJob(id, 'recorded', 0);
    await miss(id);
    await job.promote();
    const deadline = Date.now() + 10_000;
    while ((await ticket(id)).escalation_level === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

    const [escalation] = await escalations(id);
    expect(escalation).toMatchObject({ from_status: 'recorded', to_status: 'recorded', actor_id: null, reason: 'Deadline missed: escalated to level 1' });
    const now = await ticket(id);
    expect(now).toMatchObject({ status: 'recorded', escalation_level: 1 });
    // the step gets its time (an hour, urgent) again, from now since the deadline had passed
    expect(now.due_at!.getTime() - escalation.at.getTime()).toBe(HOUR);
    await expectDelayedJob(id, 'recorded', 1);
    await worker.close();
    worker = undefined;
  });
});

describe('the escalation job, run directly', () => {
  it('escalates once however often it runs', async () => {
    const id = await record('HIGH');
    await miss(id);
    expect(await run({ complaintId: id, status: 'recorded', level: 0 })).toEqual({ escalated: true });
    expect(await run({ complaintId: id, status: 'recorded', level: 0 })).toEqual({ escalated: false });
    expect(await escalations(id)).toHaveLength(1);
    expect(await ticket(id)).toMatchObject({ escalation_level: 1 });
    // a job of an earlier level (a duplicate delivered late) escalates nothing, even when overdue again
    await miss(id);
    expect(await run({ complaintId: id, status: 'recorded', level: 0 })).toEqual({ escalated: false });
    expect(await escalations(id)).toHaveLength(1);
    await sql`update complaints set due_at = ${sqlNow()} + interval '1 hour' where id = ${id}`.execute(world.db);
  });

  it('leaves a ticket alone that moved on to its next step or is not yet due', async () => {
    const movedOn = await record('URGENT');
    await world.ok(ASSIGN, { id: movedOn, townshipId: String(fx.townshipA) }, fx.tokens.hotline);
    await miss(movedOn);
    expect(await run({ complaintId: movedOn, status: 'recorded', level: 0 })).toEqual({ escalated: false });
    const notDue = await record('URGENT');
    expect(await run({ complaintId: notDue, status: 'recorded', level: 0 })).toEqual({ escalated: false });
    for (const id of [movedOn, notDue]) {
      expect(await ticket(id)).toMatchObject({ escalation_level: 0 });
      expect(await escalations(id)).toEqual([]);
    }
    await sql`update complaints set due_at = ${sqlNow()} + interval '1 hour' where id = ${movedOn}`.execute(world.db);
  });

  it('keeps escalating up to level 3, then stops', async () => {
    const id = await record('LOW');
    for (const level of [0, 1, 2]) {
      await miss(id);
      expect(await run({ complaintId: id, status: 'recorded', level })).toEqual({ escalated: true });
      if (level < 2) await expectDelayedJob(id, 'recorded', level + 1);
    }
    await outboxDelivered(world.db);
    expect(await maintenance().getJob(escalationJobId(id, 'recorded', 3))).toBeUndefined();
    await miss(id);
    expect(await run({ complaintId: id, status: 'recorded', level: 3 })).toEqual({ escalated: false });
    expect(await sweep()).toEqual({ escalated: 0 });
    expect(await ticket(id)).toMatchObject({ escalation_level: 3 });
    expect((await escalations(id)).map((e) => e.reason)).toEqual([1, 2, 3].map((n) => `Deadline missed: escalated to level ${n}`));
    await sql`update complaints set due_at = ${sqlNow()} + interval '1 hour' where id = ${id}`.execute(world.db);
  });
});

describe('the sweep', () => {
  it('escalates overdue tickets whose job was lost, once, and enqueues their next escalation', async () => {
    const lost = [await record('NORMAL'), await record('HIGH')];
    await world.ok(ASSIGN, { id: lost[1], organisationId: String(fx.orgA) }, fx.tokens.hotline);
    for (const [id, status] of [
      [lost[0], 'recorded'],
      [lost[1], 'assigned'],
    ] as const) {
      await maintenance().remove(escalationJobId(id, status, 0));
      await miss(id);
    }
    expect(await sweep()).toEqual({ escalated: 2 });
    expect(await sweep()).toEqual({ escalated: 0 });
    expect(await ticket(lost[0])).toMatchObject({ status: 'recorded', escalation_level: 1 });
    expect(await ticket(lost[1])).toMatchObject({ status: 'assigned', escalation_level: 1 });
    await expectDelayedJob(lost[0], 'recorded', 1);
    await expectDelayedJob(lost[1], 'assigned', 1);
    // an escalated ticket's next step starts from its level: the job id stays unique
    await world.ok(ASSIGN, { id: lost[0], organisationId: String(fx.orgA) }, fx.tokens.hotline);
    await expectDelayedJob(lost[0], 'assigned', 1);
  });
});
