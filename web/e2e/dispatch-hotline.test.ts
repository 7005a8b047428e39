// The county centre's consoles in a real browser against the real server and worker: the
// hotline finds a caller by the last digits of their ID number and orders for them; the
// dispatcher's board shows orders live, puts the ones no carer fits first, and reassigns an
// order to another carer chosen from the candidates with their matching reasons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './axe.js';
import { chooseOption, eventually, launchBrowser, screenshot, signedInPage } from './browser.js';
import { startWebServer, type WebServer } from './server.js';
import { addDays, countyToday } from '../../server/platform/county-time.js';
import { setClockForTests, sqlNow } from '../../server/platform/clock.js';
import { escalateOverdue } from '../../server/complaints/escalation.js';
import { markMissedVisits } from '../../server/visits/missed-visits.js';
import { ORDINARY_MORNING } from '../../server/testing/instants.js';

// An ordinary weekday morning (server, worker and the browser's page): the next workday is in
// this programme year and the demo county's contract.
setClockForTests(ORDINARY_MORNING);

let server: WebServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer({ worker: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The next Monday-to-Friday county date after today: every carer works then. */
function nextWorkday(): string {
  for (let d = addDays(countyToday(), 1); ; d = addDays(d, 1)) {
    const weekday = new Date(`${d}T12:00:00+08:00`).getUTCDay();
    if (weekday >= 1 && weekday <= 5) return d;
  }
}
const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`).toISOString();

/** An everyday item anyone may deliver, an hour or less, and its names. */
async function everydayItem() {
  return server.world.db
    .selectFrom('service_items')
    .select(['id', 'name_zh', 'standard_minutes'])
    .where('required_qualification', 'is', null)
    .where('is_urgent', '=', false)
    .where('active', '=', true)
    .where('standard_minutes', '<=', 60)
    .orderBy('id')
    .executeTakeFirstOrThrow();
}

/** Active recipients with budget, paired with a carer (so matching finds one), whose last four ID characters nobody else has. */
async function recipientsWithUniqueLast4(count: number) {
  const { rows } = await sql<{ id: number; name: string; id_number_last4: string; id_number_masked: string }>`
    select r.id, r.name, r.id_number_last4, r.id_number_masked from recipients r
    where r.status = 'active'
      and exists (select 1 from carer_pairings p where p.recipient_id = r.id and p.ended_on is null)
      and (select count(*) from recipients o where o.id_number_last4 = r.id_number_last4) = 1
    order by r.id limit ${count}`.execute(server.world.db);
  expect(rows).toHaveLength(count);
  return rows;
}

async function placeByHotline(recipientId: number, serviceItemId: number, date: string, start: string, end: string): Promise<string> {
  const data = await server.world.ok<{ placeOrder: { id: string } }>(
    `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
    {
      input: {
        recipientId: String(recipientId),
        serviceItemId: String(serviceItemId),
        windowStart: at(date, start),
        windowEnd: at(date, end),
        callerPhone: '0797-1234567',
      },
    },
    await server.token('hotline'),
  );
  return data.placeOrder.id;
}

