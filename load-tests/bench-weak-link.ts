// `npm run bench:weak-link` (issue 14): how long a phone on a weak rural link waits. A
// measurement, not a test. It builds the web app when stale, starts the real API server on a
// throw-away database with the demo county, and drives Debian's Chromium with the network
// throttled through the DevTools protocol (Network.emulateNetworkConditions: 200 KB/s down
// and up, 150 ms round trip, the link) to time, from the start of the navigation:
//
// - the sign-in form: until its username field is on the page;
// - the recipient's budget: signed in already (the app opened once before, so the phone keeps
//   the token and whom it belongs to; cold, the cache is then emptied), until the amount left
//   is on the page: the shell, the recipient's page and two GraphQL answers.
//
// Each cold (a browser context with an empty cache, as the first visit) and warm (the same
// context again, as the next visit: hashed files come from the cache, index.html is asked
// for again), and the sign-in form once more cold without compression (Accept-Encoding:
// identity), for comparison. It prints the median, the fastest and the slowest of --runs runs
// and the bytes that came over the wire. Figures: BENCHMARKS.md.
//
//   npm run bench:weak-link                 # 5 runs of each
//   npm run bench:weak-link -- --runs 1     # to check it works
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { loadConfig } from '../server/config.js';
import { preflight } from '../server/platform/preflight.js';
import { ensureWebApp } from '../server/web/build.js';
import { DEMO_PASSWORD } from '../server/seed/demo.js';
import { clearRedisPrefix, createBenchDatabase, startApiServer } from './bench/world.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'kb-per-second': { type: 'string', default: '200' },
    'rtt-ms': { type: 'string', default: '150' },
  },
});
const runs = Number(args.runs);
const bytesPerSecond = Number(args['kb-per-second']) * 1024;
const rttMs = Number(args['rtt-ms']);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The same keys the app keeps its sign-in and language under (web/src/app/session.tsx, i18n.ts). */
const TOKEN_KEY = 'nuanxin.token';

interface Target {
  name: string;
  path: string;
  /** What must be on the page for it to count as shown. */
  selector: string;
  token?: string;
}

interface Visit {
  ms: number;
  /** When the last file that arrived before it was shown was in. */
  loadedMs: number;
  bytes: number;
  requests: number;
}

/**
 * Opens `target` in a new page of `context` on the throttled link and returns the time from
 * the navigation's start (the page's own clock) until `selector` has a box on the page.
 */
