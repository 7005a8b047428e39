// Policy versions: a county admin adds one from a month on, a month is scored with the
// version in force on its first day, a signed-off month closes the past to new versions, and
// every refusal writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { prepareOrdering } from '../orders/test-support.js';
import { addMonths, previousCountyMonth } from './months.js';
import { setClockForTests } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';
import { policyNumbers } from './policies.js';
import { scoreOf } from './score-rules.js';
import { CREATE_POLICY, DEFAULT_POLICY, POLICIES, SCORE_MONTH, SIGN_OFF, expectRefused, serveMonth, storedScore } from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
// an ordinary morning: `thisMonth` is the last month over (it can be scored), `lastMonth` the one before
setClockForTests(ORDINARY_MORNING);
const thisMonth = previousCountyMonth();
const lastMonth = addMonths(thisMonth, -1);

const policy = (effectiveFrom: string, p: Record<string, unknown> = {}) => ({
  input: { ...DEFAULT_POLICY, effectiveFrom, complaintPenalty: undefined, samplePercent: undefined, ...p },
});

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  await serveMonth(world, fx, fx.orgA, thisMonth, 6);
  await serveMonth(world, fx, fx.orgA, lastMonth, 4);
});
afterAll(() => world?.close());

describe('createScoringPolicy', () => {
  it('adds the next version from the first day of a month, with the default penalty and sample', async () => {
    const { createScoringPolicy } = await world.ok(
      CREATE_POLICY,
      policy(thisMonth, {
        weightDuration: 20,
        weightVolume: 20,
        weightQuality: 60,
        excellentFrom: 92.5,
        goodFrom: 85,
        passFrom: 70,
        note: ' 质量优先 ',
      }),
      fx.tokens.admin,
    );
    expect(createScoringPolicy).toMatchObject({
      version: 2,
      effectiveFrom: `${thisMonth}-01`,
      weightDuration: 20,
      weightVolume: 20,
      weightQuality: 60,
      excellentFrom: 92.5,
      goodFrom: 85,
      passFrom: 70,
      coefficientExcellent: 1,
      coefficientGood: 0.95,
      coefficientPass: 0.85,
      coefficientFail: 0.7,
      complaintPenalty: 5,
      samplePercent: 5,
      note: '质量优先',
    });
    for (const who of ['admin', 'evaluator', 'finance'] as const) {
      const { scoringPolicies } = await world.ok(POLICIES, {}, fx.tokens[who]);
      expect(scoringPolicies.map((p: { version: number }) => p.version)).toEqual([2, 1]);
    }
  });

  it('scores each month with the version in force on its first day', async () => {
    await world.ok(SCORE_MONTH, { month: thisMonth }, fx.tokens.evaluator);
    await world.ok(SCORE_MONTH, { month: lastMonth }, fx.tokens.evaluator);
    const now = await storedScore(world, fx.orgA, thisMonth);
    const before = await storedScore(world, fx.orgA, lastMonth);
    expect([now.policy_version, before.policy_version]).toEqual([2, 1]);
    // six services at standard time, nothing rated: 100, 100, 80 → 20 + 20 + 48 = 88, good under version 2 (excellent under 1 would be 92)
    expect(now).toMatchObject({ computed_score: '88.00', grade: 'good', coefficient: '0.950' });
    const v2 = await world.db.selectFrom('scoring_policies').selectAll().where('version', '=', 2).executeTakeFirstOrThrow();
    expect(
      scoreOf(
        {
          servicesAccepted: 6,
          servicesDelivered: 6,
          plannedServices: null,
          verifiedMinutes: 360,
          standardMinutes: 360,
          ratingAverage: null,
          satisfactionAverage: null,
          upheldComplaints: 0,
        },
        policyNumbers(v2),
      ),
    ).toMatchObject({ computed: 88, grade: 'good', coefficient: 0.95 });
  });

  it('is refused when the rules are broken, and writes nothing', async () => {
    const next = addMonths(thisMonth, 1);
    const refused = [
      { weightQuality: 39 },
      { weightDuration: 101, weightVolume: -1, weightQuality: 0 },
      { goodFrom: 90 },
      { excellentFrom: 80, goodFrom: 85 },
      { passFrom: -5 },
      { coefficientGood: 1, coefficientExcellent: 0.9 },
      { coefficientExcellent: 1.5 },
      { coefficientFail: -0.2 },
      { complaintPenalty: -1 },
      { samplePercent: 0 },
      { samplePercent: 101 },
      { effectiveFrom: '2027-1' },
    ];
    for (const p of refused) await expectRefused(world, 'BAD_USER_INPUT', CREATE_POLICY, policy(next, p), fx.tokens.admin);
  });

  it('is refused when a version already starts that month', async () => {
    await expectRefused(world, 'CONFLICT', CREATE_POLICY, policy(thisMonth), fx.tokens.admin);
  });

  it("is the county admin's alone", async () => {
    for (const who of ['evaluator', 'finance', 'dispatcherA'] as const) {
      await expectRefused(world, 'FORBIDDEN', CREATE_POLICY, policy(addMonths(thisMonth, 1)), fx.tokens[who]);
    }
    for (const who of ['dispatcherA', 'hotline', 'recipientA'] as const) {
      expect(await world.errorCode(POLICIES, {}, fx.tokens[who])).toBe('FORBIDDEN');
    }
  });
});

describe('a new version and signed-off months', () => {
  it('refuses to sign off a score whose month a newer version now covers, until it is scored again', async () => {
    const before = await storedScore(world, fx.orgA, lastMonth);
    expect(before.policy_version).toBe(1);
    // version 3 starts last month: last month's draft was scored with version 1
    const { createScoringPolicy } = await world.ok(CREATE_POLICY, policy(lastMonth, { coefficientFail: 0.5 }), fx.tokens.admin);
    expect(createScoringPolicy.version).toBe(3);
    await expectRefused(world, 'CONFLICT', SIGN_OFF, { id: String(before.id) }, fx.tokens.evaluator);
    await world.ok(SCORE_MONTH, { month: lastMonth }, fx.tokens.evaluator);
    expect((await storedScore(world, fx.orgA, lastMonth)).policy_version).toBe(3);
    await world.ok(SIGN_OFF, { id: String(before.id) }, fx.tokens.evaluator);
  });

  it('refuses a version starting at or before a signed-off month, and writes nothing', async () => {
    await expectRefused(world, 'BAD_USER_INPUT', CREATE_POLICY, policy(lastMonth), fx.tokens.admin);
    await expectRefused(world, 'BAD_USER_INPUT', CREATE_POLICY, policy(addMonths(lastMonth, -2)), fx.tokens.admin);
    // the month after a signed-off one is open
    const { createScoringPolicy } = await world.ok(CREATE_POLICY, policy(addMonths(thisMonth, 1)), fx.tokens.admin);
    expect(createScoringPolicy.version).toBe(4);
  });
});
