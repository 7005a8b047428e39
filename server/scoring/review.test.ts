// The evaluator's review of a draft: the sample, findings, an adjustment, the sign-off (and
// the settlement draft it asks for), and every refusal, each proving nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { prepareOrdering } from '../orders/test-support.js';
import { QUEUES } from '../platform/jobs.js';
import { previousCountyMonth } from './months.js';
import { setClockForTests } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';
import { ADJUST, DRAW, REVIEW, SCORE, SCORE_MONTH, SIGN_OFF, expectRefused, rate, serveMonth, snapshot, storedScore } from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
// last month on an ordinary morning: over, its services confirmed, so it may be scored and signed off
setClockForTests(ORDINARY_MORNING);
const month = previousCountyMonth();
let servedA: number[];
let servedB: number[];
let scoreA: string;
let scoreB: string;

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  servedA = await serveMonth(world, fx, fx.orgA, month, 40);
  servedB = await serveMonth(world, fx, fx.orgB, month, 9);
  await world.ok(SCORE_MONTH, { month }, fx.tokens.evaluator);
  scoreA = String((await storedScore(world, fx.orgA, month)).id);
  scoreB = String((await storedScore(world, fx.orgB, month)).id);
});
afterAll(() => world?.close());

type Sampled = { order: { id: string; organisation: { id: string } }; reviewedAt: string | null; finding: string | null; reviewedByName: string | null };

describe('the sample', () => {
  it("draws the policy's share of the month's services, rounded up, of that organisation", async () => {
    const { drawScoreSample: a } = await world.ok(DRAW, { id: scoreA }, fx.tokens.evaluator);
    // 5% of 40
    expect(a.sample).toHaveLength(2);
    for (const s of a.sample as Sampled[]) {
      expect(servedA).toContain(Number(s.order.id));
      expect(s).toMatchObject({ order: { organisation: { id: String(fx.orgA) } }, reviewedAt: null, finding: null });
    }
    // 5% of 9 is 0.45: one at least
    const { drawScoreSample: b } = await world.ok(DRAW, { id: scoreB }, fx.tokens.evaluator);
    expect(b.sample).toHaveLength(1);
    expect(servedB).toContain(Number(b.sample[0].order.id));
  });

  it('is drawn once: drawing again returns the same sample and writes nothing', async () => {
    const before = await snapshot(world);
    const { drawScoreSample } = await world.ok(DRAW, { id: scoreA }, fx.tokens.evaluator);
    expect(drawScoreSample.sample.map((s: Sampled) => s.order.id)).toEqual(
      before.samples.filter((s) => String(s.score_id) === scoreA).map((s) => String(s.order_id)),
    );
    expect(await snapshot(world)).toEqual(before);
  });

  it('records a finding for a sampled service, once', async () => {
    const { organisationScore } = await world.ok(SCORE, { id: scoreA }, fx.tokens.evaluator);
    const orderId = organisationScore.sample[0].order.id;
    await expectRefused(world, 'BAD_USER_INPUT', REVIEW, { id: scoreA, orderId, finding: '   ' }, fx.tokens.evaluator);
    const notSampled = servedA.find((id) => !organisationScore.sample.some((s: Sampled) => s.order.id === String(id)));
    await expectRefused(world, 'BAD_USER_INPUT', REVIEW, { id: scoreA, orderId: String(notSampled), finding: 'Fine.' }, fx.tokens.evaluator);

    const { reviewSampledService } = await world.ok(REVIEW, { id: scoreA, orderId, finding: ' 服务记录与回访一致 ' }, fx.tokens.evaluator);
    expect(reviewSampledService.sample.find((s: Sampled) => s.order.id === orderId)).toMatchObject({
      finding: '服务记录与回访一致',
      reviewedByName: 'evaluator',
      reviewedAt: expect.any(String),
    });
    await expectRefused(world, 'CONFLICT', REVIEW, { id: scoreA, orderId, finding: 'Again.' }, fx.tokens.evaluator);
  });
});

