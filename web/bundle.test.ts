// The phone's pages load none of the consoles' heavy parts: a recipient's or a carer's page,
// with everything it imports before it shows (the shell included), holds no ECharts, no antd
// Table and no DatePicker. Read from the build's own records: Vite's manifest (which chunks a
// page imports) and .vite/chunk-modules.json (which modules each chunk holds, build-plugins.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureWebApp, webDistDir } from '../server/web/build.js';
import { areaPages, filesOf, staticClosure, type ViteManifest } from './build-plugins.js';

/**
 * The consoles' heavy components. Allowed: their locale files (antd's ConfigProvider takes
 * them, a few lines each) and the one context Typography's ellipsis reads from the table's
 * folder (TableMeasureRowContext, a createContext call).
 */
const HEAVY: [name: string, pattern: RegExp][] = [
  ['ECharts', /node_modules\/(?:echarts|zrender)\//],
  ['antd Table', /node_modules\/(?:antd\/(?:es|lib)\/table\/(?!TableMeasureRowContext\.js$)|@rc-component\/table\/)/],
  ['antd DatePicker', /node_modules\/(?:antd\/(?:es|lib)\/(?:date-picker|time-picker)|@rc-component\/picker)\/(?!(?:.*\/)?locale\/)/],
];
const PHONE_AREAS = ['recipient', 'carer'];

let manifest: ViteManifest;
let modules: Record<string, string[]>;

beforeAll(async () => {
  await ensureWebApp({ logLevel: 'error' });
  manifest = JSON.parse(await readFile(path.join(webDistDir, '.vite/manifest.json'), 'utf8'));
  modules = JSON.parse(await readFile(path.join(webDistDir, '.vite/chunk-modules.json'), 'utf8'));
}, 300_000);

/** The heavy modules a page loads before it shows, as "<what>: <module> (in <chunk>)". */
function heavyIn(keys: string[]): string[] {
  const found: string[] = [];
  for (const file of filesOf(manifest, staticClosure(manifest, ['index.html', ...keys]))) {
    for (const id of modules[file] ?? []) {
      for (const [name, pattern] of HEAVY) if (pattern.test(id)) found.push(`${name}: ${id} (in ${file})`);
    }
  }
  return found;
}

describe("the phone's pages", () => {
  it('the records name every page of the phone areas', () => {
    for (const area of PHONE_AREAS) expect(areaPages(manifest, area).length, area).toBeGreaterThan(0);
    // and the check sees each heavy part where the consoles load it
    const consolePages = Object.keys(manifest).filter((key) => manifest[key].isDynamicEntry && !PHONE_AREAS.some((a) => key.startsWith(`src/roles/${a}/`)));
    const seen = new Set(consolePages.flatMap((page) => heavyIn([page])).map((line) => line.split(':')[0]));
    expect([...seen].sort()).toEqual(HEAVY.map(([name]) => name).sort());
  });

  it('the sign-in page loads no chart, table or date picker', () => {
    expect(heavyIn([])).toEqual([]);
  });

  for (const area of PHONE_AREAS) {
    it(`no page of the ${area} loads a chart, a table or a date picker`, () => {
      for (const page of areaPages(manifest, area)) expect(heavyIn([page]), page).toEqual([]);
    });
  }
});
