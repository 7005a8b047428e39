// The recipient's mini-program and the grid worker's pages in a real browser against the real
// server and worker: an order in three taps at phone size, dispatched live on screen as the
// worker matches it and the carer serves it; confirm, rate, complain; refusals as the person
// sees them; the grid worker's return visit with the questionnaire, an order on a recipient's
// behalf and a confirmation for them from the services waiting at the top of their return
// visits page, live. For an 80-year-old: urgent help and the next visits first, dates in plain
// words, messages that stay until read, read aloud, 我的 with the card number and needs list,
// sign-out and language asked first, a plain page when the session ends, the hotline on every
// page and every tap target at least 44 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, settleAnimations } from './axe.js';
import { eventually, launchBrowser, newPage, screenshot, signedInPage } from './browser.js';
import { DEMO_PASSWORD, startWebServer, type WebServer } from './server.js';
import { addDays, countyToday, countyYear } from '../../server/platform/county-time.js';
import { nowMs, setClockForTests } from '../../server/platform/clock.js';
import { expiredToken } from '../../server/registry/test-support.js';
import { ORDINARY_MORNING } from '../../server/testing/instants.js';

// An ordinary weekday morning (server, worker and the browser's page): the next working day is in
// this programme year and the demo county's contract, and its carers work then.
setClockForTests(ORDINARY_MORNING);

let server: WebServer;
let browser: Browser;
let recipientId: number;
let demoCarerId: string;
beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer({ worker: true }), launchBrowser()]);
  const me = await server.world.ok('{ me { recipient { id } } }', {}, await server.token('recipient'));
  recipientId = Number(me.me.recipient.id);
  demoCarerId = (await server.world.ok('{ me { carer { id } } }', {}, await server.token('carer'))).me.carer.id;
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Tomorrow or the day after, whichever is not a Sunday (the demo's carers rest on Sundays). */
function workingDay(): string {
  for (const days of [1, 2]) {
    const date = addDays(countyToday(), days);
    if (new Date(`${date}T12:00:00+08:00`).getUTCDay() !== 0) return date;
  }
  throw new Error('two Sundays in a row');
}

/** The demo recipient's budget as if nothing were spent yet this year, for a test that needs to order again. */
const budgetGivenBack = () =>
  server.world.db.updateTable('budget_accounts').set({ spent_fen: 0 }).where('recipient_id', '=', recipientId).where('year', '=', countyYear()).execute();

const status = (page: Page) => page.getByTestId('order-status').first().getAttribute('data-status');
const itemId = async (code: string) =>
  String((await server.world.db.selectFrom('service_items').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id);

/** The carer side, through the API: the demo carer takes the order (reassigned by the dispatcher if matching chose another), serves it and checks out. */
async function serveByDemoCarer(orderId: string): Promise<void> {
  const { world } = server;
  const { order } = await world.ok('query($id: ID!) { order(id: $id) { carer { id } } }', { id: orderId }, await server.token('admin'));
  if (order.carer?.id !== demoCarerId) {
    await world.ok(
      'mutation($o: ID!, $c: ID!) { assignCarer(orderId: $o, carerId: $c, reason: "结对服务人员") { id } }',
      { o: orderId, c: demoCarerId },
      await server.token('dispatcher'),
    );
  }
  const carer = await server.token('carer');
  await world.ok('mutation($id: ID!) { acceptJob(orderId: $id) { id } }', { id: orderId }, carer);
  const home = await world.db.selectFrom('recipients').select(['latitude', 'longitude']).where('id', '=', recipientId).executeTakeFirstOrThrow();
  const at = { orderId, latitude: home.latitude ?? 27.6, longitude: home.longitude ?? 115.3 };
  // the carer arrives when the window starts (a check-in is taken only around its window) and serves an hour
  const { window_start } = await world.db.selectFrom('orders').select('window_start').where('id', '=', Number(orderId)).executeTakeFirstOrThrow();
  if (window_start.getTime() > nowMs()) setClockForTests(window_start.getTime() + 60_000);
  await world.ok('mutation($input: CheckInInput!) { checkIn(input: $input) { order { id } } }', { input: at }, carer);
  setClockForTests(nowMs() + 60 * 60_000);
  await world.ok(
    'mutation($input: CheckOutInput!) { checkOut(input: $input) { order { id } } }',
    { input: { ...at, workDone: '做饭、送餐、陪老人吃饭' } },
    carer,
  );
}

/** An hour of meal help for the demo recipient, `hour` o'clock three working days on, served by the demo carer: waiting to be confirmed. */
async function servedOrder(hour: number): Promise<string> {
  let date = addDays(countyToday(), 3);
  while (new Date(`${date}T12:00:00+08:00`).getUTCDay() === 0) date = addDays(date, 1);
  const at = (h: number) => new Date(`${date}T${String(h).padStart(2, '0')}:00:00+08:00`).toISOString();
  const { placeOrder } = await server.world.ok(
    'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }',
    { input: { serviceItemId: await itemId('meal_help'), windowStart: at(hour), windowEnd: at(hour + 1) } },
    await server.token('recipient'),
  );
  await eventually(
    async () => (await server.world.db.selectFrom('orders').select('status').where('id', '=', Number(placeOrder.id)).executeTakeFirstOrThrow()).status,
    20_000,
  ).toBe('dispatched');
  await serveByDemoCarer(placeOrder.id);
  return placeOrder.id;
}

/** Records what the page asks the browser to say (the speech itself is not needed), from before the app loads. */
async function speechRecorded(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const said: { text: string; lang: string }[] = [];
    (window as unknown as { said: typeof said }).said = said;
    window.speechSynthesis.speak = (utterance: SpeechSynthesisUtterance) => {
      said.push({ text: utterance.text, lang: utterance.lang });
    };
  });
  await page.reload();
}

