import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { prepareOrdering } from '../orders/test-support.js';
import { countyYear } from '../platform/county-time.js';
import { setClockForTests } from '../platform/clock.js';
import { monthClosedMorning } from '../testing/instants.js';
import { runSettlement } from './run-settlement.js';
import { APPROVE, expectLedgerConsistent, financeColleague, MARK_PAID, RUN_SETTLEMENT, serveMonth, settlementState, insertScore } from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
let colleague: string;
let statementId: string;
const year = countyYear() + 1;
const month = `${year}-02`;

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  colleague = await financeColleague(world);
  await serveMonth(world, { organisationId: fx.orgA, month, services: 10, recipientIds: [fx.recipientA], carerIds: [fx.carerA] });
  await serveMonth(world, { organisationId: fx.orgB, month, services: 3, recipientIds: [fx.recipientB], carerIds: [fx.carerB] });
  await insertScore(world.db, { organisationId: fx.orgA, month, grade: 'good', coefficient: '0.950' });
  await insertScore(world.db, { organisationId: fx.orgB, month, grade: 'good', coefficient: '0.950' });
  // the next programme year is over and its months closed: they may be settled
  setClockForTests(monthClosedMorning(`${year}-12`));
  statementId = (await world.ok(RUN_SETTLEMENT, { o: String(fx.orgA), m: month }, fx.tokens.finance)).runSettlement.id;
});
afterAll(() => world?.close());

/** Expects the call to fail with `code` and to leave every settlement table, the ledger and the budgets as they were. */
async function refused(code: string, query: string, variables: Record<string, unknown>, token: string) {
  const before = await settlementState(world.db);
  expect(await world.errorCode(query, variables, token)).toBe(code);
  expect(await settlementState(world.db)).toEqual(before);
}

describe('approving and paying a statement', () => {
  it('refuses approval by whoever ran it, by other roles, and of a statement that does not exist', async () => {
    await refused('FORBIDDEN', APPROVE, { id: statementId }, fx.tokens.finance);
    await refused('FORBIDDEN', APPROVE, { id: statementId }, fx.tokens.admin);
    await refused('FORBIDDEN', APPROVE, { id: statementId }, fx.tokens.dispatcherA);
    await refused('NOT_FOUND', APPROVE, { id: '999999' }, colleague);
  });

  it('refuses payment before approval', async () => {
    await refused('CONFLICT', MARK_PAID, { id: statementId, ref: 'BANK-2026-0001' }, fx.tokens.finance);
  });

  it('another finance officer approves a draft, once', async () => {
    const { approveSettlement } = await world.ok(APPROVE, { id: statementId }, colleague);
    expect(approveSettlement).toMatchObject({ status: 'APPROVED', runByName: 'finance', approvedByName: 'finance2', paidByName: null });
    await refused('CONFLICT', APPROVE, { id: statementId }, colleague);
  });

  it('refuses a blank payment reference, payment by other roles, and payment by whoever approved it', async () => {
    await refused('BAD_USER_INPUT', MARK_PAID, { id: statementId, ref: '   ' }, fx.tokens.finance);
    await refused('FORBIDDEN', MARK_PAID, { id: statementId, ref: 'BANK-2026-0001' }, fx.tokens.admin);
    await refused('FORBIDDEN', MARK_PAID, { id: statementId, ref: 'BANK-2026-0001' }, colleague);
    const res = await world.gql(MARK_PAID, { id: statementId, ref: 'BANK-2026-0001' }, colleague);
    expect(res.errors?.[0].extensions?.reason).toBe('APPROVER_CANNOT_PAY');
  });

  it('marks an approved statement paid, posts the payment once, and refuses paying twice', async () => {
    const { markSettlementPaid } = await world.ok(MARK_PAID, { id: statementId, ref: ' BANK-2026-0001 ' }, fx.tokens.finance);
    expect(markSettlementPaid).toMatchObject({ status: 'PAID', paidByName: 'finance', paymentReference: 'BANK-2026-0001' });
    const pay = await world.db
      .selectFrom('ledger_transfers')
      .select(['debit_account', 'credit_account', 'amount_fen', 'kind'])
      .where('reference', '=', `pay:settlement:${statementId}`)
      .execute();
    expect(pay).toEqual([
      { debit_account: `organisation:${fx.orgA}:payable`, credit_account: `organisation:${fx.orgA}:paid`, amount_fen: markSettlementPaid.payable, kind: 'pay' },
    ]);
    expect(markSettlementPaid.payable).toBeGreaterThan(0);
    await expectLedgerConsistent(world.db);
    await refused('CONFLICT', MARK_PAID, { id: statementId, ref: 'BANK-2026-0002' }, fx.tokens.finance);
  });

  it('a statement the worker drafted may be approved by any finance officer', async () => {
    const drafted = await runSettlement(world.db, { organisationId: fx.orgB, month, runBy: null });
    const { approveSettlement } = await world.ok(APPROVE, { id: String(drafted.id) }, fx.tokens.finance);
    expect(approveSettlement).toMatchObject({ status: 'APPROVED', runByName: null, approvedByName: 'finance' });
  });

  it('approves a statement of 0 yuan only with a note saying why nothing is paid', async () => {
    const empty = `${year}-03`;
    // a month scored and signed off with nothing served: its statement pays 0 yuan
    await insertScore(world.db, { organisationId: fx.orgB, month: empty, grade: 'pass', coefficient: '0.850' });
    const statement = await runSettlement(world.db, { organisationId: fx.orgB, month: empty, runBy: null });
    expect(statement.payable_fen).toBe(0);
    const ZERO = `mutation($id: ID!, $note: String) { approveSettlement(settlementId: $id, zeroNote: $note) { status } }`;
    for (const note of [undefined, '   ']) {
      const before = await settlementState(world.db);
      const res = await world.gql(ZERO, { id: String(statement.id), note }, fx.tokens.finance);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'zeroNote', reason: 'ZERO_STATEMENT_NEEDS_NOTE' });
      expect(await settlementState(world.db)).toEqual(before);
    }
    expect((await world.ok(ZERO, { id: String(statement.id), note: ' 本月该机构未提供服务 ' }, fx.tokens.finance)).approveSettlement.status).toBe('APPROVED');
    const event = await world.db
      .selectFrom('settlement_events')
      .select(['action', 'reason'])
      .where('settlement_id', '=', statement.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ action: 'approve', reason: '本月该机构未提供服务' });
  });
});
