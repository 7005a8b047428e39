// The browser for e2e tests: Debian's Chromium driven by playwright-core (no browser download),
// pages sized as a phone or a desktop, sign-in through the page or with a token, screenshots.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD, type WebServer } from './server.js';
import { now, testClockEnv } from '../../server/platform/clock.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screenshotDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');

/** The same key the app keeps its token under (web/src/app/session.tsx). */
const TOKEN_KEY = 'nuanxin.token';
const LANGUAGE_KEY = 'nuanxin.language';

/** Launches headless Chromium; fails (never skips) when it is not installed. Share one per test file. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium: apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export type Device = 'phone' | 'desktop';

/**
 * A page in a fresh context (its own storage): a 375 px phone or a 1280 px desktop, in the
 * county's time zone, asking for reduced motion. When the test set the project's clock
 * (setClockForTests), the page's clock starts where the server's reads and runs on with it, so
 * the app's "today" and time slots are the server's.
 */
export async function newPage(browser: Browser, device: Device = 'desktop', options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    ...(device === 'phone'
      ? // CSS pixels are what the layout and the tap targets are measured in; drawing each at 1
        // device pixel instead of 2 is a quarter of the rasterising, on a CI machine of two cores
        { viewport: { width: 375, height: 812 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true }
      : { viewport: { width: 1280, height: 800 } }),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // as many older people set their phones: the app then shows dialogs and lists at once,
    // with no motion for a click to land in (web/src/app/Themed.tsx)
    reducedMotion: 'reduce',
    ...options,
  });
  if (testClockEnv().CLOCK_STARTS_AT) await context.clock.install({ time: now() });
  const page = await context.newPage();
  // room for a page on a machine running two test files at once; a passing step never waits it out
  page.setDefaultTimeout(20_000);
  return page;
}

/** Signs in through the sign-in page and waits until the app has left it (for the role's home). */
export async function signInThroughPage(page: Page, server: WebServer, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${server.url}/sign-in`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/**
 * A page already signed in as a demo user (token from the API, put in localStorage before the
 * app loads), opened at `path` (default: the role's home, via '/'). The quick way for tests
 * that are not about signing in.
 */
export async function signedInPage(
  browser: Browser,
  server: WebServer,
  username: string,
  options: { device?: Device; path?: string; language?: 'zh-CN' | 'en'; context?: BrowserContextOptions } = {},
): Promise<Page> {
  const page = await newPage(browser, options.device ?? 'desktop', options.context);
  const token = await server.token(username);
  await page.addInitScript(
    ([tokenKey, value, languageKey, language]) => {
      localStorage.setItem(tokenKey, value);
      if (language) localStorage.setItem(languageKey, language);
    },
    [TOKEN_KEY, token, LANGUAGE_KEY, options.language ?? ''] as const,
  );
  await page.goto(`${server.url}${options.path ?? '/'}`);
  return page;
}

/**
 * expect.poll with room for a lazily loaded page and its first query on a busy machine (its
 * default gives up after a second; 10 s was once too short with two test files in parallel on
 * two cores). It returns as soon as the value is right, so the room costs only a failing test.
 */
export const eventually = <T>(read: () => T | Promise<T>, timeout = 20_000) => expect.poll(read, { timeout });

/**
 * Chooses an option of an antd Select (typing `search` first, when given) and waits until the
 * select shows it and (for a single choice) its list has closed. The option whose whole text is `option` wins over one
 * that only holds it (失能 before 半失能). The click waits for the list to stop sliding in: on a
 * busy machine a list still moving took the click on its neighbour (低保 for 特困人员). Should a
 * click still go astray (on a group title, or before the options arrived), it tries up to 3 times.
 */
export async function chooseOption(page: Page, select: Locator, option: string, search?: string): Promise<void> {
  const shown = select.locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  const open = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';
  const settled = page.locator(`${open}:not([class*="-enter"]):not([class*="-appear"])`);
  const whole = new RegExp(`^${option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  for (let attempt = 1; ; attempt++) {
    await select.click();
    if (search !== undefined) await select.fill(search);
    const holding = settled.locator('.ant-select-item-option').filter({ hasText: option });
    await holding.first().waitFor();
    const exact = holding.filter({ hasText: whole });
    await ((await exact.count()) > 0 ? exact : holding).first().click();
    try {
      await expect.poll(() => shown.textContent(), { timeout: 3_000 }).toContain(option);
      // a list of several choices stays open for the next one
      const several = (await shown.getAttribute('class'))?.includes('ant-select-multiple');
      if (!several) await expect.poll(() => page.locator(open).count(), { timeout: 3_000 }).toBe(0);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * A dialog once it has finished zooming in: a click on a dialog still in motion was once lost
 * on a loaded machine (its button moved under the pointer).
 */
export function settledDialog(page: Page): Locator {
  return page.locator('.ant-modal:not([class*="-enter"]):not([class*="-appear"])');
}

/** Saves a full-page PNG as web/e2e/screenshots/<name>.png (gitignored); returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
