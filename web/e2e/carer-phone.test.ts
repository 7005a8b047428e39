// The carer's phone on patchy village signal, in a real browser against the real server: after
// one visit with signal the app opens without any (the service worker keeps it on the phone)
// and shows the last job list with its age; an accepted job stays on the list when the signal
// goes; a check-in and a check-out taken without signal are sent when it is back, a check-in
// the server had already (its answer lost on the way) counting as sent, not as an error; a
// day's list puts what is to do above what is finished. And the carer's earnings by month.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { sql } from 'kysely';
import { expectAccessible } from './axe.js';
import { eventually, launchBrowser, screenshot, signedInPage } from './browser.js';
import { startWebServer, type WebServer } from './server.js';
import { dispatchedJob, jobCard, jobStatus, orderFacts } from './carer-jobs.js';
import { formatYuan } from '../src/app/format.js';
import { insertScore, insertServedMonth } from '../../server/settlement/served-month.js';
import { openProgrammeYear } from '../../server/budgets/programme-years.js';
import { countyToday } from '../../server/platform/county-time.js';
import { nowMs, setClockForTests } from '../../server/platform/clock.js';
import { ORDINARY_MORNING } from '../../server/testing/instants.js';

// An ordinary weekday morning (server, worker and the page): the day's jobs fit before evening
setClockForTests(ORDINARY_MORNING);

