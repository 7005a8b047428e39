import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type GraphQLData, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { prepareOrdering } from '../orders/test-support.js';
import { countyYear } from '../platform/county-time.js';
import { setClockForTests } from '../platform/clock.js';
import { monthClosedMorning } from '../testing/instants.js';
import { RUN_SETTLEMENT, serveMonth, settlementState, insertScore } from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
const year = countyYear() + 1;
const january = `${year}-01`;
const february = `${year}-02`;
const ids = { a: '', b: '', aFeb: '' };

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  const recipientIds = [fx.recipientA, fx.recipientB];
  await serveMonth(world, { organisationId: fx.orgA, month: january, services: 12, recipientIds, carerIds: [fx.carerA] });
  await serveMonth(world, { organisationId: fx.orgB, month: january, services: 5, recipientIds, carerIds: [fx.carerB] });
  await serveMonth(world, { organisationId: fx.orgA, month: february, services: 3, recipientIds, carerIds: [fx.carerA] });
  // the next programme year is over and its months closed: they may be settled
  setClockForTests(monthClosedMorning(`${year}-12`));
  for (const [organisationId, month, key] of [
    [fx.orgA, january, 'a'],
    [fx.orgB, january, 'b'],
    [fx.orgA, february, 'aFeb'],
  ] as const) {
    await insertScore(world.db, { organisationId, month, grade: 'good', coefficient: '0.950' });
    ids[key] = (await world.ok(RUN_SETTLEMENT, { o: String(organisationId), m: month }, fx.tokens.finance)).runSettlement.id;
  }
});
afterAll(() => world?.close());

const LIST = 'query($y: Int, $m: String, $s: SettlementStatus) { settlements(year: $y, month: $m, status: $s) { id organisation { id } month } }';
const ONE = 'query($id: ID!) { settlement(id: $id) { id } }';
const listed = async (token: string, variables: Record<string, unknown> = { y: year }) =>
  (await world.ok(LIST, variables, token)).settlements.map((s: { id: string }) => s.id);

describe('who sees which statements', () => {
  it("finance, county admins and the evaluator see all, newest month first; a dispatcher only their organisation's; other roles none", async () => {
    for (const token of [fx.tokens.finance, fx.tokens.admin, fx.tokens.evaluator]) {
      expect(await listed(token)).toEqual([ids.aFeb, ids.a, ids.b]);
    }
    expect(await listed(fx.tokens.dispatcherA)).toEqual([ids.aFeb, ids.a]);
    expect(await listed(fx.tokens.dispatcherB)).toEqual([ids.b]);
    expect(await listed(fx.tokens.finance, { m: january })).toEqual([ids.a, ids.b]);
    expect(await listed(fx.tokens.finance, { s: 'APPROVED' })).toEqual([]);
    expect(await world.errorCode(LIST, { m: '2026/01' }, fx.tokens.finance)).toBe('BAD_USER_INPUT');
    expect((await world.ok(ONE, { id: ids.a }, fx.tokens.dispatcherA)).settlement.id).toBe(ids.a);
    expect(await world.errorCode(ONE, { id: ids.b }, fx.tokens.dispatcherA)).toBe('FORBIDDEN');
    expect(await world.errorCode(ONE, { id: '999999' }, fx.tokens.finance)).toBe('NOT_FOUND');
    for (const token of [fx.tokens.recipientA, fx.tokens.hotline, fx.tokens.carerA, fx.tokens.townshipA, fx.tokens.gridA]) {
      expect(await world.errorCode(LIST, {}, token)).toBe('FORBIDDEN');
      expect(await world.errorCode(ONE, { id: ids.a }, token)).toBe('FORBIDDEN');
    }
  });
});

