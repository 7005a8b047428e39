import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { hashPassword } from '../auth/passwords.js';
import { createEventBus, type EventBus } from '../platform/events.js';
import { boardTopic, orderTopic } from '../orders/notices.js';
import { prepareOrdering } from '../orders/test-support.js';
import { expectRefused, nextSlot, serveOrder } from './test-support.js';
import { nowMs } from '../platform/clock.js';

let world: TestWorld;
let fx: Fixtures;
let carerBToken: string;
/** Village A1, where recipient A lives: the place of their orders, which have no coordinates of their own. */
let home: { latitude: number; longitude: number };

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  await world.db
    .insertInto('users')
    .values({ username: 'carerb', password_hash: await hashPassword(FIXTURE_PASSWORD), display_name: 'carerB', role: 'carer', carer_id: fx.carerB })
    .execute();
  carerBToken = await world.signIn('carerb', FIXTURE_PASSWORD);
  home = await world.db.selectFrom('regions').select(['latitude', 'longitude']).where('id', '=', fx.villageA1).executeTakeFirstOrThrow();
});
afterAll(() => world?.close());

/** An order of recipient A accepted by carer A (or further along), each in a slot of its own. */
const served = (until: 'accepted' | 'in_service' | 'completed' | 'confirmed' = 'accepted') => serveOrder(world, fx, { until, ...nextSlot() });

const VISIT = `serviceDate place { address latitude longitude } checkedInAt checkInReceivedAt
  checkInLocation { latitude longitude accuracyMeters } checkInDistanceMeters checkedOutAt checkOutReceivedAt
  checkOutLocation { latitude longitude accuracyMeters } checkOutDistanceMeters durationMinutes standardMinutes workDone
  flags exceptionStatus countable confirmedVia confirmedAt
  resolution { code note resolvedByName resolvedAt countsForSettlement }
  order { id status } carer { id } recipient { id } serviceItem { code }`;
const CHECK_IN = `mutation($input: CheckInInput!) { checkIn(input: $input) { ${VISIT} } }`;
const CHECK_OUT = `mutation($input: CheckOutInput!) { checkOut(input: $input) { ${VISIT} } }`;
const WORK_DONE = 'mutation($id: ID!, $w: String!) { recordWorkDone(orderId: $id, workDone: $w) { workDone } }';
const RESOLVE = `mutation($id: ID!, $code: VisitResolutionCode!, $note: String!) {
  resolveVisitException(orderId: $id, code: $code, note: $note) { ${VISIT} } }`;
const QUEUE = `query($org: ID, $status: VisitExceptionStatus, $first: Int, $after: String) {
  visitExceptions(organisationId: $org, status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { order { id } flags exceptionStatus } } } }`;

const minutesAgo = (m: number) => new Date(nowMs() - m * 60_000).toISOString();
/** A point `metres` north of home. */
const north = (metres: number) => ({ latitude: home.latitude + metres / 111_195, longitude: home.longitude });
const checkIn = (id: number, extra: Record<string, unknown> = {}, token = fx.tokens.carerA) =>
  world.gql(CHECK_IN, { input: { orderId: String(id), ...home, ...extra } }, token);
const checkOut = (id: number, extra: Record<string, unknown> = {}, token = fx.tokens.carerA) =>
  world.gql(CHECK_OUT, { input: { orderId: String(id), ...home, workDone: '洗衣、晾晒、叠好被褥', ...extra } }, token);

/** As if the carer had checked in `minutes` earlier (the API only takes readings of the last few minutes). */
async function elapse(orderId: number, minutes: number) {
  await world.db
    .updateTable('visits')
    .set({
      checked_in_at: sql`checked_in_at - make_interval(mins => ${minutes})`,
      check_in_received_at: sql`check_in_received_at - make_interval(mins => ${minutes})`,
    })
    .where('order_id', '=', orderId)
    .execute();
}

/** A visit checked in (with `checkInExtra`) and, `minutes` later, out at `where`, through the API. */
async function visited(minutes: number, where = home, checkInExtra: Record<string, unknown> = {}) {
  const id = await served();
  expect((await checkIn(id, checkInExtra)).errors).toBeUndefined();
  await elapse(id, minutes);
  const res = await checkOut(id, where);
  expect(res.errors).toBeUndefined();
  return { id, visit: res.data!.checkOut };
}

const refused = (code: string, orderId: number, attempt: Parameters<typeof expectRefused>[3]) => expectRefused(world, code, orderId, attempt);

