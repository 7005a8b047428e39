// Shared set-up for the scoring tests: the operations as clients send them, a month of
// services for an organisation, the feedback rows scoring reads (written straight into the
// tables), and a snapshot of everything scoring writes, to prove a refusal wrote nothing.
import { expect } from 'vitest';
import { sql } from 'kysely';
import type { TestWorld } from '../testing/harness.js';
import type { Fixtures } from '../testing/fixtures.js';
import { itemId } from '../orders/test-support.js';
import { openProgrammeYear } from '../budgets/programme-years.js';
import { countyYear } from '../platform/county-time.js';
import { hotlineId, serveMonth as writeServedMonth } from '../settlement/test-support.js';
import type { PolicyNumbers } from './score-rules.js';

/** The default policy (version 1). */
export const DEFAULT_POLICY: PolicyNumbers = {
  weightDuration: 30,
  weightVolume: 30,
  weightQuality: 40,
  excellentFrom: 90,
  goodFrom: 80,
  passFrom: 60,
  coefficientExcellent: 1,
  coefficientGood: 0.95,
  coefficientPass: 0.85,
  coefficientFail: 0.7,
  complaintPenalty: 5,
  samplePercent: 5,
};

const SCORE_FIELDS = `id month organisation { id } policy { version }
  servicesAccepted servicesDelivered servicesMissed plannedServices verifiedMinutes standardMinutes ratingCount ratingAverage
  returnVisitCount satisfactionAverage upheldComplaints durationScore volumeScore qualityScore computedScore
  adjustedScore adjustmentJustification finalScore grade coefficient status signedOffByName signedOffAt computedAt
  sample { order { id organisation { id } } reviewedAt reviewedByName finding }
  events { action fromScore toScore justification actorName at }`;
export const SCORES = `query($month: String!) { organisationScores(month: $month) { ${SCORE_FIELDS} } }`;
export const SCORE = `query($id: ID!) { organisationScore(id: $id) { ${SCORE_FIELDS} } }`;
export const SCORE_MONTH = `mutation($month: String!) { scoreMonth(month: $month) { ${SCORE_FIELDS} } }`;
export const DRAW = `mutation($id: ID!) { drawScoreSample(scoreId: $id) { ${SCORE_FIELDS} } }`;
export const REVIEW = `mutation($id: ID!, $orderId: ID!, $finding: String!) {
  reviewSampledService(scoreId: $id, orderId: $orderId, finding: $finding) { ${SCORE_FIELDS} } }`;
export const ADJUST = `mutation($id: ID!, $score: Float!, $justification: String!) {
  adjustScore(scoreId: $id, score: $score, justification: $justification) { ${SCORE_FIELDS} } }`;
export const SIGN_OFF = `mutation($id: ID!) { signOffScore(scoreId: $id) { ${SCORE_FIELDS} } }`;
export const POLICY_FIELDS = `version effectiveFrom weightDuration weightVolume weightQuality excellentFrom goodFrom passFrom
  coefficientExcellent coefficientGood coefficientPass coefficientFail complaintPenalty samplePercent note createdAt`;
export const POLICIES = `query { scoringPolicies { ${POLICY_FIELDS} } }`;
export const CREATE_POLICY = `mutation($input: ScoringPolicyInput!) { createScoringPolicy(input: $input) { ${POLICY_FIELDS} } }`;

/** Opens a programme year unless it is open (the previous month may fall in last year). */
async function ensureProgrammeYear(world: TestWorld, year: number): Promise<void> {
  const open = await world.db.selectFrom('programme_years').select('year').where('year', '=', year).executeTakeFirst();
  if (!open) await openProgrammeYear(world.db, { year });
}

/**
 * Writes `services` confirmed services of an organisation in a month (the 60-minute shopping
 * item, for recipients A and B) and returns their order ids in order.
 */