describe("a statement's lines and subtotals", () => {
  const LINES = `query($id: ID!, $after: String) { settlement(id: $id) { services value payable
    lines(first: 5, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { order { id } recipient { id } serviceItem { id } carer { id } serviceDate verifiedMinutes value withheldByGrade withheldByCap payable carerPay } } }
    byRecipient { recipient { id } services value payable }
    byItem { serviceItem { id } services value payable } } }`;

  it('pages through the lines newest order first, and totals them by recipient and by item', async () => {
    const pages: GraphQLData[] = [];
    let after: string | null = null;
    do {
      const { settlement }: GraphQLData = await world.ok(LINES, { id: ids.a, after }, fx.tokens.dispatcherA);
      pages.push(settlement);
      after = settlement.lines.pageInfo.hasNextPage ? settlement.lines.pageInfo.endCursor : null;
    } while (after);
    expect(pages.map((p) => p.lines.edges.length)).toEqual([5, 5, 2]);
    expect(pages.every((p) => p.lines.totalCount === 12)).toBe(true);
    const lines = pages.flatMap((p) => p.lines.edges.map((e: { node: GraphQLData }) => e.node));
    const stored = await world.db.selectFrom('settlement_lines').selectAll().where('settlement_id', '=', Number(ids.a)).orderBy('order_id', 'desc').execute();
    expect(lines).toEqual(
      stored.map((l) => ({
        order: { id: String(l.order_id) },
        recipient: { id: String(l.recipient_id) },
        serviceItem: { id: String(l.service_item_id) },
        carer: { id: String(fx.carerA) },
        serviceDate: l.service_date,
        verifiedMinutes: l.verified_minutes,
        value: l.value_fen,
        withheldByGrade: l.withheld_grade_fen,
        withheldByCap: 0,
        payable: l.payable_fen,
        carerPay: l.carer_pay_fen,
      })),
    );

    const subtotal = (key: (l: (typeof stored)[number]) => number) => {
      const map = new Map<number, { services: number; value: number; payable: number }>();
      for (const l of stored) {
        const t = map.get(key(l)) ?? { services: 0, value: 0, payable: 0 };
        map.set(key(l), { services: t.services + 1, value: t.value + l.value_fen, payable: t.payable + l.payable_fen });
      }
      return [...map].sort(([a], [b]) => a - b);
    };
    const { byRecipient, byItem, value, payable } = pages[0];
    expect(byRecipient).toEqual(subtotal((l) => l.recipient_id).map(([id, t]) => ({ recipient: { id: String(id) }, ...t })));
    expect(byItem).toEqual(subtotal((l) => l.service_item_id).map(([id, t]) => ({ serviceItem: { id: String(id) }, ...t })));
    expect(byItem.length).toBeGreaterThan(1);
    expect(byRecipient.reduce((s: number, r: { value: number }) => s + r.value, 0)).toBe(value);
    expect(byItem.reduce((s: number, r: { payable: number }) => s + r.payable, 0)).toBe(payable);
    expect(await world.errorCode(LINES, { id: ids.a, after: 'not-a-cursor' }, fx.tokens.finance)).toBe('BAD_USER_INPUT');
  });
});

describe("the county fund's pace", () => {
  const PACE = 'query($y: Int!) { fundPace(year: $y) { year countyFund settled usedPercent elapsedPercent pace warning } }';

  it('compares the share of the fund settled with the share of the year settled, and warns when off pace', async () => {
    const statements = await world.db.selectFrom('settlements').select('payable_fen').where('year', '=', year).execute();
    const settled = statements.reduce((s, r) => s + r.payable_fen, 0);
    const { fundPace } = await world.ok(PACE, { y: year }, fx.tokens.finance);
    expect(fundPace).toMatchObject({ year, countyFund: 40_000_000, settled, elapsedPercent: 16.67, pace: 'BEHIND' });
    expect(fundPace.usedPercent).toBe(Math.round((settled / 40_000_000) * 10_000) / 100);
    expect(fundPace.warning).toMatch(/after 2 of 12 months/);

    const { fundPace: quiet } = await world.ok(PACE, { y: year - 1 }, fx.tokens.admin);
    expect(quiet).toMatchObject({ settled: 0, usedPercent: 0, elapsedPercent: 0, pace: 'ON_PACE', warning: null });
    expect(await world.errorCode(PACE, { y: 2099 }, fx.tokens.finance)).toBe('NOT_FOUND');
    expect(await world.errorCode(PACE, { y: year }, fx.tokens.dispatcherA)).toBe('FORBIDDEN');
  });

  it('a statement carries the warning as of its month, with the figures to word it', async () => {
    const query = 'query($id: ID!) { settlement(id: $id) { fundWarning fundPace { year monthsSettled elapsedPercent pace warning } } }';
    const january_ = (await world.ok(query, { id: ids.b }, fx.tokens.finance)).settlement;
    const february_ = (await world.ok(query, { id: ids.aFeb }, fx.tokens.finance)).settlement;
    expect(january_.fundWarning).toMatch(/after 1 of 12 months/);
    expect(february_.fundWarning).toMatch(/after 2 of 12 months/);
    expect(january_.fundPace).toMatchObject({ year, monthsSettled: 1, elapsedPercent: 8.33, warning: january_.fundWarning });
    expect(january_.fundPace.pace).not.toBe('ON_PACE');
    expect(february_.fundPace).toMatchObject({ monthsSettled: 2, elapsedPercent: 16.67, pace: 'BEHIND' });
  });
});

