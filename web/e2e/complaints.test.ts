// The complaint loop's other ends in a real browser against the real server: the tickets the
// hotline records and assigns (through the API, as its own test does in its console) reach the
// dispatcher's and the township station's queues, soonest deadline first, and are verified
// there (核实); the station hears live when an organisation of its township is late; and the
// recipient sees their answered ticket in plain words and sends it back when not satisfied.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './axe.js';
import { eventually, launchBrowser, screenshot, settledDialog, signedInPage } from './browser.js';
import { startWebServer, type WebServer } from './server.js';
import { addDays, countyToday } from '../../server/platform/county-time.js';
import { setClockForTests, sqlNow } from '../../server/platform/clock.js';
import { escalateOverdue } from '../../server/complaints/escalation.js';
import { outboxDelivered } from '../../server/testing/outbox.js';
import { ORDINARY_MORNING } from '../../server/testing/instants.js';
import { formatDateTime } from '../src/app/format.js';

// An ordinary weekday morning (server and the browser's page): the next workday is in this
// programme year and the demo county's contract, so the hotline can order for a recipient.
setClockForTests(ORDINARY_MORNING);

let server: WebServer;
let browser: Browser;
let organisationId: string;
let townshipId: string;
beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  organisationId = (await server.world.ok('{ me { organisation { id } } }', {}, await server.token('dispatcher'))).me.organisation.id;
  townshipId = (await server.world.ok('{ me { township { id } } }', {}, await server.token('township'))).me.township.id;
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Ticket {
  recipientId: number;
  orderId?: string;
  severity?: 'LOW' | 'NORMAL' | 'HIGH' | 'URGENT';
  category?: string;
  description: string;
  /** 交办 to the dispatcher's organisation or the township's station. */
  to: 'organisation' | 'station';
}

/** 记录 and 交办, as the hotline does them: returns the ticket's id. */
async function recordAndAssign(ticket: Ticket): Promise<string> {
  const hotline = await server.token('hotline');
  const { recordComplaint } = await server.world.ok<{ recordComplaint: { id: string } }>(
    `mutation ($input: RecordComplaintInput!) { recordComplaint(input: $input) { id } }`,
    {
      input: {
        ...(ticket.orderId ? { orderId: ticket.orderId } : { recipientId: String(ticket.recipientId) }),
        category: ticket.category ?? 'NO_SHOW',
        severity: ticket.severity ?? 'NORMAL',
        description: ticket.description,
        complainantPhone: '13900003333',
      },
    },
    hotline,
  );
  await server.world.ok(
    `mutation ($id: ID!, $organisationId: ID, $townshipId: ID) { assignComplaint(complaintId: $id, organisationId: $organisationId, townshipId: $townshipId, note: "请核实") { id } }`,
    { id: recordComplaint.id, ...(ticket.to === 'organisation' ? { organisationId } : { townshipId }) },
    hotline,
  );
  return recordComplaint.id;
}

/**
 * Active recipients of the demo township (where the demo organisation works), `skip` of them
 * left for other tests, and never the demo recipient who signs in.
 */
async function townshipRecipients(count: number, skip: number) {
  const { rows } = await sql<{ id: number; name: string }>`
    select r.id, r.name from recipients r
     where r.status = 'active' and r.township_id = ${Number(townshipId)}
       and not exists (select 1 from users u where u.recipient_id = r.id)
     order by r.id offset ${skip} limit ${count}`.execute(server.world.db);
  expect(rows).toHaveLength(count);
  return rows;
}

