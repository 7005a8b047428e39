import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { hashPassword } from '../auth/passwords.js';
import { createEventBus, type EventBus } from '../platform/events.js';
import { boardTopic, orderTopic } from '../orders/notices.js';
import { prepareOrdering } from '../orders/test-support.js';
import { arrive, expectRefused, nextWindow, serveOrder } from './test-support.js';
import { nowMs, setClockForTests } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';

// a check-in is taken only around its window: each test's carer arrives (arrive() moves the
// clock to the window), from an ordinary morning on
setClockForTests(ORDINARY_MORNING);

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
const served = (until: 'accepted' | 'in_service' | 'completed' | 'confirmed' = 'accepted') => serveOrder(world, fx, { until, window: nextWindow() });

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
/** Checks in on arrival (the clock moved to the window's start, unless already past it). */
const checkIn = async (id: number, extra: Record<string, unknown> = {}, token = fx.tokens.carerA) => {
  await arrive(world, id);
  return world.gql(CHECK_IN, { input: { orderId: String(id), ...home, ...extra } }, token);
};
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

// a carer is in service on one job at a time: a visit a test left open is checked out after it
afterEach(async () => {
  const open = await world.db.selectFrom('orders').select('id').where('carer_id', '=', fx.carerA).where('status', '=', 'in_service').execute();
  for (const { id } of open) {
    await elapse(id, 30);
    expect((await checkOut(id)).errors).toBeUndefined();
  }
});

