// antd puts a space between two Chinese characters of a button (返 回), hence /^返\s?回$/.
// The carer, the county admin and the township station in a real browser against the real
// server. A carer with a dispatched job declines nothing without a reason, accepts it, is told
// what to do when location is refused, checks in and out at the recipient's home on a phone
// and confirms with the service card; the admin changes a guide price and adds a scoring
// policy version (refused first for weights that do not sum to 100); township staff reveal
// an ID number with a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { sql } from 'kysely';
import { formatYuan } from '../src/app/format.js';
import { expectAccessible } from './axe.js';
import { chooseOption, eventually, launchBrowser, screenshot, signedInPage } from './browser.js';
import { startWebServer, type WebServer } from './server.js';
import { catalog as catalogOf, dispatchedJob as dispatchedJobOf, jobCard, jobStatus, orderFacts as orderFactsOf } from './carer-jobs.js';
import { setClockForTests } from '../../server/platform/clock.js';
import { ORDINARY_MORNING } from '../../server/testing/instants.js';

// An ordinary weekday morning (server, worker and the browser's page): a job in ten minutes stays in
// this programme year and the demo county's contract (in a year's last ten minutes it would not).
setClockForTests(ORDINARY_MORNING);

let server: WebServer;
let browser: Browser;
beforeAll(async () => {
  // matching (the worker) dispatches the order; a visit of a few seconds is not flagged too short
  [server, browser] = await Promise.all([startWebServer({ worker: true, env: { VISIT_MIN_DURATION_RATIO: '0' } }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const catalog = (token?: string) => catalogOf(server, token);
const orderFacts = (orderId: string) => orderFactsOf(server, orderId);
const dispatchedJob = () => dispatchedJobOf(server);

describe('the carer on a phone', () => {
  it("accepts a job, checks in and out at the recipient's home, and confirms with the service card", async () => {
    const { orderId, recipientId, place } = await dispatchedJob();

    // first without location permission: the check-in says how to allow it
    const refused = await signedInPage(browser, server, 'carer', { device: 'phone' });
    await eventually(() => jobStatus(refused, orderId)).toBe('待接单');
    await eventually(() => refused.getByRole('heading', { level: 2 }).textContent()).toBe('服务人员');
    await expectAccessible(refused);
    await screenshot(refused, 'carer-home-dispatched');
    expect(await refused.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // declining needs a reason: an empty one is refused in the dialog, and nothing is sent
    await jobCard(refused, orderId).getByRole('button', { name: '拒单' }).click();
    await refused.getByRole('dialog').getByRole('button', { name: '确认拒单' }).click();
    await eventually(() => refused.getByRole('dialog').getByText('请填写拒单原因').count()).toBe(1);
    await refused
      .getByRole('dialog')
      .getByRole('button', { name: /^返\s?回$/ })
      .click();
    expect((await orderFacts(orderId)).status).toBe('DISPATCHED');

    await jobCard(refused, orderId).getByRole('button', { name: '接单' }).click();
    await eventually(() => jobStatus(refused, orderId)).toBe('已接单');
    await jobCard(refused, orderId)
      .getByRole('button', { name: /到达签到/ })
      .click();
    await eventually(() => jobCard(refused, orderId).getByRole('alert').textContent()).toContain('请在浏览器或手机设置中允许本网站使用位置信息');
    await screenshot(refused, 'carer-location-refused');
    expect((await orderFacts(orderId)).status).toBe('ACCEPTED');
    await refused.context().close();

    // at the recipient's home (a few metres off), with location allowed
    const page = await signedInPage(browser, server, 'carer', {
      device: 'phone',
      context: { geolocation: { latitude: place.latitude + 0.0001, longitude: place.longitude, accuracy: 15 }, permissions: ['geolocation'] },
    });
    await eventually(() => jobStatus(page, orderId)).toBe('已接单');
    // two kilometres off, the app asks before sending a check-in that would be flagged, and sends nothing when told not to
    const near = { latitude: place.latitude + 0.0001, longitude: place.longitude, accuracy: 15 };
    await page.context().setGeolocation({ ...near, latitude: place.latitude + 0.02 });
    await jobCard(page, orderId)
      .getByRole('button', { name: /到达签到/ })
      .click();
    await eventually(() => page.getByRole('dialog').textContent()).toMatch(/离服务地点有点远.*约 22\d\d 米/);
    await page.getByRole('dialog').getByRole('button', { name: '先不签到' }).waitFor({ state: 'visible' });
    await page.waitForTimeout(400); // the dialog's fade-in, for the picture
    await screenshot(page, 'carer-check-in-far');
    await page.getByRole('dialog').getByRole('button', { name: '先不签到' }).click();
    await eventually(() => page.getByRole('dialog').count()).toBe(0);
    expect((await orderFacts(orderId)).status).toBe('ACCEPTED');
    await page.context().setGeolocation(near);
    // no connection at the door: the check-in is kept on the phone with its time, and sent once back online
    await page.context().setOffline(true);
    await jobCard(page, orderId)
      .getByRole('button', { name: /到达签到/ })
      .click();
    await eventually(() => page.getByTestId('pending-readings').textContent()).toContain('有 1 条签到或签退保存在手机上');
    expect((await orderFacts(orderId)).status).toBe('ACCEPTED');
    // on the phone it is checked in already (the check-out comes next), saying the reading waits
    expect(await jobStatus(page, orderId)).toBe('服务中');
    expect(await jobCard(page, orderId).getByTestId('job-kept').textContent()).toContain('已签到，记录保存在手机上');
    await new Promise((r) => setTimeout(r, 1500));
    await page.context().setOffline(false);
    await eventually(() => page.getByTestId('pending-readings').count(), 20_000).toBe(0);
    await eventually(async () => (await orderFacts(orderId)).status).toBe('IN_SERVICE');
    await eventually(() => jobCard(page, orderId).getByTestId('job-kept').count()).toBe(0);
    expect(await jobStatus(page, orderId)).toBe('服务中');
    const visit = await server.world.db
      .selectFrom('visits')
      .select(['checked_in_at', 'check_in_received_at'])
      .where('order_id', '=', Number(orderId))
      .executeTakeFirstOrThrow();
    expect(new Date(visit.check_in_received_at).getTime() - new Date(visit.checked_in_at).getTime()).toBeGreaterThan(1000);
    await eventually(() => jobCard(page, orderId).textContent()).toMatch(/距离服务地点 \d+ 米/);

    // as if the carer had checked in two minutes earlier (a check-out comes at least a minute after the check-in)
    await server.world.db
      .updateTable('visits')
      .set({ checked_in_at: sql`checked_in_at - interval '2 minutes'`, check_in_received_at: sql`check_in_received_at - interval '2 minutes'` })
      .where('order_id', '=', Number(orderId))
      .execute();

    // checking out without saying what was done is refused on the page
    await jobCard(page, orderId).getByRole('button', { name: /签退/ }).click();
    await eventually(() => jobCard(page, orderId).getByText('请先写下服务内容').count()).toBe(1);
    await jobCard(page, orderId).getByLabel('服务内容').fill('打扫卧室和厨房，陪同散步');
    await screenshot(page, 'carer-in-service');
    await jobCard(page, orderId).getByRole('button', { name: /签退/ }).click();
    await eventually(() => jobStatus(page, orderId)).toBe('待确认');
    await eventually(() => jobCard(page, orderId).textContent()).toContain('打扫卧室和厨房，陪同散步');
    const completed = await orderFacts(orderId);
    expect(completed.status).toBe('COMPLETED');
    expect(completed.visit).toMatchObject({ countable: true, flags: [], workDone: '打扫卧室和厨房，陪同散步' });
    await page.mouse.move(0, 0); // the pointer rests where 签退 was: axe would judge the next button's hover colour
    await expectAccessible(page);
    await screenshot(page, 'carer-completed');

    // the recipient's service card: a wrong code is refused with the tries left, the right one confirms
    const { recipient } = await server.world.ok<{ recipient: { serviceCardCode: string } }>(
      'query ($id: ID!) { recipient(id: $id) { serviceCardCode } }',
      { id: recipientId },
      await server.token('admin'),
    );
    const card = jobCard(page, orderId);
    const openCard = card.getByRole('button', { name: '用服务卡确认' });
    if (await openCard.count()) await openCard.click();
    const wrong = recipient.serviceCardCode === '000000' ? '111111' : '000000';
    await card.getByLabel('服务卡确认码').fill(wrong);
    await card.getByRole('button', { name: /确认服务/ }).click();
    await eventually(() => card.getByRole('alert').textContent()).toContain('确认码不正确');
    await card.getByLabel('服务卡确认码').fill(recipient.serviceCardCode);
    await card.getByRole('button', { name: /确认服务/ }).click();
    await eventually(() => jobStatus(page, orderId)).toBe('已完成');
    expect((await orderFacts(orderId)).status).toBe('CONFIRMED');
    await screenshot(page, 'carer-confirmed');
    await page.context().close();
  });
});

describe('the county admin console', () => {
  it('shows an accessible overview with the queue dashboard link', async () => {
    const page = await signedInPage(browser, server, 'admin', { path: '/admin-console' });
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toBe('县级管理后台');
    await eventually(() => page.getByText(/项在售/).count()).toBe(1);
    expect(await page.getByRole('link', { name: /打开任务队列面板/ }).getAttribute('href')).toBe('/admin/queues');
    await expectAccessible(page);
    await screenshot(page, 'admin-home');
    await page.context().close();
  });

  it("changes an item's guide price", async () => {
    const item = (await catalog())[0].items[0];
    const page = await signedInPage(browser, server, 'admin', { path: '/admin-console/catalog' });
    await eventually(() => page.getByTestId(`price-${item.code}`).textContent()).toBe(formatYuan(item.price));
    await page.getByRole('button', { name: `改价: ${item.nameZh}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('新指导价（元）').fill('abc');
    await dialog.getByLabel('调价原因').fill('2026 年指导价调整');
    await dialog.getByRole('button', { name: '保存新价格' }).click();
    await eventually(() => dialog.getByText('请输入大于 0 的金额，最多两位小数').count()).toBe(1);
    const newFen = item.price + 550;
    await dialog.getByLabel('新指导价（元）').fill((newFen / 100).toFixed(2));
    await dialog.getByRole('button', { name: '保存新价格' }).click();
    await eventually(() => page.getByTestId(`price-${item.code}`).textContent()).toBe(formatYuan(newFen));
    expect((await catalog()).flatMap((c) => c.items).find((i) => i.id === item.id)!.price).toBe(newFen);
    await expectAccessible(page);
    await screenshot(page, 'admin-catalog');
    await page.context().close();
  });

  it("sets the share of each service's price an organisation pays its carers, refusing one over 100%", async () => {
    const organisation = () => server.world.db.selectFrom('organisations').select(['id', 'name', 'carer_pay_share_bp']).orderBy('id').executeTakeFirstOrThrow();
    const { name, carer_pay_share_bp } = await organisation();
    expect(carer_pay_share_bp).toBe(9000);
    const page = await signedInPage(browser, server, 'admin', { path: '/admin-console/organisations' });
    await eventually(() => page.getByTestId('carer-share').first().textContent()).toBe('每次服务价格的 90%');
    await page.getByRole('button', { name: '修改比例' }).first().click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('比例（%）').inputValue()).toBe('90');
    await dialog.getByLabel('比例（%）').fill('120');
    await dialog.getByRole('button', { name: /^提\s?交$|^保\s?存$/ }).click();
    await eventually(() => dialog.getByText('请输入 0 到 100 之间的数，最多两位小数').count()).toBe(1);
    expect((await organisation()).carer_pay_share_bp).toBe(9000);
    await dialog.getByLabel('比例（%）').fill('87.5');
    await dialog.getByRole('button', { name: /^提\s?交$|^保\s?存$/ }).click();
    await eventually(() => page.getByTestId('carer-share').first().textContent()).toBe('每次服务价格的 87.50%');
    expect(await organisation()).toMatchObject({ name, carer_pay_share_bp: 8750 });
    await expectAccessible(page);
    await page.context().close();
  });

  it('refuses policy weights that do not sum to 100 before sending, then adds the version', async () => {
    const versions = async () =>
      (
        await server.world.ok<{ scoringPolicies: { version: number; weightQuality: number }[] }>(
          '{ scoringPolicies { version weightQuality } }',
          {},
          await server.token('admin'),
        )
      ).scoringPolicies;
    const before = await versions();
    const page = await signedInPage(browser, server, 'admin', { path: '/admin-console/policy' });
    await eventually(() => page.getByRole('row').count()).toBe(before.length + 1);
    await page.getByRole('button', { name: /新增政策版本/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('服务时长权重').fill('50');
    await eventually(() => dialog.getByTestId('weight-sum').textContent()).toBe('三项权重合计须为 100，现在为 120');
    await dialog.getByRole('button', { name: '保存新版本' }).click();
    // the field's own error joins the running sum's line
    await eventually(() => dialog.getByText('三项权重合计须为 100，现在为 120').count()).toBe(2);
    await screenshot(page, 'admin-policy-refused');
    expect(await versions()).toHaveLength(before.length);

    await dialog.getByLabel('服务质量权重').fill('20');
    await eventually(() => dialog.getByTestId('weight-sum').textContent()).toBe('三项权重合计 100');
    await dialog.getByLabel('说明').fill('加重服务时长');
    await dialog.getByRole('button', { name: '保存新版本' }).click();
    await eventually(async () => (await versions()).length).toBe(before.length + 1);
    expect((await versions())[0].weightQuality).toBe(20);
    await eventually(() => page.getByRole('row').count()).toBe(before.length + 2);
    await screenshot(page, 'admin-policy');
    await page.context().close();
  });
});

describe('the township station', () => {
  it("lists its township's recipients and reveals an ID number with a reason", async () => {
    const page = await signedInPage(browser, server, 'township', { path: '/township' });
    const firstName = page.getByRole('table').getByRole('link').first();
    await eventually(() => firstName.count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'township-home');
    await firstName.click();
    await page.waitForURL((url) => url.pathname.startsWith('/township/recipients/'));
    await page.getByRole('button', { name: '查看完整身份证号' }).click();
    const dialog = page.getByRole('dialog');
    // the dialog is still opening under a busy machine: click only once its form is there
    await dialog.getByLabel('查看原因').waitFor();
    await dialog.getByRole('button', { name: /^查\s?看$/ }).click();
    await eventually(() => dialog.getByText('请填写查看原因').count()).toBe(1);
    await dialog.getByLabel('查看原因').fill('核对低保复审材料');
    await dialog.getByRole('button', { name: /^查\s?看$/ }).click();
    await eventually(async () => (await dialog.getByTestId('revealed-id-number').textContent()) ?? '').toMatch(/^\d{17}[\dX]/);
    const reveals = await server.world.db.selectFrom('personal_data_reveals').select('reason').execute();
    expect(reveals.map((r) => r.reason)).toContain('核对低保复审材料');
    await page.context().close();
  });

  it('moves a household to a village of another township, handing it over', async () => {
    const db = server.world.db;
    const staff = await db.selectFrom('users').select('township_id').where('username', '=', 'township').executeTakeFirstOrThrow();
    const recipient = await db
      .selectFrom('recipients')
      .select(['id', 'household_id'])
      .where('township_id', '=', staff.township_id!)
      .where('status', '=', 'active')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const target = await db
      .selectFrom('regions as v')
      .innerJoin('regions as t', 't.id', 'v.parent_id')
      .select(['v.id', 'v.name', 't.name as township'])
      .where('v.level', '=', 'village')
      .where('v.parent_id', '!=', staff.township_id!)
      .orderBy('v.id')
      .executeTakeFirstOrThrow();
    const page = await signedInPage(browser, server, 'township', { path: `/township/recipients/${recipient.id}` });
    await page.getByRole('button', { name: '搬到其他村' }).click();
    const dialog = page.getByRole('dialog');
    await chooseOption(page, dialog.getByLabel('搬到哪个村'), `${target.township} ${target.name}`, target.name);
    await dialog.getByLabel('新住址').fill('新村5组8号');
    await dialog.getByLabel('搬迁原因').fill('投靠女儿');
    await dialog.getByRole('button', { name: '确认搬迁' }).click();
    // handed over: the station goes back to its own list
    await page.waitForURL((url) => url.pathname === '/township');
    const moved = await db.selectFrom('recipients').select(['village_id', 'address']).where('household_id', '=', recipient.household_id).execute();
    expect(moved.length).toBeGreaterThan(0);
    for (const m of moved) expect(m).toEqual({ village_id: target.id, address: '新村5组8号' });
    expect(await db.selectFrom('recipient_moves').select(['reason', 'to_village_id']).where('recipient_id', '=', recipient.id).execute()).toEqual([
      { reason: '投靠女儿', to_village_id: target.id },
    ]);
    expect(await server.world.errorCode('query($id: ID!) { recipient(id: $id) { id } }', { id: String(recipient.id) }, await server.token('township'))).toBe(
      'FORBIDDEN',
    );
    await page.context().close();
  });
});
