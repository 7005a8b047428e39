// The admin area's GraphQL documents: gql<Result, Variables>(`...`) from @urql/core, with
// hand-written result types. web/operations.test.ts validates each against schema.graphql.
// The registry documents are shared with the township console (roles/township).
import { gql } from '@urql/core';
import type { Named } from '../../app/operations';

// ---- regions ----
export interface TownshipNode extends Named { children: Named[] }
export const REGIONS = gql<{ regions: (Named & { children: TownshipNode[] })[] }, Record<string, never>>(`
  query AdminRegions { regions { id name children { id name children { id name } } } }
`);

// ---- catalog ----
export type ServiceUnit = 'VISIT' | 'HOUR' | 'DAY';
export interface CatalogItem {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  unit: ServiceUnit;
  standardMinutes: number;
  requiresProfessional: boolean;
  isUrgent: boolean;
  active: boolean;
  price: number;
  priceHistory: { priceFen: number; effectiveFrom: string; reason: string }[];
}
export interface CatalogCategory { id: string; code: string; nameZh: string; nameEn: string; items: CatalogItem[] }

const ITEM_FIELDS = `id code nameZh nameEn unit standardMinutes requiresProfessional isUrgent active price priceHistory { priceFen effectiveFrom reason }`;

export const CATALOG = gql<{ serviceCatalog: CatalogCategory[] }, Record<string, never>>(`
  query AdminCatalog { serviceCatalog(includeInactive: true) { id code nameZh nameEn items { ${ITEM_FIELDS} } } }
`);

export const SET_PRICE = gql<
  { setServiceItemPrice: CatalogItem },
  { input: { serviceItemId: string; priceFen: number; effectiveFrom?: string | null; reason: string } }
>(`
  mutation SetServiceItemPrice($input: SetServiceItemPriceInput!) { setServiceItemPrice(input: $input) { ${ITEM_FIELDS} } }
`);

export const SET_ITEM_ACTIVE = gql<{ setServiceItemActive: CatalogItem }, { serviceItemId: string; active: boolean }>(`
  mutation SetServiceItemActive($serviceItemId: ID!, $active: Boolean!) {
    setServiceItemActive(serviceItemId: $serviceItemId, active: $active) { ${ITEM_FIELDS} }
  }
`);

// ---- registry ----
export type RecipientStatus = 'CANDIDATE' | 'VERIFIED' | 'ACTIVE' | 'SUSPENDED' | 'EXITED';
export type EligibilityCategory = 'DIBAO' | 'DIBAO_EDGE' | 'RIGID_EXPENDITURE' | 'RELAPSE_MONITORING' | 'DESTITUTE' | 'SCATTERED_ORPHAN' | 'UNSUPPORTED_CHILD';
export type DisabilityLevel = 'NONE' | 'SEMI_DISABLED' | 'DISABLED';

export interface RecipientRow {
  id: string;
  name: string;
  gender: 'FEMALE' | 'MALE';
  birthDate: string;
  idNumberMasked: string;
  eligibilityCategory: EligibilityCategory;
  disabilityLevel: DisabilityLevel;
  village: Named;
  township: Named;
  phone: string | null;
  serviceCardNumber: string | null;
  status: RecipientStatus;
  statusChangedAt: string;
}

const RECIPIENT_ROW = `id name gender birthDate idNumberMasked eligibilityCategory disabilityLevel village { id name } township { id name } phone serviceCardNumber status statusChangedAt`;

export interface RecipientFilter { townshipId?: string; villageId?: string; status?: RecipientStatus; search?: string }

export const RECIPIENTS = gql<
  { recipients: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: RecipientRow }[] } },
  { first: number; after?: string | null; filter?: RecipientFilter }
>(`
  query AdminRecipients($first: Int, $after: String, $filter: RecipientFilter) {
    recipients(first: $first, after: $after, filter: $filter) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { ${RECIPIENT_ROW} } }
    }
  }
`);

export interface RecipientDetail extends RecipientRow {
  address: string;
  household: { householdNumber: string; headName: string };
  serviceCardIssuedAt: string | null;
  statusHistory: { fromStatus: RecipientStatus | null; toStatus: RecipientStatus; reason: string; changedBy: string | null; changedAt: string }[];
  latestAssessment: { assessedOn: string; summary: string; needs: { serviceItem: { nameZh: string; nameEn: string }; timesPerMonth: number }[] } | null;
  budget: { year: number; allocated: number; held: number; spent: number; available: number } | null;
  pairedCarers: Named[];
}

const RECIPIENT_DETAIL = `
  ${RECIPIENT_ROW} address household { householdNumber headName } serviceCardIssuedAt
  statusHistory { fromStatus toStatus reason changedBy changedAt }
  latestAssessment { assessedOn summary needs { serviceItem { nameZh nameEn } timesPerMonth } }
  budget { year allocated held spent available }
  pairedCarers { id name }
`;

export const RECIPIENT = gql<{ recipient: RecipientDetail | null }, { id: string }>(`
  query AdminRecipient($id: ID!) { recipient(id: $id) { ${RECIPIENT_DETAIL} } }
`);

export const CHANGE_RECIPIENT_STATUS = gql<
  { changeRecipientStatus: RecipientDetail },
  { recipientId: string; status: RecipientStatus; reason: string }
>(`
  mutation ChangeRecipientStatus($recipientId: ID!, $status: RecipientStatus!, $reason: String!) {
    changeRecipientStatus(recipientId: $recipientId, status: $status, reason: $reason) { ${RECIPIENT_DETAIL} }
  }
`);

export const ISSUE_SERVICE_CARD = gql<{ issueServiceCard: RecipientDetail }, { recipientId: string }>(`
  mutation IssueServiceCard($recipientId: ID!) { issueServiceCard(recipientId: $recipientId) { ${RECIPIENT_DETAIL} } }
`);

