// The county admin's audit trail page (数据修改记录) in a real browser against the real server on
// the demo county: the admin changes a recipient's phone on the recipient's page, then finds
// that change in the trail by the recipient, opens it and sees who made it, from where, through
// which operation, and the phone before and after masked as the server masks it (***, never
// the number); the trail pages newest first and narrows to one record and to days; a record
// number without its kind is refused by the server, and the reason is said at the kind; and it
// reads in English. Then the messages page: what went to whom, and what became of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { pino } from 'pino';
import { expectAccessible } from './axe.js';
import { chooseOption, eventually, launchBrowser, screenshot, signedInPage } from './browser.js';
import { startWebServer, type WebServer } from './server.js';
import { setClockForTests } from '../../server/platform/clock.js';
import { ORDINARY_MORNING } from '../../server/testing/instants.js';
import { queueMessages } from '../../server/messages/queue-messages.js';
import { sendMessage } from '../../server/messages/send-message.js';
import { logSender } from '../../server/messages/senders.js';

// the trail's time is the project's clock: the page's days are the ones set here
setClockForTests(ORDINARY_MORNING);

let server: WebServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const NEW_PHONE = '13900005678';
// the trail's own rows, not those of a change opened under one
const rows = (page: Page) => page.locator('tr.audit-entry');
const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const fieldError = (page: Page, label: string) =>
  page
    .locator('.ant-form-item')
    .filter({ has: field(page, label) })
    .locator('.ant-form-item-explain-error');

async function auditPage(page: Page): Promise<void> {
  await page.getByRole('link', { name: '修改记录' }).click();
  await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('数据修改记录');
  await eventually(() => rows(page).count()).toBe(20);
}

/** Applies the filter as the form says it now, and waits for the table to be read again. */
async function search(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^查\s?询$/ }).click();
  await page.waitForLoadState('networkidle');
}

