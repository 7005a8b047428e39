// Keeping the recipient list current, in a real browser against the real server: township
// staff register a candidate in their township (the server's reason for a wrong ID number said
// at the field), verify them, issue and print their service card, record a needs assessment
// and change their phone; a grid worker, on a phone, registers someone found in one of their
// villages and changes a phone, with every control a thumb can hit, and the search box's
// clear button too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { expectAccessible } from './axe.js';
import { chooseOption, eventually, launchBrowser, screenshot, signedInPage } from './browser.js';
import { startWebServer, type WebServer } from './server.js';
import { setClockForTests } from '../../server/platform/clock.js';
import { ORDINARY_MORNING } from '../../server/testing/instants.js';
import { countyToday } from '../../server/platform/county-time.js';
import { decryptIdNumber, digestIdNumber, makeIdNumber } from '../../server/registry/id-number.js';

setClockForTests(ORDINARY_MORNING);

let server: WebServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

let sequence = 500;
/** A valid ID number nobody in the demo county has. */
async function freshIdNumber(male: boolean, birthDate: string): Promise<string> {
  for (;;) {
    sequence += 2;
    const id = makeIdNumber('360825', birthDate, sequence, male);
    const taken = await server.world.db
      .selectFrom('recipients')
      .select('id')
      .where('id_number_digest', '=', digestIdNumber(id, server.world.config.DATA_KEY))
      .executeTakeFirst();
    if (!taken) return id;
  }
}

/** The same number with its check digit changed: a typing mistake only the check digit shows. */
const wrongCheckDigit = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

/** The scope of a demo sign-in: its township, or its villages. */
async function scopeOf(username: string) {
  const user = await server.world.db.selectFrom('users').select(['id', 'role', 'township_id']).where('username', '=', username).executeTakeFirstOrThrow();
  const villages = await server.world.db
    .selectFrom('regions')
    .select(['id', 'name'])
    .where((eb) =>
      user.role === 'grid_worker'
        ? eb('id', 'in', eb.selectFrom('grid_worker_villages').select('village_id').where('user_id', '=', user.id))
        : eb('parent_id', '=', user.township_id),
    )
    .orderBy('id')
    .execute();
  return { userId: user.id, townshipId: user.township_id, villages };
}

/** The options an open antd Select lists for `search` (all, without one; a long list shows its first ten). */
async function listedOptions(page: Page, select: Locator, search?: string): Promise<string[]> {
  await select.click();
  if (search !== undefined) await select.fill(search);
  const list = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
  const empty = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-empty');
  await eventually(async () => (await list.count()) + (await empty.count())).toBeGreaterThan(0);
  const names = await list.allTextContents();
  await page.keyboard.press('Escape');
  return names;
}

/** A village of another township than `townshipId`. */
const villageElsewhere = async (townshipId: number | null) =>
  server.world.db
    .selectFrom('regions')
    .select('name')
    .where('level', '=', 'village')
    .where('parent_id', '!=', townshipId ?? 0)
    .orderBy('id')
    .executeTakeFirstOrThrow();

/** The error antd shows under a form field (its help text), by the field's id. */
const fieldError = (scope: Page | Locator, id: string) => scope.locator(`#${id}_help .ant-form-item-explain-error`);

/** Width and height of an element on screen, in CSS px. */
async function size(locator: Locator): Promise<{ width: number; height: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return { width: Math.round(box.width), height: Math.round(box.height) };
}

