// Sign-in cannot be guessed (issue 13): limits per username and per client address, shared
// by every API instance through Redis, one signIn per request, the same answer for an unknown
// user and a wrong password, locks recorded and lifted by a county admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { hashPassword } from './passwords.js';
import { createTestWorld, openTestWorld, type GraphQLResponse, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';

const SIGN_IN = 'mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }';
const PASSWORD = 'right-password-1';
const WRONG = 'wrong-password-1';

let world: TestWorld;
let fx: Fixtures;
/** A second API instance on the same database and Redis prefix. */
let twin: TestWorld;
/** An instance of its own (another Redis prefix) with locks of 1 and 2 seconds. */
let quick: TestWorld;
/** An instance of its own behind a proxy at 127.0.0.1 (TRUST_PROXY). */
let proxied: TestWorld;

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  const shared = { url: world.databaseUrl, drop: async () => {} };
  [twin, quick, proxied] = await Promise.all([
    openTestWorld(shared, { REDIS_PREFIX: world.config.REDIS_PREFIX }),
    openTestWorld(shared, { SIGN_IN_LOCK_SECONDS: '1', SIGN_IN_MAX_LOCK_SECONDS: '2' }),
    openTestWorld(shared, { TRUST_PROXY: '127.0.0.1' }),
  ]);
});
afterAll(async () => {
  await Promise.all([twin?.close(), quick?.close(), proxied?.close()]);
  await world?.close();
});

let nextUser = 0;
/** A user of its own for one test (so that one test's locks do not meet another's). */
async function newUser(): Promise<{ id: number; username: string }> {
  const username = `guessed.${++nextUser}`;
  return world.db
    .insertInto('users')
    .values({ username, password_hash: await hashPassword(PASSWORD), display_name: username, role: 'finance' })
    .returning(['id', 'username'])
    .executeTakeFirstOrThrow();
}

let nextAddress = 0;
/** A client address of its own for one test (the limits per address are per test too). */
const newAddress = () => `198.51.100.${++nextAddress}`;

interface From {
  address?: string;
  forwardedFor?: string;
  token?: string;
}

/** Runs an operation on an instance as sent from a client address. */
async function send(on: TestWorld, query: string, variables: Record<string, unknown>, from: From = {}): Promise<GraphQLResponse> {
  const res = await on.app.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: from.address ?? '127.0.0.1',
    headers: {
      'content-type': 'application/json',
      ...(from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor } : {}),
      ...(from.token ? { authorization: `Bearer ${from.token}` } : {}),
    },
    payload: { query, variables },
  });
  return res.json();
}

const signIn = (on: TestWorld, username: string, password: string, from: From = {}) => send(on, SIGN_IN, { u: username, p: password }, from);
const codeOf = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.code ?? 'OK';
const sessionsOf = async (userId: number) =>
  Number(
    (
      await world.db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Five wrong passwords one after another (the default limit), each answered UNAUTHENTICATED. */
async function failFiveTimes(on: TestWorld, username: string, from: From = {}) {
  for (let i = 0; i < 5; i++) expect(codeOf(await signIn(on, username, WRONG, from))).toBe('UNAUTHENTICATED');
}

describe('per username', () => {
  it('refuses the right password after 25 wrong ones sent at once, and checks only 5 of them', async () => {
    const user = await newUser();
    const from = { address: newAddress() };
    const answers = await Promise.all(Array.from({ length: 25 }, () => signIn(world, user.username, WRONG, from)));
    const codes = answers.map(codeOf).sort();
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'SIGN_IN_LOCKED')).toHaveLength(20);

    const right = await signIn(world, user.username, PASSWORD, from);
    expect(codeOf(right)).toBe('SIGN_IN_LOCKED');
    expect(right.errors?.[0].extensions).toMatchObject({ reason: 'SIGN_IN_LOCKED', retryAfterSeconds: expect.any(Number) });
    expect(right.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(right.errors?.[0].extensions?.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(right.data).toBeNull();
    expect(await sessionsOf(user.id)).toBe(0);
  });

  it('answers a locked username the same whether the password is right or not, from any address', async () => {
    const user = await newUser();
    await failFiveTimes(world, user.username, { address: newAddress() });
    const wrong = await signIn(world, user.username, WRONG, { address: newAddress() });
    const right = await signIn(world, user.username, PASSWORD, { address: newAddress() });
    expect(codeOf(right)).toBe('SIGN_IN_LOCKED');
    expect(right.errors).toEqual(wrong.errors);
    expect(await sessionsOf(user.id)).toBe(0);
  });

  it('locks only that username: another signs in from the same address', async () => {
    const [locked, other] = [await newUser(), await newUser()];
    const from = { address: newAddress() };
    await failFiveTimes(world, locked.username, from);
    expect(codeOf(await signIn(world, locked.username, PASSWORD, from))).toBe('SIGN_IN_LOCKED');
    expect(codeOf(await signIn(world, other.username, PASSWORD, from))).toBe('OK');
  });

  it('forgets the failures of a sign-in that succeeds', async () => {
    const user = await newUser();
    const from = { address: newAddress() };
    for (let i = 0; i < 4; i++) await signIn(world, user.username, WRONG, from);
    expect(codeOf(await signIn(world, user.username, PASSWORD, from))).toBe('OK');
    await failFiveTimes(world, user.username, from);
  });

  it('lets the lock expire, and locks twice as long the next time, up to the longest lock', async () => {
    const user = await newUser();
    const from = { address: newAddress() };
    const waits: number[] = [];
    for (let round = 0; round < 3; round++) {
      await failFiveTimes(quick, user.username, from);
      const locked = await signIn(quick, user.username, PASSWORD, from);
      expect(codeOf(locked)).toBe('SIGN_IN_LOCKED');
      const seconds = Number(locked.errors?.[0].extensions?.retryAfterSeconds);
      waits.push(seconds);
      // Redis expires the lock on real time: wait it out
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 50));
    }
    expect(codeOf(await signIn(quick, user.username, PASSWORD, from))).toBe('OK');
    expect(waits).toEqual([1, 2, 2]);
  });
});

