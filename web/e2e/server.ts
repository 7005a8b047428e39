// A real Nuanxin for browser tests: the test file's own database with the demo county seeded,
// the real app listening on a random 127.0.0.1 port and serving web/dist (built first when
// stale), optionally the real worker in-process so orders get matched and dispatched.
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createTestDatabase, openTestWorld, type TestWorld } from '../../server/testing/harness.js';
import { DEMO_PASSWORD, seedDemo } from '../../server/seed/demo.js';
import { ensureWebApp } from '../../server/web/build.js';
import { startWorker, type RunningWorker } from '../../worker/worker.js';

export { DEMO_PASSWORD };

export interface WebServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** The test world: db, gql/ok/signIn against the same app, config. */
  world: TestWorld;
  worker: RunningWorker | null;
  /** A bearer token for a demo user, signed in through the API (for signedInPage). */
  token(username: string): Promise<string>;
  close(): Promise<void>;
}

export interface WebServerOptions {
  /** Run the worker in-process (matching, sweeps): orders placed in the browser get dispatched. */
  worker?: boolean;
  /** Seed the demo county (default true). */
  demo?: boolean;
  /** Extra environment for the app's config (e.g. { VISIT_MAX_DISTANCE_M: '2000' }). */
  env?: Partial<Record<string, string>>;
}

/** Builds web/dist if stale, then starts the app (and the worker) on a fresh database. Close it in afterAll. */
export async function startWebServer(options: WebServerOptions = {}): Promise<WebServer> {
  await ensureWebApp({ logLevel: 'error' });
  const world = await openTestWorld(await createTestDatabase(), options.env);
  let worker: RunningWorker | null = null;
  try {
    if (options.demo !== false) {
      const seeded = await seedDemo(world.db, world.config);
      if (!seeded.seeded) throw new Error(`demo county not seeded: ${seeded.reason}`);
    }
    await world.app.listen({ host: '127.0.0.1', port: 0 });
    if (options.worker) worker = await startWorker(world.config, { log: pino({ level: 'silent' }) });
  } catch (err) {
    await world.close();
    throw err;
  }
  const { port } = world.app.server.address() as AddressInfo;
  const tokens = new Map<string, string>();
  return {
    url: `http://127.0.0.1:${port}`,
    world,
    worker,
    async token(username) {
      if (!tokens.has(username)) tokens.set(username, await world.signIn(username, DEMO_PASSWORD));
      return tokens.get(username)!;
    },
    async close() {
      await worker?.close(5000);
      await world.close();
    },
  };
}