let server: WebServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([
    // the worker matches; a visit of a few seconds is not flagged too short; each test's job has
    // its own hour of the day, and may be checked in at once
    startWebServer({ worker: true, env: { VISIT_MIN_DURATION_RATIO: '0', VISIT_EARLY_CHECK_IN_MINUTES: '600' } }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const PENDING_KEY = 'nuanxin.carer.pending-readings';
const CHECK_IN = 'mutation ($input: CheckInInput!) { checkIn(input: $input) { order { id status } } }';
const CHECK_OUT = 'mutation ($input: CheckOutInput!) { checkOut(input: $input) { order { id status } } }';

/** The carer's phone, at the recipient's home (a few metres from the place) with location allowed. */
async function carerPhone(place: { latitude: number; longitude: number }): Promise<Page> {
  return signedInPage(browser, server, 'carer', {
    device: 'phone',
    path: '/carer',
    context: { geolocation: { latitude: place.latitude + 0.0001, longitude: place.longitude, accuracy: 15 }, permissions: ['geolocation'] },
  });
}

/** Waits until the service worker keeps the app on the phone and answers the page's requests. */
async function appKeptOnPhone(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await eventually(() => page.evaluate(() => navigator.serviceWorker.controller !== null), 20_000).toBe(true);
}

/** The toasts the page shows (antd's messages), by kind. */
const toasts = (page: Page, kind: 'success' | 'error') => page.locator(`.ant-message-${kind}`).allTextContents();

/** The readings the phone keeps, as the page stored them. */
const keptReadings = (page: Page) =>
  page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]') as { kind: string; input: Record<string, unknown> }[], PENDING_KEY);

/** A job served through the API from acceptance to confirmation with the service card. */
async function servedAndConfirmed(orderId: string, recipientId: string, place: { latitude: number; longitude: number }): Promise<void> {
  const token = await server.token('carer');
  const reading = () => ({ orderId, at: new Date(nowMs()).toISOString(), latitude: place.latitude, longitude: place.longitude, accuracyMeters: 10 });
  await server.world.ok('mutation ($o: ID!) { acceptJob(orderId: $o) { id } }', { o: orderId }, token);
  await server.world.ok(CHECK_IN, { input: reading() }, token);
  await server.world.db
    .updateTable('visits')
    .set({ checked_in_at: sql`checked_in_at - interval '2 minutes'`, check_in_received_at: sql`check_in_received_at - interval '2 minutes'` })
    .where('order_id', '=', Number(orderId))
    .execute();
  await server.world.ok(CHECK_OUT, { input: { ...reading(), workDone: '打扫厨房' } }, token);
  const { recipient } = await server.world.ok<{ recipient: { serviceCardCode: string } }>(
    'query ($id: ID!) { recipient(id: $id) { serviceCardCode } }',
    { id: recipientId },
    await server.token('admin'),
  );
  await server.world.ok(
    'mutation ($o: ID!, $c: String) { confirmService(orderId: $o, cardCode: $c) { id } }',
    { o: orderId, c: recipient.serviceCardCode },
    token,
  );
}

describe("the carer's phone on patchy signal", () => {
  it('opens without signal after one visit with it, showing the last job list and how old it is', async () => {
    const { orderId, place } = await dispatchedJob(server, 80);
    const page = await carerPhone(place);
    await eventually(() => jobStatus(page, orderId)).toBe('待接单');
    await appKeptOnPhone(page);

    // accepted, then the signal goes: the job list stays, even when the page asks the server again
    await jobCard(page, orderId).getByRole('button', { name: '接单' }).click();
    await eventually(() => jobStatus(page, orderId)).toBe('已接单');
    await page.context().setOffline(true);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForTimeout(500);
    expect(await jobStatus(page, orderId)).toBe('已接单');

    // the app opens from the phone, with the list it had and its age
    await page.reload();
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('服务人员');
    await eventually(() => jobStatus(page, orderId)).toBe('已接单');
    await eventually(() => page.getByTestId('kept-jobs').textContent()).toContain('没有网络：显示的是刚刚的数据');
    // minutes later it says so
    await page.clock.fastForward(5 * 60_000);
    await eventually(() => page.getByTestId('kept-jobs').textContent()).toMatch(/没有网络：显示的是\d分钟前的数据，联网后自动更新/);
    await page.mouse.move(0, 0);
    await expectAccessible(page);
    await screenshot(page, 'carer-offline-kept-list');

    // another tab opened without signal too
    const other = await page.context().newPage();
    await other.goto(`${server.url}/carer`);
    await eventually(() => jobStatus(other, orderId)).toBe('已接单');
    await other.close();

    // with signal again the fresh list replaces the kept one
    await page.context().setOffline(false);
    await eventually(() => page.getByTestId('kept-jobs').count(), 20_000).toBe(0);
    expect(await jobStatus(page, orderId)).toBe('已接单');
    await page.context().close();
  });

  it('sends the check-in and check-out taken without signal once it is back, a check-in the server already had counting as sent', async () => {
    const { orderId, place } = await dispatchedJob(server, 10);
    await server.world.ok('mutation ($o: ID!) { acceptJob(orderId: $o) { id } }', { o: orderId }, await server.token('carer'));
    const page = await carerPhone(place);
    await eventually(() => jobStatus(page, orderId)).toBe('已接单');
    await appKeptOnPhone(page);

    await page.context().setOffline(true);
    await jobCard(page, orderId)
      .getByRole('button', { name: /到达签到/ })
      .click();
    await eventually(() => page.getByTestId('pending-readings').textContent()).toContain('有 1 条签到或签退保存在手机上');
    expect(await jobStatus(page, orderId)).toBe('服务中');
    // the check-in reached the server after all, its answer lost on the way
    const [checkIn] = await keptReadings(page);
    expect(checkIn.kind).toBe('checkIn');
    await server.world.ok(CHECK_IN, { input: checkIn.input }, await server.token('carer'));
    // (as if it had been two minutes ago: a check-out comes at least a minute after the check-in)
    await server.world.db
      .updateTable('visits')
      .set({ checked_in_at: sql`checked_in_at - interval '2 minutes'`, check_in_received_at: sql`check_in_received_at - interval '2 minutes'` })
      .where('order_id', '=', Number(orderId))
      .execute();

    // still without signal, the service done: the check-out is kept too
    await jobCard(page, orderId).getByLabel('服务内容').fill('打扫卧室，陪同散步');
    await jobCard(page, orderId).getByRole('button', { name: /签退/ }).click();
    await eventually(() => page.getByTestId('pending-readings').textContent()).toContain('有 2 条签到或签退保存在手机上');
    expect(await jobStatus(page, orderId)).toBe('待确认');
    expect(await jobCard(page, orderId).getByTestId('job-kept').textContent()).toContain('已签退，记录保存在手机上');
    await screenshot(page, 'carer-offline-readings-kept');
    expect((await orderFacts(server, orderId)).status).toBe('IN_SERVICE');

    // the signal is back: both are sent, the check-in the server had is no error
    await page.context().setOffline(false);
    await eventually(() => page.getByTestId('pending-readings').count(), 30_000).toBe(0);
    await eventually(async () => (await orderFacts(server, orderId)).status).toBe('COMPLETED');
    expect((await orderFacts(server, orderId)).visit).toMatchObject({ workDone: '打扫卧室，陪同散步' });
    await eventually(() => toasts(page, 'success')).toContain('手机上保存的记录已提交');
    expect(await toasts(page, 'error')).toEqual([]);
    expect(await page.locator('.ant-alert-error').count()).toBe(0);
    await eventually(() => jobStatus(page, orderId)).toBe('待确认');
    expect(await jobCard(page, orderId).getByTestId('job-kept').count()).toBe(0);
    expect(await keptReadings(page)).toEqual([]);
    await page.context().close();
  });

  it("puts the day's jobs still to do above the finished ones", async () => {
    const finished = await dispatchedJob(server, 150);
    await servedAndConfirmed(finished.orderId, finished.recipientId, finished.place);
    const toDo = await dispatchedJob(server, 220);
    const page = await carerPhone(toDo.place);
    const today = page.getByRole('region', { name: '今天的工单' });
    await eventually(() => jobStatus(page, finished.orderId)).toBe('已完成');
    await eventually(() => jobStatus(page, toDo.orderId)).toBe('待接单');
    const order = await today.locator('[data-testid^="job-"][role="article"]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-testid')));
    // the finished job is earlier in the day, yet below the one still to do, and below every job not finished
    expect(order.indexOf(`job-${toDo.orderId}`)).toBeLessThan(order.indexOf(`job-${finished.orderId}`));
    const statuses = await today.getByTestId('job-status').allTextContents();
    expect(statuses.slice(statuses.indexOf('已完成'))).toEqual(statuses.slice(statuses.indexOf('已完成')).map(() => '已完成'));
    await screenshot(page, 'carer-jobs-order');
    await page.context().close();
  });
});

