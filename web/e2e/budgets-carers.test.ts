// Programme years and carers in a real browser against the real server on the demo county.
// Finance reads every budget account of the year, by township, a page at a time, in yuan; the
// county admin opens the next year, refused first for a year already open with the server's
// reason at the field. The organisation's dispatcher registers a carer with a week of hours,
// adds a certificate (refused the second time, at the field), copies a day on the week grid,
// pairs the carer with a recipient and unpairs them, and turns the carer off and on; the county
// admin reaches the same pages for any organisation from the organisations page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './axe.js';
import { chooseOption, eventually, launchBrowser, screenshot, signedInPage } from './browser.js';
import { startWebServer, type WebServer } from './server.js';
import { DEMO_ORGANISATION, DEMO_TOWNSHIP } from '../../server/seed/demo.js';
import { formatYuan } from '../src/app/format.js';
import { setClockForTests } from '../../server/platform/clock.js';
import { countyYear } from '../../server/platform/county-time.js';
import { ORDINARY_MORNING } from '../../server/testing/instants.js';

// an ordinary weekday in a programme year the demo county opened, within its contract
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

const toast = (page: Page) => page.locator('.ant-message').textContent();
const rows = (page: Page) => page.locator('tr.ant-table-row');
const noDialog = (page: Page) => eventually(() => page.getByRole('dialog').count()).toBe(0);

