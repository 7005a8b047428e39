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
