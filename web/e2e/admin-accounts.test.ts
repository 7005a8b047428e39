// The county admin's accounts page (账号) in a real browser against the real server on the demo
// county: finds sign-ins by role and by a search; creates a grid worker, the form asking only
// the scope each role needs, refused first for a taken username with the server's reason at the
// field; is refused turning off their own sign-in, with the reason in the dialog; turns another
// one off (its token stops working) and on; resets a password; changes a role and scope; and lifts
// the lock of a username that failed to sign in too often. Locks run on real time, so this file
// leaves the clock alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './axe.js';
import { chooseOption, eventually, launchBrowser, screenshot, settledDialog, signedInPage } from './browser.js';
import { DEMO_PASSWORD, startWebServer, type WebServer } from './server.js';
import { DEMO_ORGANISATION, DEMO_TOWNSHIP } from '../../server/seed/demo.js';

let server: WebServer;
let browser: Browser;
beforeAll(async () => {
  // a first lock of ten minutes, so that a slow machine still finds it running
  [server, browser] = await Promise.all([startWebServer({ env: { SIGN_IN_LOCK_SECONDS: '600' } }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const row = (page: Page, username: string) => page.locator('tr.ant-table-row').filter({ has: page.getByText(username, { exact: true }) });
const userRow = (username: string) => server.world.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
const toast = (page: Page) => page.locator('.ant-message').textContent();
const signsIn = async (username: string, password: string) =>
  !(await server.world.gql('mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', { u: username, p: password })).errors;

async function accountsPage(): Promise<Page> {
  const page = await signedInPage(browser, server, 'admin', { path: '/admin-console/users' });
  await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('账号与登录');
  await eventually(() => row(page, 'dispatcher').count()).toBe(1);
  return page;
}

describe('the accounts page', () => {
  it('lists sign-ins with their role and scope, by role and by a search', async () => {
    const page = await accountsPage();
    await expect.poll(() => row(page, 'dispatcher').textContent()).toContain(DEMO_ORGANISATION);
    expect(await row(page, 'grid').textContent()).toContain(DEMO_TOWNSHIP);
    expect(await row(page, 'admin').textContent()).toContain('全县');
    await expectAccessible(page);
    await screenshot(page, 'admin-accounts');

    await chooseOption(page, page.getByLabel('角色', { exact: true }), '财务审核员');
    await eventually(() => page.locator('tr.ant-table-row').count()).toBe(2);
    expect(await page.locator('tr.ant-table-row').allTextContents()).toEqual([expect.stringContaining('cashier'), expect.stringContaining('finance')]);
    await chooseOption(page, page.getByLabel('角色', { exact: true }), '全部角色');
    await page.getByLabel('搜索', { exact: true }).fill('小陈');
    await page.getByLabel('搜索', { exact: true }).press('Enter');
    await eventually(() => page.locator('tr.ant-table-row').count()).toBe(1);
    expect(await row(page, 'dispatcher').count()).toBe(1);
    await page.context().close();
  });

  it('creates a grid worker, asking only the scope each role needs, and says why a taken username is refused', async () => {
    const page = await accountsPage();
    await page.getByRole('button', { name: '新建账号' }).click();
    const dialog = page.getByRole('dialog');
    const field = (label: string) => dialog.getByLabel(label, { exact: true });
    // the scope each role needs, and only that
    const shown = async () =>
      Object.fromEntries(
        await Promise.all(
          ['所在乡镇', '负责的村（网格）', '所属社会组织', '服务人员所在的社会组织', '服务人员', '服务对象'].map(async (l) => [l, await field(l).count()]),
        ),
      );
    await chooseOption(page, field('角色'), '派单员');
    expect(await shown()).toEqual({ 所在乡镇: 0, '负责的村（网格）': 0, 所属社会组织: 1, 服务人员所在的社会组织: 0, 服务人员: 0, 服务对象: 0 });
    await chooseOption(page, field('角色'), '服务人员');
    expect(await shown()).toEqual({ 所在乡镇: 0, '负责的村（网格）': 0, 所属社会组织: 0, 服务人员所在的社会组织: 1, 服务人员: 1, 服务对象: 0 });
    await chooseOption(page, field('角色'), '服务对象');
    expect(await shown()).toEqual({ 所在乡镇: 0, '负责的村（网格）': 0, 所属社会组织: 0, 服务人员所在的社会组织: 0, 服务人员: 0, 服务对象: 1 });
    await chooseOption(page, field('角色'), '热线话务员');
    await eventually(() => dialog.getByText('这个角色可以办理全县的业务，不需要选择范围。').count()).toBe(1);
    await chooseOption(page, field('角色'), '网格员');
    expect(await shown()).toEqual({ 所在乡镇: 1, '负责的村（网格）': 1, 所属社会组织: 0, 服务人员所在的社会组织: 0, 服务人员: 0, 服务对象: 0 });

    const villages = await server.world.db
      .selectFrom('regions as v')
      .innerJoin('regions as t', 't.id', 'v.parent_id')
      .select(['v.id', 'v.name'])
      .where('t.name', '=', DEMO_TOWNSHIP)
      .orderBy('v.sort_order')
      .limit(2)
      .execute();
    await field('用户名（登录时填写）').fill('grid');
    await field('姓名或单位（页面上显示）').fill('网格员小王');
    await field('联系电话').fill('13900002222');
    const password = await field('初始密码').inputValue();
    expect(password).toMatch(/^[a-z2-9]{12}$/);
    await chooseOption(page, field('所在乡镇'), DEMO_TOWNSHIP, DEMO_TOWNSHIP);
    for (const v of villages) await chooseOption(page, field('负责的村（网格）'), v.name, v.name);
    // closes the villages' list (Escape would close the dialog)
    await dialog.locator('.ant-modal-title').click();
    await dialog.getByRole('button', { name: '新建账号' }).click();
    // the server's reason, at the username
    await eventually(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['用户名“grid”已经有人用了，请换一个']);
    await screenshot(page, 'admin-account-refused');
    await field('用户名（登录时填写）').fill('grid.wang');
    await dialog.getByRole('button', { name: '新建账号' }).click();
    await eventually(() => toast(page)).toContain('账号 grid.wang 已建好');
    await eventually(() => row(page, 'grid.wang').count()).toBe(1);
    expect(await row(page, 'grid.wang').textContent()).toContain(`${DEMO_TOWNSHIP} ${villages.map((v) => v.name).join('、')}`);

    const created = await userRow('grid.wang');
    expect(created).toMatchObject({ role: 'grid_worker', display_name: '网格员小王', phone: '13900002222', active: true });
    const grid = await server.world.db.selectFrom('grid_worker_villages').select('village_id').where('user_id', '=', created.id).execute();
    expect(grid.map((g) => g.village_id).sort()).toEqual(villages.map((v) => v.id).sort());
    expect(await signsIn('grid.wang', password)).toBe(true);
    await page.context().close();
  });

  it('refuses turning off one’s own sign-in with the server’s reason, and turns another off and on', async () => {
    const page = await accountsPage();
    await row(page, 'admin')
      .getByRole('button', { name: /^停\s?用$/ })
      .click();
    const dialog = page.getByRole('dialog');
    await settledDialog(page)
      .getByRole('button', { name: /^停\s?用$/ })
      .click();
    await eventually(() => dialog.getByRole('alert').textContent()).toBe('不能停用自己的账号');
    await expectAccessible(page);
    await screenshot(page, 'admin-account-self-deactivation');
    expect((await userRow('admin')).active).toBe(true);
    await dialog.getByRole('button', { name: /^取\s?消$/ }).click();
    await eventually(() => page.getByRole('dialog').count()).toBe(0);

    const token = await server.token('evaluator');
    await row(page, 'evaluator')
      .getByRole('button', { name: /^停\s?用$/ })
      .click();
    await expect.poll(() => dialog.textContent()).toContain('停用后，这个账号在所有设备上立即退出登录');
    await dialog.getByRole('button', { name: /^停\s?用$/ }).click();
    await eventually(() => row(page, 'evaluator').textContent()).toContain('已停用');
    await eventually(() => page.getByRole('dialog').count()).toBe(0);
    expect((await userRow('evaluator')).active).toBe(false);
    expect(await server.world.errorCode('{ me { id } }', {}, token)).toBe('UNAUTHENTICATED');

    await row(page, 'evaluator')
      .getByRole('button', { name: /^启\s?用$/ })
      .click();
    await dialog.getByRole('button', { name: /^启\s?用$/ }).click();
    await eventually(() => row(page, 'evaluator').textContent()).toContain('可以登录');
    expect((await userRow('evaluator')).active).toBe(true);
    expect(await signsIn('evaluator', DEMO_PASSWORD)).toBe(true);
    await page.context().close();
  });

  it('resets a password and changes a role and its scope', async () => {
    const page = await accountsPage();
    await row(page, 'township').getByRole('button', { name: '重置密码' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('新密码', { exact: true }).fill('short');
    await dialog.getByRole('button', { name: '重置密码' }).click();
    await eventually(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['密码至少要 8 个字符']);
    await dialog.getByRole('button', { name: '随机生成' }).click();
    const password = await dialog.getByLabel('新密码', { exact: true }).inputValue();
    await dialog.getByRole('button', { name: '重置密码' }).click();
    await eventually(() => toast(page)).toContain('的密码已重置');
    expect(await signsIn('township', password)).toBe(true);
    expect(await signsIn('township', DEMO_PASSWORD)).toBe(false);
    await eventually(() => page.getByRole('dialog').count()).toBe(0);

    // the hotline operator becomes a dispatcher of the demo organisation
    await row(page, 'hotline').getByRole('button', { name: '改角色和范围' }).click();
    await chooseOption(page, dialog.getByLabel('角色', { exact: true }), '派单员');
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await eventually(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual(['请填写此项']);
    await chooseOption(page, dialog.getByLabel('所属社会组织', { exact: true }), DEMO_ORGANISATION);
    await expectAccessible(page);
    await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
    await eventually(() => row(page, 'hotline').textContent()).toContain('派单员');
    const hotline = await userRow('hotline');
    const organisation = await server.world.db.selectFrom('organisations').select('id').where('name', '=', DEMO_ORGANISATION).executeTakeFirstOrThrow();
    expect(hotline).toMatchObject({ role: 'dispatcher', organisation_id: organisation.id });
    await page.context().close();
  });

  it('shows a username locked after too many failed sign-ins, and lifts the lock', async () => {
    for (let i = 0; i < 6; i++) expect(await signsIn('recipient', 'not-the-password')).toBe(false);
    expect(await signsIn('recipient', DEMO_PASSWORD)).toBe(false);
    const page = await accountsPage();
    await eventually(() => row(page, 'recipient').textContent()).toContain('登录已锁定');
    await page.getByRole('tab', { name: /登录锁定/ }).click();
    await screenshot(page, 'admin-sign-in-locks-tab');
    const lock = page
      .getByRole('tabpanel', { name: /登录锁定/ })
      .locator('tr.ant-table-row')
      .filter({ hasText: 'recipient' });
    await eventually(() => lock.textContent()).toContain('锁定中');
    await expectAccessible(page);
    await screenshot(page, 'admin-sign-in-locks');
    await lock.getByRole('button', { name: '解除锁定' }).click();
    await eventually(() => toast(page)).toContain('的登录锁定，现在可以登录了');
    await eventually(() => lock.textContent()).toContain('解除');
    expect(await signsIn('recipient', DEMO_PASSWORD)).toBe(true);
    const recorded = await server.world.db.selectFrom('sign_in_locks').select(['unlocked_by', 'unlocked_at']).executeTakeFirstOrThrow();
    expect(recorded.unlocked_by).toBe((await userRow('admin')).id);
    await page.context().close();
  });

  it('reads in English too', async () => {
    const page = await signedInPage(browser, server, 'admin', { path: '/admin-console/users', language: 'en' });
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('Accounts and sign-ins');
    await eventually(() => row(page, 'dispatcher').textContent()).toContain('Dispatcher');
    await page.context().close();
  });
});
