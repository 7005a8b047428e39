// Shared by the registry's test files: operations, valid ID numbers, row counts.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { TestWorld } from '../testing/harness.js';
import type { Fixtures } from '../testing/fixtures.js';
import { makeIdNumber, protectIdNumber } from './id-number.js';

export const RECIPIENT_FIELDS = `id name gender birthDate idNumberMasked eligibilityCategory disabilityLevel
  household { householdNumber headName address } village { id name } township { id name } address phone
  serviceCardNumber serviceCardIssuedAt status statusChangedAt createdAt
  statusHistory { fromStatus toStatus reason changedBy changedAt }
  latestAssessment { assessedOn participants summary needs { serviceItem { code } timesPerMonth note } }`;

export const REGISTER = `mutation($input: RegisterRecipientInput!) { registerRecipient(input: $input) { ${RECIPIENT_FIELDS} } }`;
export const RECIPIENT = `query($id: ID!) { recipient(id: $id) { ${RECIPIENT_FIELDS} } }`;
export const RECIPIENTS = `query($first: Int, $after: String, $filter: RecipientFilter) {
  recipients(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } } } }`;
export const CHANGE_STATUS = `mutation($id: ID!, $status: RecipientStatus!, $reason: String!) {
  changeRecipientStatus(recipientId: $id, status: $status, reason: $reason) { id status serviceCardNumber statusHistory { fromStatus toStatus reason changedBy } } }`;
export const UPDATE_CONTACT = `mutation($id: ID!, $input: RecipientContactInput!) { updateRecipientContact(recipientId: $id, input: $input) { id phone address } }`;
export const ASSESS = `mutation($input: NeedsAssessmentInput!) { recordNeedsAssessment(input: $input) {
  id assessedOn participants summary needs { serviceItem { code } timesPerMonth note } } }`;
export const ISSUE_CARD = `mutation($id: ID!) { issueServiceCard(recipientId: $id) { id serviceCardNumber serviceCardIssuedAt } }`;
export const REVEAL = `mutation($id: ID!, $reason: String!) { revealIdNumber(recipientId: $id, reason: $reason) }`;

let sequence = 100;
/** A fresh valid ID number (never one the fixtures use). */
export function newIdNumber(male = true, birthDate = '1950-06-15'): string {
  sequence += 2;
  return makeIdNumber('360823', birthDate, sequence, male);
}

/** A registration input for a fixture village, with overrides. */
export function registration(villageId: number, overrides: Record<string, unknown> = {}) {
  return {
    name: '刘奶奶',
    idNumber: newIdNumber(false),
    eligibilityCategory: 'DESTITUTE',
    disabilityLevel: 'SEMI_DISABLED',
    villageId: String(villageId),
    householdNumber: `HH-T-${++sequence}`,
    address: '测试村1号',
    phone: '13912345678',
    ...overrides,
  };
}

/** Rows in a table (to prove a refusal wrote nothing). */
export async function count(db: Database, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
  return rows[0].n;
}

/** Row counts of every table a registry write touches. */
export async function registryCounts(db: Database) {
  const tables = ['recipients', 'households', 'recipient_status_changes', 'personal_data_reveals', 'needs_assessments', 'assessed_needs', 'budget_accounts'];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(db, t)])));
}

/** Inserts a recipient straight into the database (fast set-up for lists and lifecycle). */
export async function insertRecipient(world: TestWorld, fx: Fixtures, overrides: Record<string, unknown> = {}): Promise<number> {
  const idNumber = newIdNumber(true);
  const household = await world.db
    .insertInto('households')
    .values({ household_number: `HH-I-${++sequence}`, head_name: '测试户主', village_id: (overrides.village_id as number | undefined) ?? fx.villageA1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await world.db
    .insertInto('recipients')
    .values({
      name: '测试对象',
      gender: 'male',
      birth_date: '1950-06-15',
      ...protectIdNumber(idNumber, world.config.DATA_KEY),
      eligibility_category: 'destitute',
      disability_level: 'none',
      household_id: household.id,
      village_id: fx.villageA1,
      township_id: fx.townshipA,
      status: 'candidate',
      ...overrides,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A token for `username` that has already expired. */
export async function expiredToken(world: TestWorld, username: string, password: string): Promise<string> {
  const token = await world.signIn(username, password);
  await world.db
    .updateTable('sessions')
    .set({ expires_at: new Date(Date.now() - 60_000) })
    .where('token_digest', '=', createHash('sha256').update(token).digest('hex'))
    .execute();
  return token;
}
