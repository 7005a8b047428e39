// Text contrast where axe does not look: a native placeholder (its ::placeholder colour is not
// part of the page's text for axe) and the hover state of links, buttons and menu items (axe
// sees the page as it is, with nothing hovered). WCAG AA as axe counts it: 4.5:1, or 3:1 for
// large text (24 px, or 18.66 px bold).
import type { ElementHandle, Page } from 'playwright-core';

export interface ContrastProblem {
  what: 'placeholder' | 'hover';
  /** A short description of the element: tag, classes and its text. */
  element: string;
  ratio: number;
  needed: number;
  color: string;
  background: string;
}

/**
 * Installed in the page once: the ratio of an element's text colour (or its placeholder's)
 * against the background it is drawn on, semi-transparent layers composited over white.
 */
function installContrast(): void {
  type Rgba = [number, number, number, number];
  const parse = (css: string): Rgba => {
    const m = /rgba?\(([^)]+)\)/.exec(css);
    if (!m) return [0, 0, 0, 0];
    const [r, g, b, a = '1'] = m[1].split(/[\s,/]+/).filter(Boolean);
    return [Number(r), Number(g), Number(b), Number(a)];
  };
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) return [255, 255, 255, 0];
    const mix = (i: number) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  };
  const luminance = ([r, g, b]: Rgba) => {
    const lin = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const background = (el: Element): Rgba => {
    const layers: Rgba[] = [];
    for (let node: Element | null = el; node; node = node.parentElement) {
      const layer = parse(getComputedStyle(node).backgroundColor);
      if (layer[3] > 0) layers.push(layer);
      if (layer[3] >= 1) break;
    }
    return layers.reduceRight<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const css = ([r, g, b, a]: Rgba) => `rgba(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)}, ${Number(a.toFixed(2))})`;
  (window as unknown as { __describe: unknown }).__describe = (el: Element) =>
    `${el.tagName.toLowerCase()}${[...el.classList]
      .slice(0, 3)
      .map((c) => `.${c}`)
      .join('')} "${(el.textContent || el.getAttribute('placeholder') || el.getAttribute('aria-label') || '').trim().slice(0, 30)}"`;
  (window as unknown as { __contrast: unknown }).__contrast = (el: Element, pseudo: string | null) => {
    const style = getComputedStyle(el, pseudo);
    const bg = background(el);
    const fg = over(parse(style.color), bg);
    const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const size = parseFloat(style.fontSize);
    const bold = Number(style.fontWeight) >= 700;
    return {
      ratio: Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100,
      needed: size >= 24 || (bold && size >= 18.66) ? 3 : 4.5,
      color: css(fg),
      background: css(bg),
    };
  };
}

type Measured = Omit<ContrastProblem, 'what' | 'element'>;

async function ensureInstalled(page: Page) {
  if (!(await page.evaluate(() => '__contrast' in window))) await page.evaluate(installContrast);
}

type Installed = { __contrast: (el: Element, pseudo: string | null) => Measured; __describe: (el: Element) => string };

/** Every visible, empty input or textarea whose placeholder is too faint. */
export async function placeholderContrast(page: Page): Promise<ContrastProblem[]> {
  await ensureInstalled(page);
  return page.evaluate(() => {
    const { __contrast: measure, __describe: name } = window as unknown as Installed;
    return [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[placeholder], textarea[placeholder]')]
      .filter((el) => el.placeholder && !el.value && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => ({ what: 'placeholder' as const, element: name(el), ...measure(el, '::placeholder') }))
      .filter((p) => p.ratio < p.needed);
  });
}

/**
 * What may be hovered: links, buttons, menu items and tabs, one of each look, at most `limit`,
 * and none whose look is in `seen` (a crawl measures the menu of its layout once, not on each
 * page). A look is the tag, the classes and the background it sits on: the same classes over
 * another background are another measurement. Picked in one evaluation (a page can hold
 * hundreds of links: one round trip each was most of a page's check), marked, then taken back
 * as handles in document order.
 */
async function hoverables(page: Page, limit: number, seen: Set<string>): Promise<ElementHandle<Element>[]> {
  const looks = await page.evaluate(
    ({ limit, seen }) => {
      for (const el of document.querySelectorAll('[data-hover-probe]')) el.removeAttribute('data-hover-probe');
      const backdrop = (el: Element) => {
        for (let at: Element | null = el; at; at = at.parentElement) {
          const colour = getComputedStyle(at).backgroundColor;
          if (colour && colour !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(colour)) return colour;
        }
        return 'none';
      };
      const picked: string[] = [];
      for (const el of document.querySelectorAll('a[href], button, [role="button"], [role="menuitem"], [role="tab"]')) {
        const box = el.getBoundingClientRect();
        const visible = box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[aria-hidden="true"]');
        const text = (el.textContent ?? '').trim();
        if (!visible || !text || (el as HTMLButtonElement).disabled) continue;
        const classes = [...el.classList]
          .filter((c) => !/(hover|active|focus|selected|open)/.test(c))
          .sort()
          .join('.');
        const look = `${el.tagName}.${classes} on ${backdrop(el.parentElement ?? el)}`;
        if (seen.includes(look) || picked.includes(look)) continue;
        picked.push(look);
        el.setAttribute('data-hover-probe', '');
        if (picked.length >= limit) break;
      }
      return picked;
    },
    { limit, seen: [...seen] },
  );
  for (const look of looks) seen.add(look);
  return page.$$('[data-hover-probe]');
}

/**
 * Hovers one of each kind of link, button and menu item and measures its text against its
 * background then; looks measured already (`seen`, shared by the pages of a crawl) are skipped.
 */
export async function hoverContrast(page: Page, seen = new Set<string>(), limit = 12): Promise<ContrastProblem[]> {
  await ensureInstalled(page);
  const problems: ContrastProblem[] = [];
  for (const handle of await hoverables(page, limit, seen)) {
    try {
      await handle.hover({ timeout: 1500, trial: false });
    } catch {
      continue; // covered by something else, or gone: nobody can hover it either
    }
    // antd's hover colours fade in (0.2 s): measure once the element's transitions are done
    const measured = await handle.evaluate(async (el) => {
      const { __contrast: measure, __describe: name } = window as unknown as Installed;
      const deadline = performance.now() + 1000;
      const running = () => [el, ...el.querySelectorAll('*')].flatMap((e) => e.getAnimations()).filter((a) => a.playState === 'running');
      while (running().length && performance.now() < deadline) await new Promise((r) => requestAnimationFrame(r));
      // the text is drawn in the element's deepest text-bearing child (antd wraps button labels in a span)
      const textHolder =
        [...el.querySelectorAll('*')].reverse().find((e) => [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim())) ?? el;
      return { element: name(el), ...measure(textHolder, null) };
    });
    if (measured.ratio < measured.needed) problems.push({ what: 'hover', ...measured });
  }
  await page.mouse.move(0, 0);
  return problems;
}
