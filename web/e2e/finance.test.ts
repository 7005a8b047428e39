// Evaluation and finance in a real browser against the real server on the demo county: months
// made ready through the API and the database (served, confirmed services; signed-off scores;
// a statement run by the county admin), then finance approves a statement, marks it paid and
// downloads its CSV; finance's own statement is refused approval with the server's reason; the
// evaluator draws a sample, records a finding, adjusts the score with a justification and signs it off; both dashboards draw
// their charts. Accessibility of both homes and the dashboard.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './axe.js';
import { chooseOption, eventually, launchBrowser, screenshot, signedInPage } from './browser.js';
import { startWebServer, type WebServer } from './server.js';
import { insertScore, insertServedMonth } from '../../server/settlement/served-month.js';
import { openProgrammeYear } from '../../server/budgets/programme-years.js';
import { countyToday } from '../../server/platform/county-time.js';
import { formatYuan } from '../src/app/format.js';
import { setClockForTests } from '../../server/platform/clock.js';
import { ORDINARY_MORNING } from '../../server/testing/instants.js';

// Mid-May (server, worker and the browser's page): the three months before it are over and closed,
// and in this programme year, the one finance's page lists (in January to March some were not).
setClockForTests(ORDINARY_MORNING);

let server: WebServer;
let browser: Browser;

