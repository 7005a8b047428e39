// The evaluation area's GraphQL documents: graphql(`...`) from web/src/gql, whose result and
// variable types are generated from schema.graphql (`npm run codegen:web`). The names below
// are those generated types, for components to use. web/operations.test.ts validates each
// document against schema.graphql.
import { graphql } from '../../gql/evaluation/gql';
import type { EvaluationScoreDetailFragment, EvaluationScoreSummaryFragment } from '../../gql/evaluation/graphql';

export type { ScoreStatus } from '../../gql/evaluation/graphql';

/** A score as the month's list shows it. */
export const SCORE_SUMMARY = graphql(`
  fragment EvaluationScoreSummary on OrganisationScore {
    id month organisation { id name } servicesDelivered durationScore volumeScore qualityScore
    computedScore adjustedScore finalScore grade coefficient status policy { version }
  }
`);

export type ScoreSummary = EvaluationScoreSummaryFragment;

/** A score with every fact, the policy it was scored under, its sample and its history. */
export const SCORE_DETAIL = graphql(`
  fragment EvaluationScoreDetail on OrganisationScore {
    ...EvaluationScoreSummary
    servicesAccepted servicesMissed plannedServices verifiedMinutes standardMinutes ratingCount ratingAverage returnVisitCount
    satisfactionAverage upheldComplaints adjustmentJustification signedOffByName signedOffAt computedAt
    policy { version effectiveFrom weightDuration weightVolume weightQuality excellentFrom goodFrom passFrom samplePercent complaintPenalty }
    sample {
      order {
        id serviceItem { id nameZh nameEn } recipient { id name } carer { id name } windowStart amount
        visit { durationMinutes standardMinutes } rating { stars }
      }
      reviewedAt reviewedByName finding
    }
    events { action fromScore toScore justification actorName at }
  }
`);

export type ScoreDetail = EvaluationScoreDetailFragment;
export type ScoreSampleRow = ScoreDetail['sample'][number];

export const SCORES = graphql(`
  query OrganisationScores($month: String!) { organisationScores(month: $month) { ...EvaluationScoreSummary } }
`);

export const SCORE = graphql(`
  query OrganisationScore($id: ID!) { organisationScore(id: $id) { ...EvaluationScoreDetail } }
`);

/** Whether the month may be scored yet: over, with every service confirmed, disputed or missed. */
export const MONTH_CLOSING = graphql(`
  query MonthClosing($month: String!) { monthClosing(month: $month) { month lastDay over unfinishedServices closable } }
`);

export const SCORE_MONTH = graphql(`
  mutation ScoreMonth($month: String!) { scoreMonth(month: $month) { ...EvaluationScoreSummary } }
`);

export const DRAW_SAMPLE = graphql(`
  mutation DrawScoreSample($scoreId: ID!) { drawScoreSample(scoreId: $scoreId) { ...EvaluationScoreDetail } }
`);

export const REVIEW_SAMPLED = graphql(`
  mutation ReviewSampledService($scoreId: ID!, $orderId: ID!, $finding: String!) {
    reviewSampledService(scoreId: $scoreId, orderId: $orderId, finding: $finding) { ...EvaluationScoreDetail }
  }
`);

export const ADJUST_SCORE = graphql(`
  mutation AdjustScore($scoreId: ID!, $score: Float!, $justification: String!) {
    adjustScore(scoreId: $scoreId, score: $score, justification: $justification) { ...EvaluationScoreDetail }
  }
`);

export const SIGN_OFF_SCORE = graphql(`
  mutation SignOffScore($scoreId: ID!) { signOffScore(scoreId: $scoreId) { ...EvaluationScoreDetail } }
`);
