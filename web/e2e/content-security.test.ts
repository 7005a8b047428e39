// The web app under its Content-Security-Policy in a real browser: the sign-in page, signing
// in, the dispatcher's live board (its websocket), the finance dashboard's charts (echarts on
// canvas), the public disclosure page and the queue board; any CSP violation the browser
// reports (a `securitypolicyviolation` event or a console message) fails the test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eventually, launchBrowser, newPage, signInThroughPage } from './browser.js';
import { DEMO_PASSWORD, startWebServer, type WebServer } from './server.js';
import { insertServedMonth } from '../../server/settlement/served-month.js';
import { openProgrammeYear } from '../../server/budgets/programme-years.js';
import { countyYear } from '../../server/platform/county-time.js';
import { previousCountyMonth } from '../../server/scoring/months.js';
import { setClockForTests } from '../../server/platform/clock.js';
import { ORDINARY_MORNING } from '../../server/testing/instants.js';

// mid-May: last month is over and in this programme year, whose dashboard draws it
setClockForTests(ORDINARY_MORNING);

let server: WebServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  // services of last month, so that the dashboard has charts to draw
  const db = server.world.db;
  const year = countyYear();
  if (!(await db.selectFrom('programme_years').select('year').where('year', '=', year).executeTakeFirst())) await openProgrammeYear(db, { year });
  const organisation = await db.selectFrom('organisations').select('id').orderBy('id').executeTakeFirstOrThrow();
  const hotline = await db.selectFrom('users').select('id').where('username', '=', 'hotline').executeTakeFirstOrThrow();
  await insertServedMonth(db, { organisationId: organisation.id, month: previousCountyMonth(), services: 12, placedBy: hotline.id });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Watched {
  violations: string[];
  websockets: { url: string; errors: string[] }[];
}

/** Records, for the page's whole life and across navigations, every CSP violation and websocket. */
async function watch(page: Page): Promise<Watched> {
  const watched: Watched = { violations: [], websockets: [] };
  await page.exposeFunction('reportCspViolation', (line: string) => watched.violations.push(line));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation(line: string): void }).reportCspViolation(
        `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  page.on('console', (message) => {
    if (/Content[ -]Security[ -]Policy|Refused to (load|execute|apply|connect|frame)/i.test(message.text())) watched.violations.push(message.text());
  });
  page.on('websocket', (socket) => {
    const entry = { url: socket.url(), errors: [] as string[] };
    watched.websockets.push(entry);
    socket.on('socketerror', (error) => entry.errors.push(error));
  });
  return watched;
}

const heading = (page: Page) => page.getByRole('heading', { level: 2 });

describe('the web app under its Content-Security-Policy', () => {
  it('signs in and shows the live dispatcher board with no violation, its websocket allowed', async () => {
    const page = await newPage(browser);
    const watched = await watch(page);
    const response = await page.goto(`${server.url}/sign-in`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    await eventually(() => page.locator('button[type=submit]').count()).toBe(1);
    await signInThroughPage(page, server, 'dispatcher');
    await eventually(() => heading(page).textContent()).toBe('派单看板');
    await eventually(() => watched.websockets.filter((w) => new URL(w.url).pathname === '/graphql').length).toBeGreaterThan(0);
    expect(watched.websockets.flatMap((w) => w.errors)).toEqual([]);
    expect(watched.violations).toEqual([]);
    await page.context().close();
  });

  it('draws the dashboard charts with no violation', async () => {
    const page = await newPage(browser);
    const watched = await watch(page);
    await signInThroughPage(page, server, 'finance');
    await page.goto(`${server.url}/finance/dashboard`);
    const charts = page.getByTestId('dashboard').locator('[role=img] canvas');
    await eventually(() => charts.count()).toBeGreaterThan(0);
    await eventually(() => charts.first().evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(0);
    expect(watched.violations).toEqual([]);
    await page.context().close();
  });

  it('shows the disclosure page and the queue board with no violation', async () => {
    const page = await newPage(browser);
    const watched = await watch(page);
    await page.goto(`${server.url}/disclosure`);
    await eventually(() => page.locator('h1').count()).toBeGreaterThan(0);
    await page.goto(`${server.url}/admin/sign-in`);
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL((url) => url.pathname.startsWith('/admin/queues'));
    await eventually(() => page.getByText('matching').count()).toBeGreaterThan(0);
    expect(watched.violations).toEqual([]);
    await page.context().close();
  });
});
