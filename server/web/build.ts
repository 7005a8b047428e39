// Building the web app (web/ → web/dist) with Vite's JS API, when web/dist is missing or older
// than its sources. Several processes share one checkout (npm start, test files, other people's
// test runs), so a build holds a lock file, builds into a folder of its own and then moves the
// files in: the new hashed assets beside the old ones, index.html last, so a page already open
// on a running server can still load the chunks it knows.
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webDir = path.join(root, 'web');
export const webDistDir = path.join(webDir, 'dist');
const indexFile = path.join(webDistDir, 'index.html');
const lockFile = path.join(webDir, '.build.lock');
/** Assets of older builds are kept this long (pages still open may load them), then pruned. */
const KEEP_OLD_ASSETS_MS = 24 * 60 * 60 * 1000;
/** A lock older than this was left by a build that died. */
const STALE_LOCK_MS = 5 * 60 * 1000;

/** Whether web/dist holds a built app. */
export function webAppBuilt(distDir = webDistDir): boolean {
  return existsSync(path.join(distDir, 'index.html'));
}

async function newestChange(entry: string): Promise<number> {
  const stat = await fs.stat(entry).catch(() => null);
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  const names = await fs.readdir(entry);
  const times = await Promise.all(names.map((name) => newestChange(path.join(entry, name))));
  return Math.max(stat.mtimeMs, ...times);
}

/** Why the app needs building ('missing', 'stale'), or null when web/dist is current. */
async function webBuildNeeded(): Promise<'missing' | 'stale' | null> {
  const built = await fs.stat(indexFile).catch(() => null);
  if (!built) return 'missing';
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'build-plugins.ts', 'tsconfig.json'].map((p) => path.join(webDir, p));
  const newest = Math.max(...(await Promise.all([...sources, path.join(root, 'package-lock.json')].map(newestChange))));
  return newest > built.mtimeMs ? 'stale' : null;
}

async function acquireLock(): Promise<() => Promise<void>> {
  for (;;) {
    try {
      const handle = await fs.open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => fs.rm(lockFile, { force: true });
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
      const stat = await fs.stat(lockFile).catch(() => null);
      if (stat && Date.now() - stat.mtimeMs > STALE_LOCK_MS) await fs.rm(lockFile, { force: true });
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function moveBuildIn(outDir: string): Promise<void> {
  await fs.mkdir(webDistDir, { recursive: true });
  // everything but index.html first (hashed names do not collide), index.html last
  for (const entry of await fs.readdir(outDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || (entry.parentPath === outDir && entry.name === 'index.html')) continue;
    const relative = path.relative(outDir, path.join(entry.parentPath, entry.name));
    await fs.mkdir(path.dirname(path.join(webDistDir, relative)), { recursive: true });
    await fs.rename(path.join(outDir, relative), path.join(webDistDir, relative));
  }
  await fs.rename(path.join(outDir, 'index.html'), indexFile);
  // older than this build by the file system's clock: the process's may differ (faketime in
  // npm run test:dates moves it, not the files' times), and would prune the build just made
  const builtAt = (await fs.stat(indexFile)).mtimeMs;
  const assets = path.join(webDistDir, 'assets');
  for (const name of await fs.readdir(assets).catch(() => [] as string[])) {
    const file = path.join(assets, name);
    const stat = await fs.stat(file);
    if (builtAt - stat.mtimeMs > KEEP_OLD_ASSETS_MS) await fs.rm(file, { force: true });
  }
}

/** Builds web/dist now (Vite's production build). */
async function buildWebApp(options: { logLevel?: 'info' | 'warn' | 'error' | 'silent' } = {}): Promise<void> {
  const { build } = await import('vite');
  const outDir = path.join(webDir, `.dist-${process.pid}-${Date.now()}`);
  // Vite bakes the process's NODE_ENV into the bundle: under vitest ('test') or with
  // NODE_ENV=development React and antd would ship their slow development builds
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(webDir, 'vite.config.ts'),
      logLevel: options.logLevel ?? 'warn',
      build: { outDir, emptyOutDir: true },
    });
    await moveBuildIn(outDir);
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    await fs.rm(outDir, { recursive: true, force: true });
  }
}

/**
 * Builds the app when web/dist is missing or older than its sources, one process at a time.
 * Returns why it built, or null when the build was current.
 */
export async function ensureWebApp(
  options: { logLevel?: 'info' | 'warn' | 'error' | 'silent'; onBuild?: (reason: 'missing' | 'stale') => void } = {},
): Promise<'missing' | 'stale' | null> {
  if (!(await webBuildNeeded())) return null;
  const release = await acquireLock();
  try {
    // another process may have built it while this one waited
    const reason = await webBuildNeeded();
    if (!reason) return null;
    options.onBuild?.(reason);
    await buildWebApp(options);
    return reason;
  } finally {
    await release();
  }
}