/** Waits until the worker has matched the order (a carer, or the problem why none fits). */
async function matched(orderId: string) {
  await expect
    .poll(
      async () => {
        const o = await server.world.db.selectFrom('orders').select(['carer_id', 'match_problem']).where('id', '=', Number(orderId)).executeTakeFirstOrThrow();
        return o.carer_id !== null || o.match_problem !== null;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return server.world.db
    .selectFrom('orders')
    .select(['status', 'carer_id', 'match_problem', 'match_reasons'])
    .where('id', '=', Number(orderId))
    .executeTakeFirstOrThrow();
}

const row = (page: Page, orderId: string) => page.locator(`tr[data-row-key="${orderId}"]`);

describe('the hotline console', () => {
  it('finds a recipient by the last digits of the ID number and orders on their behalf', async () => {
    const [recipient] = await recipientsWithUniqueLast4(1);
    const item = await everydayItem();
    const page = await signedInPage(browser, server, 'hotline');
    await page.waitForURL((url) => url.pathname === '/hotline');
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('热线工作台');
    await expectAccessible(page);
    await screenshot(page, 'hotline-home');

    const search = page.getByLabel('查找服务对象', { exact: true });
    await search.fill(recipient.id_number_last4);
    await search.press('Enter');
    await eventually(() => page.getByTestId('search-count').textContent()).toContain('1');
    await page.getByRole('link', { name: recipient.name, exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/hotline/recipients/${recipient.id}`);
    // the ID number only ever masked
    await eventually(() => page.getByTestId('id-masked').textContent()).toBe(recipient.id_number_masked);
    const budgetBefore = await page.getByTestId('budget-available').textContent();

    await page.getByRole('button', { name: '代为下单' }).click();
    const drawer = page.getByRole('dialog');
    await chooseOption(page, drawer.getByLabel('服务项目'), item.name_zh, item.name_zh);
    await drawer.getByLabel('来电号码').fill('0797-8123456');
    await eventually(() => drawer.getByTestId('order-amount').textContent()).toMatch(/¥\d+\.\d{2}/);
    await screenshot(page, 'hotline-order-form');
    await page.getByTestId('place-order').click();

    await eventually(() => page.locator('.ant-message').textContent()).toMatch(/已下单，订单号 \d+/);
    const placed = await server.world.db
      .selectFrom('orders')
      .select(['id', 'channel', 'caller_phone', 'service_item_id', 'status'])
      .where('recipient_id', '=', recipient.id)
      .executeTakeFirstOrThrow();
    expect(placed).toMatchObject({ channel: 'hotline', caller_phone: '0797-8123456', service_item_id: item.id });
    await eventually(() => page.getByTestId('recent-orders').locator(`tr[data-row-key="${placed.id}"]`).textContent()).toContain(item.name_zh);
    await eventually(() => page.getByTestId('budget-available').textContent()).not.toBe(budgetBefore);
    await screenshot(page, 'hotline-ordered');
    await expectAccessible(page);
    await page.context().close();
  });

  it('says in Chinese why the server refused an order, with the item it named', async () => {
    const recipient = (await recipientsWithUniqueLast4(3))[2];
    const item = await everydayItem();
    const page = await signedInPage(browser, server, 'hotline', { path: `/hotline/recipients/${recipient.id}` });
    await page.getByRole('button', { name: '代为下单' }).click();
    const drawer = page.getByRole('dialog');
    await chooseOption(page, drawer.getByLabel('服务项目'), item.name_zh, item.name_zh);
    await drawer.getByLabel('来电号码').fill('0797-8123456');
    // the item is withdrawn while the operator is on the phone
    await server.world.db.updateTable('service_items').set({ active: false }).where('id', '=', item.id).execute();
    try {
      await page.getByTestId('place-order').click();
      // said at the item, the field it is about
      await eventually(() => drawer.locator('#serviceItemId_help .ant-form-item-explain-error').textContent()).toBe(`“${item.name_zh}”暂停提供`);
    } finally {
      await server.world.db.updateTable('service_items').set({ active: true }).where('id', '=', item.id).execute();
    }
    expect(await server.world.db.selectFrom('orders').select('id').where('recipient_id', '=', recipient.id).execute()).toEqual([]);
    await page.context().close();
  });

  it('records a complaint and follows the ticket through the closed loop', async () => {
    const [, recipient] = await recipientsWithUniqueLast4(2);
    const page = await signedInPage(browser, server, 'hotline', { path: `/hotline/recipients/${recipient.id}` });
    await page.getByRole('button', { name: '记录投诉' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('投诉内容').fill('服务人员迟到一个小时，没有提前打电话');
    await dialog.getByLabel('投诉人电话').fill('13900001111');
    await dialog.getByRole('button', { name: '保存工单' }).click();
    await page.waitForURL((url) => /^\/hotline\/complaints\/\d+$/.test(url.pathname));
    const complaintId = new URL(page.url()).pathname.split('/').pop()!;
    await eventually(() => page.getByTestId('ticket-status').textContent()).toBe('已记录');

    // 交办 to the recipient's organisation; the organisation verifies (核实) through the API
    // no order named, so the recipient's township station is offered first
    await page
      .locator('label.ant-radio-button-wrapper')
      .filter({ hasText: /^服务机构$/ })
      .click();
    await page.getByLabel('选择服务机构').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option').first().click();
    await page.getByLabel('交办说明').fill('请核实并回复');
    await page.getByRole('button', { name: /^交\s?办$/ }).click();
    await eventually(() => page.getByTestId('ticket-status').textContent()).toBe('已交办');
    await server.world.ok(
      `mutation ($id: ID!) { verifyComplaint(complaintId: $id, upheld: true, findings: "核实属实，已对服务人员进行提醒") { id } }`,
      { id: complaintId },
      await server.token('dispatcher'),
    );

    // 反馈 and closing are the hotline's
    await page.reload();
    await eventually(() => page.getByTestId('ticket-status').textContent()).toBe('已核实');
    await page.getByLabel(/反馈内容/).fill('已核实属实，机构已提醒服务人员按时上门');
    await page.getByLabel('满意', { exact: true }).check();
    await page.getByRole('button', { name: '保存反馈' }).click();
    await eventually(() => page.getByTestId('ticket-status').textContent()).toBe('已反馈');
    expect(await page.getByTestId('satisfied').textContent()).toBe('投诉人满意');
    await page.getByRole('button', { name: /^办\s?结$/ }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /^办\s?结$/ })
      .click();
    await eventually(() => page.getByTestId('ticket-status').textContent()).toBe('已办结');
    await screenshot(page, 'hotline-ticket-closed');
    await expectAccessible(page);

    const ticket = await server.world.db
      .selectFrom('complaints')
      .select(['status', 'answer', 'complainant_phone', 'channel', 'satisfied'])
      .where('id', '=', Number(complaintId))
      .executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({
      status: 'closed',
      answer: '已核实属实，机构已提醒服务人员按时上门',
      complainant_phone: '13900001111',
      channel: 'hotline',
      satisfied: true,
    });

    // the daughter calls back: the carer was late again. Within the period the hotline reopens it for her
    await page.getByLabel('不满意的原因').fill('女儿来电说第二天又迟到了');
    await page.getByRole('button', { name: '重新处理' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '重新处理' }).click();
    await eventually(() => page.getByTestId('ticket-status').textContent()).toBe('已交办');
    const reopened = await server.world.db
      .selectFrom('complaints')
      .select(['status', 'reopen_count', 'satisfied', 'assigned_organisation_id'])
      .where('id', '=', Number(complaintId))
      .executeTakeFirstOrThrow();
    expect(reopened).toMatchObject({ status: 'assigned', reopen_count: 1, satisfied: false });
    expect(reopened.assigned_organisation_id).not.toBeNull();
    await page.context().close();
  });

  it('says at once, on the ticket list, when a ticket escalates to the county', async () => {
    const page = await signedInPage(browser, server, 'hotline', { path: '/hotline/complaints' });
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('投诉工单');
    const { recordComplaint } = await server.world.ok(
      `mutation ($input: RecordComplaintInput!) { recordComplaint(input: $input) { id } }`,
      { input: { category: 'NO_SHOW', severity: 'URGENT', description: '约好的时间没人来', complainantName: '李奶奶', complainantPhone: '13900002222' } },
      await server.token('hotline'),
    );
    // nobody assigned it within the hour: the hotline's own step is late, so the county hears of
    // it. graphql-ws does not say when the page's subscription is up: if the first escalation
    // came too early for it, the next one (the deadline missed again) is told
    const told = page.getByText(new RegExp(`^工单 #${recordComplaint.id} 超时未办，已升级到县里（第 [123] 次）$`));
    for (let level = 1; level <= 3 && (await told.count()) === 0; level++) {
      await sql`update complaints set due_at = ${sqlNow()} - interval '1 minute' where id = ${Number(recordComplaint.id)}`.execute(server.world.db);
      expect((await escalateOverdue(server.world.db)).map((c) => c.escalation_level)).toEqual([level]);
      await told.waitFor({ timeout: 3_000 }).catch(() => {});
    }
    expect(await told.count()).toBe(1);
    await page.context().close();
  });
});

describe('the dispatcher board', () => {
  it('shows orders live, flags those no carer fits, and reassigns with the matching reasons', async () => {
    const [first, second, third] = await recipientsWithUniqueLast4(3);
    const item = await everydayItem();
    const day = nextWorkday();
    const orderId = await placeByHotline(first.id, item.id, day, '10:00', '11:00');
    const before = await matched(orderId);
    expect(before.carer_id).not.toBeNull();

    const page = await signedInPage(browser, server, 'dispatcher');
    await page.waitForURL((url) => url.pathname === '/dispatch');
    await eventually(() => row(page, orderId).count()).toBe(1);
    await expectAccessible(page);

    // live: orders placed while the board is open appear without a reload; one nobody works
    // at (late in the evening) is flagged and listed first, on its own
    const liveId = await placeByHotline(second.id, item.id, day, '14:00', '15:00');
    const flaggedId = await placeByHotline(third.id, item.id, day, '20:00', '21:00');
    await eventually(() => row(page, liveId).count(), 20_000).toBe(1);
    expect((await matched(flaggedId)).match_problem).toBeTruthy();
    await eventually(() => page.getByTestId('flagged').textContent(), 20_000).toContain(`#${flaggedId}`);
    await screenshot(page, 'dispatch-board');

    // reassign: the candidates come with their factor scores; the dispatcher gives a reason
    const currentName = await row(page, orderId).getByTestId('board-carer').textContent();
    await row(page, orderId)
      .getByRole('button', { name: `改派 #${orderId}` })
      .click();
    const candidates = page.getByTestId('candidates');
    await eventually(() => candidates.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(1);
    expect(await candidates.textContent()).toMatch(/距离/);
    expect(await candidates.textContent()).toMatch(/本周/);
    const choice = candidates
      .locator('tbody tr.ant-table-row')
      .filter({ has: page.locator('input[type=radio]:not([disabled])') })
      .first();
    const chosenName = (await choice.locator('strong').first().textContent())!;
    expect(chosenName).not.toBe(currentName);
    await choice.click();
    await page.getByLabel('派单理由').fill('原服务人员临时有事，改派附近的服务人员');
    await screenshot(page, 'dispatch-reassign');
    await page.getByTestId('confirm-assign').click();

    await eventually(() => row(page, orderId).getByTestId('board-carer').textContent(), 15_000).toBe(chosenName);
    const after = await server.world.db
      .selectFrom('orders as o')
      .innerJoin('carers as c', 'c.id', 'o.carer_id')
      .select(['c.name', 'o.status', 'o.match_reasons'])
      .where('o.id', '=', Number(orderId))
      .executeTakeFirstOrThrow();
    expect(after.name).toBe(chosenName);
    expect(after.status).toBe('dispatched');
    expect(after.match_reasons).toMatchObject({ decidedBy: '派单员小陈', note: '原服务人员临时有事，改派附近的服务人员' });
    await screenshot(page, 'dispatch-reassigned');

    // carers with their load: the new carer now holds the reassigned order
    await page.getByRole('link', { name: '服务人员' }).click();
    await page.waitForURL((url) => url.pathname === '/dispatch/carers');
    const carerRow = page.locator('tr.ant-table-row').filter({ hasText: chosenName });
    const { n } = await server.world.db
      .selectFrom('orders as o')
      .innerJoin('carers as c', 'c.id', 'o.carer_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('c.name', '=', chosenName)
      .where('o.status', 'in', ['assigned', 'dispatched', 'accepted', 'in_service'])
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBeGreaterThanOrEqual(1);
    await eventually(() => carerRow.locator('.ant-badge').textContent()).toBe(String(n));
    await expectAccessible(page);
    await screenshot(page, 'dispatch-carers');

    // the visit exception queue: nothing checked in yet, so nothing to resolve
    await page.getByRole('link', { name: '服务异常' }).click();
    await eventually(() => page.locator('.ant-empty-description').textContent()).toBe('没有待处理的服务异常');
    await expectAccessible(page);
    await page.context().close();
  });
});

describe('missed visits', () => {
  it('lists a visit nobody came for and rebooks it for a new time', async () => {
    const [, , recipient] = await recipientsWithUniqueLast4(3);
    const item = await everydayItem();
    const day = nextWorkday();
    const orderId = await placeByHotline(recipient.id, item.id, day, '10:00', '11:30');
    await matched(orderId);
    const { organisation_id, window_end } = await server.world.db
      .selectFrom('orders')
      .select(['organisation_id', 'window_end'])
      .where('id', '=', Number(orderId))
      .executeTakeFirstOrThrow();
    // nobody came: the window and its grace are over when the sweep runs
    setClockForTests(window_end.getTime() + (server.world.config.VISIT_GRACE_MINUTES + 1) * 60_000);
    expect((await markMissedVisits(server.world.db, server.world.config.VISIT_GRACE_MINUTES)).map((o) => o.id)).toContain(Number(orderId));
    const dispatcher = await server.world.db.selectFrom('users').select('organisation_id').where('username', '=', 'dispatcher').executeTakeFirstOrThrow();
    expect(organisation_id).toBe(dispatcher.organisation_id);

    const page = await signedInPage(browser, server, 'dispatcher', { path: '/dispatch/missed' });
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('未上门的服务');
    await eventually(() => row(page, orderId).count()).toBe(1);
    await expectAccessible(page);
    await row(page, orderId).getByRole('button', { name: '改约补上' }).click();
    const dialog = page.getByRole('dialog');
    const next = addDays(day, 1);
    await dialog.getByLabel('开始时间').fill(`${next}T14:00`);
    await dialog.getByLabel('结束时间').fill(`${next}T15:30`);
    await dialog.getByLabel(/^说明/).fill('服务人员生病，改派他人补上');
    await dialog.getByRole('button', { name: '确认改约' }).click();
    await eventually(() => row(page, orderId).count()).toBe(0);
    const rebooked = await server.world.db
      .selectFrom('orders')
      .select(['status', 'rebooks', 'window_start', 'organisation_id'])
      .where('id', '=', Number(orderId))
      .executeTakeFirstOrThrow();
    expect(rebooked).toMatchObject({ rebooks: 1, organisation_id, window_start: new Date(`${next}T14:00:00+08:00`) });
    expect(['assigned', 'dispatched']).toContain(rebooked.status);
    await screenshot(page, 'dispatch-missed-rebooked');
    await page.context().close();
  });
});
