import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { prepareOrdering } from '../orders/test-support.js';
import { serveMonth } from '../settlement/test-support.js';
import { insertStatement } from '../exports/test-support.js';
import { countyYear } from '../platform/county-time.js';

let world: TestWorld;
let fx: Fixtures;
// the next programme year: prepareOrdering opens it, and none of its figures come from elsewhere
const year = countyYear() + 1;
let withheldOrder: number;

const STATISTICS = `query($year: Int!) { serviceStatistics(year: $year) {
  year countyFund
  cells { month township { id } category { id code } services value }
  carerIncome { month carers services amount }
  responseTimes { month ordersPlaced carerSent medianMinutes p90Minutes } } }`;

interface Statistics {
  year: number;
  countyFund: number;
  cells: { month: string; township: { id: string }; category: { id: string; code: string }; services: number; value: number }[];
  carerIncome: { month: string; carers: number; services: number; amount: number }[];
  responseTimes: { month: string | null; ordersPlaced: number; carerSent: number; medianMinutes: number | null; p90Minutes: number | null }[];
}

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  const recipientIds = [fx.recipientA, fx.recipientB];
  await serveMonth(world, { organisationId: fx.orgA, month: `${year}-03`, services: 20, recipientIds, carerIds: [fx.carerA] });
  // the last day's services are confirmed on 1 January of the year after: not this year's
  await serveMonth(world, { organisationId: fx.orgB, month: `${year}-12`, services: 31, recipientIds, carerIds: [fx.carerB] });
  const first = await world.db.selectFrom('orders').select('id').orderBy('id').executeTakeFirstOrThrow();
  withheldOrder = first.id;
  await world.db.updateTable('orders').set({ payment_withheld: true }).where('id', '=', withheldOrder).execute();
  // statements: April's lines are carer A's (assisted employment), May's carer B's (professional)
  await insertStatement(world, {
    organisationId: fx.orgA,
    month: `${year}-04`,
    services: 6,
    recipientIds,
    carerIds: [fx.carerA],
    grade: 'good',
    coefficient: '0.950',
    runBy: null,
  });
  await insertStatement(world, {
    organisationId: fx.orgB,
    month: `${year}-05`,
    services: 4,
    recipientIds,
    carerIds: [fx.carerB],
    grade: 'good',
    coefficient: '0.950',
    runBy: null,
  });
});
afterAll(() => world?.close());

/** The same figures by the readable rule: each confirmed, not withheld order in the month of its last confirmation. */
async function expectedCells() {
  const { rows } = await sql<{ id: number; confirmed: string; township_id: number; category_id: number; amount_fen: number }>`
    select o.id, to_char(max(e.at) at time zone 'Asia/Shanghai', 'YYYY-MM') as confirmed, r.township_id, i.category_id, o.amount_fen
      from orders o join recipients r on r.id = o.recipient_id join service_items i on i.id = o.service_item_id
      join order_events e on e.order_id = o.id and e.to_status = 'confirmed'
     where o.status = 'confirmed' and not o.payment_withheld group by o.id, r.township_id, i.category_id`.execute(world.db);
  const cells = new Map<string, { month: string; township: string; category: string; services: number; value: number }>();
  for (const o of rows.filter((r) => r.confirmed.startsWith(`${year}-`))) {
    const key = `${o.confirmed}/${o.township_id}/${o.category_id}`;
    const cell = cells.get(key) ?? { month: o.confirmed, township: String(o.township_id), category: String(o.category_id), services: 0, value: 0 };
    cell.services += 1;
    cell.value += Number(o.amount_fen);
    cells.set(key, cell);
  }
  return [...cells.values()].sort((a, b) => `${a.month}/${a.township}/${a.category}`.localeCompare(`${b.month}/${b.township}/${b.category}`));
}

