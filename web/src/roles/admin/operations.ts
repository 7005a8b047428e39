// The admin area's GraphQL documents: graphql(`...`) from web/src/gql, whose result and
// variable types are generated from schema.graphql (`npm run codegen:web`). The names below
// are those generated types, for components to use. web/operations.test.ts validates each
// document against schema.graphql. The registry documents are shared with the township
// console (roles/township).
import { graphql } from '../../gql/admin/gql';
import type {
  AdminCatalogItemFragment,
  AdminContractFieldsFragment,
  AdminOrganisationFieldsFragment,
  AdminRecipientDetailFragment,
  AdminRecipientRowFragment,
  AdminScoringPolicyFieldsFragment,
} from '../../gql/admin/graphql';

export type {
  DisabilityLevel,
  EligibilityCategory,
  RecipientFilter,
  RecipientStatus,
  RegisterRecipientInput,
  ScoringPolicyInput,
  ServiceUnit,
} from '../../gql/admin/graphql';

// ---- regions ----
export const REGIONS = graphql(`
  query AdminRegions { regions { id name children { id name children { id name } } } }
`);

// ---- catalog ----
export const CATALOG_ITEM = graphql(`
  fragment AdminCatalogItem on ServiceItem {
    id code nameZh nameEn unit standardMinutes requiresProfessional isUrgent active price priceHistory { priceFen effectiveFrom reason }
  }
`);

export type CatalogItem = AdminCatalogItemFragment;

export const CATALOG = graphql(`
  query AdminCatalog { serviceCatalog(includeInactive: true) { id code nameZh nameEn items { ...AdminCatalogItem } } }
`);

export const SET_PRICE = graphql(`
  mutation SetServiceItemPrice($input: SetServiceItemPriceInput!) { setServiceItemPrice(input: $input) { ...AdminCatalogItem } }
`);

export const SET_ITEM_ACTIVE = graphql(`
  mutation SetServiceItemActive($serviceItemId: ID!, $active: Boolean!) {
    setServiceItemActive(serviceItemId: $serviceItemId, active: $active) { ...AdminCatalogItem }
  }
`);

// ---- registry ----
export const RECIPIENT_ROW = graphql(`
  fragment AdminRecipientRow on Recipient {
    id name gender birthDate idNumberMasked eligibilityCategory disabilityLevel village { id name } township { id name }
    phone serviceCardNumber status statusChangedAt
  }
`);

export type RecipientRow = AdminRecipientRowFragment;

export const RECIPIENTS = graphql(`
  query AdminRecipients($first: Int, $after: String, $filter: RecipientFilter) {
    recipients(first: $first, after: $after, filter: $filter) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { ...AdminRecipientRow } }
    }
  }
`);

export const RECIPIENT_DETAIL = graphql(`
  fragment AdminRecipientDetail on Recipient {
    ...AdminRecipientRow address household { householdNumber headName } serviceCardIssuedAt
    statusHistory { fromStatus toStatus reason changedBy changedAt }
    moves { fromVillage { id name } toVillage { id name } reason movedByName at }
    latestAssessment { assessedOn summary needs { serviceItem { nameZh nameEn } timesPerMonth } }
    budget { year allocated held spent available }
    pairedCarers { id name }
  }
`);

export type RecipientDetail = AdminRecipientDetailFragment;

export const RECIPIENT = graphql(`
  query AdminRecipient($id: ID!) { recipient(id: $id) { ...AdminRecipientDetail } }
`);

/** The household moves to another village (township staff of the one they leave, or a county admin). */
export const MOVE_RECIPIENT = graphql(`
  mutation MoveRecipient($recipientId: ID!, $input: MoveRecipientInput!) {
    moveRecipient(recipientId: $recipientId, input: $input) { ...AdminRecipientDetail }
  }
`);

export const CHANGE_RECIPIENT_STATUS = graphql(`
  mutation ChangeRecipientStatus($recipientId: ID!, $status: RecipientStatus!, $reason: String!) {
    changeRecipientStatus(recipientId: $recipientId, status: $status, reason: $reason) { ...AdminRecipientDetail }
  }
`);

export const ISSUE_SERVICE_CARD = graphql(`
  mutation IssueServiceCard($recipientId: ID!) { issueServiceCard(recipientId: $recipientId) { ...AdminRecipientDetail } }
`);

export const REVEAL_ID_NUMBER = graphql(`
  mutation RevealIdNumber($recipientId: ID!, $reason: String!) { revealIdNumber(recipientId: $recipientId, reason: $reason) }
`);

export const REGISTER_RECIPIENT = graphql(`
  mutation RegisterRecipient($input: RegisterRecipientInput!) { registerRecipient(input: $input) { id name } }
`);

// ---- organisations and contracts ----
export const CONTRACT_FIELDS = graphql(`
  fragment AdminContractFields on Contract {
    id contractNumber startsOn endsOn fund status inForce townships { id name } categories { id nameZh nameEn } terminationReason
  }
`);

export type ContractRow = AdminContractFieldsFragment;

export const ORGANISATION_FIELDS = graphql(`
  fragment AdminOrganisationFields on Organisation {
    id name creditCode contactName phone address active carerCount carerPayShare contracts { ...AdminContractFields }
  }
`);

export type OrganisationRow = AdminOrganisationFieldsFragment;

export const ORGANISATIONS = graphql(`
  query AdminOrganisations($first: Int) { organisations(first: $first) { totalCount edges { node { ...AdminOrganisationFields } } } }
`);

export const CREATE_ORGANISATION = graphql(`
  mutation CreateOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { ...AdminOrganisationFields } }
`);

export const CREATE_CONTRACT = graphql(`
  mutation CreateContract($input: CreateContractInput!) { createContract(input: $input) { ...AdminContractFields organisation { id } } }
`);

export const TERMINATE_CONTRACT = graphql(`
  mutation TerminateContract($contractId: ID!, $reason: String!) { terminateContract(contractId: $contractId, reason: $reason) { ...AdminContractFields } }
`);

export const SET_CARER_PAY_SHARE = graphql(`
  mutation SetCarerPayShare($organisationId: ID!, $basisPoints: Int!) { setCarerPayShare(organisationId: $organisationId, basisPoints: $basisPoints) { id carerPayShare } }
`);

// ---- scoring policy ----
export const POLICY_FIELDS = graphql(`
  fragment AdminScoringPolicyFields on ScoringPolicy {
    version effectiveFrom weightDuration weightVolume weightQuality excellentFrom goodFrom passFrom
    coefficientExcellent coefficientGood coefficientPass coefficientFail complaintPenalty samplePercent note createdAt
  }
`);

export type ScoringPolicy = AdminScoringPolicyFieldsFragment;

export const SCORING_POLICIES = graphql(`
  query AdminScoringPolicies { scoringPolicies { ...AdminScoringPolicyFields } }
`);

export const CREATE_SCORING_POLICY = graphql(`
  mutation CreateScoringPolicy($input: ScoringPolicyInput!) { createScoringPolicy(input: $input) { ...AdminScoringPolicyFields } }
`);

// ---- overview ----
export const OVERVIEW = graphql(`
  query AdminOverview {
    serviceCatalog(includeInactive: true) { id items { id active } }
    recipients(first: 0, filter: { status: ACTIVE }) { totalCount }
    organisations(first: 100) { totalCount edges { node { id contracts { id inForce } } } }
    scoringPolicies { version effectiveFrom }
  }
`);