describe('township staff', () => {
  let recipientId: number;
  const name = '钟桂兰';

  it('register a candidate in a village of their township, told at the ID number field when its check digit is wrong', async () => {
    const { townshipId, villages } = await scopeOf('township');
    const idNumber = await freshIdNumber(false, '1944-08-19');
    const page = await signedInPage(browser, server, 'township');
    await page.getByRole('button', { name: '登记新对象' }).click();
    const dialog = page.getByRole('dialog');
    await eventually(() => dialog.getByTestId('register-recipient-form').count()).toBe(1);
    // their township only: no township to choose, the villages of theirs
    expect(await dialog.getByLabel('乡镇', { exact: true }).count()).toBe(0);
    const village = dialog.getByLabel('村', { exact: true });
    const ours = villages.map((v) => v.name);
    expect(ours).toEqual(expect.arrayContaining(await listedOptions(page, village)));
    expect(await listedOptions(page, village, villages[11 % villages.length].name)).toEqual([villages[11 % villages.length].name]);
    expect(await listedOptions(page, village, (await villageElsewhere(townshipId)).name)).toEqual([]);

    await dialog.getByLabel('姓名', { exact: true }).fill(name);
    await dialog.getByLabel('身份证号', { exact: true }).fill(wrongCheckDigit(idNumber));
    await chooseOption(page, dialog.getByLabel('救助类别'), '特困人员');
    await chooseOption(page, dialog.getByLabel('村', { exact: true }), villages[1].name);
    await dialog.getByLabel('户号', { exact: true }).fill('HH-E2E-REG-1');
    await dialog.getByLabel('电话', { exact: true }).fill('13907961234');
    await dialog.getByLabel('住址', { exact: true }).fill(`${villages[1].name}12号`);
    await dialog.getByLabel('登记依据').fill('网格员上门排查发现');
    await dialog.getByTestId('register-submit').click();
    // the server's reason, in plain Chinese, under the field at fault
    await eventually(() => fieldError(dialog, 'idNumber').textContent()).toBe('身份证号有一位不对（最后一位校验码对不上），请对照身份证逐位核对');
    expect(await server.world.db.selectFrom('households').select('id').where('household_number', '=', 'HH-E2E-REG-1').execute()).toEqual([]);
    await screenshot(page, 'township-register-refused');
    await expectAccessible(page);

    await dialog.getByLabel('身份证号', { exact: true }).fill(idNumber);
    await eventually(() => fieldError(dialog, 'idNumber').count()).toBe(0);
    await dialog.getByTestId('register-submit').click();
    await page.waitForURL(/\/township\/recipients\/\d+$/);
    recipientId = Number(new URL(page.url()).pathname.split('/').pop());
    await eventually(() => page.getByRole('heading', { level: 2, name }).count()).toBe(1);
    await eventually(() => page.getByTestId('recipient-status').textContent()).toBe('待核实');

    const row = await server.world.db.selectFrom('recipients').selectAll().where('id', '=', recipientId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      name,
      township_id: townshipId,
      village_id: Number(villages[1].id),
      status: 'candidate',
      phone: '13907961234',
      gender: 'female',
    });
    expect(decryptIdNumber(row.id_number_ciphertext, server.world.config.DATA_KEY)).toBe(idNumber);
    const change = await server.world.db.selectFrom('recipient_status_changes').selectAll().where('recipient_id', '=', recipientId).executeTakeFirstOrThrow();
    expect(change).toMatchObject({ to_status: 'candidate', reason: '网格员上门排查发现', actor_id: (await scopeOf('township')).userId });
    await page.context().close();
  }, 90_000);

  it('verify the candidate, issue a service card and print it: name, card number, confirmation code and hotline, on one page', async () => {
    const page = await signedInPage(browser, server, 'township', { path: `/township/recipients/${recipientId}` });
    await eventually(() => page.getByTestId('recipient-status').textContent()).toBe('待核实');
    expect(await page.getByText('核实通过后才能发服务卡').count()).toBe(1);
    await page.getByRole('button', { name: '核实通过' }).click();
    await page.getByRole('dialog').getByLabel('原因', { exact: true }).fill('入户核实：独居，半失能');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^确\s?认$/ })
      .click();
    await eventually(() => page.getByTestId('recipient-status').textContent()).toBe('已核实');

    await page.getByTestId('issue-card').click();
    await eventually(() => page.getByTestId('card-number').textContent()).toMatch(/^XJFW\d{5}$/);
    const number = (await page.getByTestId('card-number').textContent())!;
    const { recipient } = await server.world.ok(
      'query($id: ID!) { recipient(id: $id) { serviceCardNumber serviceCardCode } }',
      { id: String(recipientId) },
      await server.token('township'),
    );
    expect(recipient.serviceCardNumber).toBe(number);
    await screenshot(page, 'township-recipient-card');
    // off the button just clicked: its hover colour is the theme's (issue 14, item 7), not this page's
    await page.mouse.move(0, 0);
    await expectAccessible(page);

    await page.getByTestId('print-card-link').click();
    await page.waitForURL(new RegExp(`/township/recipients/${recipientId}/card$`));
    const card = page.getByTestId('service-card');
    await eventually(() => card.getByTestId('printed-card-number').textContent()).toBe(number);
    expect(await card.textContent()).toContain(name);
    expect(await card.getByTestId('printed-card-code').textContent()).toBe(recipient.serviceCardCode);
    expect(recipient.serviceCardCode).toMatch(/^\d{6}$/);
    expect(await card.getByTestId('printed-hotline').textContent()).toBe(process.env.VITE_HOTLINE_PHONE?.trim() || '12345');
    await expectAccessible(page);
    await screenshot(page, 'township-service-card');

    // the button prints (window.print, caught here: headless Chromium has no print dialog)
    await page.evaluate(() => {
      const w = window as unknown as { printed: number };
      w.printed = 0;
      window.print = () => {
        w.printed++;
      };
    });
    await page.getByTestId('print-card').click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

    // printed: the card alone, without the console around it, on one sheet
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation').first().isVisible()).toBe(false);
    expect(await page.getByTestId('print-card').isVisible()).toBe(false);
    const printed = page.getByTestId('service-card-printed');
    expect(await printed.isVisible()).toBe(true);
    expect(await printed.getByTestId('printed-card-number').textContent()).toBe(number);
    const { width, height } = await size(printed.locator('.service-card'));
    // 85.6 × 54 mm at 96 px to the inch: a bank card's size
    expect([width, height]).toEqual([324, 204]);
    await screenshot(page, 'township-service-card-print');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    await page.emulateMedia({ media: 'screen' });
    await page.context().close();
  }, 90_000);

  it('record a needs assessment (救助会诊) with its needs list, shown on the recipient’s page', async () => {
    const page = await signedInPage(browser, server, 'township', { path: `/township/recipients/${recipientId}` });
    await eventually(() => page.getByTestId('latest-assessment').textContent()).toContain('还没有需求评估');
    await page.getByTestId('record-assessment').click();
    const dialog = page.getByRole('dialog');
    await eventually(() => dialog.getByTestId('assessment-form').count()).toBe(1);
    expect(await dialog.getByLabel('参加人员', { exact: true }).inputValue()).toBe('乡镇民政服务站、网格员、家属');
    await dialog.getByLabel('情况说明', { exact: true }).fill('独居，腿脚不便，儿子在外地打工');
    await chooseOption(page, dialog.getByLabel('第 1 项', { exact: true }), '助浴（按次）', '助浴');
    await dialog.getByLabel('每月次数', { exact: true }).first().fill('4');
    await dialog.getByLabel('备注', { exact: true }).first().fill('冬季加一次');
    await dialog.getByTestId('add-need').click();
    // the same service twice is said at the line, before anything is sent
    await chooseOption(page, dialog.getByLabel('第 2 项', { exact: true }), '助浴（按次）', '助浴');
    await dialog.getByLabel('每月次数', { exact: true }).nth(1).fill('2');
    await page.getByRole('button', { name: '保存评估' }).click();
    await eventually(() => fieldError(dialog, 'needs_1_serviceItemId').textContent()).toBe('同一个服务项目只能填一次，请把次数合在一起');
    await chooseOption(page, dialog.getByLabel('第 2 项', { exact: true }), '代购生活用品（按次）', '代购');
    await eventually(() => fieldError(dialog, 'needs_1_serviceItemId').count()).toBe(0);
    await dialog.getByLabel('每月次数', { exact: true }).nth(1).fill('70');
    await eventually(() => fieldError(dialog, 'needs_1_timesPerMonth').textContent()).toBe('每月次数是 1 到 62 之间的整数');
    await dialog.getByLabel('每月次数', { exact: true }).nth(1).fill('8');
    await expectAccessible(page);
    await screenshot(page, 'township-needs-assessment');
    await page.getByRole('button', { name: '保存评估' }).click();

    await eventually(() => page.getByTestId('assessed-need').count()).toBe(2);
    expect(await page.getByTestId('latest-assessment').textContent()).toContain('独居，腿脚不便');
    const assessment = await server.world.db.selectFrom('needs_assessments').selectAll().where('recipient_id', '=', recipientId).executeTakeFirstOrThrow();
    expect(assessment).toMatchObject({ assessed_on: countyToday(), summary: '独居，腿脚不便，儿子在外地打工', participants: '乡镇民政服务站、网格员、家属' });
    const needs = await server.world.db
      .selectFrom('assessed_needs as n')
      .innerJoin('service_items as i', 'i.id', 'n.service_item_id')
      .select(['i.name_zh', 'n.times_per_month', 'n.note'])
      .where('n.assessment_id', '=', assessment.id)
      .orderBy('n.times_per_month')
      .execute();
    expect(needs.map((n) => [n.name_zh.slice(0, 2), n.times_per_month, n.note])).toEqual([
      ['助浴', 4, '冬季加一次'],
      ['代购', 8, ''],
    ]);
    await screenshot(page, 'township-assessed');

    // the next assessment starts from this list
    await page.getByTestId('record-assessment').click();
    await eventually(() => page.getByRole('dialog').getByTestId('need-line').count()).toBe(2);
    await page.getByRole('button', { name: /^取\s?消$/ }).click();
    await page.context().close();
  }, 90_000);

  it('change the phone, told at the field when the server refuses it', async () => {
    const page = await signedInPage(browser, server, 'township', { path: `/township/recipients/${recipientId}` });
    await page.getByTestId('update-contact').click();
    const dialog = page.getByRole('dialog');
    await eventually(() => dialog.getByLabel('电话', { exact: true }).inputValue()).toBe('13907961234');
    await dialog.getByLabel('电话', { exact: true }).fill('139-6');
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await eventually(() => fieldError(dialog, 'phone').textContent()).toBe('电话号码不对：手机号如 13900000000，座机如 0796-3612345');
    await dialog.getByLabel('电话', { exact: true }).fill('0796-3612345');
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await eventually(() => page.getByRole('dialog').count()).toBe(0);
    expect((await server.world.db.selectFrom('recipients').select('phone').where('id', '=', recipientId).executeTakeFirstOrThrow()).phone).toBe('0796-3612345');
    await eventually(() => page.getByText('0796-3612345').count()).toBeGreaterThan(0);
    await page.context().close();
  }, 60_000);
});