export async function serveMonth(world: TestWorld, fx: Fixtures, organisationId: number, month: string, services: number): Promise<number[]> {
  const year = Number(month.slice(0, 4));
  if (year !== countyYear()) await ensureProgrammeYear(world, year);
  const before = await world.db
    .selectFrom('orders')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirstOrThrow();
  await writeServedMonth(world, {
    organisationId,
    month,
    services,
    recipientIds: [fx.recipientA, fx.recipientB],
    carerIds: [organisationId === fx.orgA ? fx.carerA : fx.carerB],
    serviceItemIds: [await itemId(world, 'shopping')],
  });
  const rows = await world.db
    .selectFrom('orders')
    .select('id')
    .where('id', '>', Number(before.max ?? 0))
    .where('organisation_id', '=', organisationId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** An instant in the middle of a county month (its 15th, at `hour`). */
export const midMonth = (month: string, hour = 10) => new Date(`${month}-15T${String(hour).padStart(2, '0')}:00:00+08:00`);

/** The carer accepted these orders (an 'accept' order event each). */
export async function recordAccepted(world: TestWorld, orderIds: number[]): Promise<void> {
  await sql`
    insert into order_events (order_id, action, from_status, to_status, channel, at)
    select o.id, 'accept', 'dispatched', 'accepted', 'carer_app', o.window_start - interval '1 day'
      from orders o where o.id = any(${orderIds}::int[])`.execute(world.db);
}

/** Ratings of orders, by the recipient's hotline proxy. */
export async function rate(world: TestWorld, stars: [orderId: number, stars: number][]): Promise<void> {
  const hotline = await hotlineId(world);
  await world.db
    .insertInto('ratings')
    .values(stars.map(([order_id, s]) => ({ order_id, stars: s, rated_by: hotline, channel: 'hotline' })))
    .execute();
}

/** A return visit done at `at` about an order (judging its organisation), with one satisfaction answer per value. */
export async function returnVisitDone(world: TestWorld, orderId: number, answers: number[], at: Date, status: 'done' | 'scheduled' = 'done'): Promise<void> {
  const {
    rows: [o],
  } = await sql<{ recipient_id: number; village_id: number; organisation_id: number }>`
    select o.recipient_id, r.village_id, o.organisation_id from orders o join recipients r on r.id = o.recipient_id where o.id = ${orderId}`.execute(world.db);
  const done = status === 'done';
  await world.db
    .insertInto('return_visits')
    .values({
      recipient_id: o.recipient_id,
      village_id: o.village_id,
      reason: 'service_sample',
      order_id: orderId,
      organisation_id: o.organisation_id,
      due_on: at.toISOString().slice(0, 10),
      status,
      answers: done ? answers : null,
      satisfaction: done ? (answers.reduce((a, b) => a + b, 0) / answers.length).toFixed(2) : null,
      done_at: done ? at : null,
    })
    .execute();
}

/** A complaint about an organisation, verified (upheld or not) at `verifiedAt`. */
export async function verifiedComplaint(world: TestWorld, organisationId: number, upheld: boolean, verifiedAt: Date): Promise<number> {
  const hotline = await hotlineId(world);
  const { id } = await world.db
    .insertInto('complaints')
    .values({
      organisation_id: organisationId,
      category: 'service_quality',
      severity: 'normal',
      description: '服务不到位',
      channel: 'hotline',
      recorded_by: hotline,
      status: 'verified',
      upheld,
      findings: 'checked',
      due_at: new Date(verifiedAt.getTime() + 86_400_000),
      created_at: new Date(verifiedAt.getTime() - 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await world.db
    .insertInto('complaint_events')
    .values({
      complaint_id: id,
      action: 'verify',
      from_status: 'assigned',
      to_status: 'verified',
      actor_id: hotline,
      channel: 'console',
      at: verifiedAt,
    })
    .execute();
  return id;
}

/** The score of an organisation for a month, as stored. */
export function storedScore(world: TestWorld, organisationId: number, month: string) {
  return world.db
    .selectFrom('organisation_scores')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('month', '=', `${month}-01`)
    .executeTakeFirstOrThrow();
}

/** Everything scoring writes. */
export async function snapshot(world: TestWorld) {
  return {
    policies: await world.db.selectFrom('scoring_policies').selectAll().orderBy('version').execute(),
    scores: await world.db.selectFrom('organisation_scores').selectAll().orderBy('id').execute(),
    events: await world.db.selectFrom('score_events').selectAll().orderBy('id').execute(),
    samples: await world.db.selectFrom('score_samples').selectAll().orderBy('score_id').orderBy('order_id').execute(),
  };
}

/** Asserts that the operation is refused with `code` and that nothing was written; returns the error's extensions. */
export async function expectRefused(
  world: TestWorld,
  code: string,
  query: string,
  variables: Record<string, unknown>,
  token: string,
): Promise<Record<string, unknown>> {
  const before = await snapshot(world);
  const res = await world.gql(query, variables, token);
  expect(res.errors?.[0]?.extensions?.code).toBe(code);
  expect(await snapshot(world)).toEqual(before);
  return res.errors?.[0]?.extensions ?? {};
}