describe('the same answer for an unknown user and a wrong password', () => {
  it('refuses both with the same code and message, and locks an unknown username alike', async () => {
    const user = await newUser();
    const from = { address: newAddress() };
    const wrong = await signIn(world, user.username, WRONG, from);
    const unknown = await signIn(world, 'nobody.here', WRONG, from);
    expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    expect(unknown).toEqual(wrong);

    for (let i = 0; i < 4; i++) {
      await signIn(world, user.username, WRONG, from);
      await signIn(world, 'nobody.here', WRONG, from);
    }
    const lockedKnown = await signIn(world, user.username, PASSWORD, from);
    const lockedUnknown = await signIn(world, 'nobody.here', PASSWORD, from);
    expect(codeOf(lockedKnown)).toBe('SIGN_IN_LOCKED');
    expect(lockedUnknown).toEqual(lockedKnown);
  });

  it('refuses an inactive user with the right password as a wrong one', async () => {
    const user = await newUser();
    await world.db.updateTable('users').set({ active: false }).where('id', '=', user.id).execute();
    const inactive = await signIn(world, user.username, PASSWORD, { address: newAddress() });
    const unknown = await signIn(world, 'nobody.at.all', PASSWORD, { address: newAddress() });
    expect(codeOf(inactive)).toBe('UNAUTHENTICATED');
    expect(inactive).toEqual(unknown);
  });
});

describe('per client address', () => {
  it('locks an address that fails on many usernames, whichever username it tries next', async () => {
    const from = { address: newAddress() };
    // one password tried on twenty accounts (the default limit), known and unknown
    for (let i = 0; i < 20; i++) {
      expect(codeOf(await signIn(world, i % 2 ? `sprayed.${i}` : (await newUser()).username, WRONG, from))).toBe('UNAUTHENTICATED');
    }
    const fresh = await newUser();
    const refused = await signIn(world, fresh.username, PASSWORD, from);
    expect(codeOf(refused)).toBe('SIGN_IN_LOCKED');
    expect(Number(refused.errors?.[0].extensions?.retryAfterSeconds)).toBeGreaterThan(14 * 60);
    // the user is not locked: from elsewhere they sign in
    expect(codeOf(await signIn(world, fresh.username, PASSWORD, { address: newAddress() }))).toBe('OK');
    const row = await world.db.selectFrom('sign_in_locks').selectAll().where('kind', '=', 'address').where('address', '=', from.address).executeTakeFirst();
    expect(row).toMatchObject({ user_id: null, failures: 20 });
  });

  it('limits the sign-ins of one address to 60 a minute, right or wrong', async () => {
    const user = await newUser();
    const from = { address: newAddress() };
    for (let i = 0; i < 60; i++) expect(codeOf(await signIn(world, user.username, PASSWORD, from))).toBe('OK');
    expect(codeOf(await signIn(world, user.username, PASSWORD, from))).toBe('SIGN_IN_LOCKED');
    expect(codeOf(await signIn(world, user.username, PASSWORD, { address: newAddress() }))).toBe('OK');
  });

  it('takes the socket address when no proxy is trusted: X-Forwarded-For cannot spread the failures', async () => {
    const address = newAddress();
    for (let i = 0; i < 20; i++) await signIn(world, `spoofer.${i}`, WRONG, { address, forwardedFor: `203.0.113.${i}` });
    const user = await newUser();
    expect(codeOf(await signIn(world, user.username, PASSWORD, { address, forwardedFor: '203.0.113.200' }))).toBe('SIGN_IN_LOCKED');
  });

  it("takes the trusted proxy's X-Forwarded-For as the client's address", async () => {
    for (let i = 0; i < 20; i++) await signIn(proxied, `behind.${i}`, WRONG, { forwardedFor: '203.0.113.7' });
    const user = await newUser();
    expect(codeOf(await signIn(proxied, user.username, PASSWORD, { forwardedFor: '203.0.113.7' }))).toBe('SIGN_IN_LOCKED');
    expect(codeOf(await signIn(proxied, user.username, PASSWORD, { forwardedFor: '203.0.113.8' }))).toBe('OK');
    const row = await world.db
      .selectFrom('sign_in_locks')
      .select('address')
      .where('kind', '=', 'address')
      .where('address', '=', '203.0.113.7')
      .executeTakeFirst();
    expect(row).toBeDefined();
  });

  it('names trusted proxies by address or range only', () => {
    const config = (TRUST_PROXY?: string) => loadConfig({ NODE_ENV: 'test', TRUST_PROXY });
    expect(config().TRUST_PROXY).toBe(false);
    expect(config('10.0.0.0/8, loopback,::1').TRUST_PROXY).toBe('10.0.0.0/8,loopback,::1');
    expect(() => config('true')).toThrow(/TRUST_PROXY/);
    expect(() => config('2')).toThrow(/TRUST_PROXY/);
    expect(() => config('10.0.0.0/33')).toThrow(/TRUST_PROXY/);
  });
});

