import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from '../testing/fixtures.js';

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
});
afterAll(() => world?.close());

const ME = '{ me { username role township { name } villages { name } organisation { name } recipient { name } } }';

describe('sign-in', () => {
  it('returns a token that identifies the user', async () => {
    const { me } = await world.ok(ME, {}, fx.tokens.gridA);
    expect(me.role).toBe('GRID_WORKER');
    expect(me.township.name).toBeTruthy();
    expect(me.villages).toHaveLength(1);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const wrong = await world.gql('mutation { signIn(username: "admin", password: "nope-nope-nope") { token } }');
    const unknown = await world.gql('mutation { signIn(username: "nobody", password: "nope-nope-nope") { token } }');
    expect(wrong.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknown.errors?.[0].message).toBe(wrong.errors?.[0].message);
  });

  it('stores only a slow hash of the password and a digest of the token', async () => {
    const user = await world.db.selectFrom('users').select('password_hash').where('username', '=', 'admin').executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const stored = await world.db.selectFrom('sessions').select('token_digest').execute();
    expect(stored.map((s) => s.token_digest)).not.toContain(fx.tokens.admin);
  });

  it('answers me with null without a token', async () => {
    expect((await world.ok(ME)).me).toBeNull();
  });

  it('refuses a malformed, unknown, expired or revoked token with UNAUTHENTICATED', async () => {
    expect(await world.errorCode(ME, {}, 'not-a-token')).toBe('UNAUTHENTICATED');
    const res = await world.app.inject({ method: 'POST', url: '/graphql', headers: { authorization: 'Basic abc' }, payload: { query: ME } });
    expect(res.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const token = await world.signIn('finance', FIXTURE_PASSWORD);
    await world.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where(
        'id',
        '=',
        world.db.selectFrom('sessions').select((eb) => eb.fn.max('id').as('id')),
      )
      .execute();
    const expired = await world.gql(ME, {}, token);
    expect(expired.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(expired.errors?.[0].message).toMatch(/expired/);

    const other = await world.signIn('finance', FIXTURE_PASSWORD);
    await world.ok('mutation { signOut }', {}, other);
    expect(await world.errorCode(ME, {}, other)).toBe('UNAUTHENTICATED');
  });

  it('refuses a deactivated user even with a live token', async () => {
    const token = await world.signIn('evaluator', FIXTURE_PASSWORD);
    await world.db.updateTable('users').set({ active: false }).where('username', '=', 'evaluator').execute();
    expect(await world.errorCode(ME, {}, token)).toBe('UNAUTHENTICATED');
    await world.db.updateTable('users').set({ active: true }).where('username', '=', 'evaluator').execute();
  });
});

describe('createUser', () => {
  const CREATE = 'mutation($input: CreateUserInput!) { createUser(input: $input) { username role villages { id } } }';
  const base = { password: 'long-enough-pw', displayName: '网格员小李' };

  it('lets a county admin create a grid worker for villages of one township', async () => {
    const { createUser } = await world.ok(
      CREATE,
      {
        input: {
          ...base,
          username: 'grid.li',
          role: 'GRID_WORKER',
          townshipId: String(fx.townshipA),
          villageIds: [String(fx.villageA1), String(fx.villageA2)],
        },
      },
      fx.tokens.admin,
    );
    expect(createUser.villages).toHaveLength(2);
    expect(await world.signIn('grid.li', 'long-enough-pw')).toBeTruthy();
  });

  it('refuses other roles, missing scope, a village of another township, a short password, a taken name', async () => {
    const input = { ...base, username: 'x.user', role: 'FINANCE' };
    expect(await world.errorCode(CREATE, { input }, fx.tokens.townshipA)).toBe('FORBIDDEN');
    expect(await world.errorCode(CREATE, { input: { ...input, role: 'DISPATCHER' } }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(CREATE, { input: { ...input, townshipId: String(fx.townshipA) } }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
    expect(
      await world.errorCode(
        CREATE,
        { input: { ...input, role: 'GRID_WORKER', townshipId: String(fx.townshipA), villageIds: [String(fx.villageB1)] } },
        fx.tokens.admin,
      ),
    ).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(CREATE, { input: { ...input, password: 'short' } }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(CREATE, { input: { ...input, username: 'admin' } }, fx.tokens.admin)).toBe('CONFLICT');
    const count = await world.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('username', '=', 'x.user')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });
});

describe('users', () => {
  const USERS = `query($first: Int, $after: String, $filter: UserFilter) {
    users(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { node { username role active lastSignedInAt } } }
  }`;
  type Page = {
    users: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: { username: string; role: string; active: boolean; lastSignedInAt: string | null } }[];
    };
  };
  const names = (page: Page) => page.users.edges.map((e) => e.node.username);

  it('lists every sign-in to a county admin, newest first, a page at a time', async () => {
    const all = await world.ok<Page>(USERS, { first: 100 }, fx.tokens.admin);
    const total = await world.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(all.users.totalCount).toBe(Number(total.n));
    const ids = await world.db.selectFrom('users').select('username').orderBy('id', 'desc').execute();
    expect(names(all)).toEqual(ids.map((u) => u.username));
    // signed in by the fixtures; never signed in since it was made
    expect(all.users.edges.find((e) => e.node.username === 'admin')?.node.lastSignedInAt).toBeTruthy();

    const first = await world.ok<Page>(USERS, { first: 3 }, fx.tokens.admin);
    const second = await world.ok<Page>(USERS, { first: 3, after: first.users.pageInfo.endCursor }, fx.tokens.admin);
    expect(first.users.pageInfo.hasNextPage).toBe(true);
    expect([...names(first), ...names(second)]).toEqual(names(all).slice(0, 6));
  });

  it('filters by role, by on or off, and by a part of the username or display name', async () => {
    const dispatchers = await world.ok<Page>(USERS, { filter: { role: 'DISPATCHER' } }, fx.tokens.admin);
    expect(names(dispatchers).sort()).toEqual(['dispatchera', 'dispatcherb']);
    expect(dispatchers.users.totalCount).toBe(2);

    await world.ok(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
      { input: { username: 'off.finance', password: 'long-enough-pw', displayName: '停用的财务_100%', role: 'FINANCE' } },
      fx.tokens.admin,
    );
    await world.db.updateTable('users').set({ active: false }).where('username', '=', 'off.finance').execute();
    expect(names(await world.ok<Page>(USERS, { filter: { active: false } }, fx.tokens.admin))).toEqual(['off.finance']);
    expect(names(await world.ok<Page>(USERS, { filter: { role: 'FINANCE', active: true } }, fx.tokens.admin))).toEqual(['finance']);

    expect(names(await world.ok<Page>(USERS, { filter: { search: 'DISPATCHERB' } }, fx.tokens.admin))).toEqual(['dispatcherb']);
    expect(names(await world.ok<Page>(USERS, { filter: { search: '停用' } }, fx.tokens.admin))).toEqual(['off.finance']);
    // % and _ are letters in a search, not patterns
    expect(names(await world.ok<Page>(USERS, { filter: { search: '_100%' } }, fx.tokens.admin))).toEqual(['off.finance']);
    expect(names(await world.ok<Page>(USERS, { filter: { search: '%' } }, fx.tokens.admin))).toEqual(['off.finance']);
  });

  it('is for county admins only', async () => {
    for (const token of [fx.tokens.finance, fx.tokens.dispatcherA, fx.tokens.townshipA, fx.tokens.recipientA]) {
      expect(await world.errorCode(USERS, {}, token)).toBe('FORBIDDEN');
    }
    expect(await world.errorCode(USERS)).toBe('UNAUTHENTICATED');
    expect(await world.errorCode(USERS, { first: 101 }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
  });
});

describe('refusals a person reads', () => {
  const CREATE = 'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }';
  const reasonOf = async (query: string, variables: Record<string, unknown>) => (await world.gql(query, variables, fx.tokens.admin)).errors?.[0].extensions;
  const base = { username: 'new.person', password: 'long-enough-pw', displayName: '新同事', role: 'HOTLINE_OPERATOR' };

  it('say what is wrong with a username or a password, at its field', async () => {
    expect(await reasonOf(CREATE, { input: { ...base, username: 'no spaces' } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'username',
      reason: 'USERNAME_INVALID',
    });
    expect(await reasonOf(CREATE, { input: { ...base, username: 'Admin' } })).toMatchObject({
      code: 'CONFLICT',
      field: 'username',
      reason: 'USERNAME_TAKEN',
      username: 'admin',
    });
    expect(await reasonOf(CREATE, { input: { ...base, password: 'short' } })).toMatchObject({ field: 'password', reason: 'PASSWORD_TOO_SHORT', minLength: 8 });
    expect(await reasonOf(CREATE, { input: { ...base, password: 'x'.repeat(201) } })).toMatchObject({
      field: 'password',
      reason: 'TEXT_TOO_LONG',
      maxLength: 200,
    });
    const { admin } = fx.tokens;
    const userId = (await world.ok('{ me { id } }', {}, admin)).me.id;
    const RESET = 'mutation($userId: ID!, $password: String!) { resetUserPassword(userId: $userId, password: $password) { id } }';
    expect(await reasonOf(RESET, { userId, password: 'short' })).toMatchObject({ field: 'password', reason: 'PASSWORD_TOO_SHORT' });
  });

  it('refuse a second sign-in for a carer or a recipient, also when access is changed to one', async () => {
    expect(await reasonOf(CREATE, { input: { ...base, role: 'CARER', carerId: String(fx.carerA) } })).toMatchObject({
      code: 'CONFLICT',
      field: 'carerId',
      reason: 'SIGN_IN_EXISTS',
    });
    expect(await reasonOf(CREATE, { input: { ...base, role: 'RECIPIENT', recipientId: String(fx.recipientA) } })).toMatchObject({
      field: 'recipientId',
      reason: 'SIGN_IN_EXISTS',
    });
    const { users } = await world.ok('{ users(filter: { role: HOTLINE_OPERATOR }) { edges { node { id } } } }', {}, fx.tokens.admin);
    const CHANGE = 'mutation($userId: ID!, $input: UserAccessInput!) { changeUserAccess(userId: $userId, input: $input) { role } }';
    const hotline = users.edges[0].node.id;
    expect(await reasonOf(CHANGE, { userId: hotline, input: { role: 'CARER', carerId: String(fx.carerA) } })).toMatchObject({ reason: 'SIGN_IN_EXISTS' });
    // the carer's own sign-in keeps its carer when its access is saved again
    const carerUser = await world.db.selectFrom('users').select('id').where('username', '=', 'carera').executeTakeFirstOrThrow();
    expect(
      (await world.ok(CHANGE, { userId: String(carerUser.id), input: { role: 'CARER', carerId: String(fx.carerA) } }, fx.tokens.admin)).changeUserAccess.role,
    ).toBe('CARER');
    // a carer without a sign-in gets one
    const created = await world.ok(CREATE, { input: { ...base, username: 'carer.b', role: 'CARER', carerId: String(fx.carerB) } }, fx.tokens.admin);
    expect(created.createUser.id).toBeTruthy();
  });
});
