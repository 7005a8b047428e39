import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { prepareOrdering } from '../orders/test-support.js';
import { countyYear } from '../platform/county-time.js';
import { setClockForTests } from '../platform/clock.js';
import { monthClosedMorning } from '../testing/instants.js';
import { currentCountyMonth } from '../scoring/months.js';
import { expectLedgerConsistent, financeColleague, RUN_SETTLEMENT, serveMonth, settlementState, insertScore } from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
// the next programme year: prepareOrdering opens it, and all its months are ahead of any test run
const year = countyYear() + 1;
const march = `${year}-03`;
const april = `${year}-04`;
const lastDecember = `${year - 1}-12`;
const SHARE_BP = 8765;
let excluded: { withheld: number; disputed: number; uncountable: number };

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  const recipientIds = [fx.recipientA, fx.recipientB];
  await serveMonth(world, { organisationId: fx.orgA, month: march, services: 24, recipientIds, carerIds: [fx.carerA] });
  await serveMonth(world, { organisationId: fx.orgA, month: april, services: 8, recipientIds, carerIds: [fx.carerA] });
  await serveMonth(world, { organisationId: fx.orgB, month: march, services: 6, recipientIds, carerIds: [fx.carerB] });
  await serveMonth(world, { organisationId: fx.orgB, month: lastDecember, services: 4, recipientIds, carerIds: [fx.carerB] });
  const marchOrders = await world.db
    .selectFrom('orders')
    .select('id')
    .where('organisation_id', '=', fx.orgA)
    .where(sql<string>`to_char(window_start at time zone 'Asia/Shanghai', 'YYYY-MM')`, '=', march)
    .orderBy('id')
    .execute();
  excluded = { withheld: marchOrders[0].id, disputed: marchOrders[1].id, uncountable: marchOrders[2].id };
  // the next programme year is over and its months closed: they may be settled
  setClockForTests(monthClosedMorning(`${year}-12`));
  await world.db.updateTable('orders').set({ payment_withheld: true }).where('id', '=', excluded.withheld).execute();
  await world.db.updateTable('orders').set({ status: 'disputed' }).where('id', '=', excluded.disputed).execute();
  await world.db.updateTable('visits').set({ countable: false }).where('order_id', '=', excluded.uncountable).execute();
});
afterAll(() => world?.close());

/** Recipient A's confirmedUnsettled for the year, read as A (their own budget, through me). */
const confirmedUnsettledOfA = async (): Promise<number> =>
  (await world.ok('query($y: Int) { me { recipient { budget(year: $y) { confirmedUnsettled } } } }', { y: year }, fx.tokens.recipientA)).me.recipient.budget
    .confirmedUnsettled;
const run = (organisationId: number, month: string, token = fx.tokens.finance) => world.gql(RUN_SETTLEMENT, { o: String(organisationId), m: month }, token);

