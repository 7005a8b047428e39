// The server serves the built web app with an SPA fallback for the app's pages, never for the
// server's own paths; without a build it runs as the API alone. The build's brotli and gzip
// copies go to the browsers that take them.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApp } from './static.js';

let dist: string;
const html = { accept: 'text/html,application/xhtml+xml' };
const page = `<!doctype html><div id="root"></div>${'<!-- the app -->'.repeat(100)}`;
const script = `console.log(${JSON.stringify('the app '.repeat(200))})`;

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
  await writeFile(path.join(dist, 'index.html'), page);
  await writeFile(path.join(dist, 'assets', 'index-abc123.js'), script);
  await writeFile(path.join(dist, 'assets', 'index-abc123.js.br'), brotliCompressSync(script));
  await writeFile(path.join(dist, 'assets', 'index-abc123.js.gz'), gzipSync(script));
  await writeFile(path.join(dist, 'index.html.br'), brotliCompressSync(page));
  await writeFile(path.join(dist, 'index.html.gz'), gzipSync(page));
  await writeFile(path.join(dist, 'sw.js'), 'self.skipWaiting()');
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

  it('sends the brotli copy to a browser that takes it, else the gzip one, else the file itself', async () => {
    const app = await server(dist);
    const cases: [acceptEncoding: string | undefined, encoding: string | undefined, decode: (b: Buffer) => Buffer][] = [
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
      [undefined, undefined, (b) => b],
      ['identity', undefined, (b) => b],
    ];
    for (const [acceptEncoding, encoding, decode] of cases) {
      const headers = acceptEncoding ? { 'accept-encoding': acceptEncoding } : {};
      const asset = await app.inject({ url: '/assets/index-abc123.js', headers });
      expect(asset.statusCode, acceptEncoding).toBe(200);
      expect(asset.headers['content-encoding'], acceptEncoding).toBe(encoding);
      expect(asset.headers['content-type']).toMatch(/javascript/);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(asset.headers.vary).toMatch(/accept-encoding/i);
      expect(decode(asset.rawPayload).toString()).toBe(script);
      // the app's pages too, by the SPA fallback
      for (const url of ['/', '/carer']) {
        const res = await app.inject({ url, headers: { ...html, ...headers } });
        expect(res.headers['content-encoding'], `${url} ${acceptEncoding}`).toBe(encoding);
        expect(res.headers['content-type']).toMatch(/text\/html/);
        expect(res.headers['cache-control']).toBe('no-cache');
        expect(decode(res.rawPayload).toString()).toBe(page);
      }
    }
    await app.close();
  });

  it('has the service worker asked for every time', async () => {
    const app = await server(dist);
    const res = await app.inject({ url: '/sw.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
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
