// Scoring a month on real data: a hand-computed month for orgA, an organisation with a
// contract and no services (orgB), rescoring, signed-off scores left alone, the worker's job,
// who sees what, and the refusals (a month not over, or with services unfinished, among them).
// The month is last month on an ordinary morning: over, and its services confirmed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { pino } from 'pino';
import type { Job } from 'bullmq';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { prepareOrdering } from '../orders/test-support.js';
import type { OrganisationScore } from '../db/rows.js';
import { jobNamed, type JobContext } from '../../worker/queues.js';
import { scorePreviousMonthJob } from '../../worker/jobs/score-month.js';
import { addMonths, currentCountyMonth, parseMonth, previousCountyMonth } from './months.js';
import { setClockForTests } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';
import { policyNumbers } from './policies.js';
import { scoreOf } from './score-rules.js';
import {
  SCORE,
  SCORES,
  SCORE_MONTH,
  SIGN_OFF,
  expectRefused,
  midMonth,
  rate,
  recordAccepted,
  returnVisitDone,
  serveMonth,
  snapshot,
  storedScore,
  verifiedComplaint,
} from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
setClockForTests(ORDINARY_MORNING);
const month = previousCountyMonth();
const monthBefore = addMonths(month, -1);
let served: number[];
let servedBefore: number[];
const CLOSING = `query($month: String!) { monthClosing(month: $month) { month lastDay over unfinishedServices closable } }`;

/** The stored score says what score-rules says for its facts and policy. */
async function expectRulesAgree(s: OrganisationScore): Promise<void> {
  const policy = await world.db.selectFrom('scoring_policies').selectAll().where('version', '=', s.policy_version).executeTakeFirstOrThrow();
  const num = (v: string | null) => (v === null ? null : Number(v));
  const expected = scoreOf(
    {
      servicesAccepted: s.services_accepted,
      servicesDelivered: s.services_delivered,
      plannedServices: s.planned_services,
      verifiedMinutes: s.verified_minutes,
      standardMinutes: s.standard_minutes,
      ratingAverage: num(s.rating_average),
      satisfactionAverage: num(s.satisfaction_average),
      upheldComplaints: s.upheld_complaints,
    },
    policyNumbers(policy),
  );
  expect({
    duration: Number(s.duration_score),
    volume: Number(s.volume_score),
    quality: Number(s.quality_score),
    computed: Number(s.computed_score),
    grade: s.grade,
    coefficient: Number(s.coefficient),
  }).toEqual(expected);
}

