// The evaluation area's GraphQL documents: gql<Result, Variables>(`...`) from @urql/core, with
// hand-written result types. web/operations.test.ts validates each against schema.graphql.
import { gql } from '@urql/core';
import type { Grade } from '../reports/operations';

export type ScoreStatus = 'DRAFT' | 'SIGNED_OFF';

/** A score as the month's list shows it. */
export interface ScoreSummary {
  id: string;
  month: string;
  organisation: { id: string; name: string };
  servicesDelivered: number;
  durationScore: number;
  volumeScore: number;
  qualityScore: number;
  computedScore: number;
  adjustedScore: number | null;
  finalScore: number;
  grade: Grade;
  coefficient: number;
  status: ScoreStatus;
  policy: { version: number };
}

export interface ScoreSampleRow {
  order: {
    id: string;
    serviceItem: { id: string; nameZh: string; nameEn: string };
    recipient: { id: string; name: string };
    carer: { id: string; name: string } | null;
    windowStart: string;
    amount: number;
    visit: { durationMinutes: number | null; standardMinutes: number } | null;
    rating: { stars: number } | null;
  };
  reviewedAt: string | null;
  reviewedByName: string | null;
  finding: string | null;
}

/** A score with every fact, the policy it was scored under, its sample and its history. */
export interface ScoreDetail extends ScoreSummary {
  servicesAccepted: number;
  plannedServices: number | null;
  verifiedMinutes: number;
  standardMinutes: number;
  ratingCount: number;
  ratingAverage: number | null;
  returnVisitCount: number;
  satisfactionAverage: number | null;
  upheldComplaints: number;
  adjustmentJustification: string | null;
  signedOffByName: string | null;
  signedOffAt: string | null;
  computedAt: string;
  policy: {
    version: number;
    effectiveFrom: string;
    weightDuration: number;
    weightVolume: number;
    weightQuality: number;
    excellentFrom: number;
    goodFrom: number;
    passFrom: number;
    samplePercent: number;
    complaintPenalty: number;
  };
  sample: ScoreSampleRow[];
  events: { action: string; fromScore: number | null; toScore: number | null; justification: string; actorName: string | null; at: string }[];
}

const SUMMARY_FIELDS = `id month organisation { id name } servicesDelivered durationScore volumeScore qualityScore
  computedScore adjustedScore finalScore grade coefficient status policy { version }`;

const DETAIL_FIELDS = `${SUMMARY_FIELDS}
  servicesAccepted plannedServices verifiedMinutes standardMinutes ratingCount ratingAverage returnVisitCount
  satisfactionAverage upheldComplaints adjustmentJustification signedOffByName signedOffAt computedAt
  policy { version effectiveFrom weightDuration weightVolume weightQuality excellentFrom goodFrom passFrom samplePercent complaintPenalty }
  sample {
    order {
      id serviceItem { id nameZh nameEn } recipient { id name } carer { id name } windowStart amount
      visit { durationMinutes standardMinutes } rating { stars }
    }
    reviewedAt reviewedByName finding
  }
  events { action fromScore toScore justification actorName at }`;

export const SCORES = gql<{ organisationScores: ScoreSummary[] }, { month: string }>(`
  query OrganisationScores($month: String!) { organisationScores(month: $month) { ${SUMMARY_FIELDS} } }
`);

export const SCORE = gql<{ organisationScore: ScoreDetail | null }, { id: string }>(`
  query OrganisationScore($id: ID!) { organisationScore(id: $id) { ${DETAIL_FIELDS} } }
`);

export const SCORE_MONTH = gql<{ scoreMonth: ScoreSummary[] }, { month: string }>(`
  mutation ScoreMonth($month: String!) { scoreMonth(month: $month) { ${SUMMARY_FIELDS} } }
`);

export const DRAW_SAMPLE = gql<{ drawScoreSample: ScoreDetail }, { scoreId: string }>(`
  mutation DrawScoreSample($scoreId: ID!) { drawScoreSample(scoreId: $scoreId) { ${DETAIL_FIELDS} } }
`);

export const REVIEW_SAMPLED = gql<{ reviewSampledService: ScoreDetail }, { scoreId: string; orderId: string; finding: string }>(`
  mutation ReviewSampledService($scoreId: ID!, $orderId: ID!, $finding: String!) {
    reviewSampledService(scoreId: $scoreId, orderId: $orderId, finding: $finding) { ${DETAIL_FIELDS} }
  }
`);

export const ADJUST_SCORE = gql<{ adjustScore: ScoreDetail }, { scoreId: string; score: number; justification: string }>(`
  mutation AdjustScore($scoreId: ID!, $score: Float!, $justification: String!) {
    adjustScore(scoreId: $scoreId, score: $score, justification: $justification) { ${DETAIL_FIELDS} }
  }
`);

export const SIGN_OFF_SCORE = gql<{ signOffScore: ScoreDetail }, { scoreId: string }>(`
  mutation SignOffScore($scoreId: ID!) { signOffScore(scoreId: $scoreId) { ${DETAIL_FIELDS} } }
`);