/** An hour's everyday service on the next workday, ordered by the hotline: the order a complaint is about. */
async function hotlineOrder(recipientId: number): Promise<{ id: string; item: string }> {
  const item = await server.world.db
    .selectFrom('service_items')
    .select(['id', 'name_zh'])
    .where('required_qualification', 'is', null)
    .where('is_urgent', '=', false)
    .where('active', '=', true)
    .where('standard_minutes', '<=', 60)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  let day = addDays(countyToday(), 1);
  while ([0, 6].includes(new Date(`${day}T12:00:00+08:00`).getUTCDay())) day = addDays(day, 1);
  const { placeOrder } = await server.world.ok<{ placeOrder: { id: string } }>(
    `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
    {
      input: {
        recipientId: String(recipientId),
        serviceItemId: String(item.id),
        windowStart: new Date(`${day}T10:00:00+08:00`).toISOString(),
        windowEnd: new Date(`${day}T11:00:00+08:00`).toISOString(),
        callerPhone: '0797-1234567',
      },
    },
    await server.token('hotline'),
  );
  return { id: placeOrder.id, item: item.name_zh };
}

const ticketRow = (complaintId: string) =>
  server.world.db
    .selectFrom('complaints')
    .select(['status', 'upheld', 'findings', 'due_at', 'reopen_count', 'satisfied', 'assigned_organisation_id'])
    .where('id', '=', Number(complaintId))
    .executeTakeFirstOrThrow();

const queueKeys = (page: Page) =>
  page
    .getByTestId('complaint-queue')
    .locator('tbody tr[data-row-key]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-key')));

/**
 * The verify step in the browser: the verdict, the findings, send, confirm. Waits for the
 * outcome the test expects: back at the queue `backTo`, or (null) the refusal said on the form.
 * Whichever comes, a wrong one fails naming what the page showed, not with a bare timeout.
 */
async function verifyInBrowser(page: Page, upheld: boolean, findings: string, backTo: string | null): Promise<void> {
  const form = page.getByTestId('verify-form');
  await form.getByLabel(upheld ? '投诉属实' : '投诉不属实', { exact: true }).check();
  await form.getByLabel('核实结果').fill(findings);
  await form.getByRole('button', { name: '提交核实结果' }).click();
  await settledDialog(page)
    .filter({ has: page.locator('.ant-modal-confirm-body') })
    .getByRole('button', { name: /^提\s?交$/ })
    .click();
  const error = page.getByTestId('verify-error');
  const refused = error.waitFor({ timeout: 20_000 }).then(async () => `refused: ${await error.textContent()}`);
  if (backTo === null) {
    expect(await refused).toMatch(/^refused: /);
    return;
  }
  refused.catch(() => {}); // the page left: the form and its error are gone
  const outcome = await Promise.race([page.waitForURL((url) => url.pathname === backTo, { timeout: 20_000 }).then(() => 'back'), refused]);
  expect(outcome).toBe('back');
}

describe("the dispatcher's complaints to verify", () => {
  it('lists the organisation’s tickets soonest deadline first and verifies one, which leaves the queue', async () => {
    const [first, second] = await townshipRecipients(2, 0);
    const order = await hotlineOrder(first.id);
    const urgent = await recordAndAssign({
      recipientId: first.id,
      orderId: order.id,
      severity: 'URGENT',
      description: '服务人员没有按约定时间上门',
      to: 'organisation',
    });
    const low = await recordAndAssign({
      recipientId: second.id,
      severity: 'LOW',
      category: 'SERVICE_QUALITY',
      description: '打扫得不干净',
      to: 'organisation',
    });

    // the board says how many wait, and leads to them
    const page = await signedInPage(browser, server, 'dispatcher');
    await eventually(() => page.getByTestId('complaint-reminder').textContent()).toContain('有 2 件投诉等待核实');
    await page.getByRole('link', { name: '待核实投诉' }).click();
    await page.waitForURL((url) => url.pathname === '/dispatch/complaints');
    await eventually(() => queueKeys(page)).toEqual([urgent, low]);
    const row = page.locator(`tr[data-row-key="${urgent}"]`);
    const { due_at } = await ticketRow(urgent);
    const text = await row.textContent();
    for (const shown of [formatDateTime(due_at!), '未上门', '紧急', '服务人员没有按约定时间上门', first.name, `#${order.id}`, order.item])
      expect(text).toContain(shown);
    expect(await page.locator(`tr[data-row-key="${low}"]`).textContent()).toContain('未涉及具体订单');
    await expectAccessible(page);
    await screenshot(page, 'dispatch-complaint-queue');

    // the ticket: the findings are asked for before anything is sent
    await row.getByRole('button', { name: `核实 #${urgent}`, exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/dispatch/complaints/${urgent}`);
    await eventually(() => page.getByTestId('ticket-description').textContent()).toBe('服务人员没有按约定时间上门');
    await page.getByTestId('verify-form').getByRole('button', { name: '提交核实结果' }).click();
    await eventually(() => page.getByTestId('verify-form').locator('.ant-form-item-explain-error').allTextContents()).toEqual([
      '请选择投诉是否属实',
      '请填写核实结果',
    ]);
    await expectAccessible(page);
    await screenshot(page, 'dispatch-complaint-ticket');
    await verifyInBrowser(page, false, '查了签到记录和通话记录：服务人员按时到达，是服务对象记错了时间', '/dispatch/complaints');
    await eventually(() => queueKeys(page)).toEqual([low]);
    expect(await ticketRow(urgent)).toMatchObject({
      status: 'verified',
      upheld: false,
      findings: '查了签到记录和通话记录：服务人员按时到达，是服务对象记错了时间',
    });

    // a colleague verifies the other one first: the refusal is said, and nothing changes
    await page.getByRole('button', { name: `核实 #${low}`, exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/dispatch/complaints/${low}`);
    await page.getByTestId('verify-form').waitFor();
    await server.world.ok(
      `mutation ($id: ID!) { verifyComplaint(complaintId: $id, upheld: true, findings: "同事已上门查看") { id } }`,
      { id: low },
      await server.token('dispatcher'),
    );
    await verifyInBrowser(page, false, '我也查过了', null);
    await eventually(() => page.getByTestId('verify-error').textContent()).toBe('这件投诉已经不在待核实状态（可能同事已经核实过了），请返回列表查看');
    expect(await ticketRow(low)).toMatchObject({ status: 'verified', upheld: true, findings: '同事已上门查看' });
    await page.context().close();
  });
});