/** Another order of the same recipient, item, organisation and carer, three hours later the same day, in `status` (no visit); returns its id. */
async function orderLike(orderId: number, status: string): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    insert into orders (recipient_id, service_item_id, quantity, unit_price_fen, amount_fen, budget_year, channel, placed_by,
                        caller_phone, window_start, window_end, place_address, status, organisation_id, carer_id, village_id)
    select recipient_id, service_item_id, quantity, unit_price_fen, amount_fen, budget_year, channel, placed_by,
           caller_phone, window_start + interval '3 hours', window_end + interval '3 hours', place_address, ${status}, organisation_id, carer_id, village_id
      from orders where id = ${orderId}
    returning id`.execute(world.db);
  return rows[0].id;
}

/** What the missed-visit sweep leaves: the order missed, and its 'miss' event just after the window. */
async function markMissed(orderIds: number[]): Promise<void> {
  await sql`
    with o as (
      update orders o set status = 'missed' where o.id = any(${orderIds}::int[])
      returning o.id, o.window_end)
    insert into order_events (order_id, action, from_status, to_status, channel, at)
    select o.id, 'miss', 'accepted', 'missed', 'system', o.window_end + interval '15 minutes' from o`.execute(world.db);
}

const allScores = () => world.db.selectFrom('organisation_scores').selectAll().orderBy('id').execute();

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  // orgA, the month: 11 services of 60 standard minutes
  served = await serveMonth(world, fx, fx.orgA, month, 11);
  // the 10th was flagged and never made countable; the 11th is disputed, not confirmed
  await sql`update visits set countable = false where order_id = ${served[9]}`.execute(world.db);
  await sql`update orders set status = 'disputed' where id = ${served[10]}`.execute(world.db);
  // the carer accepted the first ten
  await recordAccepted(world, served.slice(0, 10));
  // four of the nine delivered took half their standard time: 5 × 60 + 4 × 30 = 420 of 540
  await sql`update visits set duration_minutes = 30 where order_id = any(${served.slice(5, 9)}::int[])`.execute(world.db);
  // the county plans 12 services a month from orgA
  await sql`update contracts set monthly_service_plan = 12 where id = ${fx.contractA}`.execute(world.db);
  // ratings 5, 4, 4 (mean 4.33); the flagged service's 1 star does not count
  await rate(world, [
    [served[0], 5],
    [served[1], 4],
    [served[2], 4],
    [served[9], 1],
  ]);
  // return visits 4.5 and 3.5 (mean 4.00); one still scheduled does not count
  await returnVisitDone(world, served[3], [5, 4], midMonth(month));
  await returnVisitDone(world, served[4], [4, 3], midMonth(month));
  await returnVisitDone(world, served[5], [], midMonth(month), 'scheduled');
  // one complaint upheld in the month; one not upheld; one upheld the month before
  await verifiedComplaint(world, fx.orgA, true, midMonth(month));
  await verifiedComplaint(world, fx.orgA, false, midMonth(month, 11));
  await verifiedComplaint(world, fx.orgA, true, midMonth(monthBefore));
  // orgA, the month before: three services, which must not count in the month
  servedBefore = await serveMonth(world, fx, fx.orgA, monthBefore, 3);
});
afterAll(() => world?.close());

describe('scoreMonth', () => {
  it('scores every organisation of the month with hand-checked numbers', async () => {
    const { scoreMonth } = await world.ok(SCORE_MONTH, { month }, fx.tokens.evaluator);
    expect(scoreMonth.map((s: { organisation: { id: string } }) => s.organisation.id)).toEqual([String(fx.orgA), String(fx.orgB)]);
    const [a, b] = scoreMonth;
    expect(a).toMatchObject({
      month: month,
      policy: { version: 1 },
      status: 'DRAFT',
      servicesAccepted: 10,
      servicesDelivered: 9,
      plannedServices: 12,
      verifiedMinutes: 420,
      standardMinutes: 540,
      ratingCount: 3,
      ratingAverage: 4.33,
      returnVisitCount: 2,
      satisfactionAverage: 4,
      upheldComplaints: 1,
      // 100 × 420/540; 100 × (0.5 × 9/10 + 0.5 × 9/12); (86.6 + 80)/2 − 5
      durationScore: 77.78,
      volumeScore: 82.5,
      qualityScore: 78.3,
      // (30 × 77.78 + 30 × 82.5 + 40 × 78.3) / 100 = 79.404
      computedScore: 79.4,
      adjustedScore: null,
      finalScore: 79.4,
      grade: 'PASS',
      coefficient: 0.85,
      sample: [],
      events: [{ action: 'compute', fromScore: null, toScore: 79.4, justification: '', actorName: 'evaluator' }],
    });
    // a contract and nothing served: no duration or volume to show, neutral quality
    expect(b).toMatchObject({
      servicesAccepted: 0,
      servicesDelivered: 0,
      plannedServices: null,
      verifiedMinutes: 0,
      standardMinutes: 0,
      ratingCount: 0,
      ratingAverage: null,
      returnVisitCount: 0,
      satisfactionAverage: null,
      upheldComplaints: 0,
      durationScore: 0,
      volumeScore: 0,
      qualityScore: 80,
      computedScore: 32,
      grade: 'FAIL',
      coefficient: 0.7,
    });
    for (const s of await allScores()) await expectRulesAgree(s);
  });

  it('changes nothing when run again on the same facts', async () => {
    const before = await snapshot(world);
    await world.ok(SCORE_MONTH, { month }, fx.tokens.admin);
    expect(await snapshot(world)).toEqual(before);
  });

  it('recomputes a draft whose facts changed, with a recompute event', async () => {
    await rate(world, [[served[3], 1]]);
    const { scoreMonth } = await world.ok(SCORE_MONTH, { month }, fx.tokens.admin);
    // ratings 5, 4, 4, 1 → 3.5: quality (70 + 80)/2 − 5 = 70; (2333.4 + 2475 + 2800)/100 = 76.084
    expect(scoreMonth[0]).toMatchObject({ ratingCount: 4, ratingAverage: 3.5, qualityScore: 70, computedScore: 76.08, grade: 'PASS' });
    expect(scoreMonth[0].events).toMatchObject([
      { action: 'compute', toScore: 79.4 },
      { action: 'recompute', fromScore: 79.4, toScore: 76.08, actorName: 'admin' },
    ]);
    expect(scoreMonth[1].events).toHaveLength(1);
    for (const s of await allScores()) await expectRulesAgree(s);
  });

  it('counts a missed visit against the volume, among the accepted ones, and shows it', async () => {
    const earlier = addMonths(month, -2);
    const [first] = await serveMonth(world, fx, fx.orgB, earlier, 2);
    // a third order of orgB that month that nobody came for (taken, never accepted)
    await markMissed([await orderLike(first, 'accepted')]);
    const { scoreMonth } = await world.ok(SCORE_MONTH, { month: earlier }, fx.tokens.evaluator);
    const b = scoreMonth.find((s: { organisation: { id: string } }) => s.organisation.id === String(fx.orgB));
    // 100 × 2 delivered / 3 accepted (2 delivered and the missed one)
    expect(b).toMatchObject({ servicesAccepted: 3, servicesDelivered: 2, servicesMissed: 1, volumeScore: 66.67 });
    expect((await storedScore(world, fx.orgB, earlier)).services_missed).toBe(1);
  });

  it('is refused while a service of the month is unfinished, and scores the month once each has ended', async () => {
    const open = addMonths(month, -3);
    const [first] = await serveMonth(world, fx, fx.orgB, open, 2);
    // completed and waiting for its confirmation; accepted, and its window not yet over when the month ended
    const unfinished = [await orderLike(first, 'completed'), await orderLike(first, 'accepted')];
    expect(await world.ok(CLOSING, { month: open }, fx.tokens.finance)).toEqual({
      monthClosing: { month: open, lastDay: parseMonth(open).lastDay, over: true, unfinishedServices: 2, closable: false },
    });
    expect(await expectRefused(world, 'CONFLICT', SCORE_MONTH, { month: open }, fx.tokens.evaluator)).toMatchObject({
      reason: 'MONTH_HAS_OPEN_SERVICES',
      month: open,
      openServices: 2,
    });
    // what auto-confirmation and the missed-visit sweep do with time
    await sql`update orders set status = 'confirmed' where id = ${unfinished[0]}`.execute(world.db);
    await markMissed([unfinished[1]]);
    expect((await world.ok(CLOSING, { month: open }, fx.tokens.evaluator)).monthClosing).toMatchObject({ unfinishedServices: 0, closable: true });
    const { scoreMonth } = await world.ok(SCORE_MONTH, { month: open }, fx.tokens.evaluator);
    expect(scoreMonth.find((s: { organisation: { id: string } }) => s.organisation.id === String(fx.orgB))).toMatchObject({
      servicesDelivered: 2,
      servicesMissed: 1,
    });
  });

  it("refuses to sign off while a service of the score's organisation is unfinished, whatever the other organisations'", async () => {
    const m = addMonths(month, -4);
    await serveMonth(world, fx, fx.orgA, m, 2);
    const [b] = await serveMonth(world, fx, fx.orgB, m, 1);
    await world.ok(SCORE_MONTH, { month: m }, fx.tokens.evaluator);
    // found unfinished after the scoring (as a draft scored before the rule existed would be)
    await sql`update orders set status = 'completed' where id = ${b}`.execute(world.db);
    const scoreB = await storedScore(world, fx.orgB, m);
    expect(await expectRefused(world, 'CONFLICT', SIGN_OFF, { id: String(scoreB.id) }, fx.tokens.evaluator)).toMatchObject({
      reason: 'MONTH_HAS_OPEN_SERVICES',
      openServices: 1,
      organisationId: fx.orgB,
    });
    const scoreA = await storedScore(world, fx.orgA, m);
    expect((await world.ok(SIGN_OFF, { id: String(scoreA.id) }, fx.tokens.evaluator)).signOffScore).toMatchObject({ status: 'SIGNED_OFF' });
    await sql`update orders set status = 'confirmed' where id = ${b}`.execute(world.db);
  });

  it('tells who closes months where one stands, and nobody else', async () => {
    const current = currentCountyMonth();
    expect((await world.ok(CLOSING, { month: current }, fx.tokens.admin)).monthClosing).toMatchObject({ month: current, over: false, closable: false });
    expect((await world.ok(CLOSING, { month: addMonths(current, 2) }, fx.tokens.evaluator)).monthClosing).toMatchObject({
      over: false,
      unfinishedServices: 0,
      closable: false,
    });
    for (const who of ['dispatcherA', 'hotline', 'carerA', 'recipientA', 'gridA', 'townshipA'] as const) {
      expect(await world.errorCode(CLOSING, { month }, fx.tokens[who])).toBe('FORBIDDEN');
    }
    expect(await world.errorCode(CLOSING, { month: '2027-3' }, fx.tokens.evaluator)).toBe('BAD_USER_INPUT');
  });

  it('never changes a signed-off score', async () => {
    const b = await storedScore(world, fx.orgB, month);
    await world.ok(SIGN_OFF, { id: String(b.id) }, fx.tokens.evaluator);
    const signed = await storedScore(world, fx.orgB, month);
    const events = await world.db.selectFrom('score_events').selectAll().where('score_id', '=', b.id).execute();
    await verifiedComplaint(world, fx.orgB, true, midMonth(month));
    await world.ok(SCORE_MONTH, { month }, fx.tokens.evaluator);
    expect(await storedScore(world, fx.orgB, month)).toEqual(signed);
    expect(await world.db.selectFrom('score_events').selectAll().where('score_id', '=', b.id).execute()).toEqual(events);
  });

  it('is refused for a month not over, not begun or written wrong, and to other roles', async () => {
    for (const notOver of [currentCountyMonth(), addMonths(currentCountyMonth(), 1)]) {
      expect(await expectRefused(world, 'BAD_USER_INPUT', SCORE_MONTH, { month: notOver }, fx.tokens.evaluator)).toMatchObject({
        reason: 'MONTH_NOT_OVER',
        month: notOver,
      });
    }
    await expectRefused(world, 'BAD_USER_INPUT', SCORE_MONTH, { month: '2026-13' }, fx.tokens.evaluator);
    await expectRefused(world, 'BAD_USER_INPUT', SCORE_MONTH, { month: '2026-3' }, fx.tokens.admin);
    for (const who of ['finance', 'dispatcherA', 'hotline', 'carerA', 'recipientA'] as const) {
      await expectRefused(world, 'FORBIDDEN', SCORE_MONTH, { month }, fx.tokens[who]);
    }
  });
});

describe('the worker', () => {
  const ctx = () => ({ db: world.db, config: world.config, log: pino({ level: 'silent' }) }) as unknown as JobContext;

  // at 02:00 on the 4th of the month: its previous one is `monthBefore`
  const onTheFourth = `${month}-04T02:00:00+08:00`;

  it('tries to score the previous county month early on each of the first ten days', () => {
    expect(jobNamed('score-previous-month')).toMatchObject({ queue: 'maintenance', schedule: { pattern: '0 0 2 1-10 * *', tz: 'Asia/Shanghai' } });
  });

  it('waits, scoring nothing, while a service of the month is unfinished', async () => {
    setClockForTests(onTheFourth);
    const waiting = await orderLike(servedBefore[0], 'completed');
    const before = await snapshot(world);
    expect(await scorePreviousMonthJob.run({}, ctx(), {} as Job)).toEqual({
      month: monthBefore,
      scores: 0,
      notClosed: { reason: 'MONTH_HAS_OPEN_SERVICES', openServices: 1 },
    });
    expect(await snapshot(world)).toEqual(before);
    // the recipient never confirmed, nor disputed: a cancelled order changes none of the month's facts
    await sql`update orders set status = 'cancelled' where id = ${waiting}`.execute(world.db);
  });

  it('scores last month once it is closed, and running twice changes nothing', async () => {
    setClockForTests(onTheFourth);
    const result = await scorePreviousMonthJob.run({}, ctx(), {} as Job);
    const a = await storedScore(world, fx.orgA, monthBefore);
    expect(result.month).toBe(monthBefore);
    expect(a).toMatchObject({ services_delivered: 3, services_accepted: 3, verified_minutes: 180, upheld_complaints: 1, status: 'draft' });
    await expectRulesAgree(a);
    const events = await world.db.selectFrom('score_events').selectAll().where('score_id', '=', a.id).execute();
    expect(events).toMatchObject([{ action: 'compute', actor_id: null }]);
    const before = await snapshot(world);
    await scorePreviousMonthJob.run({}, ctx(), {} as Job);
    expect(await snapshot(world)).toEqual(before);
    setClockForTests(ORDINARY_MORNING);
  });
});

describe('who sees scores', () => {
  it('shows evaluators, county admins and finance every score, a dispatcher only their own', async () => {
    for (const who of ['evaluator', 'admin', 'finance'] as const) {
      const { organisationScores } = await world.ok(SCORES, { month }, fx.tokens[who]);
      expect(organisationScores.map((s: { organisation: { id: string } }) => s.organisation.id)).toEqual([String(fx.orgA), String(fx.orgB)]);
    }
    const { organisationScores } = await world.ok(SCORES, { month }, fx.tokens.dispatcherB);
    expect(organisationScores.map((s: { organisation: { id: string } }) => s.organisation.id)).toEqual([String(fx.orgB)]);
    const a = await storedScore(world, fx.orgA, month);
    const { organisationScore } = await world.ok(SCORE, { id: String(a.id) }, fx.tokens.dispatcherA);
    expect(organisationScore).toMatchObject({ computedScore: 76.08, organisation: { id: String(fx.orgA) } });
  });

  it("refuses another organisation's score and every other role", async () => {
    const a = await storedScore(world, fx.orgA, month);
    expect(await world.errorCode(SCORE, { id: String(a.id) }, fx.tokens.dispatcherB)).toBe('FORBIDDEN');
    expect(await world.errorCode(SCORE, { id: '999999' }, fx.tokens.evaluator)).toBe('NOT_FOUND');
    for (const who of ['hotline', 'carerA', 'recipientA', 'gridA', 'townshipA'] as const) {
      expect(await world.errorCode(SCORES, { month }, fx.tokens[who])).toBe('FORBIDDEN');
      expect(await world.errorCode(SCORE, { id: String(a.id) }, fx.tokens[who])).toBe('FORBIDDEN');
    }
  });
});