describe('a grid worker, on a phone', () => {
  it('has a search box whose clear and search buttons a thumb can hit (44 px or more)', async () => {
    const page = await signedInPage(browser, server, 'grid', { device: 'phone' });
    const search = page.getByTestId('recipient-search');
    await search.locator('input').fill('张');
    const clear = page.getByRole('button', { name: '清除搜索' });
    await eventually(() => clear.isVisible()).toBe(true);
    for (const target of [search.locator('input'), clear, page.getByRole('button', { name: /^搜\s?索$/ }), page.getByTestId('grid-register')]) {
      const { width, height } = await size(target);
      expect(Math.min(width, height), await target.evaluate((e) => e.outerHTML.slice(0, 80))).toBeGreaterThanOrEqual(44);
    }
    await screenshot(page, 'grid-search');
    await clear.click();
    expect(await search.locator('input').inputValue()).toBe('');
    await page.context().close();
  });

  it('registers someone found in one of their villages, then changes their phone', async () => {
    const { userId, villages } = await scopeOf('grid');
    const idNumber = await freshIdNumber(true, '1939-11-02');
    const page = await signedInPage(browser, server, 'grid', { device: 'phone' });
    await page.getByTestId('grid-register').click();
    await page.waitForURL((url) => url.pathname === '/grid/register');
    const form = page.getByTestId('register-recipient-form');
    await eventually(() => form.count()).toBe(1);
    // their villages only
    expect((await listedOptions(page, form.getByLabel('村', { exact: true }))).sort()).toEqual(villages.map((v) => v.name).sort());
    const { townshipId } = await scopeOf('township');
    const others = await server.world.db
      .selectFrom('regions')
      .select('name')
      .where('parent_id', '=', townshipId)
      .where(
        'id',
        'not in',
        villages.map((v) => Number(v.id)),
      )
      .executeTakeFirstOrThrow();
    expect(await listedOptions(page, form.getByLabel('村', { exact: true }), others.name)).toEqual([]);

    await form.getByLabel('姓名', { exact: true }).fill('彭冬生');
    await form.getByLabel('身份证号', { exact: true }).fill(idNumber);
    await chooseOption(page, form.getByLabel('救助类别'), '低保');
    await chooseOption(page, form.getByLabel('失能等级'), '无');
    await chooseOption(page, form.getByLabel('村', { exact: true }), villages[0].name);
    await form.getByLabel('户号', { exact: true }).fill('HH-E2E-GRID-1');
    await form.getByLabel('住址', { exact: true }).fill(`${villages[0].name}3号`);
    // a dibao member without disability is not eligible: the server's rule, said at the field
    await page.getByTestId('register-submit').click();
    await eventually(() => fieldError(form, 'disabilityLevel').textContent()).toBe(
      '低保、低保边缘、刚性支出困难和防止返贫监测家庭中，只有失能或半失能的成员才能登记',
    );
    await chooseOption(page, form.getByLabel('失能等级'), '失能');
    await eventually(() => fieldError(form, 'disabilityLevel').count()).toBe(0);

    // every control of the form and its buttons: at least 44 px high
    for (const control of await form.locator('input:visible:not(.ant-select-input), .ant-select:visible, button:visible').all()) {
      expect((await size(control)).height, await control.evaluate((e) => e.outerHTML.slice(0, 80))).toBeGreaterThanOrEqual(44);
    }
    await expectAccessible(page);
    await screenshot(page, 'grid-register');
    await page.getByTestId('register-submit').click();
    await page.waitForURL(/\/grid\/recipients\/\d+$/);
    const recipientId = Number(new URL(page.url()).pathname.split('/').pop());
    await eventually(() => page.getByRole('heading', { level: 2, name: '彭冬生' }).count()).toBe(1);
    await eventually(() => page.getByText('已登记彭冬生，等乡镇服务站核实').count()).toBe(1);
    const row = await server.world.db.selectFrom('recipients').selectAll().where('id', '=', recipientId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      village_id: Number(villages[0].id),
      status: 'candidate',
      eligibility_category: 'dibao',
      disability_level: 'disabled',
      phone: null,
    });
    const change = await server.world.db.selectFrom('recipient_status_changes').selectAll().where('recipient_id', '=', recipientId).executeTakeFirstOrThrow();
    expect(change).toMatchObject({ actor_id: userId, reason: '登记' });
    await screenshot(page, 'grid-registered');

    await expect.poll(() => page.getByTestId('recipient-phone').textContent()).toBe('没有电话');
    await page.getByTestId('update-contact').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('电话', { exact: true }).fill('13807962345');
    for (const control of [
      dialog.getByLabel('电话', { exact: true }),
      dialog.getByRole('button', { name: /^保\s?存$/ }),
      dialog.getByRole('button', { name: /^取\s?消$/ }),
    ]) {
      // eventually: the dialog zooms in as it opens
      await eventually(async () => (await size(control)).height).toBeGreaterThanOrEqual(44);
    }
    await expectAccessible(page);
    await screenshot(page, 'grid-contact');
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await eventually(() => page.getByTestId('recipient-phone').textContent()).toBe('13807962345');
    expect((await server.world.db.selectFrom('recipients').select('phone').where('id', '=', recipientId).executeTakeFirstOrThrow()).phone).toBe('13807962345');
    await page.context().close();
  }, 90_000);
});