describe("the township station's complaints", () => {
  it('verifies a ticket assigned to the station, and hears live of one its organisation is late with', async () => {
    const [resident, other] = await townshipRecipients(2, 2);
    const stationTicket = await recordAndAssign({ recipientId: resident.id, category: 'OTHER', description: '申请的助餐服务一直没有安排', to: 'station' });

    const page = await signedInPage(browser, server, 'township');
    await eventually(() => page.getByTestId('complaint-reminder').textContent()).toContain('有 1 件投诉等待核实');
    await page.getByRole('link', { name: '待核实投诉' }).click();
    await page.waitForURL((url) => url.pathname === '/township/complaints');
    await eventually(() => queueKeys(page)).toEqual([stationTicket]);
    await page.getByRole('button', { name: `核实 #${stationTicket}`, exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/township/complaints/${stationTicket}`);
    await verifyInBrowser(page, true, '入户核实属实：已协调服务机构本周内安排助餐', '/township/complaints');
    await eventually(() => page.locator('.ant-empty-description').textContent()).toBe('没有待核实的投诉');
    expect(await ticketRow(stationTicket)).toMatchObject({ status: 'verified', upheld: true, findings: '入户核实属实：已协调服务机构本周内安排助餐' });
    await expectAccessible(page);

    // live: the page's escalation subscription is up (its subscribe message sent) before the
    // organisation misses its deadline, so what appears comes from the event, marked as new
    const subscribed = page
      .waitForEvent('websocket')
      .then((ws) => ws.waitForEvent('framesent', { predicate: (frame) => String(frame.payload).includes('TownshipComplaintEscalated') }));
    await page.reload();
    await subscribed;
    await page.waitForTimeout(300);
    const late = await recordAndAssign({ recipientId: other.id, severity: 'HIGH', description: '上门时间一拖再拖', to: 'organisation' });
    await sql`update complaints set due_at = ${sqlNow()} - interval '1 minute' where id = ${Number(late)}`.execute(server.world.db);
    expect((await escalateOverdue(server.world.db)).map((c) => c.id)).toEqual([Number(late)]);
    await outboxDelivered(server.world.db);
    const escalated = page.locator(`[data-testid="escalated-complaint"][data-complaint-id="${late}"]`);
    await eventually(() => escalated.textContent()).toContain('刚刚升级');
    expect(await page.getByTestId('escalated-complaints').textContent()).toContain('超时升级的投诉（1 件）');
    expect(await escalated.textContent()).toContain('已升级 1 次');
    await screenshot(page, 'township-escalated-complaint');
    await expectAccessible(page);

    // the ticket is the organisation's to verify: the station reads it
    await escalated.getByRole('link').click();
    await page.waitForURL((url) => url.pathname === `/township/complaints/${late}`);
    await eventually(() => page.getByTestId('ticket-description').textContent()).toBe('上门时间一拖再拖');
    expect(await page.getByTestId('verify-form').count()).toBe(0);
    await eventually(() => page.getByRole('alert').filter({ hasText: '本单位只能查看' }).count()).toBe(1);
    await page.context().close();
  });
});

describe("the recipient's complaints", () => {
  it('shows an answered ticket with its answer in plain words and reopens it when they are not satisfied', async () => {
    const { me } = await server.world.ok('{ me { recipient { id } } }', {}, await server.token('recipient'));
    const recipientId = Number(me.recipient.id);
    const answered = await recordAndAssign({ recipientId, category: 'LATENESS', description: '服务人员来晚了一个小时', to: 'organisation' });
    const old = await recordAndAssign({ recipientId, category: 'BILLING', description: '收费和说的不一样', to: 'organisation' });
    for (const [id, answer] of [
      [answered, '机构已提醒服务人员按时上门'],
      [old, '已核对，收费无误'],
    ]) {
      await server.world.ok(
        `mutation ($id: ID!) { verifyComplaint(complaintId: $id, upheld: true, findings: "属实") { id } }`,
        { id },
        await server.token('dispatcher'),
      );
      await server.world.ok(
        `mutation ($id: ID!, $answer: String!) { answerComplaint(complaintId: $id, answer: $answer) { id } }`,
        { id, answer },
        await server.token('hotline'),
      );
    }
    // the other was answered long ago: past the period, it can no longer be reopened
    await sql`update complaints set answered_at = ${sqlNow()} - interval '40 days' where id = ${Number(old)}`.execute(server.world.db);

    const page = await signedInPage(browser, server, 'recipient', { device: 'phone', path: '/m/orders' });
    await page.getByTestId('my-complaints-link').click();
    await page.waitForURL((url) => url.pathname === '/m/complaints');
    const card = page.locator(`[data-testid="my-complaint"][data-complaint-id="${answered}"]`);
    await eventually(() => card.getByTestId('complaint-status').textContent()).toBe('已答复');
    expect(await card.getByTestId('complaint-answer').textContent()).toBe('答复：机构已提醒服务人员按时上门今天答复');
    expect(await card.textContent()).toContain('今天投诉');
    const oldCard = page.locator(`[data-testid="my-complaint"][data-complaint-id="${old}"]`);
    expect(await oldCard.getByTestId('complaint-answer').textContent()).toContain('已核对，收费无误');
    expect(await oldCard.getByTestId('reopen-complaint').count()).toBe(0);
    expect(await page.getByTestId('call-hotline').getAttribute('href')).toMatch(/^tel:\+?\d+$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectAccessible(page);
    await screenshot(page, 'recipient-my-complaints');

    // 不满意: the reason is asked for, then a confirmation, then it is back with the organisation
    await card.getByTestId('reopen-complaint').click();
    await card.getByTestId('send-reopen').click();
    await eventually(() => card.getByRole('alert').textContent()).toBe('请说说哪里不满意');
    await card.getByLabel('哪里不满意？说一两句就行').fill('第二天又来晚了');
    for (const target of [card.getByTestId('send-reopen'), card.getByRole('button', { name: '不用了' }), page.getByTestId('new-complaint')]) {
      expect((await target.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    }
    await expectAccessible(page);
    await card.getByTestId('send-reopen').click();
    const confirm = page.getByTestId('confirm-reopen');
    await expectAccessible(page);
    expect((await confirm.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await screenshot(page, 'recipient-reopen-confirm');
    await confirm.click();
    await eventually(() => card.getByTestId('complaint-status').textContent()).toBe('处理中');
    expect(await card.textContent()).toContain('已重新处理 1 次');
    expect(await card.getByTestId('reopen-complaint').count()).toBe(0);
    expect(await ticketRow(answered)).toMatchObject({
      status: 'assigned',
      reopen_count: 1,
      satisfied: false,
      assigned_organisation_id: Number(organisationId),
    });

    // and it is in the organisation's queue again, to verify once more
    const { complaints } = await server.world.ok(
      '{ complaints(filter: { assignedToMe: true, status: [ASSIGNED] }) { edges { node { id reopenCount } } } }',
      {},
      await server.token('dispatcher'),
    );
    expect(complaints.edges.map((e: { node: unknown }) => e.node)).toContainEqual({ id: answered, reopenCount: 1 });
    await page.context().close();
  });
});