describe('one signIn per request', () => {
  const aliased = (n: number, password: string) =>
    `mutation($u: String!) { ${Array.from({ length: n }, (_, i) => `a${i}: signIn(username: $u, password: "${password}") { token }`).join(' ')} }`;

  it('refuses 100 aliased signIn before any runs: no session, no failure counted', async () => {
    const user = await newUser();
    const from = { address: newAddress() };
    for (const password of [PASSWORD, WRONG]) {
      const res = await send(world, aliased(100, password), { u: user.username }, from);
      expect(codeOf(res)).toBe('SIGN_IN_NOT_ALONE');
      expect(res.errors).toHaveLength(1);
      expect(res.data ?? null).toBeNull();
    }
    expect(await sessionsOf(user.id)).toBe(0);
    // none of the 200 wrong guesses was counted: the username still has its five
    await failFiveTimes(world, user.username, from);
  });

  it('refuses signIn beside another root field, in fragments too, and lets a lone one through', async () => {
    const user = await newUser();
    const from = { address: newAddress() };
    const vars = { u: user.username, p: PASSWORD };
    const refused = [
      'mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } signOut }',
      'mutation($u: String!, $p: String!) { ...Guess } fragment Guess on Mutation { a: signIn(username: $u, password: $p) { token } b: signIn(username: $u, password: $p) { token } }',
      'mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } ... on Mutation { signIn(username: $u, password: $p) { token } } }',
      'mutation($u: String!, $p: String!) { ...One ...One } fragment One on Mutation { signIn(username: $u, password: $p) { token } }',
    ];
    for (const query of refused) expect(codeOf(await send(world, query, vars, from))).toBe('SIGN_IN_NOT_ALONE');
    expect(await sessionsOf(user.id)).toBe(0);
    expect(codeOf(await send(world, 'mutation($u: String!, $p: String!) { __typename signIn(username: $u, password: $p) { token } }', vars, from))).toBe('OK');
  });

  it('takes no batch of operations in one request', async () => {
    const user = await newUser();
    const one = { query: SIGN_IN, variables: { u: user.username, p: PASSWORD } };
    const res = await world.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify([one, one]),
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(await sessionsOf(user.id)).toBe(0);
  });
});