describe("the carer's earnings", () => {
  it('shows what the carer earned by month from settled services, and only theirs', async () => {
    const db = server.world.db;
    const organisation = await db.selectFrom('organisations').select('id').orderBy('id').executeTakeFirstOrThrow();
    const carer = await db.selectFrom('users').select('carer_id').where('username', '=', 'carer').executeTakeFirstOrThrow();
    const userId = async (username: string) => (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    const [hotline, evaluator] = [await userId('hotline'), await userId('evaluator')];
    const other = await db
      .selectFrom('carers')
      .select('id')
      .where('organisation_id', '=', organisation.id)
      .where('id', '!=', carer.carer_id!)
      .where('active', '=', true)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    // two settled months, served by the demo carer and another of the organisation's carers
    const [y, m] = countyToday().slice(0, 7).split('-').map(Number);
    const months = [2, 1].map((back) => {
      const index = y * 12 + (m - 1) - back;
      return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    });
    for (const year of new Set(months.map((month) => Number(month.slice(0, 4))))) {
      if (!(await db.selectFrom('programme_years').select('year').where('year', '=', year).executeTakeFirst())) await openProgrammeYear(db, { year });
    }
    for (const [month, services] of [
      [months[0], 6],
      [months[1], 4],
    ] as const) {
      await insertServedMonth(db, { organisationId: organisation.id, month, services, placedBy: hotline, carerIds: [carer.carer_id!, other.id] });
      await insertScore(db, { organisationId: organisation.id, month, services, grade: 'good', coefficient: '0.950', signedOffBy: evaluator });
      await server.world.ok(
        'mutation ($o: ID!, $m: String!) { runSettlement(organisationId: $o, month: $m) { id } }',
        { o: String(organisation.id), m: month },
        await server.token('admin'),
      );
    }
    const lines = await db.selectFrom('settlement_lines').select(['service_date', 'carer_pay_fen']).where('carer_id', '=', carer.carer_id!).execute();
    const ofMonth = (month: string) => lines.filter((l) => l.service_date.startsWith(month));
    const total = lines.reduce((s, l) => s + l.carer_pay_fen, 0);
    expect(ofMonth(months[0]).length).toBe(3);
    expect(total).toBeGreaterThan(0);

    const page = await signedInPage(browser, server, 'carer', { device: 'phone', path: '/carer' });
    await page.getByRole('link', { name: '收入' }).click();
    await page.waitForURL((url) => url.pathname === '/carer/earnings');
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('我的收入');
    await eventually(() => page.getByTestId('earnings-total').textContent()).toBe(`全年收入${formatYuan(total)}${lines.length} 次服务`);
    for (const month of months) {
      const row = page.getByTestId(`earnings-${month}`);
      expect(await row.textContent()).toBe(
        `${Number(month.slice(5))}月${ofMonth(month).length} 次服务${formatYuan(ofMonth(month).reduce((s, l) => s + l.carer_pay_fen, 0))}`,
      );
    }
    // newest month first
    const shown = await page.locator('[data-testid^="earnings-20"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
    expect(shown).toEqual([`earnings-${months[1]}`, `earnings-${months[0]}`]);
    await expectAccessible(page);
    await screenshot(page, 'carer-earnings');

    // the year before: nothing settled; the next year cannot be chosen yet
    expect(await page.getByRole('button', { name: '下一年' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: '上一年' }).click();
    await eventually(() => page.getByTestId('earnings-year').textContent()).toBe(`${y - 1}年`);
    await eventually(() => page.getByText(`${y - 1}年还没有结算的收入`).count()).toBe(1);

    // in English
    await page.getByTestId('language-switch').click();
    await page.getByRole('button', { name: 'Next year' }).click();
    await eventually(() => page.getByTestId(`earnings-${months[1]}`).textContent()).toContain(
      new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(`${months[1]}-01T00:00:00Z`)),
    );
    await page.context().close();
  });
});
