// The server serves the built web app with an SPA fallback for the app's pages, never for the
// server's own paths; without a build it runs as the API alone.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApp } from './static.js';

let dist: string;
const html = { accept: 'text/html,application/xhtml+xml' };

async function server(distDir: string): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(webApp, { distDir });
  // routes registered after the plugin, as buildApp does
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/reports/:id', async () => ({ report: true }));
  await app.ready();
  return app;
}

beforeAll(async () => {
  dist = await mkdtemp(path.join(os.tmpdir(), 'nuanxin-web-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
});
afterAll(() => rm(dist, { recursive: true, force: true }));

describe('serving the web app', () => {
  it("serves index.html at / and for the app's pages, never cached", async () => {
    const app = await server(dist);
    for (const url of ['/', '/m', '/dispatch/orders/12', '/admin-console', '/sign-in?next=%2Fm']) {
      const res = await app.inject({ url, headers: html });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    await app.close();
  });

  it('serves hashed assets for a year', async () => {
    const app = await server(dist);
    const res = await app.inject({ url: '/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    await app.close();
  });

  it('answers 404, not the app, for server paths, missing files, other methods and non-browser requests', async () => {
    const app = await server(dist);
    const cases: { url: string; method?: 'GET' | 'POST'; accept?: string }[] = [
      { url: '/graphql/nothing' },
      { url: '/graphiql/x' },
      { url: '/admin/unknown' },
      { url: '/disclosure/x' },
      { url: '/settlements/1/statement.zip' },
      { url: '/reports/1/extra' },
      { url: '/assets/missing.js' },
      { url: '/m/logo.png' },
      { url: '/m', method: 'POST' },
      { url: '/m', accept: 'application/json' },
    ];
    for (const c of cases) {
      const res = await app.inject({ url: c.url, method: c.method ?? 'GET', headers: { accept: c.accept ?? html.accept } });
      expect(res.statusCode, `${c.method ?? 'GET'} ${c.url}`).toBe(404);
      expect(res.json()).toMatchObject({ error: 'Not Found' });
    }
    expect((await app.inject({ url: '/healthz', headers: html })).json()).toEqual({ status: 'ok' });
    await app.close();
  });

  it('runs as the API alone when the app is not built', async () => {
    const app = await server(path.join(dist, 'not-built'));
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/m', headers: html })).statusCode).toBe(404);
    await app.close();
  });
});