export const REVEAL_ID_NUMBER = gql<{ revealIdNumber: string }, { recipientId: string; reason: string }>(`
  mutation RevealIdNumber($recipientId: ID!, $reason: String!) { revealIdNumber(recipientId: $recipientId, reason: $reason) }
`);

export interface RegisterRecipientInput {
  name: string;
  idNumber: string;
  eligibilityCategory: EligibilityCategory;
  disabilityLevel: DisabilityLevel;
  villageId: string;
  householdNumber: string;
  householdHeadName?: string | null;
  address?: string | null;
  phone?: string | null;
  reason?: string | null;
}

export const REGISTER_RECIPIENT = gql<{ registerRecipient: { id: string; name: string } }, { input: RegisterRecipientInput }>(`
  mutation RegisterRecipient($input: RegisterRecipientInput!) { registerRecipient(input: $input) { id name } }
`);

// ---- organisations and contracts ----
export interface ContractRow {
  id: string;
  contractNumber: string;
  startsOn: string;
  endsOn: string;
  fund: number;
  status: 'ACTIVE' | 'TERMINATED';
  inForce: boolean;
  townships: Named[];
  categories: { id: string; nameZh: string; nameEn: string }[];
  terminationReason: string | null;
}
export interface OrganisationRow {
  id: string;
  name: string;
  creditCode: string;
  contactName: string;
  phone: string | null;
  address: string;
  active: boolean;
  carerCount: number;
  carerHourlyRate: number;
  contracts: ContractRow[];
}

const CONTRACT_FIELDS = `id contractNumber startsOn endsOn fund status inForce townships { id name } categories { id nameZh nameEn } terminationReason`;
const ORGANISATION_FIELDS = `id name creditCode contactName phone address active carerCount carerHourlyRate contracts { ${CONTRACT_FIELDS} }`;

export const ORGANISATIONS = gql<{ organisations: { totalCount: number; edges: { node: OrganisationRow }[] } }, { first: number }>(`
  query AdminOrganisations($first: Int) { organisations(first: $first) { totalCount edges { node { ${ORGANISATION_FIELDS} } } } }
`);

export const CREATE_ORGANISATION = gql<
  { createOrganisation: OrganisationRow },
  { input: { name: string; creditCode: string; contactName?: string | null; phone?: string | null; address?: string | null } }
>(`
  mutation CreateOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { ${ORGANISATION_FIELDS} } }
`);

export const CREATE_CONTRACT = gql<
  { createContract: ContractRow },
  { input: { organisationId: string; contractNumber: string; startsOn: string; endsOn: string; fundFen: number; townshipIds: string[]; categoryIds: string[] } }
>(`
  mutation CreateContract($input: CreateContractInput!) { createContract(input: $input) { ${CONTRACT_FIELDS} organisation { id } } }
`);

export const TERMINATE_CONTRACT = gql<{ terminateContract: ContractRow }, { contractId: string; reason: string }>(`
  mutation TerminateContract($contractId: ID!, $reason: String!) { terminateContract(contractId: $contractId, reason: $reason) { ${CONTRACT_FIELDS} } }
`);

export const SET_CARER_HOURLY_RATE = gql<{ setCarerHourlyRate: { id: string; carerHourlyRate: number } }, { organisationId: string; rate: number }>(`
  mutation SetCarerHourlyRate($organisationId: ID!, $rate: Money!) { setCarerHourlyRate(organisationId: $organisationId, rate: $rate) { id carerHourlyRate } }
`);

// ---- scoring policy ----
export interface ScoringPolicy {
  version: number;
  effectiveFrom: string;
  weightDuration: number;
  weightVolume: number;
  weightQuality: number;
  excellentFrom: number;
  goodFrom: number;
  passFrom: number;
  coefficientExcellent: number;
  coefficientGood: number;
  coefficientPass: number;
  coefficientFail: number;
  complaintPenalty: number;
  samplePercent: number;
  note: string;
  createdAt: string;
}
export type ScoringPolicyInput = Omit<ScoringPolicy, 'version' | 'createdAt' | 'note'> & { note?: string | null };

const POLICY_FIELDS = `version effectiveFrom weightDuration weightVolume weightQuality excellentFrom goodFrom passFrom
  coefficientExcellent coefficientGood coefficientPass coefficientFail complaintPenalty samplePercent note createdAt`;

export const SCORING_POLICIES = gql<{ scoringPolicies: ScoringPolicy[] }, Record<string, never>>(`
  query AdminScoringPolicies { scoringPolicies { ${POLICY_FIELDS} } }
`);

export const CREATE_SCORING_POLICY = gql<{ createScoringPolicy: ScoringPolicy }, { input: ScoringPolicyInput }>(`
  mutation CreateScoringPolicy($input: ScoringPolicyInput!) { createScoringPolicy(input: $input) { ${POLICY_FIELDS} } }
`);

// ---- overview ----
export const OVERVIEW = gql<{
  serviceCatalog: { id: string; items: { id: string; active: boolean }[] }[];
  recipients: { totalCount: number };
  organisations: { totalCount: number; edges: { node: { id: string; contracts: { id: string; inForce: boolean }[] } }[] };
  scoringPolicies: { version: number; effectiveFrom: string }[];
}, Record<string, never>>(`
  query AdminOverview {
    serviceCatalog(includeInactive: true) { id items { id active } }
    recipients(first: 0, filter: { status: ACTIVE }) { totalCount }
    organisations(first: 100) { totalCount edges { node { id contracts { id inForce } } } }
    scoringPolicies { version effectiveFrom }
  }
`);