describe('serviceStatistics', () => {
  it('counts confirmed services per month, township and category in the month confirmed, leaving out withheld ones', async () => {
    const { serviceStatistics: s } = await world.ok<{ serviceStatistics: Statistics }>(STATISTICS, { year }, fx.tokens.finance);
    const got = s.cells
      .map((c) => ({ month: c.month, township: c.township.id, category: c.category.id, services: c.services, value: c.value }))
      .sort((a, b) => `${a.month}/${a.township}/${a.category}`.localeCompare(`${b.month}/${b.township}/${b.category}`));
    expect(got).toEqual(await expectedCells());
    const total = s.cells.reduce((n, c) => n + c.services, 0);
    // 20 + 31 + 6 + 4 served, one withheld, December's last day confirmed next year
    expect(total).toBe(20 + 31 + 6 + 4 - 1 - 1);
    expect(new Set(s.cells.map((c) => c.township.id))).toEqual(new Set([String(fx.townshipA), String(fx.townshipB)]));
    expect(s.cells.every((c) => c.month.startsWith(`${year}-`))).toBe(true);
  });

  it('gives the county fund of the year, and 0 for a year not opened', async () => {
    const fund = await world.db.selectFrom('programme_years').select('county_fund_fen').where('year', '=', year).executeTakeFirstOrThrow();
    const { serviceStatistics: s } = await world.ok<{ serviceStatistics: Statistics }>(STATISTICS, { year }, fx.tokens.evaluator);
    expect(s).toMatchObject({ year, countyFund: Number(fund.county_fund_fen) });
    const { serviceStatistics: empty } = await world.ok<{ serviceStatistics: Statistics }>(STATISTICS, { year: 2001 }, fx.tokens.admin);
    expect(empty).toEqual({
      year: 2001,
      countyFund: 0,
      cells: [],
      carerIncome: [],
      responseTimes: [{ month: null, ordersPlaced: 0, carerSent: 0, medianMinutes: null, p90Minutes: null }],
    });
  });

  it("gives assisted-employment carers' monthly pay from settled services only", async () => {
    const { serviceStatistics: s } = await world.ok<{ serviceStatistics: Statistics }>(STATISTICS, { year }, fx.tokens.admin);
    const {
      rows: [april],
    } = await sql<{ services: number; amount: string }>`
      select count(*)::int as services, sum(carer_pay_fen) as amount from settlement_lines where carer_id = ${fx.carerA}`.execute(world.db);
    expect(s.carerIncome).toEqual([{ month: `${year}-04`, carers: 1, services: april.services, amount: Number(april.amount) }]);
    expect(april.services).toBe(6);
  });

  it('gives the minutes from placing an order to its first carer sent, per month placed and for the year', async () => {
    // six orders placed on 2 March 09:00 and one on 31 January 23:50 county time (the served
    // months' orders have no placing events of their own): carers sent 0, 10, 20, 30 and 600
    // minutes after, one order's carer sent twice (the first counts), one never sent
    const orders = (await world.db.selectFrom('orders').select('id').orderBy('id').limit(7).execute()).map((o) => o.id);
    const at = (iso: string, minutes = 0) => new Date(new Date(iso).getTime() + minutes * 60_000);
    const march = `${year}-03-02T09:00:00+08:00`;
    const january = `${year}-01-31T23:50:00+08:00`;
    const events: [number, string, Date][] = [
      ...orders.slice(0, 6).map((id) => [id, 'place', at(march)] as [number, string, Date]),
      [orders[0], 'dispatch', at(march, 0)],
      [orders[1], 'dispatch', at(march, 10)],
      [orders[2], 'dispatch', at(march, 20)],
      [orders[3], 'dispatch', at(march, 30)],
      [orders[3], 'dispatch', at(march, 90)],
      [orders[4], 'dispatch', at(march, 600)],
      [orders[6], 'place', at(january)],
      [orders[6], 'dispatch', at(january, 15)], // sent on 1 February: counts in January, when it was placed
    ];
    await world.db
      .insertInto('order_events')
      .values(events.map(([order_id, action, when]) => ({ order_id, action, at: when, from_status: null, to_status: 'placed', channel: 'system' })))
      .execute();
    const { serviceStatistics: s } = await world.ok<{ serviceStatistics: Statistics }>(STATISTICS, { year }, fx.tokens.finance);
    expect(s.responseTimes).toEqual([
      { month: `${year}-01`, ordersPlaced: 1, carerSent: 1, medianMinutes: 15, p90Minutes: 15 },
      // p90 of 0, 10, 20, 30, 600 by linear interpolation: 30 + 0.6 × 570
      { month: `${year}-03`, ordersPlaced: 6, carerSent: 5, medianMinutes: 20, p90Minutes: 372 },
      // the year's from all six sent, not from the months' figures: 0, 10, 15, 20, 30, 600
      { month: null, ordersPlaced: 7, carerSent: 6, medianMinutes: 17.5, p90Minutes: 315 },
    ]);
  });

  it('refuses other roles, strangers and a year out of range', async () => {
    for (const user of ['dispatcherA', 'carerA', 'recipientA', 'hotline', 'townshipA', 'gridA'] as const) {
      expect(await world.errorCode(STATISTICS, { year }, fx.tokens[user])).toBe('FORBIDDEN');
    }
    expect(await world.errorCode(STATISTICS, { year })).toBe('UNAUTHENTICATED');
    expect(await world.errorCode(STATISTICS, { year: 1999 }, fx.tokens.finance)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(STATISTICS, { year: 2101 }, fx.tokens.finance)).toBe('BAD_USER_INPUT');
  });
});