describe('checking in and out', () => {
  it('starts the service, records the visit, then completes it as a countable visit', async () => {
    const id = await served();
    const at = minutesAgo(1);
    const { checkIn: visit } = (await checkIn(id, { at, accuracyMeters: 12.5 })).data!;
    expect(visit).toMatchObject({
      order: { id: String(id), status: 'IN_SERVICE' },
      carer: { id: String(fx.carerA) },
      recipient: { id: String(fx.recipientA) },
      serviceItem: { code: 'laundry' },
      place: { address: '家中', ...home },
      checkedInAt: at,
      checkInLocation: { ...home, accuracyMeters: 12.5 },
      checkInDistanceMeters: 0,
      checkedOutAt: null,
      checkOutLocation: null,
      standardMinutes: 60,
      flags: [],
      exceptionStatus: 'NONE',
      countable: false,
    });
    expect(Date.parse(visit.checkInReceivedAt)).toBeGreaterThan(Date.parse(at));
    const events = await world.db.selectFrom('order_events').select(['action', 'channel']).where('order_id', '=', id).orderBy('id').execute();
    expect(events.at(-1)).toEqual({ action: 'start', channel: 'carer_app' });

    await elapse(id, 55);
    // taken at the same clock time as the check-in was, before it moved back 55 minutes
    const out = (await checkOut(id, { ...north(120), at, workDone: '  洗衣、晾晒  ' })).data!.checkOut;
    expect(out).toMatchObject({
      order: { status: 'COMPLETED' },
      checkedOutAt: at,
      checkOutDistanceMeters: 120,
      durationMinutes: 55,
      workDone: '洗衣、晾晒',
      flags: [],
      exceptionStatus: 'NONE',
      countable: true,
      resolution: null,
      confirmedVia: null,
    });
  });

  it("measures from the order's own place when it has coordinates", async () => {
    const id = await served();
    const place = north(2000);
    await world.db
      .updateTable('orders')
      .set({ place_address: '女儿家', place_latitude: place.latitude, place_longitude: place.longitude })
      .where('id', '=', id)
      .execute();
    const visit = (await checkIn(id, place)).data!.checkIn;
    expect(visit).toMatchObject({ place: { address: '女儿家', ...place }, checkInDistanceMeters: 0, flags: [] });
  });

  it('flags a visit far from the place and too short, and puts it in the exception queue', async () => {
    const { id, visit } = await visited(10, north(800), north(600));
    expect(visit).toMatchObject({ checkInDistanceMeters: 600, checkOutDistanceMeters: 800, durationMinutes: 10 });
    expect(visit).toMatchObject({ flags: ['FAR_FROM_PLACE', 'TOO_SHORT'], exceptionStatus: 'OPEN', countable: false });
    const queue = (await world.ok(QUEUE, {}, fx.tokens.dispatcherA)).visitExceptions;
    expect(queue.edges.map((e: { node: { order: { id: string } } }) => e.node.order.id)).toContain(String(id));
  });

  it('flags a visit far too long', async () => {
    expect((await visited(181)).visit).toMatchObject({ durationMinutes: 181, flags: ['TOO_LONG'], exceptionStatus: 'OPEN' });
  });

  it('accepts a check-in sent late from offline with its own time, and flags it', async () => {
    const at = minutesAgo(10);
    const { visit } = await visited(60, home, { at });
    // elapse() moved both times of the check-in back alike: it still arrived ten minutes after it was taken
    expect(Date.parse(visit.checkInReceivedAt) - Date.parse(visit.checkedInAt)).toBeGreaterThan(9 * 60_000);
    expect(visit).toMatchObject({ flags: ['LATE_SUBMISSION'], exceptionStatus: 'OPEN', countable: false });
  });

  it('lets the carer correct what was done until the service is confirmed', async () => {
    const id = await served('completed');
    expect((await world.ok(WORK_DONE, { id: String(id), w: ' 洗衣，另帮忙晾晒被褥 ' }, fx.tokens.carerA)).recordWorkDone.workDone).toBe('洗衣，另帮忙晾晒被褥');
    await refused('BAD_USER_INPUT', id, () => world.gql(WORK_DONE, { id: String(id), w: '   ' }, fx.tokens.carerA));
    await refused('BAD_USER_INPUT', id, () => world.gql(WORK_DONE, { id: String(id), w: 'x'.repeat(2001) }, fx.tokens.carerA));
    await refused('FORBIDDEN', id, () => world.gql(WORK_DONE, { id: String(id), w: '我做的' }, carerBToken));
    const confirmed = await served('confirmed');
    await refused('CONFLICT', confirmed, () => world.gql(WORK_DONE, { id: String(confirmed), w: '补记' }, fx.tokens.carerA));
    const accepted = await served('accepted');
    await refused('CONFLICT', accepted, () => world.gql(WORK_DONE, { id: String(accepted), w: '还没开始' }, fx.tokens.carerA));
  });

  it('shows the visit on the order, for a whole page of orders at once', async () => {
    const { orders } = await world.ok(
      `{ orders(first: 50, filter: { status: [COMPLETED, IN_SERVICE, ACCEPTED] }) {
      edges { node { id status visit { exceptionStatus order { id } } rating { stars } } } } }`,
      {},
      fx.tokens.dispatcherA,
    );
    const nodes = orders.edges.map((e: { node: unknown }) => e.node) as { id: string; status: string; visit: { order: { id: string } } | null }[];
    expect(nodes.length).toBeGreaterThan(3);
    for (const n of nodes) {
      if (n.status === 'ACCEPTED') expect(n.visit).toBeNull();
      else expect(n.visit!.order.id).toBe(n.id);
    }
  });
});