async function visit(context: BrowserContext, target: Target, options: { identity?: boolean } = {}): Promise<Visit> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: rttMs, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond });
  if (options.identity) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
    bytes += event.encodedDataLength;
    requests++;
  });
  // a watcher in the page notes the moment the element gets a box (init scripts are not the
  // page's own, so its Content-Security-Policy does not refuse this). Strings, not functions, in
  // the page: tsx would put its __name helper into a function's text, which the page lacks.
  await page.addInitScript(`
    new MutationObserver(() => {
      const element = document.querySelector(${JSON.stringify(target.selector)});
      if (window.__shownAt === undefined && element && element.getBoundingClientRect().height > 0) window.__shownAt = performance.now();
    }).observe(document, { childList: true, subtree: true, attributes: true });
  `);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(target.path, { waitUntil: 'commit' });
  // asked from here: waitForFunction would eval in the page, which its policy refuses
  const deadline = Date.now() + 120_000;
  let ms = await page.evaluate<number | undefined>('window.__shownAt');
  for (; ms === undefined; ms = await page.evaluate<number | undefined>('window.__shownAt')) {
    if (Date.now() > deadline) {
      const shown = await page.evaluate<string>('document.body?.innerText.slice(0, 300)').catch(() => '?');
      throw new Error(`${target.name} never showed ${target.selector}; the page said ${JSON.stringify(shown)}; errors: ${errors.join('; ') || 'none'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // when the last file that arrived before it was in: the rest of the time was the phone's work
  const loadedMs = await page.evaluate<number>(`Math.max(0, ...performance.getEntriesByType('resource').map((e) => e.responseEnd).filter((t) => t <= ${ms}))`);
  // let late requests finish before counting bytes (the page is shown; nothing else is timed)
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.close();
  return { ms, loadedMs, bytes, requests };
}

async function newContext(browser: Browser, baseURL: string, token?: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // the recipient's app registers no service worker; block any so that warm means the HTTP cache
    serviceWorkers: 'block',
  });
  if (token) await context.addInitScript(`localStorage.setItem(${JSON.stringify(TOKEN_KEY)}, ${JSON.stringify(token)})`);
  return context;
}

/**
 * A phone signed in before, with an empty cache: the app is opened once at full speed, so it
 * keeps on the phone what it keeps after a sign-in (whom the sign-in belongs to, which tells
 * it the home page before the server answers), then the browser's cache is emptied.
 */
async function primeSignedIn(context: BrowserContext, target: Target): Promise<void> {
  const page = await context.newPage();
  await page.goto(target.path);
  await page.locator(target.selector).waitFor({ timeout: 60_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  await page.close();
}

async function signIn(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation ($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }',
      variables: { u: username, p: DEMO_PASSWORD },
    }),
  });
  const body = (await res.json()) as { data?: { signIn: { token: string } }; errors?: unknown };
  if (!body.data) throw new Error(`sign-in of ${username} failed: ${JSON.stringify(body.errors)}`);
  return body.data.signIn.token;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function report(name: string, visits: Visit[]) {
  const ms = visits.map((v) => v.ms);
  const kb = median(visits.map((v) => v.bytes)) / 1024;
  const requests = median(visits.map((v) => v.requests));
  const fmt = (n: number) => `${(n / 1000).toFixed(2)} s`;
  console.log(
    `${name.padEnd(40)} median ${fmt(median(ms))}  fastest ${fmt(Math.min(...ms))}  slowest ${fmt(Math.max(...ms))}  (files in by ${fmt(median(visits.map((v) => v.loadedMs)))})  ${kb.toFixed(0).padStart(5)} KB in ${requests} requests`,
  );
}

const built = await ensureWebApp({ logLevel: 'warn', onBuild: (reason) => console.log(`building the web app (${reason})…`) });
if (built) console.log('built');
const config = loadConfig();
await preflight(config.DATABASE_URL, config.REDIS_URL);
const database = await createBenchDatabase(config);
const prefix = `nuanxin_bench_${randomBytes(3).toString('hex')}`;
const logFile = path.join(os.tmpdir(), `${prefix}.log`);
const server = await startApiServer(database.url, prefix, 'warn', logFile);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const recipientToken = await signIn(server.url, 'recipient');
  const signInForm: Target = { name: 'sign-in form', path: '/sign-in', selector: '#username' };
  const budget: Target = { name: "recipient's budget", path: '/', selector: '[data-testid="budget-available"]', token: recipientToken };
  console.log(`${os.cpus().length} cores; ${args['kb-per-second']} KB/s down and up, ${rttMs} ms round trip; ${runs} runs each; server log ${logFile}\n`);

  for (const target of [signInForm, budget]) {
    const cold: Visit[] = [];
    const warm: Visit[] = [];
    for (let run = 0; run < runs; run++) {
      const context = await newContext(browser, server.url, target.token);
      if (target.token) await primeSignedIn(context, target);
      cold.push(await visit(context, target));
      warm.push(await visit(context, target));
      await context.close();
    }
    report(`${target.name}, cold`, cold);
    report(`${target.name}, warm`, warm);
  }
  const uncompressed: Visit[] = [];
  for (let run = 0; run < runs; run++) {
    const context = await newContext(browser, server.url);
    uncompressed.push(await visit(context, signInForm, { identity: true }));
    await context.close();
  }
  report('sign-in form, cold, uncompressed', uncompressed);
} finally {
  await browser.close();
  await server.stop();
  await clearRedisPrefix(config.REDIS_URL, prefix);
  await database.drop();
}
