// Every page of every role, in Chinese, in a real browser against the demo county: the pages
// are read from the areas' own definitions (web/e2e/areas.ts), so a new page is visited the day
// its route lands; a page with a :param is reached through a link some other page of the role
// shows (a real record of the demo data made below), or through a page it extends
// (orders/:id → orders/:id/reschedule). On each page: no Latin word outside ALLOWED in what a
// person sees or hears (text, placeholders, labels, titles), no serious or critical axe
// finding, exactly one main landmark, no NaN in a chart's description, and enough contrast in
// placeholders and hover states (web/e2e/contrast.ts). Each page is screenshot
// (web/e2e/screenshots/zh-<user>-<path>.png). Failures are gathered per role and listed together.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { axe } from './axe.js';
import { chooseOption, eventually, launchBrowser, newPage, screenshot, signedInPage, type Device } from './browser.js';
import { startWebServer, type WebServer } from './server.js';
import { hoverContrast, placeholderContrast } from './contrast.js';
import { paramsOf, patternRegExp, readAreas, type AreaRoutes } from './areas.js';
import { demoSignIns } from '../../server/seed/demo.js';
import { makeIdNumber } from '../../server/registry/id-number.js';
import { insertScore, insertServedMonth } from '../../server/settlement/served-month.js';
import { openProgrammeYear } from '../../server/budgets/programme-years.js';
import { addDays, countyToday } from '../../server/platform/county-time.js';
import { setClockForTests } from '../../server/platform/clock.js';
import { ORDINARY_MORNING } from '../../server/testing/instants.js';

// Mid-May (server, worker and the browser): the months before it are over, so they can be
// served, scored and settled, and the programme year is the demo county's.
setClockForTests(ORDINARY_MORNING);

/**
 * Latin words a Chinese page may show. Brand and product names (the app's own Latin name in
 * the window title, Bull Board, the file formats finance downloads), the language switch's
 * "English" (written in the language it switches to), units (km, kg). A run of Latin letters
 * with digits in it (XJFW00017, 52360823MJ4527816H, 3608************1X) is an ID or a code shown
 * as one and always allowed; single letters (X in an ID number) too. So is what a page marks
 * translate="no": names that are not words of any language (a username such as "grid.wang").
 */
const ALLOWED = new Set(['Nuanxin', 'English', 'Bull', 'Board', 'PDF', 'CSV', 'Excel', 'XLSX', 'km', 'kg']);

