// Shared set-up and checks for the settlement tests: served months (and their scores, from
// served-month.ts), the ledger checked against every account it mirrors, and a snapshot of
// everything settlement writes, to prove a refusal wrote nothing.
import { expect } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { TestWorld } from '../testing/harness.js';
import { FIXTURE_PASSWORD } from '../testing/fixtures.js';
import { balances, ledgerAccounts } from '../ledger/ledger.js';
import { insertServedMonth, type ServedMonth } from './served-month.js';
import { recordEffects } from '../platform/outbox.js';
import { outboxDelivered } from '../testing/outbox.js';
import { draftSettlementEffect } from './settlement-jobs.js';

export { insertScore } from './served-month.js';

const SETTLEMENT_FIELDS = `id month status grade coefficient services value withheldByGrade withheldByCap payable carerPay
  runByName approvedByName paidByName paymentReference fundWarning organisation { id } downloads { xlsx pdf csv }`;
export const RUN_SETTLEMENT = `mutation($o: ID!, $m: String!) { runSettlement(organisationId: $o, month: $m) { ${SETTLEMENT_FIELDS} } }`;
export const APPROVE = `mutation($id: ID!) { approveSettlement(settlementId: $id) { ${SETTLEMENT_FIELDS} } }`;
export const MARK_PAID = `mutation($id: ID!, $ref: String!) { markSettlementPaid(settlementId: $id, paymentReference: $ref) { ${SETTLEMENT_FIELDS} } }`;

/** The fixture hotline operator's user id (who places and records things on recipients' behalf). */
export async function hotlineId(world: TestWorld): Promise<number> {
  return (await world.db.selectFrom('users').select('id').where('username', '=', 'hotline').executeTakeFirstOrThrow()).id;
}

/** Writes a served month for an organisation (placed by the fixture hotline operator). */
export async function serveMonth(world: TestWorld, month: Omit<ServedMonth, 'placedBy'>): Promise<number> {
  return insertServedMonth(world.db, { ...month, placedBy: await hotlineId(world) });
}

/**
 * The ledger against what it mirrors: every budget account's available, held and spent, each
 * organisation's payable and paid, each year's county settlement account. (Debits equal
 * credits by construction: every transfer is one debit and one equal credit.)
 */
export async function expectLedgerConsistent(db: Database): Promise<void> {
  const accounts = await db.selectFrom('budget_accounts').selectAll().execute();
  const statements = await db.selectFrom('settlements').select(['organisation_id', 'year', 'status', 'payable_fen']).execute();
  const expected = new Map<string, number>();
  const add = (account: string, fen: number) => expected.set(account, (expected.get(account) ?? 0) + fen);
  for (const a of accounts) {
    add(ledgerAccounts.budgetAvailable(a.recipient_id, a.year), a.allocated_fen - a.held_fen - a.spent_fen);
    add(ledgerAccounts.budgetHeld(a.recipient_id, a.year), a.held_fen);
    add(ledgerAccounts.budgetSpent(a.recipient_id, a.year), a.spent_fen);
  }
  for (const s of statements) {
    add(ledgerAccounts.countySettlement(s.year), -s.payable_fen);
    add(ledgerAccounts.organisationPayable(s.organisation_id), s.status === 'paid' ? 0 : s.payable_fen);
    add(ledgerAccounts.organisationPaid(s.organisation_id), s.status === 'paid' ? s.payable_fen : 0);
  }
  const ledger = await balances(db, [...expected.keys()]);
  const mismatches = [...expected]
    .filter(([account, fen]) => ledger.get(account) !== fen)
    .map(([account, fen]) => ({ account, expected: fen, ledger: ledger.get(account) }));
  expect(mismatches).toEqual([]);
  // no settlement transfer touches an account outside those checked above (a misspelt name would)
  const names = [...expected.keys()];
  const {
    rows: [outside],
  } = await sql<{ n: number }>`
    select count(*)::int as n from ledger_transfers
     where kind in ('spend', 'payable', 'pay') and not (debit_account = any(${names}) and credit_account = any(${names}))`.execute(db);
  expect(outside.n).toBe(0);
}

/** Everything settlement writes, to compare before and after a refusal or a repeat. */
export async function settlementState(db: Database) {
  const {
    rows: [counts],
  } = await sql<{ lines: number; transfers: number; last_transfer: number | null }>`
    select (select count(*)::int from settlement_lines) as lines, (select count(*)::int from ledger_transfers) as transfers,
           (select max(id) from ledger_transfers) as last_transfer`.execute(db);
  return {
    settlements: await db.selectFrom('settlements').selectAll().orderBy('id').execute(),
    ...counts,
    budgets: await db.selectFrom('budget_accounts').select(['recipient_id', 'year', 'held_fen', 'spent_fen']).orderBy('recipient_id').orderBy('year').execute(),
    rates: await db.selectFrom('organisations').select(['id', 'carer_pay_share_bp']).orderBy('id').execute(),
  };
}

/** A second finance officer, signed in (four eyes: whoever ran a statement cannot approve it). */
export async function financeColleague(world: TestWorld): Promise<string> {
  const finance = await world.db.selectFrom('users').select('password_hash').where('username', '=', 'finance').executeTakeFirstOrThrow();
  await world.db
    .insertInto('users')
    .values({ username: 'finance2', password_hash: finance.password_hash, display_name: 'finance2', role: 'finance' })
    .onConflict((oc) => oc.column('username').doNothing())
    .execute();
  return world.signIn('finance2', FIXTURE_PASSWORD);
}

/** Polls `read` until `done` holds (every 25 ms, up to `ms`); fails naming `what` and the last value. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Asks for a month's draft as a sign-off does (the job recorded in the outbox), and waits until it is enqueued. */
export async function requestDraft(db: Database, organisationId: number, month: string): Promise<void> {
  await recordEffects(db, [draftSettlementEffect(organisationId, month)]);
  await outboxDelivered(db);
}
