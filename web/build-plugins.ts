// The web build's own steps (vite.config.ts): brotli and gzip copies of every text file for
// the server to send as they are (@fastify/static's preCompressed), a list of the modules in
// each chunk (what web/bundle.test.ts checks the mobile pages' chunks against), and which
// files the service worker keeps on the phone: the shell and the pages of the areas that
// must open without signal, not the consoles' chunks a carer never loads.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Files worth compressing: text. Images and fonts are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt)$/;
/** Under this a compressed copy saves less than its own request headers. */
const MIN_BYTES = 1024;

/** One entry of Vite's .vite/manifest.json. */
export interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  assets?: string[];
}
export type ViteManifest = Record<string, ManifestChunk>;

/** The manifest keys a page loads before it shows: itself and its static imports, transitively. */
export function staticClosure(manifest: ViteManifest, keys: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const imported of manifest[key].imports ?? []) visit(imported);
  };
  for (const key of keys) visit(key);
  return seen;
}

/** The manifest keys of an area's pages: the lazily loaded modules under src/roles/<area>/. */
export function areaPages(manifest: ViteManifest, area: string): string[] {
  return Object.keys(manifest).filter((key) => manifest[key].isDynamicEntry && manifest[key].src?.startsWith(`src/roles/${area}/`));
}

/** The shell's lazily loaded parts (the signed-in frame, the problem pages): src/app/'s dynamic imports. */
export function shellPages(manifest: ViteManifest): string[] {
  return Object.keys(manifest).filter((key) => manifest[key].isDynamicEntry && manifest[key].src?.startsWith('src/app/'));
}

/** The files (scripts, styles, assets) of a set of manifest keys. */
export function filesOf(manifest: ViteManifest, keys: Iterable<string>): Set<string> {
  const files = new Set<string>();
  for (const key of keys) {
    const chunk = manifest[key];
    for (const file of [chunk.file, ...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(file);
  }
  return files;
}

/** Tracks the build's output folder (build.ts builds into a folder of its own). */
function outputFolder() {
  let config: ResolvedConfig | undefined;
  return {
    configResolved(resolved: ResolvedConfig) {
      config = resolved;
    },
    get dir(): string {
      if (!config) throw new Error('the build has not started');
      return path.resolve(config.root, config.build.outDir);
    },
  };
}

/**
 * The service worker's precache list (a Workbox manifestTransform), cut down to what opens the
 * app and the given areas' pages: on a weak link a carer's phone should not fetch the consoles'
 * charts and tables to keep them. Files outside assets/ (index.html, the icon) stay.
 * The shell's own lazy parts are kept too: a signed-in page needs its frame.
 */
export function offlineShell(areas: string[]) {
  const out = outputFolder();
  const transform = async <Entry extends { url: string }>(entries: Entry[]) => {
    const manifest = JSON.parse(await readFile(path.join(out.dir, '.vite/manifest.json'), 'utf8')) as ViteManifest;
    const keys = staticClosure(manifest, ['index.html', ...shellPages(manifest), ...areas.flatMap((area) => areaPages(manifest, area))]);
    const kept = filesOf(manifest, keys);
    return { manifest: entries.filter((e) => !e.url.startsWith('assets/') || kept.has(e.url)), warnings: [] as string[] };
  };
  const plugin: Plugin = { name: 'nuanxin:offline-shell', apply: 'build', configResolved: out.configResolved };
  return { plugin, transform };
}

/** Writes .vite/chunk-modules.json: each chunk's file and the modules in it (paths from web/, or node_modules/…). */
export function chunkModules(): Plugin {
  let root = '';
  return {
    name: 'nuanxin:chunk-modules',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    generateBundle(_options, bundle) {
      const modules: Record<string, string[]> = {};
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        modules[output.fileName] = output.moduleIds.map((id) => {
          const relative = path.relative(root, id.replace(/\0/g, '').split('?')[0]);
          const packaged = relative.lastIndexOf('node_modules/');
          return packaged >= 0 ? relative.slice(packaged) : relative;
        });
      }
      this.emitFile({ type: 'asset', fileName: '.vite/chunk-modules.json', source: JSON.stringify(modules, null, 1) });
    },
  };
}

/**
 * Writes `file.br` (brotli at its best quality) and `file.gz` (gzip -9) beside every text file
 * of the build, after every other step has written its files (the service worker's included).
 * A copy that would not be smaller is not written; the server then sends the file as it is.
 */
export function precompress(): Plugin {
  const out = outputFolder();
  return {
    name: 'nuanxin:precompress',
    apply: 'build',
    enforce: 'post',
    configResolved: out.configResolved,
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const names = (await readdir(out.dir, { recursive: true, withFileTypes: true }))
          .filter((entry) => entry.isFile() && COMPRESSIBLE.test(entry.name) && !entry.parentPath.includes(`${path.sep}.vite`))
          .map((entry) => path.join(entry.parentPath, entry.name));
        await Promise.all(
          names.map(async (file) => {
            const content = await readFile(file);
            if (content.length < MIN_BYTES) return;
            const [br, gz] = await Promise.all([
              brotli(content, {
                params: {
                  [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
                  [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
                  [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length,
                },
              }),
              gzip(content, { level: zlib.constants.Z_BEST_COMPRESSION }),
            ]);
            if (br.length < content.length) await writeFile(`${file}.br`, br);
            if (gz.length < content.length) await writeFile(`${file}.gz`, gz);
          }),
        );
      },
    },
  };
}
