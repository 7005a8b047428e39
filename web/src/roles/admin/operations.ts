// The admin area's GraphQL documents: graphql(`...`) from web/src/gql, whose result and
// variable types are generated from schema.graphql (`npm run codegen:web`). The names below
// are those generated types, for components to use. web/operations.test.ts validates each
// document against schema.graphql. The registry documents are shared with the township
// console (roles/township).
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from '../../gql/admin/gql';
import type {
  AdminAuditEntryFragment,
  AdminMessageFragment,
  AdminCatalogItemFragment,
  AdminContractFieldsFragment,
  AdminOrganisationFieldsFragment,
  AdminRecipientDetailFragment,
  AdminRecipientRowFragment,
  AdminScoringPolicyFieldsFragment,
  AdminSignInLockFragment,
  AdminUserRowFragment,
} from '../../gql/admin/graphql';

export type {
  AuditActorKind,
  AuditFilter,
  CreateUserInput,
  AssessedNeedInput,
  DisabilityLevel,
  Role,
  UserAccessInput,
  UserFilter,
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
    latestAssessment { id assessedOn participants summary needs { serviceItem { id nameZh nameEn } timesPerMonth note } }
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

/** A new phone or address (township staff, the village's grid worker, the hotline, a county admin). */
export const UPDATE_RECIPIENT_CONTACT = graphql(`
  mutation UpdateRecipientContact($recipientId: ID!, $input: RecipientContactInput!) {
    updateRecipientContact(recipientId: $recipientId, input: $input) { id phone address }
  }
`);

/** The services a needs list can name: every item on offer, by category. */
export const NEEDS_CATALOG = graphql(`
  query AdminNeedsCatalog { serviceCatalog { id nameZh nameEn items { id nameZh nameEn unit } } }
`);

export type NeedsCatalogCategory = ResultOf<typeof NEEDS_CATALOG>['serviceCatalog'][number];

/** 救助会诊: an assessment and the needs list it agreed (township staff, a county admin). */
export const RECORD_NEEDS_ASSESSMENT = graphql(`
  mutation RecordNeedsAssessment($input: NeedsAssessmentInput!) { recordNeedsAssessment(input: $input) { id assessedOn } }
`);

/** What a printed service card carries; the confirmation code is there only for the staff who issue cards. */
export const RECIPIENT_CARD = graphql(`
  query AdminRecipientCard($id: ID!) {
    recipient(id: $id) { id name status serviceCardNumber serviceCardIssuedAt serviceCardCode village { id name } township { id name } }
  }
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

// ---- sign-ins (accounts) ----
/** A sign-in as the accounts page lists it: its role and the scope that role needs. */
export const USER_ROW = graphql(`
  fragment AdminUserRow on User {
    id username displayName role active lastSignedInAt
    recipient { id name }
    organisation { id name }
    carer { id name organisation { id name } }
    township { id name }
    villages { id name }
  }
`);

export type UserRow = AdminUserRowFragment;

export const USERS = graphql(`
  query AdminUsers($first: Int!, $after: String, $filter: UserFilter) {
    users(first: $first, after: $after, filter: $filter) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { ...AdminUserRow } }
    }
  }
`);

export const CREATE_USER = graphql(`
  mutation AdminCreateUser($input: CreateUserInput!) { createUser(input: $input) { ...AdminUserRow } }
`);

export const SET_USER_ACTIVE = graphql(`
  mutation AdminSetUserActive($userId: ID!, $active: Boolean!) { setUserActive(userId: $userId, active: $active) { ...AdminUserRow } }
`);

export const CHANGE_USER_ACCESS = graphql(`
  mutation AdminChangeUserAccess($userId: ID!, $input: UserAccessInput!) { changeUserAccess(userId: $userId, input: $input) { ...AdminUserRow } }
`);

export const RESET_USER_PASSWORD = graphql(`
  mutation AdminResetUserPassword($userId: ID!, $password: String!) { resetUserPassword(userId: $userId, password: $password) { id } }
`);

export const SIGN_IN_LOCK = graphql(`
  fragment AdminSignInLock on SignInLock {
    id kind address failures lockedAt lockedUntil unlockedAt
    user { id username displayName }
    unlockedBy { id displayName }
  }
`);

export type SignInLock = AdminSignInLockFragment;

export const SIGN_IN_LOCKS = graphql(`
  query AdminSignInLocks($first: Int!, $after: String, $userId: ID) {
    signInLocks(first: $first, after: $after, userId: $userId) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { ...AdminSignInLock } }
    }
  }
`);

export const UNLOCK_USER = graphql(`
  mutation AdminUnlockUser($userId: ID!) { unlockUser(userId: $userId) }
`);

/** What the scope fields choose from: organisations (a dispatcher's), and an organisation's carers (a carer's). */
export const SCOPE_ORGANISATIONS = graphql(`
  query AdminScopeOrganisations { organisations(first: 100) { edges { node { id name } } } }
`);

export const SCOPE_CARERS = graphql(`
  query AdminScopeCarers($organisationId: ID!, $first: Int!, $after: String) {
    carers(organisationId: $organisationId, first: $first, after: $after, filter: { active: true }) {
      pageInfo { hasNextPage endCursor } edges { node { id name homeVillage { id name } } }
    }
  }
`);

export const SCOPE_RECIPIENTS = graphql(`
  query AdminScopeRecipients($search: String!) {
    recipients(first: 20, filter: { search: $search }) { edges { node { id name idNumberMasked village { id name } township { id name } } } }
  }
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

// ---- audit trail ----
/** One change as the trail shows it: who (a user, or the system), when, from where, through what, to which record. */
export const AUDIT_ENTRY = graphql(`
  fragment AdminAuditEntry on AuditEntry {
    id at actorKind actorRole address operation requestId databaseUser table recordId action
    actor { id username displayName carer { id name } recipient { id name } }
    changes { column before after }
  }
`);

export type AuditEntry = AdminAuditEntryFragment;

export const AUDIT_TRAIL = graphql(`
  query AdminAuditTrail($first: Int!, $after: String, $filter: AuditFilter) {
    auditTrail(first: $first, after: $after, filter: $filter) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { ...AdminAuditEntry } }
    }
  }
`);

/** Whose changes, or whose account's: sign-ins found by a part of the username or the name. */
export const AUDIT_USERS = graphql(`
  query AdminAuditUsers($search: String!) {
    users(first: 20, filter: { search: $search }) { edges { node { id username displayName role carer { id name } recipient { id name } } } }
  }
`);

/** An organisation's carers, former ones too (their records stay in the trail): the API's largest page. */
export const AUDIT_CARERS = graphql(`
  query AdminAuditCarers($organisationId: ID!) {
    carers(organisationId: $organisationId, first: 100) { edges { node { id name active homeVillage { id name } } } }
  }
`);

// ---- messages to people ----
/** One message as the admins' list shows it: to whom, what it says, how and whether it went. */
export const MESSAGE_ROW = graphql(`
  fragment AdminMessage on Message {
    id event text channel urgent status notBefore suppressedReason attempts createdAt sentAt
    recipient { id name }
    user { id displayName role }
  }
`);

export type MessageRow = AdminMessageFragment;

export const MESSAGES = graphql(`
  query AdminMessages($first: Int!, $after: String, $filter: MessageFilter) {
    messages(first: $first, after: $after, filter: $filter) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { ...AdminMessage } }
    }
  }
`);