describe('runSettlement refusals', () => {
  it('refuses a month not yet scored, a score not signed off, a malformed month, an unknown organisation and other roles; nothing is written', async () => {
    await insertScore(world.db, { organisationId: fx.orgB, month: march, grade: 'good', coefficient: '0.950', status: 'draft' });
    const before = await settlementState(world.db);
    const refusals: [Promise<unknown>, string][] = [
      [run(fx.orgA, march), 'BAD_USER_INPUT'],
      [run(fx.orgB, march), 'CONFLICT'],
      [run(fx.orgA, `${year}-3`), 'BAD_USER_INPUT'],
      [run(fx.orgA, `${year}-13`), 'BAD_USER_INPUT'],
      [run(fx.orgA, 'March'), 'BAD_USER_INPUT'],
      [run(999_999, march), 'NOT_FOUND'],
      [run(fx.orgA, march, fx.tokens.dispatcherA), 'FORBIDDEN'],
      [run(fx.orgA, march, fx.tokens.evaluator), 'FORBIDDEN'],
    ];
    for (const [response, code] of refusals) {
      const res = (await response) as Awaited<ReturnType<typeof run>>;
      expect(res.errors?.[0].extensions?.code).toBe(code);
    }
    const notScored = await run(fx.orgA, march);
    expect(notScored.errors?.[0].extensions).toMatchObject({ reason: 'NOT_SCORED' });
    expect(await settlementState(world.db)).toEqual(before);
  });

  it('refuses a month not over, and one with a service of the organisation unfinished (before looking at its score); nothing is written', async () => {
    const current = currentCountyMonth();
    const before = await settlementState(world.db);
    expect((await run(fx.orgA, current)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MONTH_NOT_OVER', month: current });
    // an April service of orgA completed and not yet confirmed
    const [{ id }] = await world.db
      .selectFrom('orders')
      .select('id')
      .where('organisation_id', '=', fx.orgA)
      .where(sql<string>`to_char(window_start at time zone 'Asia/Shanghai', 'YYYY-MM')`, '=', april)
      .limit(1)
      .execute();
    await world.db.updateTable('orders').set({ status: 'completed' }).where('id', '=', id).execute();
    expect((await run(fx.orgA, april)).errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'MONTH_HAS_OPEN_SERVICES',
      month: april,
      openServices: 1,
      organisationId: fx.orgA,
    });
    // orgB's April is closed: what stops it is the missing score
    expect((await run(fx.orgB, april)).errors?.[0].extensions).toMatchObject({ reason: 'NOT_SCORED' });
    expect(await settlementState(world.db)).toEqual(before);
    await world.db.updateTable('orders').set({ status: 'confirmed' }).where('id', '=', id).execute();
  });
});

describe('runSettlement', () => {
  it("settles the confirmed, countable, unwithheld services up to the month's end, each line exact to the fen", async () => {
    await world.ok(
      'mutation($o: ID!, $s: Int!) { setCarerPayShare(organisationId: $o, basisPoints: $s) { carerPayShare } }',
      { o: String(fx.orgA), s: SHARE_BP },
      fx.tokens.admin,
    );
    await insertScore(world.db, { organisationId: fx.orgA, month: march, grade: 'good', coefficient: '0.950' });
    const budgetsBefore = await world.db.selectFrom('budget_accounts').selectAll().where('year', '=', year).execute();
    // what the recipient's app counts as spent: every confirmed service of theirs (the disputed one is not), none settled yet
    const confirmedOfA = await world.db
      .selectFrom('orders')
      .select((eb) => eb.fn.sum<string>('amount_fen').as('fen'))
      .where('recipient_id', '=', fx.recipientA)
      .where('budget_year', '=', year)
      .where('status', '=', 'confirmed')
      .executeTakeFirstOrThrow();
    const unsettledBefore = await confirmedUnsettledOfA();
    expect(unsettledBefore).toBeGreaterThan(0);
    expect(unsettledBefore).toBe(Number(confirmedOfA.fen));

    const res = await run(fx.orgA, march);
    expect(res.errors).toBeUndefined();
    const statement = res.data!.runSettlement;

    const expected = await world.db
      .selectFrom('orders as o')
      .innerJoin('visits as v', 'v.order_id', 'o.id')
      .select(['o.id', 'o.recipient_id', 'o.amount_fen', 'v.duration_minutes', 'v.carer_id'])
      .where('o.organisation_id', '=', fx.orgA)
      .where('v.service_date', '<=', `${march}-31`)
      .where('o.id', 'not in', Object.values(excluded))
      .orderBy('o.id')
      .execute();
    expect(expected).toHaveLength(21);
    const lines = await world.db.selectFrom('settlement_lines').selectAll().where('settlement_id', '=', Number(statement.id)).orderBy('order_id').execute();
    expect(lines.map((l) => l.order_id)).toEqual(expected.map((o) => o.id));
    lines.forEach((line, i) => {
      const { amount_fen: value, duration_minutes: minutes, carer_id: carer } = expected[i];
      const grade = value - Math.round((value * 950) / 1000);
      expect(line).toMatchObject({
        value_fen: value,
        withheld_grade_fen: grade,
        withheld_cap_fen: 0,
        payable_fen: value - grade,
        verified_minutes: minutes,
        carer_pay_fen: Math.round((value * SHARE_BP) / 10_000),
        carer_id: carer,
      });
    });
    const sum = (f: (l: (typeof lines)[number]) => number) => lines.reduce((s, l) => s + f(l), 0);
    expect(statement).toMatchObject({
      month: march,
      status: 'DRAFT',
      grade: 'GOOD',
      coefficient: 0.95,
      services: 21,
      value: sum((l) => l.value_fen),
      withheldByGrade: sum((l) => l.withheld_grade_fen),
      withheldByCap: 0,
      payable: sum((l) => l.payable_fen),
      carerPay: sum((l) => l.carer_pay_fen),
      runByName: 'finance',
      approvedByName: null,
      organisation: { id: String(fx.orgA) },
      downloads: {
        xlsx: `/settlements/${statement.id}/statement.xlsx`,
        pdf: `/settlements/${statement.id}/statement.pdf`,
        csv: `/settlements/${statement.id}/statement.csv`,
      },
    });
    expect(statement.withheldByGrade).toBeGreaterThan(0);

    // each recipient's settled value moved from held to spent, and the ledger says the same
    const budgetsAfter = await world.db.selectFrom('budget_accounts').selectAll().where('year', '=', year).execute();
    for (const after of budgetsAfter) {
      const before = budgetsBefore.find((b) => b.recipient_id === after.recipient_id)!;
      const settled = lines.filter((l) => l.recipient_id === after.recipient_id).reduce((s, l) => s + l.value_fen, 0);
      expect({ held: after.held_fen, spent: after.spent_fen }).toEqual({ held: before.held_fen - settled, spent: before.spent_fen + settled });
    }
    // the settled services left confirmedUnsettled as they left held
    const settledOfA = lines.filter((l) => l.recipient_id === fx.recipientA).reduce((s, l) => s + l.value_fen, 0);
    expect(await confirmedUnsettledOfA()).toBe(unsettledBefore - settledOfA);
    const transfers = await world.db
      .selectFrom('ledger_transfers')
      .select(['debit_account', 'credit_account', 'amount_fen', 'kind', 'reference'])
      .where('kind', 'in', ['spend', 'payable'])
      .orderBy('reference')
      .execute();
    expect(transfers).toEqual(
      [
        {
          debit_account: `county:${year}:settlement`,
          credit_account: `organisation:${fx.orgA}:payable`,
          amount_fen: statement.payable,
          kind: 'payable',
          reference: `payable:settlement:${statement.id}`,
        },
        ...[fx.recipientA, fx.recipientB].sort().map((r) => ({
          debit_account: `recipient:${r}:${year}:held`,
          credit_account: `recipient:${r}:${year}:spent`,
          amount_fen: lines.filter((l) => l.recipient_id === r).reduce((s, l) => s + l.value_fen, 0),
          kind: 'spend',
          reference: `spend:settlement:${statement.id}:recipient:${r}`,
        })),
      ].sort((a, b) => a.reference.localeCompare(b.reference)),
    );
    await expectLedgerConsistent(world.db);
  });

  it('running the month again returns the same statement and writes nothing', async () => {
    const before = await settlementState(world.db);
    const first = before.settlements[0];
    const again = await run(fx.orgA, march, fx.tokens.admin);
    expect(again.data?.runSettlement).toMatchObject({ id: String(first.id), runByName: 'finance' });
    await world.ok('mutation($id: ID!) { approveSettlement(settlementId: $id) { status } }', { id: String(first.id) }, await financeColleague(world));
    const approved = await settlementState(world.db);
    const afterApproval = await run(fx.orgA, march);
    expect(afterApproval.data?.runSettlement).toMatchObject({ id: String(first.id), status: 'APPROVED' });
    expect(await settlementState(world.db)).toEqual(approved);
    expect(approved).toEqual({ ...before, settlements: [{ ...first, status: 'approved', approved_by: expect.any(Number), approved_at: expect.any(Date) }] });
  });

  it("two runs of the same month at once make one statement, with the earlier months' leftovers", async () => {
    await insertScore(world.db, { organisationId: fx.orgA, month: april, grade: 'excellent', coefficient: '1.000' });
    // a March visit found countable only after March was settled goes on April's statement
    await world.db.updateTable('visits').set({ countable: true }).where('order_id', '=', excluded.uncountable).execute();
    const before = await world.db
      .selectFrom('ledger_transfers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();

    const [a, b] = await Promise.all([run(fx.orgA, april), run(fx.orgA, april, fx.tokens.admin)]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(a.data!.runSettlement).toEqual(b.data!.runSettlement);
    const statements = await world.db.selectFrom('settlements').selectAll().where('month', '=', `${april}-01`).execute();
    expect(statements).toHaveLength(1);
    const lines = await world.db.selectFrom('settlement_lines').select('order_id').where('settlement_id', '=', statements[0].id).execute();
    expect(lines).toHaveLength(9);
    expect(lines.map((l) => l.order_id)).toContain(excluded.uncountable);
    expect(statements[0]).toMatchObject({ services: 9, withheld_grade_fen: 0, withheld_cap_fen: 0 });
    expect(statements[0].payable_fen).toBe(statements[0].value_fen);
    // two spend transfers (one per recipient) and one payable: the second run added none
    const after = await world.db
      .selectFrom('ledger_transfers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(3);
    await expectLedgerConsistent(world.db);
  });

  it("settles December's leftovers on January's statement against the budgets of December's year", async () => {
    await insertScore(world.db, { organisationId: fx.orgB, month: `${year}-01`, grade: 'good', coefficient: '0.950' });
    const held = async () =>
      await world.db
        .selectFrom('budget_accounts')
        .select(['recipient_id', 'held_fen', 'spent_fen'])
        .where('year', '=', year - 1)
        .orderBy('recipient_id')
        .execute();
    const before = await held();
    const { runSettlement: statement } = await world.ok(RUN_SETTLEMENT, { o: String(fx.orgB), m: `${year}-01` }, fx.tokens.finance);
    expect(statement).toMatchObject({ month: `${year}-01`, services: 4 });
    const after = await held();
    expect(after.reduce((s, a) => s + a.spent_fen, 0) - before.reduce((s, a) => s + a.spent_fen, 0)).toBe(statement.value);
    const spend = await world.db
      .selectFrom('ledger_transfers')
      .select(['reference', 'debit_account'])
      .where('reference', 'like', `spend:settlement:${statement.id}:%`)
      .orderBy('reference')
      .execute();
    expect(spend).toEqual(
      [fx.recipientA, fx.recipientB].sort().map((r) => ({
        reference: `spend:settlement:${statement.id}:recipient:${r}:${year - 1}`,
        debit_account: `recipient:${r}:${year - 1}:held`,
      })),
    );
    await expectLedgerConsistent(world.db);
  });

  it('never settles a service twice and leaves the withheld and disputed ones held', async () => {
    const { rows } = await sql<{ order_id: number; n: number }>`
      select order_id, count(*)::int as n from settlement_lines group by order_id having count(*) > 1`.execute(world.db);
    expect(rows).toEqual([]);
    const settled = await world.db.selectFrom('settlement_lines').select('order_id').where('order_id', 'in', [excluded.withheld, excluded.disputed]).execute();
    expect(settled).toEqual([]);
  });
});
