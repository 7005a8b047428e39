// A websocket lives as long as its session: signing out, expiry, deactivation, a new password
// or a change of access closes it on every API instance, and no event reaches a socket whose
// session has ended. Two instances share the database and Redis, as behind a load balancer.
import type { FastifyInstance } from 'fastify';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildApp } from '../app.js';
import { PLACE_ORDER, itemId, prepareOrdering, windowAt } from '../orders/test-support.js';
import { setClockForTests } from '../platform/clock.js';
import { createRedis } from '../platform/redis.js';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { createTestWorld, type GraphQLData, type TestWorld } from '../testing/harness.js';
import { ORDINARY_MORNING } from '../testing/instants.js';
import { CLOSE_ACCESS_CHANGED, CLOSE_FORBIDDEN, CLOSE_SESSION_ENDED } from './live-sessions.js';

setClockForTests(ORDINARY_MORNING);

let world: TestWorld;
let fx: Fixtures;
let second: FastifyInstance;
/** A third instance that never rereads sessions: what it knows comes from notices and the clock. */
let third: FastifyInstance;
let urlA: string;
let urlB: string;
let urlC: string;
const redisClients: ReturnType<typeof createRedis>[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  world = await createTestWorld({ SESSION_RECHECK_MS: '300' });
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  const instance = async (recheckMs: number) => {
    const redis = createRedis(world.config.REDIS_URL);
    redisClients.push(redis);
    return buildApp({ config: { ...world.config, SESSION_RECHECK_MS: recheckMs }, db: world.db, redis });
  };
  second = await instance(300);
  third = await instance(600_000);
  urlA = (await world.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
  urlB = (await second.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
  urlC = (await third.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await Promise.all([second?.close(), third?.close()]);
  for (const redis of redisClients) redis.disconnect();
  await world?.close();
});

interface Watched {
  events: GraphQLData[];
  closedWith: number | null;
  errors: unknown[];
}

/** Subscribes over a socket of its own and records what arrives and how the socket closed. */
async function watch(url: string, token: string, query: string): Promise<Watched> {
  const watched: Watched = { events: [], closedWith: null, errors: [] };
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => {
    connected = resolve;
  });
  const client = createClient({
    url: `${url}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
    on: {
      connected: () => connected(),
      closed: (event) => {
        watched.closedWith = (event as { code: number }).code;
      },
    },
  });
  clients.push(client);
  client.subscribe(
    { query },
    {
      next: (value) => watched.events.push(value.data as GraphQLData),
      error: (err) => watched.errors.push(err),
      complete: () => {},
    },
  );
  await ready;
  // the subscription is registered on the server
  await new Promise((r) => setTimeout(r, 200));
  return watched;
}

async function until(check: () => boolean, what: string, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const MY_ORDERS = 'subscription { myOrdersUpdated { id status } }';
const signInAgain = (username: string, password = FIXTURE_PASSWORD) => world.signIn(username, password);

/** An order for recipient A placed by the hotline: one notice on recipient A's topic. */
async function orderForRecipientA(day: number) {
  const { placeOrder } = await world.ok(
    PLACE_ORDER,
    { input: { recipientId: String(fx.recipientA), serviceItemId: String(await itemId(world, 'bathing')), callerPhone: '0796-1234567', ...windowAt(day, 9) } },
    fx.tokens.hotline,
  );
  return placeOrder.id as string;
}

describe('a socket ends with its session', () => {
  it('closes on every instance when its token signs out, and hears nothing after; the same user’s other session goes on', async () => {
    const token = await signInAgain('recipienta');
    const onB = await watch(urlB, token, MY_ORDERS);
    const onC = await watch(urlC, token, MY_ORDERS);
    const other = await watch(urlB, fx.tokens.recipientA, MY_ORDERS);
    await world.ok('mutation { signOut }', {}, token);
    await until(() => onB.closedWith !== null && onC.closedWith !== null, 'both sockets to close');
    expect([onB.closedWith, onC.closedWith]).toEqual([CLOSE_SESSION_ENDED, CLOSE_SESSION_ENDED]);
    const id = await orderForRecipientA(3);
    await until(() => other.events.length > 0, 'the other session to hear of the order');
    expect(other.events[0].myOrdersUpdated.id).toBe(id);
    expect([onB.events, onC.events]).toEqual([[], []]);
    expect(other.closedWith).toBeNull();
  });

  it('closes when the session expires, even on an instance that never rereads sessions, and sends it no event', async () => {
    const token = await signInAgain('recipienta');
    // a session about to expire (sessions run on real time, not the rules' clock)
    const newest = await world.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', await userIdOf('recipienta'))
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    await world.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() + 1500) })
      .where('id', '=', newest.id)
      .execute();
    const onC = await watch(urlC, token, MY_ORDERS);
    const onA = await watch(urlA, token, MY_ORDERS);
    await new Promise((r) => setTimeout(r, 1600));
    // instance C rereads nothing: the event is what finds the session over, and it is not sent
    await orderForRecipientA(4);
    await until(() => onC.closedWith !== null && onA.closedWith !== null, 'the sockets to close');
    expect([onC.closedWith, onA.closedWith]).toEqual([CLOSE_SESSION_ENDED, CLOSE_SESSION_ENDED]);
    expect([onC.events, onA.events]).toEqual([[], []]);
  });

  it('closes when the session is revoked with no notice (one lost), at the next reread', async () => {
    const token = await signInAgain('recipienta');
    const onB = await watch(urlB, token, MY_ORDERS);
    // what signOut writes, without the notice it sends
    const user = await userIdOf('recipienta');
    await world.db.updateTable('sessions').set({ revoked_at: new Date() }).where('revoked_at', 'is', null).where('user_id', '=', user).execute();
    await until(() => onB.closedWith !== null, 'the reread to close the socket');
    expect(onB.closedWith).toBe(CLOSE_SESSION_ENDED);
    fx.tokens.recipientA = await signInAgain('recipienta');
  });

  it('closes every socket of a user deactivated by an admin, whose tokens stop working; turned on again, they sign in again', async () => {
    const token = await signInAgain('carera');
    const jobs = await watch(urlC, token, 'subscription { myJobsUpdated { id } }');
    const carerUser = await userIdOf('carera');
    const off = await world.ok('mutation($id: ID!) { setUserActive(userId: $id, active: false) { id active } }', { id: String(carerUser) }, fx.tokens.admin);
    expect(off.setUserActive).toEqual({ id: String(carerUser), active: false });
    await until(() => jobs.closedWith !== null, 'the carer’s socket to close');
    expect(jobs.closedWith).toBe(CLOSE_SESSION_ENDED);
    expect(await world.errorCode('{ me { id } }', {}, token)).toBe('UNAUTHENTICATED');
    expect(await world.errorCode('mutation { signIn(username: "carera", password: "fixture-password") { token } }')).toBe('UNAUTHENTICATED');
    await world.ok('mutation($id: ID!) { setUserActive(userId: $id, active: true) { active } }', { id: String(carerUser) }, fx.tokens.admin);
    // the old sessions stay ended
    expect(await world.errorCode('{ me { id } }', {}, token)).toBe('UNAUTHENTICATED');
    fx.tokens.carerA = await signInAgain('carera');
    expect((await world.ok('{ me { username } }', {}, fx.tokens.carerA)).me.username).toBe('carera');
  });

  it('closes the sockets of a user given a new password, whose old tokens stop working', async () => {
    const token = await signInAgain('recipientb');
    const mine = await watch(urlA, token, MY_ORDERS);
    const id = String(await userIdOf('recipientb'));
    await world.ok('mutation($id: ID!) { resetUserPassword(userId: $id, password: "a-new-long-password-7") { id } }', { id }, fx.tokens.admin);
    await until(() => mine.closedWith !== null, 'the socket to close');
    expect(mine.closedWith).toBe(CLOSE_SESSION_ENDED);
    expect(await world.errorCode('{ me { id } }', {}, token)).toBe('UNAUTHENTICATED');
    expect(await world.errorCode('{ me { id } }', {}, fx.tokens.recipientB)).toBe('UNAUTHENTICATED');
    fx.tokens.recipientB = await signInAgain('recipientb', 'a-new-long-password-7');
  });

  it('has a user whose access changed connect again, with the same token and the new access', async () => {
    const token = await signInAgain('grida');
    const village = await watch(urlB, token, 'subscription { villageOrdersUpdated { id } }');
    const id = String(await userIdOf('grida'));
    const changed = await world.ok(
      'mutation($id: ID!, $input: UserAccessInput!) { changeUserAccess(userId: $id, input: $input) { role township { id } villages { id } } }',
      { id, input: { role: 'GRID_WORKER', townshipId: String(fx.townshipA), villageIds: [String(fx.villageA2)] } },
      fx.tokens.admin,
    );
    expect(changed.changeUserAccess).toEqual({ role: 'GRID_WORKER', township: { id: String(fx.townshipA) }, villages: [{ id: String(fx.villageA2) }] });
    await until(() => village.closedWith !== null, 'the socket to close');
    expect(village.closedWith).toBe(CLOSE_ACCESS_CHANGED);
    // the session is still good, read with its new scope
    expect((await world.ok('{ me { villages { id } } }', {}, token)).me.villages).toEqual([{ id: String(fx.villageA2) }]);
    const again = await watch(urlB, token, 'subscription { villageOrdersUpdated { id } }');
    expect(again.closedWith).toBeNull();
    await world.ok(
      'mutation($id: ID!, $input: UserAccessInput!) { changeUserAccess(userId: $id, input: $input) { id } }',
      { id, input: { role: 'GRID_WORKER', townshipId: String(fx.townshipA), villageIds: [String(fx.villageA1)] } },
      fx.tokens.admin,
    );
    await until(() => again.closedWith !== null, 'the socket to close again');
  });

  it('refuses a socket whose token has already signed out', async () => {
    const token = await signInAgain('recipienta');
    await world.ok('mutation { signOut }', {}, token);
    const closedWith = await new Promise<number>((resolve) => {
      const client = createClient({
        url: `${urlA}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => {},
        on: { closed: (event) => resolve((event as { code: number }).code) },
      });
      clients.push(client);
    });
    // as graphql-transport-ws says: the client knows it is signed out, and does not retry
    expect(closedWith).toBe(CLOSE_FORBIDDEN);
  });
});

