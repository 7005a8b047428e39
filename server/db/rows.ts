// What each GraphQL object type resolves from: database rows (snake_case, as selected).
// Field resolvers turn them into the API's shape; graphql-codegen maps the types here.
import type { Selectable } from 'kysely';
import type * as T from './tables.js';

export type User = Selectable<T.Users>;
export type SignInLock = Selectable<T.SignInLocks>;
export type Region = Selectable<T.Regions>;
export type ServiceCategory = Selectable<T.ServiceCategories>;
export type ServiceItem = Selectable<T.ServiceItems>;
export type ServicePrice = Selectable<T.ServiceItemPrices>;
export type Recipient = Selectable<T.Recipients>;
export type Household = Selectable<T.Households>;
export type RecipientStatusChange = Selectable<T.RecipientStatusChanges> & { changed_by_name: string | null };
export type RecipientMove = Selectable<T.RecipientMoves>;
export type NeedsAssessment = Selectable<T.NeedsAssessments>;
export type AssessedNeed = Selectable<T.AssessedNeeds>;
export type ProgrammeYear = Selectable<T.ProgrammeYears>;
export type BudgetAccount = Selectable<T.BudgetAccounts>;
export type Organisation = Selectable<T.Organisations>;
export type Contract = Selectable<T.Contracts>;
export type Carer = Selectable<T.Carers>;
export type CarerQualification = Selectable<T.CarerQualifications>;
export type WorkingHours = Selectable<T.CarerWorkingHours>;
export type Order = import('../orders/order-rows.js').OrderRow;
export type OrderEvent = Selectable<T.OrderEvents>;
export type CarerCandidate = import('../matching/ranking.js').RankedCandidate;
export type Visit = Selectable<T.Visits>;
export type Rating = Selectable<T.Ratings>;
export type Complaint = Selectable<T.Complaints>;
export type ComplaintEvent = Selectable<T.ComplaintEvents>;
export type ReturnVisit = Selectable<T.ReturnVisits>;
export type AuditEntry = Selectable<T.AuditTrail>;
export type Message = Selectable<T.Messages>;
/** One township's month, as the disclosure query aggregates it. */
export interface PublicMonthStatistics {
  township_id: number;
  month: string;
  services_delivered: number;
  amount_spent_fen: number;
  rating_count: number;
  average_rating: number | null;
  return_visit_count: number;
  average_satisfaction: number | null;
}
export type ScoringPolicy = Selectable<T.ScoringPolicies>;
export type OrganisationScore = Selectable<T.OrganisationScores>;
export type ScoreSample = Selectable<T.ScoreSamples>;
export type ScoreEvent = Selectable<T.ScoreEvents>;
export type Settlement = Selectable<T.Settlements>;
export type SettlementLine = Selectable<T.SettlementLines>;
export interface RecipientSubtotal {
  recipient_id: number;
  services: number;
  value_fen: number;
  payable_fen: number;
}
export interface ItemSubtotal {
  service_item_id: number;
  services: number;
  value_fen: number;
  payable_fen: number;
}
export interface FundPace {
  year: number;
  county_fund_fen: number;
  settled_fen: number;
  /** Months up to the latest one with a statement: what elapsed_percent is counted from. */
  months_settled: number;
  used_percent: number;
  elapsed_percent: number;
  pace: 'AHEAD' | 'ON_PACE' | 'BEHIND';
  warning: string | null;
}
export interface CarerEarnings {
  carer_id: number;
  months: { month: string; services: number; amount_fen: number }[];
  services: number;
  year_total_fen: number;
}