/** YYYY-MM, `back` months before the county's current one. */
function monthBack(back: number): string {
  const [y, m] = countyToday().slice(0, 7).split('-').map(Number);
  const index = y * 12 + (m - 1) - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
const ranByAdmin = monthBack(3);
const evaluated = monthBack(2);
// last month: the month finance's settlement form offers first
const ranByFinance = monthBack(1);
let organisation: { id: number; name: string };
let statementId: string;
let payable: number;

const RUN = `mutation($o: ID!, $m: String!) { runSettlement(organisationId: $o, month: $m) { id status payable services } }`;
const SCORE_MONTH = `mutation($m: String!) { scoreMonth(month: $m) { id status } }`;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  const db = server.world.db;
  organisation = await db.selectFrom('organisations').select(['id', 'name']).orderBy('id').executeTakeFirstOrThrow();
  const userId = async (username: string) => (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  const [hotline, evaluator] = [await userId('hotline'), await userId('evaluator')];
  for (const year of new Set([ranByAdmin, evaluated, ranByFinance].map((m) => Number(m.slice(0, 4))))) {
    if (!(await db.selectFrom('programme_years').select('year').where('year', '=', year).executeTakeFirst())) await openProgrammeYear(db, { year });
  }
  // two months served and signed off: one the county admin settles, one finance will settle in the browser
  for (const [month, services] of [
    [ranByAdmin, 40],
    [ranByFinance, 24],
  ] as const) {
    await insertServedMonth(db, { organisationId: organisation.id, month, services, placedBy: hotline });
    await insertScore(db, { organisationId: organisation.id, month, services, grade: 'good', coefficient: '0.950', signedOffBy: evaluator });
  }
  const run = await server.world.ok<{ runSettlement: { id: string; status: string; payable: number; services: number } }>(
    RUN,
    { o: String(organisation.id), m: ranByAdmin },
    await server.token('admin'),
  );
  expect(run.runSettlement).toMatchObject({ status: 'DRAFT', services: 40 });
  statementId = run.runSettlement.id;
  payable = run.runSettlement.payable;
  // a month served and scored (a draft): the evaluator reviews and signs it off
  await insertServedMonth(db, { organisationId: organisation.id, month: evaluated, services: 40, placedBy: hotline });
  await server.world.ok(SCORE_MONTH, { m: evaluated }, await server.token('evaluator'));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const heading = (page: Page) => page.getByRole('heading', { level: 2 });
const status = (page: Page, testId: string) => page.getByTestId(testId).textContent();

describe('finance in the browser', () => {
  it('approves a statement run by the county admin, marks it paid and downloads its CSV', async () => {
    const page = await signedInPage(browser, server, 'finance');
    await page.waitForURL((url) => url.pathname === '/finance');
    await eventually(() => heading(page).textContent()).toBe('财务结算');
    await eventually(() => page.getByTestId('fund-pace').locator('.ant-alert').count()).toBe(1);
    await eventually(() => page.getByRole('link', { name: `查看: ${organisation.name} ${ranByAdmin}` }).count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'finance-home');

    await page.getByRole('link', { name: `查看: ${organisation.name} ${ranByAdmin}` }).click();
    await page.waitForURL((url) => url.pathname === `/finance/settlements/${statementId}`);
    await eventually(() => status(page, 'settlement-status')).toBe('待审核');
    expect(await page.getByText(formatYuan(payable), { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByTestId('lines-page').textContent()).toBe('第 1 页');

    await page.getByRole('button', { name: '批准结算单' }).click();
    await page.getByRole('button', { name: '确认批准' }).click();
    await eventually(() => status(page, 'settlement-status')).toBe('已批准');

    // whoever approved it does not record its payment: the server says so in Chinese, and the cashier does
    await page.getByLabel('支付凭证号').fill('BOC-2026-000123');
    await page.getByRole('button', { name: '登记为已支付' }).click();
    await page.getByRole('button', { name: '确认登记' }).click();
    await eventually(() => page.getByText('您批准了这张结算单，支付要由另一位财务人员登记').count()).toBe(1);
    expect((await server.world.db.selectFrom('settlements').select('status').where('id', '=', Number(statementId)).executeTakeFirstOrThrow()).status).toBe(
      'approved',
    );
    const cashier = await signedInPage(browser, server, 'cashier', { path: `/finance/settlements/${statementId}` });
    await eventually(() => status(cashier, 'settlement-status')).toBe('已批准');
    await cashier.getByLabel('支付凭证号').fill('BOC-2026-000123');
    await cashier.getByRole('button', { name: '登记为已支付' }).click();
    await cashier.getByRole('button', { name: '确认登记' }).click();
    await eventually(() => status(cashier, 'settlement-status')).toBe('已支付');
    await cashier.context().close();
    await page.reload();
    await eventually(() => status(page, 'settlement-status')).toBe('已支付');
    expect(await page.getByTestId('payment-reference').textContent()).toBe('BOC-2026-000123');
    const stored = await server.world.db
      .selectFrom('settlements')
      .select(['status', 'payment_reference'])
      .where('id', '=', Number(statementId))
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'paid', payment_reference: 'BOC-2026-000123' });

    // the CSV comes with the bearer token (a plain link could not send it)
    const [response, download] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/settlements/${statementId}/statement.csv`)),
      page.waitForEvent('download'),
      page.getByTestId('download-csv').click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect((await response.request().allHeaders()).authorization).toMatch(/^Bearer /);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.trim().split('\n')).toHaveLength(1 + 40);
    await screenshot(page, 'finance-statement-paid');
    await page.context().close();
  });

  it("refuses to let finance approve a statement they ran, with the server's reason", async () => {
    const page = await signedInPage(browser, server, 'finance');
    await page.waitForURL((url) => url.pathname === '/finance');
    await chooseOption(page, page.getByLabel('社会组织'), organisation.name);
    expect(await page.locator('.ant-select-content', { hasText: ranByFinance }).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: '生成结算单' }).click();
    await page.waitForURL((url) => /^\/finance\/settlements\/\d+$/.test(url.pathname));
    await eventually(() => status(page, 'settlement-status')).toBe('待审核');

    await page.getByRole('button', { name: '批准结算单' }).click();
    await page.getByRole('button', { name: '确认批准' }).click();
    const refusal = page.getByTestId('approve-refused');
    await eventually(() => refusal.textContent()).toContain('这份结算单由您生成，须由另一位财务人员批准');
    expect(await refusal.textContent()).toContain('You ran this statement');
    expect(await status(page, 'settlement-status')).toBe('待审核');
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const stored = await server.world.db.selectFrom('settlements').select(['status', 'month']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.status).toBe('draft');
    await screenshot(page, 'finance-approval-refused');
    await page.context().close();
  });

  it('draws the dashboard charts', async () => {
    const page = await signedInPage(browser, server, 'finance', { path: '/finance/dashboard' });
    const charts = page.getByTestId('dashboard').locator('[role=img] canvas');
    await eventually(() => charts.count()).toBe(6);
    // ECharts has drawn once the canvases have a size
    await eventually(() => charts.first().evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(0);
    await page.waitForTimeout(800); // the charts' entry animation, for the screenshot only
    await expectAccessible(page);
    await screenshot(page, 'finance-dashboard');
    await page.context().close();
  });
});

describe('the evaluator in the browser', () => {
  it('says a month not over cannot be scored yet, and offers no button for it', async () => {
    const page = await signedInPage(browser, server, 'evaluator', { path: `/evaluation?month=${monthBack(0)}` });
    await eventually(() => page.getByTestId('month-not-closed').textContent()).toBe('这个月还没有过完，月底以后才能评分。');
    expect(await page.getByRole('button', { name: '立即评分' }).isDisabled()).toBe(true);
    await page.context().close();
  });

  it('reviews the sample, adjusts the score with a justification and signs it off after confirming', async () => {
    const page = await signedInPage(browser, server, 'evaluator', { path: `/evaluation?month=${evaluated}` });
    await eventually(() => heading(page).textContent()).toBe('第三方评估');
    await eventually(() => page.getByRole('link', { name: organisation.name, exact: true }).count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'evaluation-home');

    await page.getByRole('link', { name: organisation.name, exact: true }).click();
    await page.waitForURL((url) => /^\/evaluation\/scores\/\d+$/.test(url.pathname));
    await eventually(() => status(page, 'score-status')).toBe('待签发');
    await page.getByRole('button', { name: '抽取样本' }).click();
    const finding = page.getByLabel(/^服务 \d+ 的复核结论$/).first();
    await finding.fill('电话回访核实，服务内容与记录一致');
    await page.getByRole('button', { name: '保存结论' }).first().click();
    await eventually(() => page.getByText('电话回访核实，服务内容与记录一致').count()).toBe(1);

    await page.getByLabel('调整后得分（0–100）').fill('86.5');
    await page.getByLabel('调整理由').fill('抽样复核发现一次服务记录与回访不符，酌情扣分');
    await page.getByRole('button', { name: '保存调整' }).click();
    await eventually(() => page.getByText('抽样复核发现一次服务记录与回访不符，酌情扣分').count()).toBeGreaterThan(0);
    await eventually(() => page.getByText('86.50', { exact: true }).count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: '签发评分' }).click();
    await eventually(() => page.getByRole('dialog').textContent()).toContain('签发后不可撤回或修改');
    await page.getByRole('button', { name: '确认签发' }).click();
    await eventually(() => status(page, 'score-status')).toBe('已签发');
    const scoreId = Number(new URL(page.url()).pathname.split('/').pop());
    const stored = await server.world.db
      .selectFrom('organisation_scores')
      .select(['status', 'adjusted_score', 'adjustment_justification'])
      .where('id', '=', scoreId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'signed_off', adjusted_score: '86.50', adjustment_justification: '抽样复核发现一次服务记录与回访不符，酌情扣分' });
    const reviewed = await server.world.db
      .selectFrom('score_samples')
      .select('finding')
      .where('score_id', '=', scoreId)
      .where('reviewed_at', 'is not', null)
      .execute();
    expect(reviewed).toEqual([{ finding: '电话回访核实，服务内容与记录一致' }]);
    await screenshot(page, 'evaluation-score-signed-off');

    await page.getByRole('link', { name: '统计图表' }).click();
    await eventually(() => page.getByTestId('dashboard').locator('[role=img] canvas').count()).toBe(6);
    await page.waitForTimeout(800);
    await screenshot(page, 'evaluation-dashboard');
    await page.context().close();
  });
});
