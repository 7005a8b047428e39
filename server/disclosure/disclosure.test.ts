import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { prepareOrdering } from '../orders/test-support.js';
import { serveOrder } from '../visits/test-support.js';
import { countyToday, countyYear } from '../platform/county-time.js';
import { formatYuan } from '../platform/money.js';
import { now } from '../platform/clock.js';

let world: TestWorld;
let fx: Fixtures;
const year = countyYear();
const thisMonth = countyToday().slice(0, 7);
// another month of the same year, before or after this one
const otherMonth = `${year}-${thisMonth.endsWith('-01') ? '02' : '01'}`;
let amount: Record<'served' | 'earlier' | 'lastYear', number>;

const STATISTICS = `query($year: Int!, $townshipId: ID) { publicStatistics(year: $year, townshipId: $townshipId) {
  township { id name } month servicesDelivered amountSpent ratingCount averageRating returnVisitCount averageSatisfaction } }`;

/** Moves the moment an order was confirmed (its confirm event) to `at`, county time. */
const confirmedAt = (orderId: number, at: string) =>
  sql`update order_events set at = ${at}::timestamp at time zone 'Asia/Shanghai' where order_id = ${orderId} and to_status = 'confirmed'`.execute(world.db);

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  const [served, earlier, withheld, lastYear] = [
    await serveOrder(world, fx, { until: 'confirmed', daysAhead: 1, hour: 8 }),
    await serveOrder(world, fx, { until: 'confirmed', daysAhead: 1, hour: 10, item: 'shopping' }),
    await serveOrder(world, fx, { until: 'confirmed', daysAhead: 1, hour: 12 }),
    await serveOrder(world, fx, { until: 'confirmed', daysAhead: 1, hour: 14, item: 'home_cleaning' }),
  ];
  await serveOrder(world, fx, { until: 'completed', daysAhead: 1, hour: 17 });
  await confirmedAt(earlier, `${otherMonth}-15 10:00`);
  await confirmedAt(lastYear, `${year - 1}-12-31 23:30`);
  await world.db.updateTable('orders').set({ payment_withheld: true }).where('id', '=', withheld).execute();
  const amounts = await world.db.selectFrom('orders').select(['id', 'amount_fen']).execute();
  const of = (id: number) => amounts.find((o) => o.id === id)!.amount_fen;
  amount = { served: of(served), earlier: of(earlier), lastYear: of(lastYear) };

  const rater = (await world.db.selectFrom('users').select('id').where('username', '=', 'recipienta').executeTakeFirstOrThrow()).id;
  await world.db
    .insertInto('ratings')
    .values([
      { order_id: served, stars: 5, rated_by: rater, channel: 'mini_program' },
      { order_id: earlier, stars: 4, rated_by: rater, channel: 'mini_program' },
      { order_id: withheld, stars: 1, rated_by: rater, channel: 'mini_program', comment: '没来' },
    ])
    .execute();
  // done visits in both townships this month; a scheduled one does not count
  const visit = (recipient: number, village: number, satisfaction: string | null) => ({
    recipient_id: recipient,
    village_id: village,
    reason: 'complaint',
    due_on: countyToday(),
    ...(satisfaction ? { status: 'done', answers: [4, 4, 4, 4, 5], satisfaction, done_at: now() } : {}),
  });
  await world.db
    .insertInto('return_visits')
    .values([
      visit(fx.recipientA, fx.villageA1, '4.20'),
      visit(fx.recipientA, fx.villageA1, null),
      visit(fx.recipientB, fx.villageB1, '3.00'),
      visit(fx.recipientB, fx.villageB1, '4.00'),
    ])
    .execute();
});
afterAll(() => world?.close());

/** Latin words of a page's visible text (its style and tags left out). */
const visibleWords = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&\w+;/g, ' ')
    .match(/[A-Za-z]{2,}/g) ?? [];