describe('programme years and budget accounts', () => {
  const year = countyYear();

  it('shows finance every account of the year, by township, a page at a time, in yuan', async () => {
    const db = server.world.db;
    const count = async (township?: string) => {
      let q = db
        .selectFrom('budget_accounts as a')
        .innerJoin('recipients as r', 'r.id', 'a.recipient_id')
        .innerJoin('regions as t', 't.id', 'r.township_id')
        .where('a.year', '=', year);
      if (township) q = q.where('t.name', '=', township);
      return Number((await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    };
    // one account with money held and spent, to read its figures in the table
    const account = await db
      .selectFrom('budget_accounts as a')
      .innerJoin('recipients as r', 'r.id', 'a.recipient_id')
      .innerJoin('regions as t', 't.id', 'r.township_id')
      .select(['a.id', 'r.name', 'a.allocated_fen'])
      .where('a.year', '=', year)
      .where('t.name', '=', DEMO_TOWNSHIP)
      .orderBy('a.id', 'desc')
      .executeTakeFirstOrThrow();
    await db.updateTable('budget_accounts').set({ held_fen: 12_000, spent_fen: 34_550 }).where('id', '=', account.id).execute();

    const page = await signedInPage(browser, server, 'finance');
    await page.getByRole('link', { name: '年度预算' }).click();
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('年度预算与服务额度');
    const yearRow = rows(page).filter({ hasText: `${year} 年` });
    await eventually(() => yearRow.textContent()).toContain(formatYuan(200_000));
    expect(await yearRow.textContent()).toContain(formatYuan(40_000_000));
    // reading is finance's; opening a year is the county admin's
    expect(await page.getByRole('button', { name: '开启新年度' }).count()).toBe(0);
    const all = await count();
    await eventually(() => page.getByText(`共 ${all} 个账户`).count()).toBe(1);
    const accounts = page
      .locator('.ant-card')
      .filter({ hasText: `${year} 年度的服务额度账户` })
      .locator('tr.ant-table-row');
    expect(await accounts.count()).toBe(50);

    await chooseOption(page, page.getByLabel('乡镇', { exact: true }), DEMO_TOWNSHIP, DEMO_TOWNSHIP);
    const inTownship = await count(DEMO_TOWNSHIP);
    await eventually(() => page.getByText(`共 ${inTownship} 个账户`).count()).toBe(1);
    const shown = accounts.filter({ hasText: account.name }).first();
    await eventually(() => shown.textContent()).toContain(formatYuan(34_550));
    const cells = await shown.locator('td').allTextContents();
    expect(cells.slice(3, 7)).toEqual([
      formatYuan(account.allocated_fen),
      formatYuan(12_000),
      formatYuan(34_550),
      formatYuan(account.allocated_fen - 12_000 - 34_550),
    ]);
    await expectAccessible(page);
    await screenshot(page, 'finance-budget-accounts');

    if (inTownship > 50) {
      const first = await accounts.first().textContent();
      await page.getByRole('button', { name: '下一页' }).click();
      await eventually(() => page.getByText('第 2 页').count()).toBe(1);
      await eventually(() => accounts.first().textContent()).not.toBe(first);
    }
    await page.context().close();
  });

  it('lets the county admin open the next year, saying why a year already open is refused', async () => {
    const page = await signedInPage(browser, server, 'admin', { path: '/admin-console/budgets' });
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('年度预算与服务额度');
    await page.getByRole('button', { name: '开启新年度' }).click();
    const dialog = page.getByRole('dialog');
    const yearField = dialog.getByLabel('年度', { exact: true });
    await eventually(() => yearField.inputValue()).toBe(String(year + 1));
    expect(await dialog.getByLabel('每人年度额度（元）').inputValue()).toBe('2,000.00');
    await yearField.fill(String(year));
    await dialog.getByRole('button', { name: '确认开启' }).click();
    await eventually(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual([`${year} 年度已经开启过了，不能重复开启`]);
    // off the button it clicked: its hover colour is not what is measured here
    await page.mouse.move(0, 0);
    await expectAccessible(page);
    await screenshot(page, 'admin-open-year-refused');

    await yearField.fill(String(year + 1));
    await dialog.getByLabel('每人年度额度（元）').fill('2500');
    await dialog.getByRole('button', { name: '确认开启' }).click();
    const { n } = await server.world.db
      .selectFrom('recipients')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    await eventually(() => toast(page)).toContain(`${year + 1} 年度已开启，开了 ${n} 个账户`);
    const opened = await server.world.db
      .selectFrom('programme_years')
      .selectAll()
      .where('year', '=', year + 1)
      .executeTakeFirstOrThrow();
    expect(opened).toMatchObject({ allocation_per_recipient_fen: 250_000, county_fund_fen: 40_000_000 });
    // the new year's accounts are shown
    await eventually(() => page.getByText(`${year + 1} 年度的服务额度账户`).count()).toBe(1);
    await eventually(() =>
      rows(page)
        .filter({ hasText: formatYuan(250_000) })
        .count(),
    ).toBeGreaterThan(1);
    await page.context().close();
  });
});

describe('carers', () => {
  const carerName = '李春花';

  const carerRow = () => server.world.db.selectFrom('carers').selectAll().where('name', '=', carerName).executeTakeFirstOrThrow();
  const hoursOf = async (carerId: number) =>
    (
      await server.world.db
        .selectFrom('carer_working_hours')
        .select(['weekday', 'starts_at', 'ends_at'])
        .where('carer_id', '=', carerId)
        .orderBy('weekday')
        .orderBy('starts_at')
        .execute()
    ).map((h) => `${h.weekday} ${h.starts_at.slice(0, 5)}-${h.ends_at.slice(0, 5)}`);

  it('lets the dispatcher register a carer with their week, add a certificate and change the hours', { timeout: 120_000 }, async () => {
    const page = await signedInPage(browser, server, 'dispatcher', { path: '/dispatch/carers' });
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('服务人员及工作量');
    await page.getByRole('button', { name: '登记服务人员' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('姓名', { exact: true }).fill(carerName);
    await dialog.getByLabel('手机号码').fill('13700003333');
    await chooseOption(page, dialog.getByLabel('本人的困难类别'), '低保边缘');
    await chooseOption(page, dialog.getByLabel('居住乡镇'), DEMO_TOWNSHIP, DEMO_TOWNSHIP);
    const village = await server.world.db
      .selectFrom('regions as v')
      .innerJoin('regions as t', 't.id', 'v.parent_id')
      .select(['v.id', 'v.name'])
      .where('t.name', '=', DEMO_TOWNSHIP)
      .orderBy('v.sort_order')
      .executeTakeFirstOrThrow();
    await chooseOption(page, dialog.getByLabel('居住村'), village.name, village.name);
    // Monday to Friday eight to five to start with; Saturday morning 09:00–10:00 added on the grid
    expect(await dialog.getByTestId('hours-1').textContent()).toBe('08:00–17:00');
    expect(await dialog.getByTestId('hours-6').textContent()).toBe('休息');
    await dialog.getByRole('button', { name: '周六 09:00–09:30' }).click();
    await dialog.getByRole('button', { name: '周六 09:30–10:00' }).click();
    await eventually(() => dialog.getByTestId('hours-6').textContent()).toBe('09:00–10:00');
    await expectAccessible(page);
    await screenshot(page, 'dispatch-register-carer');
    await dialog.getByRole('button', { name: /^登\s?记$/ }).click();

    await page.waitForURL(/\/dispatch\/carers\/\d+$/);
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe(carerName);
    const carer = await carerRow();
    expect(carer).toMatchObject({
      kind: 'assisted_employment',
      hardship_category: 'dibao_edge',
      phone: '13700003333',
      home_village_id: village.id,
      active: true,
    });
    expect(await hoursOf(carer.id)).toEqual([1, 2, 3, 4, 5].map((d) => `${d} 08:00-17:00`).concat('6 09:00-10:00'));
    await noDialog(page);

    // a certificate, refused the second time at its number
    for (const attempt of [1, 2]) {
      await page.getByRole('button', { name: '添加证书' }).click();
      const add = page.getByRole('dialog');
      await chooseOption(page, add.getByLabel('资质', { exact: true }), '护理');
      await add.getByLabel('证书编号').fill('HS2024000123');
      await add.getByLabel('发证日期').fill('2024-03-01');
      await add.getByLabel('发证日期').press('Enter');
      await add.getByLabel('有效期至').fill('2029-02-28');
      await add.getByLabel('有效期至').press('Enter');
      await add.getByRole('button', { name: /^添\s?加$/ }).click();
      if (attempt === 1) {
        await eventually(() => toast(page)).toContain('已为 李春花 添加证书 HS2024000123');
        await noDialog(page);
      } else {
        await eventually(() => add.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['这位服务人员已经登记过这本证书']);
        await add.getByRole('button', { name: /^取\s?消$/ }).click();
        await noDialog(page);
      }
    }
    const certificate = page.locator('.ant-card').filter({ hasText: '资质证书' }).locator('tr.ant-table-row');
    await eventually(() => certificate.textContent()).toContain('HS2024000123');
    expect(await certificate.textContent()).toContain('有效');

    // Sunday the same as Saturday, on the week grid
    await page.getByRole('button', { name: '修改上班时间' }).click();
    await page.getByRole('button', { name: '周日与周六相同' }).click();
    await eventually(() => page.getByTestId('hours-7').textContent()).toBe('09:00–10:00');
    await page.getByRole('button', { name: '保存上班时间' }).click();
    await eventually(() => toast(page)).toContain('李春花 的上班时间已保存');
    expect(await hoursOf(carer.id)).toContain('7 09:00-10:00');
    await page.mouse.move(0, 0); // off the button it clicked: its hover colour is not what is measured
    await expectAccessible(page);
    await screenshot(page, 'dispatch-carer');
    await page.context().close();
  });

  it('pairs the carer with a recipient, says why pairing twice is refused, unpairs them, and turns the carer off and on', { timeout: 90_000 }, async () => {
    const carer = await carerRow();
    const recipient = await server.world.db
      .selectFrom('recipients as r')
      .innerJoin('regions as t', 't.id', 'r.township_id')
      .select(['r.id', 'r.name'])
      .where('t.name', '=', DEMO_TOWNSHIP)
      .where('r.status', '=', 'active')
      .orderBy('r.id')
      .executeTakeFirstOrThrow();
    const page = await signedInPage(browser, server, 'dispatcher', { path: `/dispatch/carers/${carer.id}` });
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe(carerName);
    const pairing = page.locator('.ant-card').filter({ hasText: '结对服务对象' });
    const choose = pairing.getByLabel('选择要结对的服务对象');
    for (const attempt of [1, 2]) {
      await chooseOption(page, choose, recipient.name, recipient.name);
      await pairing.getByRole('button', { name: /^结\s?对$/ }).click();
      if (attempt === 1) await eventually(() => toast(page)).toContain(`李春花 已和 ${recipient.name} 结对`);
    }
    await eventually(() => pairing.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['他们已经结对了']);
    const pairedRow = pairing.locator('tr.ant-table-row').filter({ hasText: recipient.name });
    expect(await pairedRow.count()).toBe(1);
    const open = () =>
      server.world.db
        .selectFrom('carer_pairings')
        .select('id')
        .where('carer_id', '=', carer.id)
        .where('recipient_id', '=', recipient.id)
        .where('ended_on', 'is', null)
        .execute();
    expect(await open()).toHaveLength(1);
    await page.mouse.move(0, 0); // off 结对: its hover colour is not what is measured
    await expectAccessible(page);
    await screenshot(page, 'dispatch-carer-paired');

    await pairedRow.getByRole('button', { name: '解除结对' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '解除结对' }).click();
    await eventually(() => pairedRow.count()).toBe(0);
    expect(await open()).toHaveLength(0);
    await noDialog(page);

    await page.getByRole('button', { name: /^停\s?用$/ }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^停\s?用$/ })
      .click();
    await eventually(() => page.getByTestId('carer-status').textContent()).toBe('已停用');
    expect((await carerRow()).active).toBe(false);
    // an inactive carer is not paired
    expect(await pairing.getByRole('button', { name: /^结\s?对$/ }).isDisabled()).toBe(true);
    await noDialog(page);
    await page.getByRole('button', { name: /^启\s?用$/ }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^启\s?用$/ })
      .click();
    await eventually(() => page.getByTestId('carer-status').textContent()).toBe('在岗');
    expect((await carerRow()).active).toBe(true);

    // the list, with carers turned off
    await page.getByRole('link', { name: '返回服务人员列表' }).click();
    await page.waitForURL((url) => url.pathname === '/dispatch/carers');
    await page.getByLabel('按姓名查找').fill(carerName);
    await eventually(() => rows(page).filter({ hasText: carerName }).count()).toBe(1);
    await page.context().close();
  });

  it('lets the county admin reach the same pages for any organisation', async () => {
    const page = await signedInPage(browser, server, 'admin', { path: '/admin-console/organisations' });
    await page.getByRole('link', { name: '查看和管理服务人员' }).first().click();
    await page.waitForURL((url) => url.pathname === '/admin-console/carers');
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('服务人员');
    await eventually(() => page.getByLabel('社会组织').locator('xpath=ancestor::*[contains(@class,"ant-select")][1]').textContent()).toContain(
      DEMO_ORGANISATION,
    );
    await page.getByLabel('按姓名查找').fill(carerName);
    await page.getByRole('link', { name: carerName }).click();
    await page.waitForURL(/\/admin-console\/carers\/\d+$/);
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe(carerName);
    await eventually(() => page.getByTestId('hours-7').textContent()).toBe('09:00–10:00');
    await expectAccessible(page);
    await screenshot(page, 'admin-carer');
    await page.context().close();
  });
});