describe('adjusting', () => {
  it('needs a score from 0 to 100 and a justification of ten characters or more', async () => {
    await expectRefused(world, 'BAD_USER_INPUT', ADJUST, { id: scoreA, score: 91, justification: '          ' }, fx.tokens.evaluator);
    await expectRefused(world, 'BAD_USER_INPUT', ADJUST, { id: scoreA, score: 91, justification: 'too short' }, fx.tokens.evaluator);
    await expectRefused(world, 'BAD_USER_INPUT', ADJUST, { id: scoreA, score: 100.5, justification: 'Sample shows good work.' }, fx.tokens.evaluator);
    await expectRefused(world, 'BAD_USER_INPUT', ADJUST, { id: scoreA, score: -1, justification: 'Sample shows good work.' }, fx.tokens.evaluator);
    await expectRefused(world, 'BAD_USER_INPUT', ADJUST, { id: scoreA, score: 90.123, justification: 'Sample shows good work.' }, fx.tokens.evaluator);
  });

  it("sets the final score and regrades it under the score's policy, with an adjust event", async () => {
    const computed = Number((await storedScore(world, fx.orgA, month)).computed_score);
    const { adjustScore } = await world.ok(ADJUST, { id: scoreA, score: 91, justification: ' 抽查服务记录完整，回访满意 ' }, fx.tokens.evaluator);
    expect(adjustScore).toMatchObject({
      computedScore: computed,
      adjustedScore: 91,
      adjustmentJustification: '抽查服务记录完整，回访满意',
      finalScore: 91,
      grade: 'EXCELLENT',
      coefficient: 1,
      status: 'DRAFT',
    });
    expect(adjustScore.events.at(-1)).toMatchObject({
      action: 'adjust',
      fromScore: computed,
      toScore: 91,
      justification: '抽查服务记录完整，回访满意',
      actorName: 'evaluator',
    });
    // adjusting again starts from the adjustment
    const { adjustScore: again } = await world.ok(ADJUST, { id: scoreA, score: 85.5, justification: 'Second look at the sample.' }, fx.tokens.evaluator);
    expect(again).toMatchObject({ finalScore: 85.5, grade: 'GOOD', coefficient: 0.95 });
    expect(again.events.at(-1)).toMatchObject({ action: 'adjust', fromScore: 91, toScore: 85.5 });
  });

  it('survives a recompute: the grade follows the adjusted score', async () => {
    const before = await storedScore(world, fx.orgA, month);
    await rate(world, [
      [servedA[0], 1],
      [servedA[1], 1],
    ]);
    await world.ok(SCORE_MONTH, { month }, fx.tokens.evaluator);
    const after = await storedScore(world, fx.orgA, month);
    expect(Number(after.computed_score)).toBeLessThan(Number(before.computed_score));
    expect(after).toMatchObject({ adjusted_score: '85.50', grade: 'good', coefficient: '0.950', rating_count: 2 });
  });

  it("is the evaluator's alone", async () => {
    for (const who of ['admin', 'finance', 'dispatcherA'] as const) {
      await expectRefused(world, 'FORBIDDEN', ADJUST, { id: scoreA, score: 50, justification: 'Not my call to make.' }, fx.tokens[who]);
      await expectRefused(world, 'FORBIDDEN', SIGN_OFF, { id: scoreA }, fx.tokens[who]);
      await expectRefused(world, 'FORBIDDEN', DRAW, { id: scoreA }, fx.tokens[who]);
    }
  });
});

describe('signing off', () => {
  it('makes the score final, records who and when, and asks for the settlement draft', async () => {
    const { signOffScore } = await world.ok(SIGN_OFF, { id: scoreA }, fx.tokens.evaluator);
    expect(signOffScore).toMatchObject({ status: 'SIGNED_OFF', signedOffByName: 'evaluator', signedOffAt: expect.any(String), finalScore: 85.5 });
    expect(signOffScore.events.at(-1)).toMatchObject({ action: 'sign_off', toScore: 85.5, actorName: 'evaluator' });
    const queue = new Queue(QUEUES.maintenance, { connection: world.redis, prefix: world.config.REDIS_PREFIX });
    try {
      const job = await queue.getJob(`draft-settlement-${fx.orgA}-${month}`);
      expect(job).toMatchObject({ name: 'draft-settlement', data: { organisationId: fx.orgA, month } });
    } finally {
      await queue.close();
    }
  });

  it('refuses every change to a signed-off score, and writes nothing', async () => {
    const { organisationScore } = await world.ok(SCORE, { id: scoreA }, fx.tokens.evaluator);
    const unreviewed = organisationScore.sample.find((s: Sampled) => s.reviewedAt === null).order.id;
    await expectRefused(world, 'CONFLICT', ADJUST, { id: scoreA, score: 95, justification: 'Changed my mind later.' }, fx.tokens.evaluator);
    await expectRefused(world, 'CONFLICT', SIGN_OFF, { id: scoreA }, fx.tokens.evaluator);
    await expectRefused(world, 'CONFLICT', DRAW, { id: scoreA }, fx.tokens.evaluator);
    await expectRefused(world, 'CONFLICT', REVIEW, { id: scoreA, orderId: unreviewed, finding: 'Late finding.' }, fx.tokens.evaluator);
  });

  it('answers NOT_FOUND for a score that does not exist', async () => {
    await expectRefused(world, 'NOT_FOUND', SIGN_OFF, { id: '999999' }, fx.tokens.evaluator);
    await expectRefused(world, 'BAD_USER_INPUT', SIGN_OFF, { id: 'x' }, fx.tokens.evaluator);
  });
});