describe('checking in and out', () => {
  it('starts the service, records the visit, then completes it as a countable visit', async () => {
    const id = await served();
    await arrive(world, id, 2);
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
    const id = await served();
    await arrive(world, id, 10);
    expect((await checkIn(id, { at: minutesAgo(10) })).errors).toBeUndefined();
    await elapse(id, 60);
    const visit = (await world.ok(CHECK_OUT, { input: { orderId: String(id), ...home, workDone: '洗衣' } }, fx.tokens.carerA)).checkOut;
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

describe('when a check-in may be taken', () => {
  const PREVIEW = `query($input: CheckInInput!) { previewCheckIn(input: $input) { flags distanceMeters opensAt closesAt } }`;
  const preview = (id: number, extra: Record<string, unknown> = {}) =>
    world.gql(PREVIEW, { input: { orderId: String(id), ...home, ...extra } }, fx.tokens.carerA);
  const windowOf = (id: number) => world.db.selectFrom('orders').select(['window_start', 'window_end']).where('id', '=', id).executeTakeFirstOrThrow();
  /** The clock at `minutes` from an instant (forward only, as arrive()). */
  const clockAt = (instant: Date, minutes: number) => setClockForTests(instant.getTime() + minutes * 60_000);
  /** A check-in exactly as the carer's app sends it, without arriving first. */
  const sendCheckIn = (id: number) => world.gql(CHECK_IN, { input: { orderId: String(id), ...home } }, fx.tokens.carerA);

  it('refuses a check-in more than the tolerance before the window, and takes one within it', async () => {
    const id = await served();
    const { window_start } = await windowOf(id);
    clockAt(window_start, -31);
    const res = await refused('BAD_USER_INPUT', id, () => sendCheckIn(id));
    const earliest = new Date(window_start.getTime() - 30 * 60_000).toISOString();
    expect(res.errors![0].extensions).toMatchObject({ field: 'at', reason: 'CHECK_IN_TOO_EARLY', earliestAt: earliest });
    // the app asks first and gets the same refusal, with nothing written
    expect((await refused('BAD_USER_INPUT', id, () => preview(id))).errors![0].extensions).toMatchObject({ reason: 'CHECK_IN_TOO_EARLY' });
    clockAt(window_start, -29);
    expect((await sendCheckIn(id)).data!.checkIn).toMatchObject({ order: { status: 'IN_SERVICE' }, flags: [] });
  });

  it('refuses a check-in after the window and its grace, and takes one within the grace', async () => {
    const late = await served();
    const inGrace = await served();
    const { window_end: lateEnd } = await windowOf(late);
    const { window_end: graceEnd } = await windowOf(inGrace);
    clockAt(lateEnd, 16);
    const res = await refused('BAD_USER_INPUT', late, () => sendCheckIn(late));
    expect(res.errors![0].extensions).toMatchObject({
      field: 'at',
      reason: 'CHECK_IN_TOO_LATE',
      latestAt: new Date(lateEnd.getTime() + 15 * 60_000).toISOString(),
    });
    clockAt(graceEnd, 14);
    expect((await sendCheckIn(inGrace)).errors).toBeUndefined();
  });

  it('refuses a check-in while the carer is in service on another job', async () => {
    const first = await served();
    const second = await served();
    const { window_start } = await windowOf(second);
    // the first visit runs over into the second's window
    clockAt(window_start, -45);
    expect((await sendCheckIn(first)).errors).toBeUndefined();
    clockAt(window_start, 5);
    const res = await refused('CONFLICT', second, () => sendCheckIn(second));
    expect(res.errors![0].extensions).toMatchObject({ reason: 'IN_SERVICE_ELSEWHERE', orderId: first });
    expect(await world.errorCode(PREVIEW, { input: { orderId: String(second), ...home } }, fx.tokens.carerA)).toBe('CONFLICT');
    await elapse(first, 50);
    expect((await checkOut(first)).errors).toBeUndefined();
    expect((await sendCheckIn(second)).errors).toBeUndefined();
  });

  it('lets one of two check-ins sent at once through, for jobs back to back', async () => {
    const first = await served();
    const second = await served();
    const { window_start } = await windowOf(second);
    clockAt(window_start, -10);
    const answers = await Promise.all([sendCheckIn(first), sendCheckIn(second)]);
    const codes = answers.map((a) => a.errors?.[0].extensions?.code ?? 'ok').sort();
    expect(codes).toEqual(['CONFLICT', 'ok']);
    const inService = await world.db.selectFrom('orders').select('id').where('carer_id', '=', fx.carerA).where('status', '=', 'in_service').execute();
    expect(inService).toHaveLength(1);
    expect(await world.db.selectFrom('visits').select('order_id').where('order_id', 'in', [first, second]).execute()).toHaveLength(1);
  });

  it('refuses a check-out less than a minute after the check-in', async () => {
    const id = await served();
    await checkIn(id);
    const res = await refused('BAD_USER_INPUT', id, () => checkOut(id));
    expect(res.errors![0].extensions).toMatchObject({ field: 'at', reason: 'CHECK_OUT_TOO_SOON' });
    setClockForTests(nowMs() + 61_000);
    expect((await checkOut(id)).data!.checkOut).toMatchObject({ order: { status: 'COMPLETED' }, durationMinutes: 1 });
  });

  it('tells the app beforehand that a check-in far from the place will be flagged, and how far', async () => {
    const id = await served();
    await arrive(world, id);
    const { window_start, window_end } = await windowOf(id);
    expect((await world.ok(PREVIEW, { input: { orderId: String(id), ...north(900) } }, fx.tokens.carerA)).previewCheckIn).toEqual({
      flags: ['FAR_FROM_PLACE'],
      distanceMeters: 900,
      opensAt: new Date(window_start.getTime() - 30 * 60_000).toISOString(),
      closesAt: new Date(window_end.getTime() + 15 * 60_000).toISOString(),
    });
    expect((await world.ok(PREVIEW, { input: { orderId: String(id), ...home } }, fx.tokens.carerA)).previewCheckIn).toMatchObject({
      flags: [],
      distanceMeters: 0,
    });
    // a preview writes nothing, and answers only the job's own carer
    expect(await world.db.selectFrom('visits').select('order_id').where('order_id', '=', id).executeTakeFirst()).toBeUndefined();
    expect(await world.errorCode(PREVIEW, { input: { orderId: String(id), ...home } }, carerBToken)).toBe('FORBIDDEN');
    expect(await world.errorCode(PREVIEW, { input: { orderId: String(id), ...home } }, fx.tokens.dispatcherA)).toBe('FORBIDDEN');
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
    await elapse(id, 40);
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
