// The shell in a real browser against the real server: sign-in for several roles, each lands
// on its own home; the language switch; who may enter which area; accessibility of sign-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './axe.js';
import { eventually, launchBrowser, newPage, screenshot, signedInPage, signInThroughPage, type Device } from './browser.js';
import { startWebServer, type WebServer } from './server.js';

let server: WebServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const homes: { username: string; device: Device; path: string; zh: string; en: string }[] = [
  { username: 'recipient', device: 'phone', path: '/m', zh: '暖心服务', en: 'Nuanxin services' },
  { username: 'carer', device: 'phone', path: '/carer', zh: '服务人员', en: 'Carer' },
  { username: 'dispatcher', device: 'desktop', path: '/dispatch', zh: '派单看板', en: 'Dispatcher board' },
  { username: 'finance', device: 'desktop', path: '/finance', zh: '财务结算', en: 'Finance' },
];

const heading = (page: Page) => page.getByRole('heading', { level: 2 });

/**
 * Switches the language as each person does: the header's switch, or for the recipient on their
 * 我的 page, where it asks first; back at the home afterwards.
 */
async function switchLanguage(page: Page, username: string): Promise<void> {
  if (username !== 'recipient') {
    await page.getByTestId('language-switch').click();
    return;
  }
  const home = new URL(page.url()).pathname;
  await page.goto(`${new URL(page.url()).origin}/m/me`);
  const english = (await page.getAttribute('html', 'lang')) === 'en';
  await page.getByTestId(english ? 'language-zh-CN' : 'language-en').click();
  await page.getByTestId('confirm-language').click();
  await eventually(() => page.getAttribute('html', 'lang')).toBe(english ? 'zh-CN' : 'en');
  await page.goto(`${new URL(page.url()).origin}${home}`);
}

describe('the web app shell', () => {
  it('serves a sign-in page with no serious accessibility violations, and the hotline for whoever cannot get in', async () => {
    const page = await newPage(browser, 'phone');
    await page.goto(`${server.url}/sign-in`);
    await eventually(() => page.locator('button[type=submit]').count()).toBe(1);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    const hotline = page.getByRole('link', { name: '拨打热线 12345' });
    expect(await hotline.getAttribute('href')).toBe('tel:12345');
    expect((await hotline.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    // an empty form is refused at each field, before anything is sent
    await page.locator('button[type=submit]').click();
    await eventually(() => page.locator('.sign-in-field-error').allTextContents()).toEqual(['请输入用户名和密码', '请输入用户名和密码']);
    expect(await page.locator('#username').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
    await screenshot(page, 'sign-in');
    await page.context().close();
  });

  it.each(homes)('signs $username in to their home at $path, in Chinese and in English', async ({ username, device, path, zh, en }) => {
    const page = await newPage(browser, device);
    await signInThroughPage(page, server, username);
    expect(new URL(page.url()).pathname).toBe(path);
    await eventually(() => heading(page).textContent()).toBe(zh);
    expect(await page.getByTestId('signed-in-as').textContent()).toMatch(/^当前用户：\S/);
    await expectAccessible(page);

    await switchLanguage(page, username);
    await eventually(() => heading(page).textContent()).toBe(en);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByTestId('signed-in-as').textContent()).toMatch(/^Signed in as \S/);
    await screenshot(page, `home-${username}-en`);

    // the choice is remembered across a reload, and switching back works
    await page.reload();
    await eventually(() => heading(page).textContent()).toBe(en);
    await switchLanguage(page, username);
    await eventually(() => heading(page).textContent()).toBe(zh);
    await screenshot(page, `home-${username}`);
    await page.context().close();
  });

  it('gives the recipient large type on a phone', async () => {
    const page = await signedInPage(browser, server, 'recipient', { device: 'phone' });
    await eventually(() => heading(page).textContent()).toBe('暖心服务');
    const fontSize = await page.locator('.mobile').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(18);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.context().close();
  });

  it('refuses a wrong password with a message, and sends strangers to sign in', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/dispatch`);
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/dispatch');
    await page.locator('#username').fill('dispatcher');
    await page.locator('#password').fill('not-the-password');
    await page.locator('button[type=submit]').click();
    await eventually(() => page.getByRole('alert').textContent()).toContain('用户名或密码不正确');

    await page.locator('#password').fill('nuanxin-demo');
    await page.locator('button[type=submit]').click();
    await page.waitForURL((url) => url.pathname === '/dispatch');
    await page.context().close();
  });

  it('says how long to wait when sign-in is locked, in Chinese and in English', async () => {
    // five wrong passwords (the limit) for a username nobody has: it is locked all the same
    for (let i = 0; i < 5; i++) {
      const res = await server.world.gql('mutation { signIn(username: "nobody.at.all", password: "not-the-password") { token } }');
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    const page = await newPage(browser, 'phone');
    await page.goto(`${server.url}/sign-in`);
    await page.locator('#username').fill('nobody.at.all');
    await page.locator('#password').fill('not-the-password');
    await page.locator('button[type=submit]').click();
    await eventually(() => page.getByRole('alert').textContent()).toBe('登录失败次数太多，为了账号安全暂时不能登录，请 1 分钟后再试');
    await screenshot(page, 'sign-in-locked');

    await page.getByTestId('language-switch').click();
    await page.locator('button[type=submit]').click();
    await eventually(() => page.getByRole('alert').textContent()).toBe('Too many failed sign-ins: try again in a minute.');
    await page.context().close();
  });

  it('keeps each role in its own area, and signs out', async () => {
    const page = await signedInPage(browser, server, 'finance', { path: '/dispatch' });
    await page.waitForURL((url) => url.pathname === '/finance');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(await page.evaluate(() => localStorage.getItem('nuanxin.token'))).toBeNull();
    await page.goto(`${server.url}/finance`);
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.context().close();
  });
});