describe('locks recorded, and lifted by a county admin', () => {
  const UNLOCK = 'mutation($id: ID!) { unlockUser(userId: $id) }';
  const LOCKS = `query($first: Int, $after: String, $userId: ID) {
    signInLocks(first: $first, after: $after, userId: $userId) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { id kind user { username } address failures lockedAt lockedUntil unlockedAt unlockedBy { username } } }
    }
  }`;

  it('records each lock, and lets an admin lift a user lock so the right password works at once', async () => {
    const user = await newUser();
    const from = { address: newAddress() };
    await failFiveTimes(world, user.username, from);
    expect(codeOf(await signIn(world, user.username, PASSWORD, from))).toBe('SIGN_IN_LOCKED');

    const before = await world.ok(LOCKS, { userId: String(user.id) }, fx.tokens.admin);
    expect(before.signInLocks.totalCount).toBe(1);
    const lock = before.signInLocks.edges[0].node;
    expect(lock).toMatchObject({ kind: 'USERNAME', user: { username: user.username }, address: from.address, failures: 5, unlockedAt: null, unlockedBy: null });
    expect(Date.parse(lock.lockedUntil) - Date.parse(lock.lockedAt)).toBe(60_000);

    expect((await world.ok(UNLOCK, { id: String(user.id) }, fx.tokens.admin)).unlockUser).toBe(true);
    expect(codeOf(await signIn(world, user.username, PASSWORD, from))).toBe('OK');
    const after = await world.ok(LOCKS, { userId: String(user.id) }, fx.tokens.admin);
    expect(after.signInLocks.edges[0].node).toMatchObject({ unlockedBy: { username: 'admin' }, unlockedAt: expect.any(String) });
    // nothing left to lift
    expect((await world.ok(UNLOCK, { id: String(user.id) }, fx.tokens.admin)).unlockUser).toBe(false);
  });

  it('lifts the doubling too: the next lock is a first lock again', async () => {
    const user = await newUser();
    const from = { address: newAddress() };
    await failFiveTimes(quick, user.username, from);
    expect(codeOf(await signIn(quick, user.username, PASSWORD, from))).toBe('SIGN_IN_LOCKED');
    await quick.ok(UNLOCK, { id: String(user.id) }, fx.tokens.admin);
    await failFiveTimes(quick, user.username, from);
    const again = await signIn(quick, user.username, PASSWORD, from);
    expect(again.errors?.[0].extensions?.retryAfterSeconds).toBe(1);
  });

  it('records a lock on a username nobody has without what was typed', async () => {
    const from = { address: newAddress() };
    for (let i = 0; i < 6; i++) await signIn(world, 'maybe.a.password', WRONG, from);
    const row = await world.db.selectFrom('sign_in_locks').selectAll().where('address', '=', from.address).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'username', user_id: null, failures: 5 });
    expect(JSON.stringify(row)).not.toContain('maybe.a.password');
  });

  it('pages the locks newest first', async () => {
    const first = await world.ok(LOCKS, { first: 2 }, fx.tokens.admin);
    expect(first.signInLocks.totalCount).toBeGreaterThan(2);
    expect(first.signInLocks.pageInfo.hasNextPage).toBe(true);
    const next = await world.ok(LOCKS, { first: 2, after: first.signInLocks.pageInfo.endCursor }, fx.tokens.admin);
    const ids = [...first.signInLocks.edges, ...next.signInLocks.edges].map((e: { node: { id: string } }) => Number(e.node.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(4);
  });

  it('refuses unlocking and the list to anyone but a county admin', async () => {
    const user = await newUser();
    for (const token of [fx.tokens.townshipA, fx.tokens.dispatcherA, fx.tokens.finance, fx.tokens.hotline]) {
      expect(await world.errorCode(UNLOCK, { id: String(user.id) }, token)).toBe('FORBIDDEN');
      expect(await world.errorCode(LOCKS, {}, token)).toBe('FORBIDDEN');
    }
    expect(await world.errorCode(UNLOCK, { id: String(user.id) })).toBe('UNAUTHENTICATED');
    expect(await world.errorCode(LOCKS, {})).toBe('UNAUTHENTICATED');
    expect(await world.errorCode(UNLOCK, { id: '99999999' }, fx.tokens.admin)).toBe('NOT_FOUND');
    expect(await world.errorCode(UNLOCK, { id: '012' }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
  });
});

describe('every instance sees the same limits', () => {
  it('refuses on one instance a username locked on the other, and an unlock on either lifts it for both', async () => {
    const user = await newUser();
    await failFiveTimes(world, user.username, { address: newAddress() });
    expect(codeOf(await signIn(twin, user.username, PASSWORD, { address: newAddress() }))).toBe('SIGN_IN_LOCKED');
    expect((await twin.ok('mutation($id: ID!) { unlockUser(userId: $id) }', { id: String(user.id) }, fx.tokens.admin)).unlockUser).toBe(true);
    expect(codeOf(await signIn(world, user.username, PASSWORD, { address: newAddress() }))).toBe('OK');
  });

  it('counts failures sent to both instances together', async () => {
    const user = await newUser();
    const from = { address: newAddress() };
    for (let i = 0; i < 5; i++) expect(codeOf(await signIn(i % 2 ? twin : world, user.username, WRONG, from))).toBe('UNAUTHENTICATED');
    expect(codeOf(await signIn(twin, user.username, PASSWORD, from))).toBe('SIGN_IN_LOCKED');
  });
});

describe('the queue board sign-in', () => {
  it('is held to the same limits', async () => {
    const user = await newUser();
    const from = { address: newAddress() };
    await failFiveTimes(world, user.username, from);
    const res = await world.app.inject({
      method: 'POST',
      url: '/admin/sign-in',
      remoteAddress: from.address,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username: user.username, password: PASSWORD }).toString(),
    });
    expect(res.statusCode).toBe(429);
    expect(res.body).toContain('登录失败次数太多');
  });
});
