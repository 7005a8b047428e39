import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { createJobs, matchJobId, PRIORITY, QUEUES } from '../platform/jobs.js';
import { ADMIN_COOKIE } from './admin-session.js';

let world: TestWorld;
let fx: Fixtures;

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
});
afterAll(() => world?.close());

const get = (url: string, token?: string) => world.app.inject({ method: 'GET', url, cookies: token ? { [ADMIN_COOKIE]: token } : {} });
const signInForm = (username: string, password: string) =>
  world.app.inject({
    method: 'POST',
    url: '/admin/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ username, password }).toString(),
  });
const liveSessions = async (username: string) =>
  Number(
    (
      await world.db
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('u.username', '=', username)
        .where('s.revoked_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the sign-in page', () => {
  it('is a form that posts username and password to /admin/sign-in', async () => {
    const res = await get('/admin/sign-in');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("form-action 'self'");
    expect(res.body).toContain('<form method="post" action="/admin/sign-in">');
    expect(res.body).toContain('name="username"');
    expect(res.body).toContain('name="password" type="password"');
  });

  it('refuses a wrong password with the form again, no cookie and no session', async () => {
    const before = await liveSessions('admin');
    const res = await signInForm('admin', 'wrong-password');
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('用户名或密码错误');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await liveSessions('admin')).toBe(before);
  });

  it('refuses a user who is not a county admin, and ends the session it had to open', async () => {
    const before = await liveSessions('finance');
    const res = await signInForm('finance', FIXTURE_PASSWORD);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('仅限县级管理员');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await liveSessions('finance')).toBe(before);
  });

  it('signs a county admin in: an HttpOnly, SameSite=Strict cookie for /admin, then the dashboard', async () => {
    const res = await signInForm('admin', FIXTURE_PASSWORD);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/queues');
    const cookie = res.cookies.find((c) => c.name === ADMIN_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
    expect(cookie.secure).toBeFalsy(); // plain http here; set when the request came over https
    expect(cookie.expires!.getTime()).toBeGreaterThan(Date.now());
    const board = await get('/admin/queues', cookie.value);
    expect(board.statusCode).toBe(200);
    expect(board.headers['content-type']).toMatch(/^text\/html/);
  });
});

describe('the dashboard', () => {
  it('sends a browser without a cookie to sign in, and answers its API 401', async () => {
    for (const url of ['/admin/queues', '/admin/queues/', '/admin/queues/queue/matching']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location).toBe('/admin/sign-in');
    }
    expect((await get('/admin/queues/api/queues')).statusCode).toBe(401);
    expect((await get('/admin/queues/api/queues', 'not-a-session')).statusCode).toBe(401);
  });

  it('refuses anyone signed in who is not a county admin', async () => {
    for (const who of ['finance', 'dispatcherA', 'evaluator', 'carerA'] as const) {
      const page = await get('/admin/queues', fx.tokens[who]);
      expect(page.statusCode, who).toBe(403);
      expect(page.body).toContain('无权');
      expect((await get('/admin/queues/api/queues', fx.tokens[who])).statusCode, who).toBe(403);
    }
  });

  it('refuses a bearer header: the dashboard reads only its cookie', async () => {
    const res = await world.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { authorization: `Bearer ${fx.tokens.admin}` } });
    expect(res.statusCode).toBe(401);
  });

  it('shows a county admin every queue, with its jobs', async () => {
    const page = await get('/admin/queues', fx.tokens.admin);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<base href="/admin/queues/" />');
    expect(page.body).toContain('暖心 · 任务队列');
    // nothing fetched from outside the county's server (Google Fonts is unreachable in China)
    expect(page.body).toContain('rel="stylesheet"');
    expect(page.body).not.toMatch(/(href|src)="https?:\/\//);
    const script = page.body.match(/src="(static\/js\/main[^"]+\.js)"/)?.[1];
    expect(script).toBeTruthy();
    expect((await get(`/admin/queues/${script}`, fx.tokens.admin)).statusCode).toBe(200);
    expect((await get(`/admin/queues/${script}`)).statusCode).toBe(303);

    const jobs = createJobs(world.redis, world.config.REDIS_PREFIX);
    try {
      await jobs.queue(QUEUES.matching).add('match-order', { orderId: 424242 }, { jobId: matchJobId(424242, 0), priority: PRIORITY.normal });
    } finally {
      await jobs.close();
    }
    const api = await get('/admin/queues/api/queues?activeQueue=matching&status=prioritized&page=1', fx.tokens.admin);
    expect(api.statusCode).toBe(200);
    const body = api.json() as { queues: { name: string; counts: Record<string, number>; jobs: { id: string }[] }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(Object.values(QUEUES).sort());
    const matching = body.queues.find((q) => q.name === QUEUES.matching)!;
    expect(matching.counts.prioritized).toBe(1); // matching jobs carry a priority
    expect(matching.jobs.map((j) => j.id)).toContain('match-order-424242-0');
  });

  it('signing out ends the session and clears the cookie', async () => {
    const token = await world.signIn('admin', FIXTURE_PASSWORD);
    expect((await get('/admin/queues/api/queues', token)).statusCode).toBe(200);
    const res = await world.app.inject({ method: 'POST', url: '/admin/sign-out', cookies: { [ADMIN_COOKIE]: token } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/sign-in');
    const cleared = res.cookies.find((c) => c.name === ADMIN_COOKIE)!;
    expect(cleared.value).toBe('');
    expect(cleared.expires!.getTime()).toBeLessThan(Date.now());
    expect((await get('/admin/queues/api/queues', token)).statusCode).toBe(401);
    expect((await get('/admin/queues', token)).statusCode).toBe(303);
  });
});