/** The Latin words of `text` outside ALLOWED, each with a little of the text around it. */
function latinWords(text: string): string[] {
  const found: string[] = [];
  for (const run of text.matchAll(/[A-Za-z0-9][A-Za-z0-9._+*#/@:'-]*/g)) {
    if (!/[A-Za-z]{2,}/.test(run[0]) || /\d/.test(run[0])) continue;
    for (const word of run[0].match(/[A-Za-z]{2,}/g) ?? []) {
      if (ALLOWED.has(word)) continue;
      const at = run.index ?? 0;
      found.push(`"${word}" in …${text.slice(Math.max(0, at - 20), at + run[0].length + 20).replace(/\s+/g, ' ')}…`);
    }
  }
  return found;
}

const areas = readAreas();
const usernameOf = (role: string) => demoSignIns.find((s) => s.role === role.toLowerCase())?.username;
const roles = [...new Set(areas.flatMap((a) => a.roles))];

let server: WebServer;
let browser: Browser;

/** A weekday at least `ahead` days from today (county date). */
function workday(ahead: number): string {
  let day = addDays(countyToday(), ahead);
  while ([0, 6].includes(new Date(`${day}T12:00:00+08:00`).getUTCDay())) day = addDays(day, 1);
  return day;
}

/** YYYY-MM, `back` months before the county's current one. */
function monthBack(back: number): string {
  const [y, m] = countyToday().slice(0, 7).split('-').map(Number);
  const index = y * 12 + (m - 1) - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The records the pages show, made as the people would have left them: two months served,
 * one scored and settled (a statement for finance, a signed-off score), one scored as a draft
 * (the evaluator's to review); the demo recipient's services among them; an order for
 * tomorrow, matched by the worker (the dispatcher's board, the carer's jobs, the recipient's
 * next visit); complaints with the organisation and with the township station; return visits.
 */
async function makeRecords(): Promise<void> {
  const { world } = server;
  const db = world.db;
  const token = (username: string) => server.token(username);
  const me = await world.ok<{ me: { recipient: { id: string } } }>('{ me { recipient { id } } }', {}, await token('recipient'));
  const recipientId = Number(me.me.recipient.id);
  const organisation = await db.selectFrom('organisations').select('id').orderBy('id').executeTakeFirstOrThrow();
  const township = (await world.ok<{ me: { township: { id: string } } }>('{ me { township { id } } }', {}, await token('township'))).me.township.id;
  const userId = async (username: string) => (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  const carer = await db.selectFrom('users').select('carer_id').where('username', '=', 'carer').executeTakeFirstOrThrow();
  const [settled, scored] = [monthBack(1), monthBack(2)];
  for (const year of new Set([settled, scored].map((m) => Number(m.slice(0, 4))))) {
    if (!(await db.selectFrom('programme_years').select('year').where('year', '=', year).executeTakeFirst())) await openProgrammeYear(db, { year });
  }
  // the demo recipient and carer among those served, with a few of the township's others
  const { rows: neighbours } = await sql<{ id: number }>`
    select id from recipients where status = 'active' and township_id = ${Number(township)} and id <> ${recipientId} order by id limit 5`.execute(db);
  const served = { recipientIds: [recipientId, ...neighbours.map((r) => r.id)], carerIds: carer.carer_id ? [carer.carer_id] : undefined };
  const [hotline, evaluator] = [await userId('hotline'), await userId('evaluator')];
  await insertServedMonth(db, { organisationId: organisation.id, month: settled, services: 24, placedBy: hotline, ...served });
  await insertScore(db, { organisationId: organisation.id, month: settled, services: 24, grade: 'good', coefficient: '0.950', signedOffBy: evaluator });
  await world.ok(
    'mutation($o: ID!, $m: String!) { runSettlement(organisationId: $o, month: $m) { id } }',
    { o: String(organisation.id), m: settled },
    await token('admin'),
  );
  await insertServedMonth(db, { organisationId: organisation.id, month: scored, services: 12, placedBy: hotline, ...served });
  await world.ok('mutation($m: String!) { scoreMonth(month: $m) { id } }', { m: scored }, await token('evaluator'));

  // tomorrow's visit, ordered by the recipient and matched by the worker
  const item = await db
    .selectFrom('service_items')
    .select('id')
    .where('required_qualification', 'is', null)
    .where('is_urgent', '=', false)
    .where('active', '=', true)
    .where('standard_minutes', '<=', 60)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const day = workday(1);
  const placed = await world.ok<{ placeOrder: { id: string } }>(
    'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }',
    {
      input: {
        serviceItemId: String(item.id),
        windowStart: new Date(`${day}T09:00:00+08:00`).toISOString(),
        windowEnd: new Date(`${day}T10:00:00+08:00`).toISOString(),
      },
    },
    await token('recipient'),
  );
  const status = async () => (await db.selectFrom('orders').select('status').where('id', '=', Number(placed.placeOrder.id)).executeTakeFirstOrThrow()).status;
  for (const deadline = Date.now() + 30_000; (await status()) !== 'dispatched'; ) {
    if (Date.now() > deadline) throw new Error(`tomorrow's order was not matched: ${await status()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  // complaints, one with the organisation and one with the township station
  for (const to of [{ organisationId: String(organisation.id) }, { townshipId: township }]) {
    const { recordComplaint } = await world.ok<{ recordComplaint: { id: string } }>(
      'mutation($input: RecordComplaintInput!) { recordComplaint(input: $input) { id } }',
      {
        input: {
          recipientId: String(recipientId),
          category: 'NO_SHOW',
          severity: 'NORMAL',
          description: '约好的时间没有人来',
          complainantPhone: '13900003333',
        },
      },
      await token('hotline'),
    );
    await world.ok(
      'mutation($id: ID!, $organisationId: ID, $townshipId: ID) { assignComplaint(complaintId: $id, organisationId: $organisationId, townshipId: $townshipId, note: "请核实") { id } }',
      { id: recordComplaint.id, ...to },
      await token('hotline'),
    );
  }
  await world.ok('mutation { scheduleReturnVisits }', {}, await token('admin'));
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer({ worker: true }), launchBrowser()]);
  await makeRecords();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits (up to 10 s) until the page has its main content and nothing is loading any more. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
  await page
    .waitForFunction(
      () =>
        document.querySelector('main, [role="main"]') !== null &&
        document.querySelectorAll('.ant-spin-spinning, .ant-skeleton-active, .ant-spin-nested-loading > div > .ant-spin').length === 0,
      undefined,
      { timeout: 10_000 },
    )
    .catch(() => undefined);
  // charts describe themselves once drawn, a frame or two after their data
  await page.waitForTimeout(300);
}

/** What a person sees or hears on the page: its text, the title, and placeholders, labels and titles of what is shown. */
const perceivedText = (page: Page) =>
  page.evaluate(() => {
    const shown = (el: Element) => !el.closest('[aria-hidden="true"]') && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered is the point: what is hidden nobody sees
    let body = document.body.innerText;
    // biome-ignore lint/performance/useDomNodeTextContent: as above
    for (const el of document.querySelectorAll<HTMLElement>('[translate="no"]')) body = body.replace(el.innerText, ' ');
    const texts = [document.title, body];
    for (const el of document.querySelectorAll('[placeholder], [aria-label], [title], img[alt]')) {
      if (!shown(el)) continue;
      for (const attribute of ['placeholder', 'aria-label', 'title', 'alt']) {
        const value = el.getAttribute(attribute);
        if (value) texts.push(value);
      }
    }
    return texts;
  });

/**
 * The checks of one page; returns what is wrong, each line naming the page. `hovered` holds the
 * looks of links and buttons measured on the pages before (see hoverContrast).
 */
async function checkPage(page: Page, name: string, hovered = new Set<string>()): Promise<string[]> {
  const problems: string[] = [];
  const where = new URL(page.url()).pathname;
  for (const word of new Set((await perceivedText(page)).flatMap(latinWords))) problems.push(`${where}: Latin word ${word}`);
  const mains = await page.locator('main, [role="main"]').count();
  if (mains !== 1) problems.push(`${where}: ${mains} main landmarks (one wanted)`);
  const charts = await page
    .locator('[_echarts_instance_], [role="img"][aria-label]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
  for (const label of charts.filter((l) => /NaN|undefined/.test(l))) problems.push(`${where}: a chart's description says ${label.slice(0, 120)}`);
  const errors = await page.locator('.ant-alert-error, .ant-result-404, .ant-result-error, .ant-result-500').allInnerTexts();
  for (const error of errors) problems.push(`${where}: shows an error: ${error.trim().slice(0, 120)}`);
  for (const v of (await axe(page)).filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
    problems.push(
      `${where}: axe ${v.id} (${v.impact}): ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
    );
  }
  for (const p of await placeholderContrast(page))
    problems.push(`${where}: placeholder ${p.element} at ${p.ratio}:1 (${p.color} on ${p.background}), ${p.needed}:1 wanted`);
  await screenshot(page, name);
  for (const p of await hoverContrast(page, hovered))
    problems.push(`${where}: hovered ${p.element} at ${p.ratio}:1 (${p.color} on ${p.background}), ${p.needed}:1 wanted`);
  return problems;
}

/** The same-origin paths a page links to (its query and hash left off). */
async function linksOf(page: Page): Promise<string[]> {
  const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  const origin = new URL(page.url()).origin;
  return hrefs
    .map((h) => new URL(h))
    .filter((u) => u.origin === origin)
    .map((u) => u.pathname);
}

/**
 * A path for a pattern with parameters: a link some visited page showed, or the pattern with
 * the values of a visited page it extends ('/m/orders/:id' gives '/m/orders/:id/dispute' its id).
 */
function pathFor(pattern: string, links: Set<string>, values: Map<string, Record<string, string>>): string | null {
  const regexp = patternRegExp(pattern);
  const linked = [...links].find((l) => regexp.test(l));
  if (linked) return linked;
  for (const [visited, bound] of values) {
    if (!pattern.startsWith(`${visited}/`)) continue;
    if (paramsOf(pattern).every((p) => p in bound)) return pattern.replace(/:(\w+)/g, (_m, p: string) => bound[p]);
  }
  return null;
}

/** Visits every page of an area as the signed-in user of `page`; returns the problems found. */
async function crawl(page: Page, area: AreaRoutes, username: string): Promise<string[]> {
  const problems: string[] = [];
  const links = new Set<string>();
  const values = new Map<string, Record<string, string>>();
  const hovered = new Set<string>();
  const visit = async (pattern: string, path: string) => {
    await page.goto(`${server.url}${path}`);
    await settled(page);
    const at = new URL(page.url()).pathname;
    if (at !== path) return void problems.push(`${path}: ended at ${at}`);
    values.set(pattern, { ...patternRegExp(pattern).exec(path)?.groups });
    for (const link of await linksOf(page)) links.add(link);
    problems.push(...(await checkPage(page, `zh-${username}${path.replace(/\//g, '-')}`, hovered)));
  };
  const withParams = area.pages.filter((p) => paramsOf(p).length).sort((a, b) => a.split('/').length - b.split('/').length);
  for (const pattern of area.pages.filter((p) => !paramsOf(p).length)) await visit(pattern, pattern);
  let waiting = withParams;
  for (;;) {
    const next = waiting.find((p) => pathFor(p, links, values) !== null);
    if (!next) break;
    await visit(next, pathFor(next, links, values)!);
    waiting = waiting.filter((p) => p !== next);
  }
  for (const pattern of waiting) problems.push(`${pattern}: no page of ${username}'s links to one (make a record of it in makeRecords)`);
  return problems;
}

describe('every page in Chinese', () => {
  it('finds the pages of every area, and a demo user for every role', () => {
    expect(areas.map((a) => a.id)).toEqual(
      expect.arrayContaining(['recipient', 'grid', 'carer', 'hotline', 'dispatch', 'admin', 'township', 'evaluation', 'finance']),
    );
    expect(areas.find((a) => a.id === 'recipient')?.pages).toEqual(expect.arrayContaining(['/m', '/m/orders/:id', '/m/orders/:id/dispute']));
    expect(roles.filter((r) => !usernameOf(r))).toEqual([]);
  });

  it('allows IDs, units and brand names, and nothing else Latin', () => {
    expect(latinWords('服务卡号 XJFW00017 · 3608************1X · 12.3 km · 下载 PDF · 暖心 Nuanxin')).toEqual([]);
    expect(latinWords('决定人: matching · best of 64 available carer(s)').map((w) => w.split(' ')[0])).toEqual([
      '"matching"',
      '"best"',
      '"of"',
      '"available"',
      '"carer"',
    ]);
  });

  // the roles side by side, each in its own browser context: a page's check waits on the page
  // (network idle, hover transitions) most of its time, so they share the core well (150 s → 80 s)
  it.concurrent.each(roles)(
    'shows every page of %s in Chinese, accessible',
    async (role) => {
      const username = usernameOf(role)!;
      const problems: string[] = [];
      for (const area of areas.filter((a) => a.roles.includes(role))) {
        const device: Device = area.layout === 'mobile' ? 'phone' : 'desktop';
        const page = await signedInPage(browser, server, username, { device, path: area.path, language: 'zh-CN' });
        try {
          problems.push(...(await crawl(page, area, username)));
        } finally {
          await page.context().close();
        }
      }
      expect(problems).toEqual([]);
    },
    600_000,
  );

  it('shows the sign-in and the public disclosure pages in Chinese, accessible', async () => {
    const problems: string[] = [];
    for (const path of ['/sign-in', '/disclosure']) {
      const page = await newPage(browser, 'phone');
      await page.goto(`${server.url}${path}`);
      await settled(page);
      problems.push(...(await checkPage(page, `zh-stranger${path.replace(/\//g, '-')}`)));
      await page.context().close();
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('says a refusal in Chinese at the input at fault: a wrong check digit of an ID number', async () => {
    const page = await signedInPage(browser, server, 'admin', { path: '/admin-console/recipients', language: 'zh-CN' });
    await page.getByRole('button', { name: '登记新对象' }).click();
    const dialog = page.getByRole('dialog');
    const valid = makeIdNumber('360823', '1950-03-04', 517, false);
    await dialog.getByLabel('姓名', { exact: true }).fill('校验位测试');
    await dialog.getByLabel('身份证号', { exact: true }).fill(valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0'));
    const township = await server.world.db.selectFrom('regions').select(['id', 'name']).where('level', '=', 'township').orderBy('id').executeTakeFirstOrThrow();
    const village = await server.world.db.selectFrom('regions').select('name').where('parent_id', '=', township.id).orderBy('id').executeTakeFirstOrThrow();
    await chooseOption(page, dialog.getByLabel('乡镇', { exact: true }), township.name);
    await chooseOption(page, dialog.getByLabel('村', { exact: true }), village.name);
    await dialog.getByLabel('户号', { exact: true }).fill('H-CHECK-DIGIT');
    await dialog.getByRole('button', { name: '登 记' }).click();
    // under the ID number, in plain Chinese, instead of a bare 填写的内容有误 below the form
    const idField = dialog.locator('.ant-form-item').filter({ has: page.getByLabel('身份证号', { exact: true }) });
    await eventually(() => idField.locator('.ant-form-item-explain-error').textContent()).toBe(
      '身份证号有一位不对（最后一位校验码对不上），请对照身份证逐位核对',
    );
    expect(await dialog.getByRole('alert').filter({ hasText: '填写的内容有误' }).count()).toBe(0);
    await screenshot(page, 'zh-admin-register-check-digit');
    await page.context().close();
  }, 60_000);

  it("says the dispatcher's matching reasons in Chinese", async () => {
    const page = await signedInPage(browser, server, 'dispatcher', { path: '/dispatch', language: 'zh-CN' });
    await settled(page);
    await page
      .getByRole('button', { name: /^改派 #/ })
      .first()
      .click();
    const drawer = page.getByRole('dialog');
    const loaded = await drawer
      .getByTestId('candidates')
      .waitFor({ timeout: 20_000 })
      .then(() => true)
      .catch(() => false);
    await screenshot(page, 'zh-dispatcher-assign-drawer');
    // biome-ignore lint/performance/useDomNodeTextContent: what the drawer shows, not its hidden parts
    const text = await drawer.innerText();
    expect(loaded, text).toBe(true);
    expect(text).toContain('决定人: 系统自动匹配');
    expect(text).toMatch(/从 \d+ 名可派的服务人员中选出得分最高的/);
    expect([...new Set(latinWords(text))]).toEqual([]);
    await screenshot(page, 'zh-dispatcher-assign-drawer');
    const serious = (await axe(page, { include: '.ant-drawer' })).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => v.id)).toEqual([]);
    await page.context().close();
  }, 60_000);
});