describe('refused readings change nothing', () => {
  it('check-out before check-in, and a second check-in', async () => {
    const id = await served();
    await refused('CONFLICT', id, () => checkOut(id));
    expect((await checkIn(id)).errors).toBeUndefined();
    await refused('CONFLICT', id, () => checkIn(id));
  });

  it('a check-in or check-out by a carer whose job it is not', async () => {
    const id = await served();
    await refused('FORBIDDEN', id, () => checkIn(id, {}, carerBToken));
    await checkIn(id);
    await refused('FORBIDDEN', id, () => checkOut(id, {}, carerBToken));
  });

  it('other roles cannot check in at all', async () => {
    const id = await served();
    await refused('FORBIDDEN', id, () => checkIn(id, {}, fx.tokens.dispatcherA));
  });

  it('coordinates off the globe, or a negative accuracy', async () => {
    const id = await served();
    await refused('BAD_USER_INPUT', id, () => checkIn(id, { latitude: 90.5 }));
    await refused('BAD_USER_INPUT', id, () => checkIn(id, { longitude: -181 }));
    await refused('BAD_USER_INPUT', id, () => checkIn(id, { accuracyMeters: -3 }));
    await checkIn(id);
    await refused('BAD_USER_INPUT', id, () => checkOut(id, { latitude: -91 }));
  });

  it('a device time too old or in the future', async () => {
    const id = await served();
    await refused('BAD_USER_INPUT', id, () => checkIn(id, { at: minutesAgo(16) }));
    await refused('BAD_USER_INPUT', id, () => checkIn(id, { at: minutesAgo(-3) }));
    await checkIn(id);
    await refused('BAD_USER_INPUT', id, () => checkOut(id, { at: minutesAgo(16) }));
    await refused('BAD_USER_INPUT', id, () => checkOut(id, { at: minutesAgo(-3) }));
  });

  it('a check-out before its check-in, or without what was done', async () => {
    const id = await served();
    await checkIn(id);
    await refused('BAD_USER_INPUT', id, () => checkOut(id, { at: minutesAgo(5) }));
    await refused('BAD_USER_INPUT', id, () => checkOut(id, { workDone: ' \n ' }));
    await refused('BAD_USER_INPUT', id, () => checkOut(id, { workDone: '洗'.repeat(2001) }));
  });
});

