// Accessibility checks with axe-core, injected into the page from the npm package's source.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

let source: Promise<string> | undefined;
const axeSource = () => (source ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));

export interface AxeOptions {
  /** Only this part of the page (a CSS selector). */
  include?: string;
  /** Rules to leave out, each with a reason in the calling test. */
  disableRules?: string[];
}

/**
 * Waits (up to 2 s) for the page's finite animations and transitions to end: a toast or dialog
 * caught while fading in has its text at part opacity, which axe reports as too little contrast.
 * antd's motion (rc-motion) first gives an element its start state (opacity 0) and only starts
 * the animation a frame later, so between the two nothing is running yet: the wait goes on while
 * an element is in a motion phase (a class with -appear, -enter or -leave) as well.
 * Endless ones (spinners, live badges) are not waited for.
 */
export async function settleAnimations(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    // a button's click wave holds no text, and may keep its class after a fake-clock frame
    const inMotion = () => document.querySelector(':is([class*="-appear"], [class*="-enter"], [class*="-leave"]):not(.ant-wave)') !== null;
    const finite = () => document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity && a.playState !== 'finished');
    const deadline = performance.now() + 2000;
    do {
      await frame();
      await frame();
      const running = finite();
      if (!running.length && !inMotion()) return;
      await Promise.race([Promise.all(running.map((a) => a.finished.catch(() => undefined))), frame()]);
    } while (performance.now() < deadline);
  });
}

/** Runs axe on the page once its animations have ended (WCAG 2.x A and AA rules and best practices); returns the violations. */
export async function axe(page: Page, options: AxeOptions = {}): Promise<AxeViolation[]> {
  await settleAnimations(page);
  // evaluated, not added as a <script>: the app's Content-Security-Policy refuses inline scripts
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await axeSource());
  return page.evaluate(async ({ include, disableRules }) => {
    const run = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe.run;
    const result = await run(include ?? document, {
      resultTypes: ['violations'],
      rules: Object.fromEntries((disableRules ?? []).map((id) => [id, { enabled: false }])),
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  }, options);
}

/** Fails with a readable list when the page has any 'serious' or 'critical' violation. */
export async function expectAccessible(page: Page, options: AxeOptions = {}): Promise<void> {
  const serious = (await axe(page, options)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (!serious.length) return;
  const lines = serious.map(
    (v) =>
      `- ${v.id} (${v.impact}): ${v.help}\n${v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(' ')}  ${n.html.slice(0, 160)}`)
        .join('\n')}`,
  );
  throw new Error(`${serious.length} serious accessibility violation(s) on ${page.url()}:\n${lines.join('\n')}`);
}
