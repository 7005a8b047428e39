import type { MercuriusContext } from 'mercurius';
import type { Resolvers } from '../graphql/types.generated.js';
import type { OrganisationScore, ScoreEvent, ScoreSample, ScoringPolicy } from '../db/rows.js';
import { guard } from '../graphql/guard.js';
import { toEnum, toId } from '../platform/enums.js';
import { hasMany, userNames } from '../graphql/loaders.js';
import { rowOf } from '../graphql/row-batches.js';
import { monthOfDay } from './months.js';
import { createScoringPolicy, listPolicies } from './policies.js';
import { scoreMonth } from './score-month.js';
import { monthClosing } from './month-close.js';
import { adjustScore, drawScoreSample, finalScore, reviewSampledService, signOffScore } from './score-review.js';
import { listScores, requireVisibleScore, scoreReaders } from './score-scope.js';

const DEFAULT_COMPLAINT_PENALTY = 5;
const DEFAULT_SAMPLE_PERCENT = 5;
/** numeric columns arrive as strings; two or three decimals are exact enough in a float for display */
const num = (v: string | null) => (v === null ? null : Number(v));
const scoreId = (id: string | number) => toId(id, 'scoreId');

export const scoringResolvers: Resolvers = {
  Query: {
    scoringPolicies: guard(['county_admin', 'evaluator', 'finance'], (_p, _a, ctx) => listPolicies(ctx.db)),
    organisationScores: guard(scoreReaders, (_p, { month }, ctx) => listScores(ctx.db, ctx.viewer, month)),
    organisationScore: guard(scoreReaders, (_p, { id }, ctx) => requireVisibleScore(ctx.db, ctx.viewer, toId(id))),
    monthClosing: guard(['evaluator', 'finance', 'county_admin'], (_p, { month }, ctx) => monthClosing(ctx.db, month)),
  },
  Mutation: {
    createScoringPolicy: guard(['county_admin'], (_p, { input }, ctx) =>
      createScoringPolicy(ctx.db, ctx.viewer.userId, {
        ...input,
        complaintPenalty: input.complaintPenalty ?? DEFAULT_COMPLAINT_PENALTY,
        samplePercent: input.samplePercent ?? DEFAULT_SAMPLE_PERCENT,
      }),
    ),
    scoreMonth: guard(['evaluator', 'county_admin'], (_p, { month }, ctx) => scoreMonth(ctx.db, month, ctx.viewer.userId)),
    drawScoreSample: guard(['evaluator'], (_p, { scoreId: id }, ctx) => drawScoreSample(ctx.db, ctx.viewer, scoreId(id))),
    reviewSampledService: guard(['evaluator'], (_p, { scoreId: id, orderId, finding }, ctx) =>
      reviewSampledService(ctx.db, ctx.viewer, scoreId(id), toId(orderId, 'orderId'), finding),
    ),
    adjustScore: guard(['evaluator'], (_p, { scoreId: id, score, justification }, ctx) => adjustScore(ctx.db, ctx.viewer, scoreId(id), score, justification)),
    signOffScore: guard(['evaluator'], (_p, { scoreId: id }, ctx) => signOffScore(ctx.db, ctx.viewer, scoreId(id))),
  },
  ScoringPolicy: {
    effectiveFrom: (p) => p.effective_from,
    weightDuration: (p) => p.weight_duration,
    weightVolume: (p) => p.weight_volume,
    weightQuality: (p) => p.weight_quality,
    excellentFrom: (p) => Number(p.excellent_from),
    goodFrom: (p) => Number(p.good_from),
    passFrom: (p) => Number(p.pass_from),
    coefficientExcellent: (p) => Number(p.coefficient_excellent),
    coefficientGood: (p) => Number(p.coefficient_good),
    coefficientPass: (p) => Number(p.coefficient_pass),
    coefficientFail: (p) => Number(p.coefficient_fail),
    complaintPenalty: (p) => Number(p.complaint_penalty),
    samplePercent: (p) => Number(p.sample_percent),
    createdAt: (p) => p.created_at,
  },
  OrganisationScore: {
    organisation: rowOf<OrganisationScore>('organisations', (s) => s.organisation_id),
    month: (s) => monthOfDay(s.month),
    servicesAccepted: (s) => s.services_accepted,
    servicesMissed: (s) => s.services_missed,
    servicesDelivered: (s) => s.services_delivered,
    plannedServices: (s) => s.planned_services,
    verifiedMinutes: (s) => s.verified_minutes,
    standardMinutes: (s) => s.standard_minutes,
    ratingCount: (s) => s.rating_count,
    ratingAverage: (s) => num(s.rating_average),
    returnVisitCount: (s) => s.return_visit_count,
    satisfactionAverage: (s) => num(s.satisfaction_average),
    upheldComplaints: (s) => s.upheld_complaints,
    durationScore: (s) => Number(s.duration_score),
    volumeScore: (s) => Number(s.volume_score),
    qualityScore: (s) => Number(s.quality_score),
    computedScore: (s) => Number(s.computed_score),
    adjustedScore: (s) => num(s.adjusted_score),
    adjustmentJustification: (s) => s.adjustment_justification,
    finalScore: (s) => finalScore(s),
    grade: (s) => toEnum(s.grade) as never,
    coefficient: (s) => Number(s.coefficient),
    status: (s) => toEnum(s.status) as never,
    signedOffAt: (s) => s.signed_off_at,
    computedAt: (s) => s.computed_at,
  },
  ScoreSample: {
    order: rowOf<ScoreSample>('orders', (x) => x.order_id),
    reviewedAt: (x) => x.reviewed_at,
  },
  ScoreEvent: {
    fromScore: (e) => num(e.from_score),
    toScore: (e) => num(e.to_score),
    justification: (e) => e.reason,
  },
};

/** The policy versions of a page of scores, in one query. */
async function policiesOf(queries: { obj: OrganisationScore }[], ctx: MercuriusContext): Promise<ScoringPolicy[]> {
  const versions = [...new Set(queries.map((q) => q.obj.policy_version))];
  const rows = await ctx.db.selectFrom('scoring_policies').selectAll().where('version', 'in', versions).execute();
  const byVersion = new Map(rows.map((p) => [p.version, p]));
  return queries.map((q) => byVersion.get(q.obj.policy_version)!);
}

export const scoringLoaders = {
  OrganisationScore: {
    policy: policiesOf,
    sample: hasMany<OrganisationScore>('score_samples', 'score_id', (s) => s.id, ['order_id']),
    events: hasMany<OrganisationScore>('score_events', 'score_id', (s) => s.id, ['id']),
    signedOffByName: userNames<OrganisationScore>((s) => s.signed_off_by, null),
  },
  ScoreSample: {
    reviewedByName: userNames<ScoreSample>((x) => x.reviewed_by, null),
  },
  ScoreEvent: {
    actorName: userNames<ScoreEvent>((e) => e.actor_id, null),
  },
};