describe('what admins may change of a sign-in', () => {
  const SET_ACTIVE = 'mutation($id: ID!, $active: Boolean!) { setUserActive(userId: $id, active: $active) { id } }';
  const CHANGE = 'mutation($id: ID!, $input: UserAccessInput!) { changeUserAccess(userId: $id, input: $input) { id } }';
  const RESET = 'mutation($id: ID!, $password: String!) { resetUserPassword(userId: $id, password: $password) { id } }';

  it('is for county admins only', async () => {
    const id = String(await userIdOf('hotline'));
    for (const token of [fx.tokens.hotline, fx.tokens.townshipA, fx.tokens.dispatcherA, fx.tokens.recipientA, fx.tokens.finance]) {
      expect(await world.errorCode(SET_ACTIVE, { id, active: false }, token)).toBe('FORBIDDEN');
      expect(await world.errorCode(CHANGE, { id, input: { role: 'EVALUATOR' } }, token)).toBe('FORBIDDEN');
      expect(await world.errorCode(RESET, { id, password: 'a-new-long-password-7' }, token)).toBe('FORBIDDEN');
    }
    expect(await world.errorCode(SET_ACTIVE, { id, active: false })).toBe('UNAUTHENTICATED');
  });

  it('refuses an admin turning off their own sign-in or changing their own role, an unknown user, a bad scope, a weak password', async () => {
    const self = String(await userIdOf('admin'));
    const own = await world.gql(SET_ACTIVE, { id: self, active: false }, fx.tokens.admin);
    expect(own.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'USER_SELF_DEACTIVATION' });
    const role = await world.gql(CHANGE, { id: self, input: { role: 'EVALUATOR' } }, fx.tokens.admin);
    expect(role.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'USER_SELF_ROLE_CHANGE' });
    expect(await world.errorCode(SET_ACTIVE, { id: '999999', active: false }, fx.tokens.admin)).toBe('NOT_FOUND');
    const hotline = String(await userIdOf('hotline'));
    const noVillages = await world.gql(CHANGE, { id: hotline, input: { role: 'GRID_WORKER', townshipId: String(fx.townshipA) } }, fx.tokens.admin);
    expect(noVillages.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'villageIds' });
    const stray = await world.gql(CHANGE, { id: hotline, input: { role: 'EVALUATOR', organisationId: String(fx.orgA) } }, fx.tokens.admin);
    expect(stray.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'organisationId' });
    const weak = await world.gql(RESET, { id: hotline, password: '123' }, fx.tokens.admin);
    expect(weak.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    // nothing was changed by the refusals
    const user = await world.db.selectFrom('users').select(['role', 'active']).where('id', '=', Number(hotline)).executeTakeFirstOrThrow();
    expect(user).toEqual({ role: 'hotline_operator', active: true });
    expect((await world.ok('{ me { role } }', {}, fx.tokens.hotline)).me.role).toBe('HOTLINE_OPERATOR');
  });
});

async function userIdOf(username: string): Promise<number> {
  return (await world.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}
