import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { prepareOrdering } from '../orders/test-support.js';
import { countyYear } from '../platform/county-time.js';
import { setClockForTests } from '../platform/clock.js';
import { monthClosedMorning } from '../testing/instants.js';
import { expectLedgerConsistent, RUN_SETTLEMENT, serveMonth, insertScore } from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
const year = countyYear() + 1;
const may = `${year}-05`;
const june = `${year}-06`;

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  const recipientIds = [fx.recipientA, fx.recipientB];
  await serveMonth(world, { organisationId: fx.orgB, month: may, services: 6, recipientIds, carerIds: [fx.carerB] });
  await serveMonth(world, { organisationId: fx.orgA, month: may, services: 23, recipientIds, carerIds: [fx.carerA] });
  await serveMonth(world, { organisationId: fx.orgA, month: june, services: 4, recipientIds, carerIds: [fx.carerA] });
  await insertScore(world.db, { organisationId: fx.orgB, month: may, grade: 'excellent', coefficient: '1.000' });
  await insertScore(world.db, { organisationId: fx.orgA, month: may, grade: 'pass', coefficient: '0.850' });
  await insertScore(world.db, { organisationId: fx.orgA, month: june, grade: 'pass', coefficient: '0.850' });
  // the next programme year is over and its months closed: they may be settled
  setClockForTests(monthClosedMorning(`${year}-12`));
});
afterAll(() => world?.close());

const run = async (organisationId: number, month: string) =>
  (await world.ok(RUN_SETTLEMENT, { o: String(organisationId), m: month }, fx.tokens.finance)).runSettlement;
const ordersOf = (organisationId: number, month: string) =>
  world.db
    .selectFrom('orders')
    .select(['id', 'amount_fen'])
    .where('organisation_id', '=', organisationId)
    .where(sql<string>`to_char(window_start at time zone 'Asia/Shanghai', 'YYYY-MM')`, '=', month)
    .orderBy('id')
    .execute();

describe('the county fund cap', () => {
  it("withholds what the fund left by the year's other statements cannot cover, spread over the lines exactly to the fen", async () => {
    const valueB = (await ordersOf(fx.orgB, may)).reduce((s, o) => s + o.amount_fen, 0);
    const afterGrade = (await ordersOf(fx.orgA, may)).map((o) => ({ id: o.id, net: Math.round((o.amount_fen * 850) / 1000) }));
    const totalNet = afterGrade.reduce((s, o) => s + o.net, 0);
    const fundLeft = Math.floor(totalNet * 0.37) + 3;
    await world.db
      .updateTable('programme_years')
      .set({ county_fund_fen: valueB + fundLeft })
      .where('year', '=', year)
      .execute();

    const statementB = await run(fx.orgB, may);
    expect(statementB).toMatchObject({ value: valueB, withheldByCap: 0, payable: valueB });

    const statementA = await run(fx.orgA, may);
    const shortfall = totalNet - fundLeft;
    expect(statementA).toMatchObject({ payable: fundLeft, withheldByCap: shortfall, withheldByGrade: statementA.value - totalNet });

    // the largest-remainder split, computed independently in exact integers
    const shares = afterGrade.map((o) => {
      const product = BigInt(o.net) * BigInt(shortfall);
      return { ...o, floor: Number(product / BigInt(totalNet)), remainder: product % BigInt(totalNet) };
    });
    const extra = shortfall - shares.reduce((s, o) => s + o.floor, 0);
    const ranked = [...shares].sort((a, b) => (a.remainder === b.remainder ? a.id - b.id : a.remainder > b.remainder ? -1 : 1));
    const rounded = new Set(ranked.slice(0, extra).map((o) => o.id));
    expect(extra).toBeGreaterThan(0);
    const lines = await world.db
      .selectFrom('settlement_lines')
      .select(['order_id', 'withheld_cap_fen', 'payable_fen'])
      .where('settlement_id', '=', Number(statementA.id))
      .orderBy('order_id')
      .execute();
    expect(lines).toEqual(
      shares.map((o) => {
        const cap = o.floor + (rounded.has(o.id) ? 1 : 0);
        return { order_id: o.id, withheld_cap_fen: cap, payable_fen: o.net - cap };
      }),
    );
    await expectLedgerConsistent(world.db);
  });

  it('once the fund is used up, a statement pays nothing and withholds everything after grade, without a payable transfer', async () => {
    const statement = await run(fx.orgA, june);
    expect(statement.services).toBe(4);
    expect(statement).toMatchObject({ payable: 0, withheldByCap: statement.value - statement.withheldByGrade });
    const payable = await world.db.selectFrom('ledger_transfers').select('reference').where('reference', '=', `payable:settlement:${statement.id}`).execute();
    expect(payable).toEqual([]);
    const spend = await world.db.selectFrom('ledger_transfers').select('reference').where('reference', 'like', `spend:settlement:${statement.id}:%`).execute();
    expect(spend).toHaveLength(2);
    await expectLedgerConsistent(world.db);

    const { fundPace } = await world.ok(
      'query($y: Int!) { fundPace(year: $y) { year countyFund settled usedPercent elapsedPercent pace warning } }',
      { y: year },
      fx.tokens.admin,
    );
    expect(fundPace).toMatchObject({ year, settled: fundPace.countyFund, usedPercent: 100, elapsedPercent: 50, pace: 'AHEAD' });
    expect(fundPace.warning).toMatch(/100% of the \d{4} county fund .* after 6 of 12 months/);
  });
});