describe('the audit trail page', () => {
  it("finds an admin's change of a recipient's phone by the recipient, with the phone masked before and after", async () => {
    const recipient = await server.world.db
      .selectFrom('recipients')
      .select(['id', 'name', 'phone', 'id_number_masked'])
      .where('phone', 'is not', null)
      .where('status', '=', 'active')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const page = await signedInPage(browser, server, 'admin', { path: `/admin-console/recipients/${recipient.id}` });
    await page.getByTestId('update-contact').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('电话', { exact: true }).fill(NEW_PHONE);
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await eventually(() => page.locator('.ant-message').textContent()).toContain('已更新');

    await auditPage(page);
    await screenshot(page, 'admin-audit');
    await expectAccessible(page);

    await chooseOption(page, field(page, '关于哪位服务对象'), recipient.id_number_masked, recipient.name);
    await search(page);
    const change = rows(page).filter({ hasText: '修改联系方式' });
    await eventually(() => change.count()).toBe(1);
    // the newest first, by the admin, from the browser's address, to this recipient's record, its phone
    expect(await rows(page).first().textContent()).toContain('修改联系方式');
    const text = await change.textContent();
    for (const words of ['县民政局管理员', '县民政管理员', '127.0.0.1', '修改', `服务对象 · 编号 ${recipient.id}`, '电话']) expect(text).toContain(words);
    // all the trail has about this recipient, and nothing else
    const about = await server.world.db
      .selectFrom('audit_trail')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('recipient_id', '=', recipient.id)
      .executeTakeFirstOrThrow();
    await eventually(() => page.getByText(/^共 \d+ 条$/).textContent()).toBe(`共 ${about.n} 条`);

    await change.getByRole('button', { name: '展开行' }).click();
    const opened = page.getByTestId('audit-changes');
    await eventually(() => opened.locator('tr.ant-table-row').allInnerTexts()).toEqual([expect.stringMatching(/^电话\s+\*\*\*\s+\*\*\*$/)]);
    expect(await opened.textContent()).toContain('*** 是个人信息，不显示');
    // the server's own entry says the same: both numbers masked, never in the trail
    const entry = await server.world.db
      .selectFrom('audit_trail')
      .select(['changes', 'operation', 'address'])
      .where('table_name', '=', 'recipients')
      .where('record_id', '=', String(recipient.id))
      .where('operation', '=', 'updateRecipientContact')
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ changes: { phone: ['***', '***'] }, operation: 'updateRecipientContact', address: '127.0.0.1' });
    const shown = (await page.locator('main').textContent()) ?? '';
    for (const secret of [NEW_PHONE, recipient.phone!]) expect(shown).not.toContain(secret);
    await screenshot(page, 'admin-audit-change');
    await expectAccessible(page);

    // one record's changes: this recipient's registry record alone
    await opened.getByRole('button', { name: '只看这条记录的修改' }).click();
    await page.waitForLoadState('networkidle');
    await eventually(async () => (await rows(page).allTextContents()).every((r) => r.includes(`服务对象 · 编号 ${recipient.id}`))).toBe(true);
    expect(await field(page, '记录编号').inputValue()).toBe(String(recipient.id));
    await page.context().close();
  });

  it('pages the trail newest first, and narrows it to days', async () => {
    const page = await signedInPage(browser, server, 'admin', { path: '/admin-console' });
    await auditPage(page);
    const total = Number((await page.getByText(/^共 \d+ 条$/).textContent())?.match(/\d+/)?.[0]);
    expect(total).toBeGreaterThan(40);
    const first = await rows(page).allTextContents();
    await page.getByRole('button', { name: '下一页' }).click();
    await eventually(() => page.getByText('第 2 页').count()).toBe(1);
    await eventually(async () => (await rows(page).allTextContents())[0] !== first[0]).toBe(true);
    expect((await rows(page).allTextContents()).filter((r) => first.includes(r))).toEqual([]);
    await page.getByRole('button', { name: '上一页' }).click();
    await eventually(() => rows(page).allTextContents()).toEqual(first);

    // the days before the clock's (the reference data, loaded when the database was made), then the clock's own day
    const counted = async () => Number((await page.getByText(/^共 \d+ 条$/).textContent())?.match(/\d+/)?.[0]);
    const days = async () => new Set((await page.locator('tr.audit-entry td:nth-child(2)').allTextContents()).map((v) => v.slice(0, 10)));
    await field(page, '到哪天止').fill('2027-05-11');
    await field(page, '到哪天止').press('Enter');
    await search(page);
    await eventually(counted).toBeLessThan(total);
    expect([...(await days())].filter((d) => d >= '2027-05-12')).toEqual([]);
    const before = await counted();
    await page.getByRole('button', { name: '清空条件' }).click();
    await eventually(counted).toBe(total);
    await field(page, '从哪天起').fill('2027-05-12');
    await field(page, '从哪天起').press('Enter');
    await field(page, '到哪天止').fill('2027-05-12');
    await field(page, '到哪天止').press('Enter');
    await search(page);
    await eventually(counted).toBe(total - before);
    expect([...(await days())]).toEqual(['2027-05-12']);
    await page.context().close();
  });

  it("says at the record's kind that a record number needs it, as the server refuses", async () => {
    const page = await signedInPage(browser, server, 'admin', { path: '/admin-console' });
    await auditPage(page);
    await field(page, '记录编号').fill('1');
    await search(page);
    await eventually(() => fieldError(page, '记录类别').textContent()).toBe('请填写记录类别');
    expect(await page.getByRole('alert').filter({ hasText: '填写的内容有误' }).count()).toBe(0);
    await screenshot(page, 'admin-audit-refused');
    await expectAccessible(page);

    await chooseOption(page, field(page, '记录类别'), '账号', '账号');
    await search(page);
    await eventually(() => fieldError(page, '记录类别').count()).toBe(0);
    await eventually(async () => (await rows(page).allTextContents()).every((r) => r.includes('账号 · 编号 1'))).toBe(true);
    expect(await rows(page).count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('reads in English too', async () => {
    const page = await signedInPage(browser, server, 'admin', { path: '/admin-console/audit', language: 'en' });
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('Audit trail');
    await eventually(() => rows(page).filter({ hasText: 'Change contact details' }).count()).toBe(1);
    expect(await rows(page).filter({ hasText: 'Change contact details' }).textContent()).toContain('Recipient · number');
    await page.context().close();
  });
});

describe('the messages page', () => {
  it('lists the messages to people newest first, with how each went, and narrows them to a status', async () => {
    const db = server.world.db;
    const recipient = await db.selectFrom('recipients').select(['id', 'name']).where('status', '=', 'active').orderBy('id').executeTakeFirstOrThrow();
    await db
      .insertInto('message_preferences')
      .values({ recipient_id: recipient.id, channel: 'sms', opted_out: false })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const [sent, withheld] = await db.transaction().execute((trx) =>
      queueMessages(trx, [
        { event: 'order_taken', to: { recipientId: recipient.id }, about: 'e2e-1', params: { item: '助浴', carer: '徐月娥', time: '5月13日 周四 上午' } },
        { event: 'visit_rebooked', to: { recipientId: recipient.id }, about: 'e2e-2', params: { time: '5月14日 周五 上午' } },
      ]),
    );
    // one handed over (to the log sender: no provider here), one the person did not want
    expect(await sendMessage(db, logSender(pino({ level: 'silent' })), sent)).toBe('sent');
    await db.updateTable('message_preferences').set({ opted_out: true }).where('recipient_id', '=', recipient.id).execute();
    expect(await sendMessage(db, logSender(pino({ level: 'silent' })), withheld)).toBe('suppressed');

    const page = await signedInPage(browser, server, 'admin', { path: '/admin-console', language: 'zh-CN' });
    await page.getByRole('link', { name: '消息记录' }).click();
    const messageRows = page.locator('tr.message-row');
    await eventually(() => messageRows.count()).toBeGreaterThanOrEqual(2);
    // newest first: the rebooking, withheld because the person wants none, then the order taken, recorded only
    await expect.poll(() => messageRows.nth(0).textContent()).toContain('上次没能上门，很抱歉。新的时间是5月14日 周五 上午。');
    expect(await messageRows.nth(0).textContent()).toContain('未发送本人不接收消息');
    expect(await messageRows.nth(1).textContent()).toContain(`${recipient.name}您预约的助浴已有人接单：服务人员徐月娥，5月13日 周四 上午上门。`);
    expect(await messageRows.nth(1).textContent()).toContain('仅记录（未配置服务商）已发出');
    await expectAccessible(page);
    await screenshot(page, 'admin-messages');

    await chooseOption(page, page.getByLabel('状态', { exact: true }), '未发送');
    await eventually(async () => (await messageRows.allTextContents()).every((text) => text.includes('未发送'))).toBe(true);
    expect(await messageRows.count()).toBe(1);
    await page.context().close();
  });
});