/** What the page has had read aloud so far. */
const spoken = (page: Page) => page.evaluate(() => (window as unknown as { said: { text: string; lang: string }[] }).said);

/** The home page's sections from the top (their test ids), down to the hotline button. */
const homeSections = (page: Page) =>
  page.evaluate(() => {
    const ids = ['urgent-help', 'next-visits', 'budget', 'call-hotline'];
    return [...document.querySelectorAll<HTMLElement>('[data-testid]')].map((el) => el.dataset.testid!).filter((id) => ids.includes(id));
  });

/** ISO dates or instants in the page's visible text (there should be none). */
const noIsoDates = async (page: Page) => ((await page.locator('main').textContent()) ?? '').match(/\d{4}-\d{2}-\d{2}|\d{2}:\d{2}:\d{2}|T\d{2}:\d{2}/g) ?? [];

describe('the recipient mini-program', () => {
  it('orders in three taps at phone size and sees the order dispatched and served live, then confirms and rates it', async () => {
    const page = await signedInPage(browser, server, 'recipient', { device: 'phone' });
    await speechRecorded(page);
    await eventually(() => page.getByTestId('budget-available').textContent()).toBe('¥2,000.00');
    await eventually(() => page.getByTestId('item-meal_help').count()).toBe(1);
    expect(await page.getByTestId('call-hotline').getAttribute('href')).toMatch(/^tel:\+?\d+$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // what matters first: urgent help at the top as red tiles (it was the last category), then the next visits, then the budget
    await eventually(() => page.getByTestId('no-visits').count()).toBe(1);
    expect(await homeSections(page)).toEqual(['urgent-help', 'next-visits', 'budget', 'call-hotline']);
    expect(
      await page
        .getByTestId('urgent-help')
        .getByRole('link')
        .evaluateAll((links) => links.map((a) => a.getAttribute('data-testid'))),
    ).toEqual(['item-emergency_help', 'item-temporary_care']);
    expect(await page.getByTestId('item-emergency_help').evaluate((a) => getComputedStyle(a).backgroundColor)).toBe('rgb(185, 28, 28)');
    await expectAccessible(page);
    await screenshot(page, 'recipient-home');

    // the budget read aloud, in Chinese, with the amounts as numbers of yuan
    await page.getByTestId('read-budget').click();
    expect(await spoken(page)).toEqual([{ lang: 'zh-CN', text: '今年还能用 2000 元。全年 2000 元，已经用了 0 元，已预订 0 元。' }]);

    // urgent help opens with "as soon as possible" chosen
    await page.getByTestId('item-emergency_help').click();
    await eventually(() => page.getByTestId('order-item').textContent()).toBe('应急帮扶');
    expect(await page.locator('[role=radio][aria-checked=true]').textContent()).toBe('尽快上门');
    await page.goBack();

    const date = workingDay();
    await page.getByTestId('item-meal_help').click(); // 1: the item
    await page.getByTestId(`slot-${date}-morning`).click(); // 2: the time
    expect(await page.getByTestId(`slot-${date}-morning`).getAttribute('aria-checked')).toBe('true');
    // the choices in plain words too: the hours as said, not 09:00–12:00
    expect(await page.getByTestId(`slot-${date}-morning`).textContent()).toMatch(/^(明天|后天) 周[一二三四五六] 上午 9点到12点$/);
    await screenshot(page, 'recipient-order-form');
    await page.getByTestId('place-order').click(); // 3: confirm
    await page.waitForURL(/\/m\/orders\/\d+$/);
    const orderId = new URL(page.url()).pathname.split('/').pop()!;
    await page.evaluate(() => {
      (window as unknown as { stillThisPage: boolean }).stillThisPage = true;
    });
    // the success stays on the order's page, in the app's large type, until it is put away
    await eventually(() => page.getByTestId('notice').textContent()).toBe('下单成功');
    expect(await page.getByTestId('notice').evaluate((el) => getComputedStyle(el).fontSize)).toBe('20px');
    const when = `${date === addDays(countyToday(), 1) ? '明天' : '后天'}上午 9点到12点`;
    expect(await page.getByTestId('order-when').textContent()).toBe(when);
    expect(await page.getByTestId('order-money').textContent()).toBe('¥25.00，已预订：服务做完、您确认以后才算花掉');
    expect(await noIsoDates(page)).toEqual([]);

    // the worker matches the order: the status on screen follows without a reload
    await eventually(() => status(page), 20_000).toBe('DISPATCHED');
    expect(await page.getByTestId('notice').textContent()).toBe('下单成功');
    await screenshot(page, 'recipient-order-dispatched');
    await page.getByTestId('notice-dismiss').click();
    expect(await page.getByTestId('notice').count()).toBe(0);

    // the status read aloud: what, when, where it stands, the price
    await page.getByTestId('read-order').click();
    const carer = await page.getByTestId('order-carer').textContent();
    expect((await spoken(page)).at(-1)).toEqual({ lang: 'zh-CN', text: `助餐送餐。 ${when}。 已派给服务人员。 ${carer}。 费用 25 元，已预订。` });

    // the home page shows it first among the next visits, in plain words
    await page.getByRole('link', { name: '点服务' }).click();
    const visit = page.locator(`[data-testid="next-visit"][data-order-id="${orderId}"]`);
    await eventually(() => visit.count()).toBe(1);
    expect(await visit.locator('.rcp-visit-when').textContent()).toBe(when.split(' ')[0]);
    expect(await noIsoDates(page)).toEqual([]);
    await screenshot(page, 'recipient-home-next-visit');
    await page.goBack();
    await page.waitForURL((url) => url.pathname === `/m/orders/${orderId}`);
    const placed = await server.world.db.selectFrom('orders').selectAll().where('id', '=', Number(orderId)).executeTakeFirstOrThrow();
    expect(placed).toMatchObject({ recipient_id: recipientId, channel: 'mini_program', amount_fen: 2500, place_address: expect.any(String) });
    expect(placed.window_start.toISOString()).toBe(new Date(`${date}T09:00:00+08:00`).toISOString());

    await serveByDemoCarer(orderId);
    await eventually(() => status(page)).toBe('COMPLETED');
    expect(await page.getByTestId('order-carer').textContent()).toMatch(/\S/);
    expect(await page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);

    await page.getByTestId('confirm-service').click();
    await eventually(() => status(page)).toBe('CONFIRMED');
    await eventually(() => page.getByTestId('notice').textContent()).toBe('已确认，谢谢您');
    // once confirmed, its price is spent (the month's settlement has not run yet: the server still holds it)
    expect(await page.getByTestId('order-money').textContent()).toBe('¥25.00，已花（从今年的额度里用掉了）');
    await page.getByTestId('star-5').click();
    await page.getByTestId('rate-service').click();
    await eventually(() => page.getByTestId('rated').textContent()).toBe('您的评分：5 星');
    await screenshot(page, 'recipient-order-rated');
    const rating = await server.world.db.selectFrom('ratings').selectAll().where('order_id', '=', Number(orderId)).executeTakeFirstOrThrow();
    expect(rating).toMatchObject({ stars: 5, channel: 'mini_program' });

    // the money: booked while open, spent once confirmed, though settled only after the month; the home says what is left
    await page.getByRole('link', { name: '点服务' }).click();
    await eventually(() => page.getByTestId('budget-available').textContent()).toBe('¥1,975.00');
    await eventually(() => page.getByTestId('budget-detail').textContent()).toBe('全年 ¥2,000.00，已用 ¥25.00，已预订 ¥0.00');
    const account = await server.world.db
      .selectFrom('budget_accounts')
      .select(['held_fen', 'spent_fen'])
      .where('recipient_id', '=', recipientId)
      .where('year', '=', countyYear())
      .executeTakeFirstOrThrow();
    expect(account).toEqual({ held_fen: 2500, spent_fen: 0 });
    await page.getByRole('link', { name: '我的订单' }).click();
    const card = page.locator(`[data-testid="order-card"][data-order-id="${orderId}"]`);
    await eventually(() => card.getByTestId('order-money').textContent()).toBe('已花 ¥25.00');

    // a complaint about the service: the category, what happened (refused until said), sent
    await page.goto(`${server.url}/m/complain?order=${orderId}`);
    await eventually(() => page.getByTestId('complaint-about').textContent()).toBe('关于：助餐送餐');
    await page.getByTestId('complaint-LATENESS').click();
    await page.getByTestId('send-complaint').click();
    await eventually(() => page.getByRole('alert').first().textContent()).toBe('请说说发生了什么');
    await page.locator('#complaint-description').fill('饭送来的时候已经凉了');
    await page.getByTestId('send-complaint').click();
    await eventually(() => page.getByTestId('my-complaint').count()).toBe(1);
    await eventually(() => page.getByTestId('notice').textContent()).toBe('投诉已提交，我们会联系您');
    expect(await page.getByTestId('my-complaint').textContent()).toContain('饭送来的时候已经凉了');
    const complaint = await server.world.db.selectFrom('complaints').selectAll().where('order_id', '=', Number(orderId)).executeTakeFirstOrThrow();
    expect(complaint).toMatchObject({ category: 'lateness', channel: 'mini_program', recipient_id: recipientId, status: 'recorded' });
    await expectAccessible(page);
    await screenshot(page, 'recipient-complaint');
    await page.context().close();
  }, 90_000);

  it("refuses an order when too little budget is left, saying the server's figures, in Chinese and in English", async () => {
    // ¥10.00 left of this year's budget: less than the ¥25.00 meal
    await server.world.db
      .updateTable('budget_accounts')
      .set((eb) => ({ spent_fen: eb(eb('allocated_fen', '-', eb.ref('held_fen')), '-', 1000) }))
      .where('recipient_id', '=', recipientId)
      .where('year', '=', countyYear())
      .execute();
    const ordersBefore = await server.world.db.selectFrom('orders').select('id').where('recipient_id', '=', recipientId).execute();

    const page = await signedInPage(browser, server, 'recipient', { device: 'phone', path: `/m/order/${await itemId('meal_help')}` });
    await page.getByTestId('place-order').click();
    await eventually(() => page.getByTestId('order-error').textContent()).toBe('今年的额度不够了：还剩 ¥10.00，这项要 ¥25.00');
    await eventually(() => page.getByTestId('call-hotline').count()).toBe(1); // the way on: call for help
    await screenshot(page, 'recipient-budget-refused');

    // the refusal stays until put away, in the app's large type
    expect(await page.getByTestId('order-error').evaluate((el) => getComputedStyle(el).fontSize)).toBe('20px');
    await page.getByTestId('order-error-dismiss').click();
    expect(await page.getByTestId('order-error').count()).toBe(0);

    // in English: the language is chosen on 我的, asked first
    const orderPath = new URL(page.url()).pathname;
    await page.getByRole('link', { name: '我的', exact: true }).click();
    await page.getByTestId('language-en').click();
    await page.getByTestId('confirm-language').click();
    await eventually(() => page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Me');
    await page.goto(`${server.url}${orderPath}`);
    await page.getByTestId('place-order').click();
    await eventually(() => page.getByTestId('order-error').textContent()).toBe(
      `Not enough budget left for ${countyYear()}: 10.00 yuan available, 25.00 yuan needed.`,
    );
    expect(await server.world.db.selectFrom('orders').select('id').where('recipient_id', '=', recipientId).execute()).toEqual(ordersBefore);
    await page.context().close();
  }, 60_000);
});

describe('the grid worker', () => {
  it('opens a return visit assigned to them and records the questionnaire', async () => {
    const scheduled = await server.world.ok('mutation { scheduleReturnVisits }', {}, await server.token('admin'));
    expect(scheduled.scheduleReturnVisits).toBeGreaterThan(0);

    const page = await signedInPage(browser, server, 'grid', { device: 'phone' });
    await eventually(() => page.getByTestId('recipient-card').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await screenshot(page, 'grid-home');

    await page.getByRole('link', { name: '回访' }).click();
    await eventually(() => page.getByTestId('return-visit-card').count()).toBeGreaterThan(0);
    const visitId = (await page.getByTestId('return-visit-card').first().getAttribute('data-visit-id'))!;
    await page.getByTestId('return-visit-card').first().click();
    await page.waitForURL(new RegExp(`/grid/visits/${visitId}$`));
    await eventually(() => page.getByTestId('answer-5-5').count()).toBe(1);

    // not every question answered: said on the page, nothing sent
    await page.getByTestId('answer-1-4').click();
    await page.getByTestId('record-visit').click();
    await eventually(() => page.getByRole('alert').first().textContent()).toBe('请回答全部 5 个问题');
    for (const [question, answer] of [
      [2, 5],
      [3, 4],
      [4, 3],
      [5, 5],
    ])
      await page.getByTestId(`answer-${question}-${answer}`).click();
    await page.locator('#visit-comment').fill('老人说服务人员很耐心');
    await expectAccessible(page);
    await screenshot(page, 'grid-return-visit');
    await page.getByTestId('record-visit').click();
    await page.waitForURL((url) => url.pathname === '/grid/visits');
    await eventually(() => page.locator(`[data-visit-id="${visitId}"]`).count()).toBe(0);

    const visit = await server.world.db.selectFrom('return_visits').selectAll().where('id', '=', Number(visitId)).executeTakeFirstOrThrow();
    expect(visit).toMatchObject({ status: 'done', answers: [4, 5, 4, 3, 5], comment: '老人说服务人员很耐心', satisfaction: '4.20' });

    // done once: opening it again shows the answers, not the form
    await page.goto(`${server.url}/grid/visits/${visitId}`);
    await eventually(() => page.getByTestId('visit-done').textContent()).toContain('4 5 4 3 5');
    expect(await page.getByTestId('record-visit').count()).toBe(0);
    await page.context().close();
  }, 60_000);

  it('finds a recipient, orders on their behalf through the grid channel, and confirms the completed service for them from the top of the return visits page, where it appears live', async () => {
    await budgetGivenBack(); // the refusal test used it up
    const { name } = await server.world.db.selectFrom('recipients').select('name').where('id', '=', recipientId).executeTakeFirstOrThrow();

    const page = await signedInPage(browser, server, 'grid', { device: 'phone' });
    await page.getByTestId('recipient-search').locator('input').fill(name);
    await page.getByTestId('recipient-search').locator('input').press('Enter');
    await eventually(() => page.getByTestId('recipient-card').filter({ hasText: name }).count()).toBeGreaterThan(0);
    await page.getByTestId('recipient-card').filter({ hasText: name }).first().click();
    await page.waitForURL(/\/grid\/recipients\/\d+$/);

    await page.locator('#order-item').click();
    await page.locator('#order-item').fill('居家保洁');
    await page.keyboard.press('Enter');
    await page.getByTestId(`slot-${workingDay()}-afternoon`).click();
    await page.getByTestId('place-order').click();
    await eventually(() => page.getByTestId('grid-order').filter({ hasText: '居家保洁' }).count()).toBe(1);
    const latest = await server.world.db
      .selectFrom('orders')
      .selectAll()
      .where('recipient_id', '=', recipientId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(latest).toMatchObject({ channel: 'grid_worker', amount_fen: 6000 });

    await eventually(
      async () => (await server.world.db.selectFrom('orders').select('status').where('id', '=', latest.id).executeTakeFirstOrThrow()).status,
      20_000,
    ).toBe('dispatched');
    const row = page.locator(`[data-testid="grid-order"][data-order-id="${latest.id}"]`);
    await eventually(() => row.getByTestId('order-status').getAttribute('data-status')).toBe('DISPATCHED');
    await page.evaluate(() => {
      (window as unknown as { stillThisPage: boolean }).stillThisPage = true;
    });

    // the return visits page is open while the carer serves, through the API: the service
    // waiting for confirmation appears at the top without a reload, and stays until confirmed
    await page.getByRole('link', { name: '回访' }).click();
    await page.waitForURL((url) => url.pathname === '/grid/visits');
    await eventually(() => page.getByRole('heading', { name: '我的回访' }).count()).toBe(1);
    const pending = page.locator(`[data-testid="pending-confirmation"][data-order-id="${latest.id}"]`);
    expect(await pending.count()).toBe(0);
    await serveByDemoCarer(String(latest.id));
    await eventually(() => pending.count(), 10_000).toBe(1);
    expect(await page.locator('.grid-page > *').first().getAttribute('data-testid')).toBe('pending-confirmations');
    expect(await page.getByTestId('pending-confirmations').getByRole('heading').textContent()).toBe('等您代为确认的服务（1 次）');
    expect(await pending.textContent()).toContain(name);
    await expectAccessible(page);
    await screenshot(page, 'grid-pending-confirmations');
    await pending.getByTestId('pending-confirm').click();
    await eventually(() => pending.count()).toBe(0);
    expect(await page.getByTestId('pending-confirmations').count()).toBe(0);
    const visit = await server.world.db.selectFrom('visits').select('confirmed_via').where('order_id', '=', latest.id).executeTakeFirstOrThrow();
    expect(visit.confirmed_via).toBe('grid_worker');

    // back on the recipient's page, the order says so
    await page.goBack();
    await eventually(() => row.getByTestId('order-status').getAttribute('data-status')).toBe('CONFIRMED');
    expect(await page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
    await screenshot(page, 'grid-recipient-confirmed');
    await page.context().close();
  }, 90_000);
});

describe('changing the time', () => {
  it('moves an order to another time from its page, keeping it and its price', async () => {
    const token = await server.token('recipient');
    const date = workingDay();
    const morning = { windowStart: new Date(`${date}T08:00:00+08:00`).toISOString(), windowEnd: new Date(`${date}T12:00:00+08:00`).toISOString() };
    const { placeOrder } = await server.world.ok(
      'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id amount } }',
      { input: { serviceItemId: await itemId('meal_help'), ...morning } },
      token,
    );
    const page = await signedInPage(browser, server, 'recipient', { device: 'phone', path: `/m/orders/${placeOrder.id}` });
    await page.getByTestId('reschedule').click();
    await page.waitForURL(/\/reschedule$/);
    const day = date === addDays(countyToday(), 1) ? '明天' : '后天';
    await eventually(() => page.getByTestId('reschedule-now').textContent()).toBe(`现在约的是 ${day}上午 8点到12点`);
    await page.getByTestId(`slot-${date}-afternoon`).click();
    await expectAccessible(page);
    await screenshot(page, 'recipient-reschedule');
    await page.getByTestId('reschedule-confirm').click();
    await page.waitForURL((url) => url.pathname === `/m/orders/${placeOrder.id}`);
    await eventually(() => page.getByTestId('notice').textContent()).toBe('时间已改好');
    await eventually(() => page.getByTestId('order-when').textContent()).toBe(`${day}下午 2点到5点`);
    const moved = await server.world.db.selectFrom('orders').selectAll().where('id', '=', Number(placeOrder.id)).executeTakeFirstOrThrow();
    expect(moved.window_start.getTime()).toBeGreaterThan(new Date(morning.windowEnd).getTime() - 1);
    expect(moved.status).not.toBe('cancelled');
    expect(moved.amount_fen).toBe(placeOrder.amount);
    const event = await server.world.db
      .selectFrom('order_events')
      .select(['action', 'channel'])
      .where('order_id', '=', moved.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(['reschedule', 'unassign']).toContain(event.action);
    expect(event.channel).toBe('mini_program');
    await page.context().close();
  }, 60_000);
});

describe('a service that was not right', () => {
  const disputeOf = (orderId: string) =>
    Promise.all([
      server.world.db.selectFrom('orders').select('status').where('id', '=', Number(orderId)).executeTakeFirstOrThrow(),
      server.world.db.selectFrom('complaints').selectAll().where('order_id', '=', Number(orderId)).execute(),
    ]);

  it('is said by the recipient from the order: what was wrong, and the service is not paid until checked', async () => {
    await budgetGivenBack();
    const orderId = await servedOrder(14);
    const page = await signedInPage(browser, server, 'recipient', { device: 'phone', path: `/m/orders/${orderId}` });
    await eventually(() => status(page)).toBe('COMPLETED');
    await page.getByTestId('dispute-service').click();
    await page.waitForURL((url) => url.pathname === `/m/orders/${orderId}/dispute`);
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('助餐送餐：服务有问题');
    expect(await page.getByTestId('send-dispute').isDisabled()).toBe(true);

    // "something else" needs a word on what
    await page.getByTestId('dispute-OTHER').click();
    await page.getByTestId('send-dispute').click();
    await eventually(() => page.getByRole('alert').first().textContent()).toBe('请说说发生了什么');
    expect((await disputeOf(orderId))[0].status).toBe('completed');
    await page.getByTestId('dispute-NOT_FINISHED').click();
    await page.locator('#dispute-details').fill('只送了饭，没有陪老人吃');
    await expectAccessible(page);
    await screenshot(page, 'recipient-dispute');
    await page.getByTestId('send-dispute').click();

    await page.waitForURL((url) => url.pathname === `/m/orders/${orderId}`);
    await eventually(() => status(page)).toBe('DISPUTED');
    expect(await page.getByTestId('order-disputed').textContent()).toContain('核实前不付钱');
    expect(await page.getByTestId('confirm-service').count()).toBe(0);
    const [order, tickets] = await disputeOf(orderId);
    expect(order.status).toBe('disputed');
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({
      category: 'service_not_delivered',
      severity: 'high',
      channel: 'mini_program',
      recipient_id: recipientId,
      description: '没有做完：只送了饭，没有陪老人吃',
    });
    await page.context().close();
  }, 90_000);

  it('is said by the grid worker for the recipient, from the services waiting for confirmation', async () => {
    const orderId = await servedOrder(16);
    const page = await signedInPage(browser, server, 'grid', { device: 'phone', path: '/grid/visits' });
    const pending = page.locator(`[data-testid="pending-confirmation"][data-order-id="${orderId}"]`);
    await eventually(() => pending.count()).toBe(1);
    await pending.getByTestId('grid-dispute-service').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /^提交，先不付钱$/ }).click();
    await eventually(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['请选一个问题']);
    await dialog.getByLabel('服务人员没有来', { exact: true }).check();
    await expectAccessible(page);
    await screenshot(page, 'grid-dispute');
    await dialog.getByRole('button', { name: /^提交，先不付钱$/ }).click();

    await eventually(() => pending.count()).toBe(0);
    const [order, tickets] = await disputeOf(orderId);
    expect(order.status).toBe('disputed');
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ category: 'service_not_delivered', channel: 'grid_worker', recipient_id: recipientId, description: '服务人员没有来' });
    await page.context().close();
  }, 90_000);
});

/**
 * Every element a finger can tap (links, buttons, fields, radios, anything focusable), as
 * rendered once its motion has ended (a dialog zooms in from a fraction of its size): those
 * under 44 × 44 px, described, and how many were measured.
 */
async function tapTargets(page: Page): Promise<{ measured: number; small: string[] }> {
  await settleAnimations(page);
  return page.evaluate(() => {
    const selector =
      'a[href], button, input:not([type="hidden"]), textarea, select, summary, label[for], [role="button"], [role="link"], [role="radio"], [role="checkbox"], [role="tab"], [role="switch"], [role="menuitem"], [tabindex]:not([tabindex="-1"])';
    let measured = 0;
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      // not on screen at all: antd's zero-size focus guards around a dialog, what is display:none
      if ((box.width === 0 && box.height === 0) || style.visibility === 'hidden') continue;
      measured++;
      if (box.width < 44 || box.height < 44) {
        const name = el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : `.${el.className}`;
        small.push(`${el.tagName.toLowerCase()}${name} "${(el.textContent ?? '').trim().slice(0, 24)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return { measured, small };
  });
}

/** A phone page signed in as the demo recipient with a sign-in of its own (that the test may end, or `token`), at `path`. */
async function ownSessionPage(path = '/m', given?: string): Promise<{ page: Page; token: string }> {
  const token = given ?? (await server.world.signIn('recipient', DEMO_PASSWORD));
  const page = await newPage(browser, 'phone');
  // once per tab: a reload after the app forgot the token must not bring it back
  await page.addInitScript((value) => {
    if (sessionStorage.getItem('token-given')) return;
    sessionStorage.setItem('token-given', '1');
    localStorage.setItem('nuanxin.token', value);
  }, token);
  await page.goto(`${server.url}${path}`);
  return { page, token };
}

const stored = (page: Page, key: string) => page.evaluate((k) => localStorage.getItem(k), key);

describe('the recipient app for an 80-year-old', () => {
  it('shows their service card number and needs list on 我的, where language and sign-out are, each asked first', async () => {
    const township = await server.token('township');
    const { issueServiceCard } = await server.world.ok(
      'mutation($id: ID!) { issueServiceCard(recipientId: $id) { serviceCardNumber } }',
      { id: String(recipientId) },
      township,
    );
    await server.world.ok(
      'mutation($input: NeedsAssessmentInput!) { recordNeedsAssessment(input: $input) { id } }',
      {
        input: {
          recipientId: String(recipientId),
          assessedOn: countyToday(),
          needs: [
            { serviceItemId: await itemId('meal_help'), timesPerMonth: 8, note: '午饭' },
            { serviceItemId: await itemId('home_cleaning'), timesPerMonth: 2 },
          ],
        },
      },
      township,
    );

    const { page } = await ownSessionPage('/m');
    await eventually(() => page.getByTestId('header-hotline').count()).toBe(1);
    // the header has the hotline, and no longer the language switch and a one-tap sign-out
    expect(await page.locator('header').getByRole('button').count()).toBe(0);
    expect(await page.getByTestId('header-hotline').getAttribute('href')).toMatch(/^tel:\+?\d+$/);
    expect(await page.getByTestId('language-switch').count()).toBe(0);

    await page.getByRole('link', { name: '我的', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/m/me');
    await eventually(() => page.getByTestId('card-number').textContent()).toBe(issueServiceCard.serviceCardNumber);
    expect(await page.getByTestId('need').allTextContents()).toEqual(['助餐送餐每月 8 次午饭', '居家保洁每月 2 次']);
    expect(await page.getByTestId('needs').textContent()).toContain('今天救助会诊定下的');
    expect(await noIsoDates(page)).toEqual([]);
    await expectAccessible(page);
    await screenshot(page, 'recipient-me');

    // the language: asked first; "不改" keeps it
    await page.getByTestId('language-en').click();
    await eventually(() => page.getByRole('dialog').textContent()).toContain('改成 English 显示吗？');
    await page.getByTestId('confirm-language-cancel').click();
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('我的');
    await page.getByTestId('language-en').click();
    await page.getByTestId('confirm-language').click();
    await eventually(() => page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Me');
    expect(await page.getByTestId('needs').textContent()).toContain('8 times a month');
    await page.getByTestId('language-zh-CN').click();
    await eventually(() => page.getByRole('dialog').textContent()).toContain('Show the app in 中文?');
    await page.getByTestId('confirm-language').click();
    await eventually(() => page.getByRole('heading', { level: 2 }).first().textContent()).toBe('我的');

    // signing out: asked first, in the large type; "不退出" keeps the sign-in
    await page.getByTestId('sign-out').click();
    const dialog = page.getByRole('dialog');
    await eventually(() => dialog.textContent()).toContain('确定要退出登录吗？');
    expect(await dialog.locator('.ant-modal-confirm-title').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(20);
    expect((await tapTargets(page)).small).toEqual([]);
    await expectAccessible(page);
    await screenshot(page, 'recipient-sign-out-confirm');
    await page.getByTestId('confirm-sign-out-cancel').click();
    await eventually(() => dialog.count()).toBe(0);
    expect(await stored(page, 'nuanxin.token')).not.toBeNull();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('confirm-sign-out').click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(await stored(page, 'nuanxin.token')).toBeNull();
    // signed out by them, not ended by the server: the app goes to the sign-in form, not the "expired" page
    expect(await stored(page, 'nuanxin.sessionEnded')).toBeNull();
    await page.goto(`${server.url}/m`);
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.context().close();
  }, 90_000);

  it('says in plain words that the session ended, with the hotline, when the server ends it, and signs in again from there', async () => {
    // revoked elsewhere while the app is open: the server closes the socket (4401)
    const { page, token } = await ownSessionPage('/m/orders');
    await eventually(() => page.getByRole('heading', { level: 2 }).first().textContent()).toBe('我的订单');
    await server.world.ok('mutation { signOut }', {}, token);
    await eventually(() => page.getByTestId('session-ended').count()).toBe(1);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('登录已过期');
    expect(await page.getByTestId('call-hotline').getAttribute('href')).toMatch(/^tel:\+?\d+$/);
    expect(new URL(page.url()).pathname).toBe('/m/orders');
    expect(await stored(page, 'nuanxin.token')).toBeNull();
    expect((await tapTargets(page)).small).toEqual([]);
    expect(await page.locator('.mobile').evaluate((el) => getComputedStyle(el).fontSize)).toBe('20px');
    await expectAccessible(page);
    await screenshot(page, 'recipient-session-ended');

    // a reload keeps saying so, rather than the bare sign-in form
    await page.reload();
    await eventually(() => page.getByTestId('session-ended').count()).toBe(1);

    // and from there, signing in again lands where they were
    await page.getByTestId('sign-in-again').click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/m/orders');
    await page.locator('#username').fill('recipient');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL((url) => url.pathname === '/m/orders');
    expect(await stored(page, 'nuanxin.sessionEnded')).toBeNull();
    await page.context().close();

    // expired while the app was closed: opening it, the server refuses the token
    const expired = await ownSessionPage('/m/complain', await expiredToken(server.world, 'recipient', DEMO_PASSWORD));
    await eventually(() => expired.page.getByTestId('session-ended').count()).toBe(1);
    expect(await expired.page.getByTestId('session-ended').textContent()).toContain('请重新登录');
    await expired.page.context().close();
  }, 90_000);

  it('has the hotline and only tap targets of at least 44 px on every page, at phone size', async () => {
    await budgetGivenBack();
    const completed = await servedOrder(15);
    const date = workingDay();
    const { placeOrder } = await server.world.ok(
      'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }',
      {
        input: {
          serviceItemId: await itemId('home_cleaning'),
          windowStart: new Date(`${date}T14:00:00+08:00`).toISOString(),
          windowEnd: new Date(`${date}T17:00:00+08:00`).toISOString(),
        },
      },
      await server.token('recipient'),
    );
    const page = await signedInPage(browser, server, 'recipient', { device: 'phone' });
    const pages: [string, string, string][] = [
      ['/m', 'budget-available', 'home'],
      [`/m/order/${await itemId('meal_help')}`, 'place-order', 'order-form'],
      ['/m/orders', 'order-card', 'orders'],
      [`/m/orders/${placeOrder.id}`, 'cancel-order', 'order-booked'],
      [`/m/orders/${placeOrder.id}/reschedule`, 'reschedule-confirm', 'reschedule'],
      [`/m/orders/${completed}`, 'confirm-service', 'order-completed'],
      [`/m/orders/${completed}/dispute`, 'send-dispute', 'dispute'],
      ['/m/complain', 'send-complaint', 'complain'],
      ['/m/complaints', 'new-complaint', 'complaints'],
      ['/m/me', 'sign-out', 'me'],
    ];
    const measured: Record<string, number> = {};
    for (const [path, ready, name] of pages) {
      await page.goto(`${server.url}${path}`);
      await eventually(() => page.getByTestId(ready).count()).toBeGreaterThan(0);
      const { measured: count, small } = await tapTargets(page);
      expect([path, small]).toEqual([path, []]);
      measured[name] = count;
      expect([path, await page.getByTestId('header-hotline').getAttribute('href')]).toEqual([path, expect.stringMatching(/^tel:\+?\d+$/)]);
      expect(await noIsoDates(page)).toEqual([]);
    }

    // the cancel question, and a notice with its button
    await page.goto(`${server.url}/m/orders/${placeOrder.id}`);
    await page.getByTestId('cancel-order').click();
    await eventually(() => page.getByTestId('confirm-cancel').count()).toBe(1);
    expect((await tapTargets(page)).small).toEqual([]);
    await page.getByTestId('confirm-cancel').click();
    await eventually(() => page.getByTestId('notice').textContent()).toBe('订单已取消');
    await eventually(() => status(page)).toBe('CANCELLED');
    expect(await page.getByTestId('order-money').textContent()).toBe('没花钱：¥60.00 已退回今年的额度');
    const notice = await tapTargets(page);
    expect(notice.small).toEqual([]);
    measured['order-cancelled-notice'] = notice.measured;
    await expectAccessible(page);
    await screenshot(page, 'recipient-cancelled-notice');
    console.info(`tap targets measured per page: ${JSON.stringify(measured)}`);
    await page.context().close();
  }, 120_000);
});