describe('publicStatistics', () => {
  it('gives each township’s months: confirmed services not withheld, their money and ratings, done return visits', async () => {
    const { publicStatistics } = await world.ok(STATISTICS, { year });
    const a = { township: { id: String(fx.townshipA) } };
    const monthA = {
      ...a,
      month: thisMonth,
      servicesDelivered: 1,
      amountSpent: amount.served,
      ratingCount: 1,
      averageRating: 5,
      returnVisitCount: 1,
      averageSatisfaction: 4.2,
    };
    const earlierA = {
      ...a,
      month: otherMonth,
      servicesDelivered: 1,
      amountSpent: amount.earlier,
      ratingCount: 1,
      averageRating: 4,
      returnVisitCount: 0,
      averageSatisfaction: null,
    };
    const monthB = {
      township: { id: String(fx.townshipB) },
      month: thisMonth,
      servicesDelivered: 0,
      amountSpent: 0,
      ratingCount: 0,
      averageRating: null,
      returnVisitCount: 2,
      averageSatisfaction: 3.5,
    };
    expect(publicStatistics).toMatchObject(otherMonth < thisMonth ? [earlierA, monthA, monthB] : [monthA, earlierA, monthB]);
    expect(publicStatistics).toHaveLength(3);

    const lastYear = (await world.ok(STATISTICS, { year: year - 1 })).publicStatistics;
    expect(lastYear).toMatchObject([
      { ...a, month: `${year - 1}-12`, servicesDelivered: 1, amountSpent: amount.lastYear, ratingCount: 0, averageRating: null },
    ]);
  });

  it('gives one township’s months when asked', async () => {
    const { publicStatistics } = await world.ok(STATISTICS, { year, townshipId: String(fx.townshipB) });
    expect(publicStatistics.map((s: { township: { id: string }; month: string }) => [s.township.id, s.month])).toEqual([[String(fx.townshipB), thisMonth]]);
  });

  it('is open to anyone, signed in or not, and shows no one', async () => {
    const anonymous = await world.gql(STATISTICS, { year });
    expect(anonymous.errors).toBeUndefined();
    expect(await world.ok(STATISTICS, { year }, fx.tokens.dispatcherB)).toEqual(anonymous.data);
    expect(JSON.stringify(anonymous.data)).not.toMatch(/王大爷|陈奶奶|张阿姨/);
  });

  it('refuses a year outside the programme’s', async () => {
    for (const bad of [1999, year + 1, -1]) expect(await world.errorCode(STATISTICS, { year: bad }), String(bad)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(STATISTICS, { year, townshipId: 'x' })).toBe('BAD_USER_INPUT');
  });
});

describe('the public page', () => {
  const page = (query = '') => world.app.inject({ method: 'GET', url: `/disclosure${query}` });

  it('shows the figures in HTML, in yuan, with no personal data', async () => {
    const res = await page();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<html lang="zh-CN">');
    const [townshipA] = await world.db.selectFrom('regions').select('name').where('id', '=', fx.townshipA).execute();
    expect(res.body).toContain(townshipA.name);
    expect(res.body).toContain(`<td>${formatYuan(amount.served)}</td>`);
    expect(res.body).toContain(`<td>${formatYuan(amount.earlier)}</td>`);
    expect(res.body).toContain('<td>4.20</td>');
    expect(res.body).toContain('<td>3.50</td>');
    expect(res.body).not.toMatch(/王大爷|陈奶奶|张阿姨|<script/);
    expect((await page(`?year=${year}`)).body).toBe(res.body);
  });

  it('shows another year when asked', async () => {
    const res = await page(`?year=${year - 1}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<td>${formatYuan(amount.lastYear)}</td>`);
    expect(res.body).not.toContain(`<td>${formatYuan(amount.served)}</td>`);
  });

  it('answers 400 for a year it cannot show, saying which years it can in Chinese', async () => {
    for (const bad of ['abc', '1999', String(year + 1), '20261']) {
      const res = await page(`?year=${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(visibleWords(res.body), bad).toEqual([]);
      expect(res.body).toContain(`只能查看 2000 年到 ${year} 年的公开数据`);
    }
  });

  it('is in Chinese only: no Latin words in what it shows', async () => {
    for (const query of ['', `?year=${year - 1}`, '?year=2001']) expect(visibleWords((await page(query)).body), query).toEqual([]);
  });

  it('escapes every value it shows', async () => {
    await world.db.updateTable('regions').set({ name: '<b>乙镇&"</b>' }).where('id', '=', fx.townshipB).execute();
    const res = await page();
    expect(res.body).toContain('&lt;b&gt;乙镇&amp;&quot;&lt;/b&gt;');
    expect(res.body).not.toContain('<b>乙镇');
  });
});