describe('the exception queue', () => {
  let far: number;
  let short: number;
  beforeAll(async () => {
    far = (await visited(60, north(900))).id;
    short = (await visited(5)).id;
  });

  it("is the dispatcher's own organisation's, newest first, in pages", async () => {
    const first = (await world.ok(QUEUE, { first: 1 }, fx.tokens.dispatcherA)).visitExceptions;
    expect(first.edges.map((e: { node: { order: { id: string } } }) => e.node.order.id)).toEqual([String(short)]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (await world.ok(QUEUE, { first: 1, after: first.pageInfo.endCursor }, fx.tokens.dispatcherA)).visitExceptions;
    expect(next.edges[0].node.order.id).toBe(String(far));
    expect(next.totalCount).toBe(first.totalCount);

    expect((await world.ok(QUEUE, {}, fx.tokens.dispatcherB)).visitExceptions.totalCount).toBe(0);
    expect(await world.errorCode(QUEUE, { org: String(fx.orgA) }, fx.tokens.dispatcherB)).toBe('FORBIDDEN');
    expect(await world.errorCode(QUEUE, { status: 'NONE' }, fx.tokens.dispatcherA)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(QUEUE, {}, fx.tokens.carerA)).toBe('FORBIDDEN');
    const admin = (await world.ok(QUEUE, { org: String(fx.orgA) }, fx.tokens.admin)).visitExceptions;
    expect(admin.totalCount).toBe(first.totalCount);
    expect((await world.ok(QUEUE, { org: String(fx.orgB) }, fx.tokens.admin)).visitExceptions.totalCount).toBe(0);
  });

  it('is resolved with a code and a note: the code decides whether the visit counts', async () => {
    await refused('BAD_USER_INPUT', far, () => world.gql(RESOLVE, { id: String(far), code: 'GPS_INACCURATE', note: '  ' }, fx.tokens.dispatcherA));
    await refused('FORBIDDEN', far, () => world.gql(RESOLVE, { id: String(far), code: 'GPS_INACCURATE', note: '核实' }, fx.tokens.dispatcherB));
    const visit = (await world.ok(RESOLVE, { id: String(far), code: 'GPS_INACCURATE', note: '电话核实：定位漂移' }, fx.tokens.dispatcherA))
      .resolveVisitException;
    expect(visit).toMatchObject({
      exceptionStatus: 'RESOLVED',
      countable: true,
      flags: ['FAR_FROM_PLACE'],
      resolution: { code: 'GPS_INACCURATE', note: '电话核实：定位漂移', resolvedByName: 'dispatcherA', countsForSettlement: true },
    });
    await refused('CONFLICT', far, () => world.gql(RESOLVE, { id: String(far), code: 'NOT_DELIVERED', note: '改判' }, fx.tokens.admin));

    const byAdmin = (await world.ok(RESOLVE, { id: String(short), code: 'DURATION_NOT_JUSTIFIED', note: '时长不足' }, fx.tokens.admin)).resolveVisitException;
    expect(byAdmin).toMatchObject({ exceptionStatus: 'RESOLVED', countable: false, resolution: { resolvedByName: 'admin', countsForSettlement: false } });

    const resolved = (await world.ok(QUEUE, { status: 'RESOLVED' }, fx.tokens.dispatcherA)).visitExceptions;
    expect(resolved.edges.map((e: { node: { order: { id: string } } }) => e.node.order.id)).toEqual(expect.arrayContaining([String(far), String(short)]));
  });

  it('refuses to resolve a visit with no open exception', async () => {
    const clean = (await visited(60)).id;
    await refused('CONFLICT', clean, () => world.gql(RESOLVE, { id: String(clean), code: 'VERIFIED_WITH_RECIPIENT', note: '核实' }, fx.tokens.dispatcherA));
    const none = await served();
    await refused('NOT_FOUND', none, () => world.gql(RESOLVE, { id: String(none), code: 'VERIFIED_WITH_RECIPIENT', note: '核实' }, fx.tokens.dispatcherA));
  });
});

describe('live status', () => {
  let bus: EventBus;
  afterAll(() => bus?.close());

  it('publishes check-in and check-out to the order and the dispatcher board after commit', async () => {
    bus = createEventBus(world.config.REDIS_URL, world.config.REDIS_PREFIX);
    const id = await served();
    const seen: { topic: string; status: string }[] = [];
    const listen = (topic: string) =>
      new Promise<void>((ready) =>
        bus.emitter.on(
          bus.topic(topic),
          (msg, done) => {
            seen.push({ topic, status: (msg.payload as { status: string }).status });
            done();
          },
          ready,
        ),
      );
    await Promise.all([listen(orderTopic(id)), listen(boardTopic(fx.orgA))]);
    await checkIn(id);
    await checkOut(id);
    for (let i = 0; i < 100 && seen.length < 4; i++) await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(
      expect.arrayContaining([
        { topic: orderTopic(id), status: 'in_service' },
        { topic: boardTopic(fx.orgA), status: 'in_service' },
        { topic: orderTopic(id), status: 'completed' },
        { topic: boardTopic(fx.orgA), status: 'completed' },
      ]),
    );
  });
});