describe('carer earnings', () => {
  const EARNINGS = `query($y: Int!, $o: ID, $k: CarerKind) { carerEarnings(year: $y, organisationId: $o, kind: $k) {
    carer { id } months { month services amount } services yearTotal } }`;
  const DEFAULT_KIND = 'query($y: Int!) { carerEarnings(year: $y) { carer { id } services } }';

  const expected = async (carerId: number) => {
    const lines = await world.db.selectFrom('settlement_lines').select(['service_date', 'carer_pay_fen']).where('carer_id', '=', carerId).execute();
    const months = [...new Set(lines.map((l) => l.service_date.slice(0, 7)))].sort().map((month) => {
      const of = lines.filter((l) => l.service_date.startsWith(month));
      return { month, services: of.length, amount: of.reduce((s, l) => s + l.carer_pay_fen, 0) };
    });
    return { carer: { id: String(carerId) }, months, services: lines.length, yearTotal: lines.reduce((s, l) => s + l.carer_pay_fen, 0) };
  };

  it("per carer and month, assisted-employment carers unless asked otherwise; a dispatcher sees only their organisation's", async () => {
    const carerA = await expected(fx.carerA);
    const carerB = await expected(fx.carerB);
    expect(carerA.months.map((m) => m.month)).toEqual([january, february]);
    expect(carerA.yearTotal).toBeGreaterThan(0);
    expect((await world.ok(DEFAULT_KIND, { y: year }, fx.tokens.finance)).carerEarnings).toEqual([{ carer: carerA.carer, services: 15 }]);
    expect((await world.ok(EARNINGS, { y: year, k: 'PROFESSIONAL' }, fx.tokens.admin)).carerEarnings).toEqual([carerB]);
    const all = (await world.ok(EARNINGS, { y: year, k: null }, fx.tokens.finance)).carerEarnings;
    expect(all).toEqual([carerA, carerB].sort((x, y) => y.yearTotal - x.yearTotal || Number(x.carer.id) - Number(y.carer.id)));
    expect((await world.ok(EARNINGS, { y: year, k: null }, fx.tokens.dispatcherB)).carerEarnings).toEqual([carerB]);
    expect((await world.ok(EARNINGS, { y: year, o: String(fx.orgA) }, fx.tokens.dispatcherA)).carerEarnings).toEqual([carerA]);
    expect((await world.ok(EARNINGS, { y: year - 1 }, fx.tokens.finance)).carerEarnings).toEqual([]);
    expect(await world.errorCode(EARNINGS, { y: year, o: String(fx.orgB) }, fx.tokens.dispatcherA)).toBe('FORBIDDEN');
    expect(await world.errorCode(EARNINGS, { y: year }, fx.tokens.evaluator)).toBe('FORBIDDEN');
    expect(await world.errorCode(EARNINGS, { y: 1999 }, fx.tokens.finance)).toBe('BAD_USER_INPUT');
  });

  it('a carer sees only their own, whatever they ask for', async () => {
    const carerA = await expected(fx.carerA);
    expect((await expected(fx.carerB)).services).toBeGreaterThan(0);
    expect((await world.ok(EARNINGS, { y: year, k: null }, fx.tokens.carerA)).carerEarnings).toEqual([carerA]);
    expect((await world.ok(DEFAULT_KIND, { y: year }, fx.tokens.carerA)).carerEarnings).toEqual([{ carer: carerA.carer, services: 15 }]);
    // carer B is the professional one, paid by organisation B: neither question shows them to carer A
    expect((await world.ok(EARNINGS, { y: year, k: 'PROFESSIONAL' }, fx.tokens.carerA)).carerEarnings).toEqual([]);
    expect((await world.ok(EARNINGS, { y: year, k: null, o: String(fx.orgB) }, fx.tokens.carerA)).carerEarnings).toEqual([]);
    expect((await world.ok(EARNINGS, { y: year, k: null, o: String(fx.orgA) }, fx.tokens.carerA)).carerEarnings).toEqual([carerA]);
    for (const token of [fx.tokens.recipientA, fx.tokens.gridA, fx.tokens.hotline, fx.tokens.townshipA]) {
      expect(await world.errorCode(EARNINGS, { y: year }, token)).toBe('FORBIDDEN');
    }
  });
});

describe('setCarerPayShare', () => {
  const SET_SHARE = 'mutation($o: ID!, $s: Int!) { setCarerPayShare(organisationId: $o, basisPoints: $s) { id carerPayShare } }';

  it('a county admin sets a whole number of basis points from 0 to 10000; anything else changes nothing', async () => {
    const before = await settlementState(world.db);
    const refusals: [Record<string, unknown>, string, string][] = [
      [{ o: String(fx.orgA), s: -1 }, fx.tokens.admin, 'BAD_USER_INPUT'],
      [{ o: String(fx.orgA), s: 10_001 }, fx.tokens.admin, 'BAD_USER_INPUT'],
      [{ o: String(fx.orgA), s: 85.5 }, fx.tokens.admin, 'BAD_USER_INPUT'],
      [{ o: '999999', s: 8500 }, fx.tokens.admin, 'NOT_FOUND'],
      [{ o: String(fx.orgA), s: 8500 }, fx.tokens.dispatcherA, 'FORBIDDEN'],
      [{ o: String(fx.orgA), s: 8500 }, fx.tokens.finance, 'FORBIDDEN'],
    ];
    for (const [variables, token, code] of refusals) expect(await world.errorCode(SET_SHARE, variables, token)).toBe(code);
    expect(await settlementState(world.db)).toEqual(before);
    for (const share of [0, 10_000]) {
      const { setCarerPayShare } = await world.ok(SET_SHARE, { o: String(fx.orgA), s: share }, fx.tokens.admin);
      expect(setCarerPayShare).toEqual({ id: String(fx.orgA), carerPayShare: share });
    }
  });
});
