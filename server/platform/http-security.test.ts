// Every answer carries the security headers, pages that need a policy of their own keep
// it, CORS answers only the origins it is told, and the admin cookie is HttpOnly and
// SameSite always, Secure over https (seen through a trusted proxy).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { FIXTURE_PASSWORD, seedFixtures } from '../testing/fixtures.js';
import { ADMIN_COOKIE } from '../admin/admin-session.js';
import { loadConfig } from '../config.js';

let world: TestWorld;
/** Behind a proxy, with one other origin allowed. */
let proxied: TestWorld;
const PORTAL = 'https://portal.example.gov.cn';

beforeAll(async () => {
  [world, proxied] = await Promise.all([createTestWorld(), createTestWorld({ CORS_ORIGINS: `${PORTAL}, http://127.0.0.1:5173`, TRUST_PROXY: 'loopback' })]);
  await Promise.all([seedFixtures(world), seedFixtures(proxied)]);
});
afterAll(() => Promise.all([world?.close(), proxied?.close()]));

/** The CSP of an answer, as a map of directive to its sources. */
const policy = (res: LightMyRequestResponse) =>
  Object.fromEntries(
    String(res.headers['content-security-policy'] ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name, sources]),
  );

const json = { 'content-type': 'application/json' };

describe('security headers', () => {
  const answers = () => ({
    'POST /graphql': world.app.inject({ method: 'POST', url: '/graphql', headers: json, payload: { query: '{ __typename }' } }),
    'GET /graphql': world.app.inject({ method: 'GET', url: '/graphql?query=%7B__typename%7D' }),
    'a GraphQL refusal': world.app.inject({ method: 'POST', url: '/graphql', headers: json, payload: '{"query": ' }),
    'GET /healthz': world.app.inject({ method: 'GET', url: '/healthz' }),
    'GET /readyz': world.app.inject({ method: 'GET', url: '/readyz' }),
    'a missing route': world.app.inject({ method: 'GET', url: '/no-such-route' }),
    'GET /disclosure': world.app.inject({ method: 'GET', url: '/disclosure' }),
    'GET /admin/sign-in': world.app.inject({ method: 'GET', url: '/admin/sign-in' }),
    'a statement without a token': world.app.inject({ method: 'GET', url: '/settlements/1/statement.csv' }),
    'GET /graphiql': world.app.inject({ method: 'GET', url: '/graphiql' }),
  });

  it('are on every answer: no framing, no sniffing, no referrer, HSTS, a CSP', async () => {
    for (const [name, pending] of Object.entries(answers())) {
      const res = await pending;
      expect(res.headers['x-content-type-options'], name).toBe('nosniff');
      expect(res.headers['x-frame-options'], name).toBe('DENY');
      expect(res.headers['referrer-policy'], name).toBe('no-referrer');
      expect(res.headers['strict-transport-security'], name).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
      expect(res.headers['permissions-policy'], name).toContain('geolocation=(self)');
      expect(policy(res)['frame-ancestors'], name).toEqual(["'none'"]);
      expect(policy(res)['script-src'] ?? policy(res)['default-src'], name).not.toContain("'unsafe-inline'");
    }
  });

  it("gives the web app's pages a policy of their own origin only, scripts without exception", async () => {
    const csp = policy(await world.app.inject({ method: 'GET', url: '/healthz' }));
    expect(csp).toMatchObject({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(Object.values(csp).flat().join(' ')).not.toMatch(/unsafe-eval|\*|https?:/);
  });

  it('keeps the stricter policies of the server-rendered pages, lets GraphiQL (development) load from unpkg only and the queue board set its base', async () => {
    const { 'GET /disclosure': disclosure, 'GET /admin/sign-in': signIn, 'GET /graphiql': graphiql } = answers();
    expect(policy(await disclosure)['default-src']).toEqual(["'none'"]);
    expect(policy(await signIn)['default-src']).toEqual(["'none'"]);
    const ide = policy(await graphiql);
    expect(ide['script-src']).toEqual(["'self'", 'https://unpkg.com']);
    expect(ide['connect-src']).toEqual(["'self'"]);
    // the queue board resolves its assets against a <base href> of its own
    const board = policy(await world.app.inject({ method: 'GET', url: '/admin/queues' }));
    expect(board).toMatchObject({ 'base-uri': ["'self'"], 'script-src': ["'self'"], 'frame-ancestors': ["'none'"] });
  });
});

describe('CORS', () => {
  const preflight = (app: TestWorld['app'], origin: string) =>
    app.inject({
      method: 'OPTIONS',
      url: '/graphql',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
  const fromOrigin = (app: TestWorld['app'], origin: string) =>
    app.inject({ method: 'POST', url: '/graphql', headers: { ...json, origin }, payload: { query: '{ __typename }' } });

  it('answers no other origin by default: same origin only', async () => {
    for (const origin of ['https://evil.example', PORTAL, 'null']) {
      const pre = await preflight(world.app, origin);
      expect(pre.headers['access-control-allow-origin'], origin).toBeUndefined();
      const res = await fromOrigin(world.app, origin);
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin'], origin).toBeUndefined();
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  it('answers the origins of CORS_ORIGINS, and only those, without credentials', async () => {
    const pre = await preflight(proxied.app, PORTAL);
    expect(pre.statusCode).toBe(204);
    expect(pre.headers).toMatchObject({ 'access-control-allow-origin': PORTAL, 'access-control-allow-methods': 'GET, HEAD, POST' });
    expect(pre.headers['access-control-allow-headers']).toContain('authorization');
    expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
    const res = await fromOrigin(proxied.app, PORTAL);
    expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(res.headers.vary).toContain('Origin');
    for (const origin of ['https://evil.example', `${PORTAL}.evil.example`, 'https://portal.example.gov.cn:8443', 'http://portal.example.gov.cn']) {
      expect((await preflight(proxied.app, origin)).headers['access-control-allow-origin'], origin).toBeUndefined();
      expect((await fromOrigin(proxied.app, origin)).headers['access-control-allow-origin'], origin).toBeUndefined();
    }
  });

  it('refuses a configured origin that is not an origin', () => {
    for (const value of ['portal.example.gov.cn', 'https://portal.example.gov.cn/path', '*', `${PORTAL}, null`]) {
      expect(() => loadConfig({ CORS_ORIGINS: value }), value).toThrow(/CORS_ORIGINS/);
    }
    expect(loadConfig({ CORS_ORIGINS: ` ${PORTAL} ,http://127.0.0.1:5173` }).CORS_ORIGINS).toEqual([PORTAL, 'http://127.0.0.1:5173']);
    expect(loadConfig({}).CORS_ORIGINS).toEqual([]);
  });
});

describe("the admin session's cookie", () => {
  const signIn = (app: TestWorld['app'], headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/admin/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams({ username: 'admin', password: FIXTURE_PASSWORD }).toString(),
    });
  const cookieOf = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === ADMIN_COOKIE);

  it('is HttpOnly and SameSite=Strict, only for /admin, and not Secure over plain http (development, tests)', async () => {
    const cookie = cookieOf(await signIn(world.app));
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
    expect(cookie?.secure).toBeUndefined();
  });

  it('is Secure over https through a trusted proxy, and clearing it is too', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    const res = await signIn(proxied.app, https);
    const cookie = cookieOf(res);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: true });
    const out = await proxied.app.inject({ method: 'POST', url: '/admin/sign-out', headers: https, cookies: { [ADMIN_COOKIE]: cookie!.value } });
    expect(cookieOf(out)).toMatchObject({ value: '', secure: true, sameSite: 'Strict', httpOnly: true });
  });

  it('ignores X-Forwarded-Proto from a client when no proxy is trusted', async () => {
    expect(cookieOf(await signIn(world.app, { 'x-forwarded-proto': 'https' }))?.secure).toBeUndefined();
  });
});
