import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorld } from '../testing/harness.js';
import type { Fixtures } from '../testing/fixtures.js';
import { heldFen, orderingWorld } from '../orders/test-support.js';
import { boardTopic, carerTopic, orderTopic, recipientTopic, villageTopic } from '../orders/notices.js';
import { expectLedgerConsistent } from '../settlement/test-support.js';
import { setClockForTests } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';
import { closeForgottenVisits, flagLateVisits, markMissedVisits } from './missed-visits.js';
import { nextWindow, serveOrder } from './test-support.js';
import { jobNamed } from '../../worker/queues.js';

setClockForTests(ORDINARY_MORNING);

const GRACE = 15;
let world: TestWorld;
let fx: Fixtures;

beforeAll(async () => {
  ({ world, fx } = await orderingWorld());
});
afterAll(() => world?.close());

const order = (id: number) => world.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const events = (id: number) =>
  world.db.selectFrom('order_events').select(['action', 'from_status', 'to_status', 'channel', 'reason']).where('order_id', '=', id).orderBy('id').execute();
/** The outbox notices recorded for an order (delivered or not): their topics. */
const noticeTopics = async (id: number, after: number) =>
  (
    await world.db
      .selectFrom('outbox')
      .select('target')
      .where('kind', '=', 'notice')
      .where('id', '>', after)
      .where((eb) => eb(eb.ref('payload'), '@>', JSON.stringify({ orderId: id }) as never))
      .execute()
  )
    .map((r) => r.target)
    .sort();
const lastOutboxId = async () =>
  Number(
    (
      await world.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirstOrThrow()
    ).id ?? 0,
  );
/** The clock `minutes` after an instant. */
const clockAt = (instant: Date, minutes: number) => setClockForTests(instant.getTime() + minutes * 60_000);

describe('a visit nobody checks in for', () => {
  it('is late once the grace after the window start has passed: flagged once, the carer and the board told', async () => {
    const id = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
    const { window_start } = await order(id);
    clockAt(window_start, GRACE - 1);
    expect((await flagLateVisits(world.db, GRACE)).map((o) => o.id)).not.toContain(id);
    const before = await lastOutboxId();
    clockAt(window_start, GRACE + 1);
    const late = await flagLateVisits(world.db, GRACE);
    expect(late.map((o) => o.id)).toEqual([id]);
    const flagged = await order(id);
    expect(flagged.status).toBe('accepted');
    // when the sweep ran: the clock set to the grace plus a minute, and running on from there
    const foundAfter = flagged.late_at!.getTime() - (window_start.getTime() + (GRACE + 1) * 60_000);
    expect(foundAfter).toBeGreaterThanOrEqual(0);
    expect(foundAfter).toBeLessThan(10_000);
    expect((await events(id)).at(-1)).toEqual({ action: 'late', from_status: 'accepted', to_status: 'accepted', channel: 'system', reason: '' });
    expect(await noticeTopics(id, before)).toEqual(
      [boardTopic(fx.orgA), carerTopic(fx.carerA), orderTopic(id), recipientTopic(fx.recipientA), villageTopic(fx.villageA1)].sort(),
    );
    // once
    expect(await flagLateVisits(world.db, GRACE)).toEqual([]);
    expect((await events(id)).filter((e) => e.action === 'late')).toHaveLength(1);
    // still served: the carer checks in late, and the order is no longer awaiting its visit
    const { lateSince } = (await world.ok('query($id: ID!) { order(id: $id) { lateSince } }', { id: String(id) }, fx.tokens.dispatcherA)).order;
    expect(lateSince).toBe(flagged.late_at!.toISOString());
  });

  it('is missed once the grace after the window end has passed: the hold goes back through the ledger, everyone is told', async () => {
    const id = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
    const placed = await order(id);
    clockAt(placed.window_end, GRACE - 1);
    // (earlier tests' orders whose windows are over may be missed now, not this one)
    expect((await markMissedVisits(world.db, GRACE)).map((o) => o.id)).not.toContain(id);
    const heldBefore = await heldFen(world, fx.recipientA);
    const before = await lastOutboxId();
    clockAt(placed.window_end, GRACE + 1);
    const missed = await markMissedVisits(world.db, GRACE);
    expect(missed.map((o) => o.id)).toEqual([id]);
    expect(await order(id)).toMatchObject({ status: 'missed', carer_id: fx.carerA });
    expect((await events(id)).at(-1)).toMatchObject({ action: 'miss', from_status: 'accepted', to_status: 'missed', channel: 'system' });
    expect(await heldFen(world, fx.recipientA)).toBe(heldBefore - placed.amount_fen);
    const release = await world.db.selectFrom('ledger_transfers').selectAll().where('reference', '=', `release:order:${id}`).executeTakeFirstOrThrow();
    expect(release).toMatchObject({ kind: 'release', amount_fen: placed.amount_fen, order_id: id });
    expect(await noticeTopics(id, before)).toEqual(
      [boardTopic(fx.orgA), carerTopic(fx.carerA), orderTopic(id), recipientTopic(fx.recipientA), villageTopic(fx.villageA1)].sort(),
    );
    await expectLedgerConsistent(world.db);
    // once: nothing is released twice
    expect(await markMissedVisits(world.db, GRACE)).toEqual([]);
    expect(await heldFen(world, fx.recipientA)).toBe(heldBefore - placed.amount_fen);
    const { order: shown } = await world.ok('query($id: ID!) { order(id: $id) { status } }', { id: String(id) }, fx.tokens.recipientA);
    expect(shown.status).toBe('MISSED');
  });

  it('refuses a check-in or a cancellation on a missed order, changing nothing', async () => {
    const id = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
    const { window_end } = await order(id);
    clockAt(window_end, GRACE + 1);
    await markMissedVisits(world.db, GRACE);
    const before = { order: await order(id), events: await events(id) };
    const checkIn = await world.gql(
      'mutation($input: CheckInInput!) { checkIn(input: $input) { order { id } } }',
      { input: { orderId: String(id), latitude: 27.6, longitude: 115.3 } },
      fx.tokens.carerA,
    );
    expect(checkIn.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'missed', action: 'start' });
    const cancel = await world.gql('mutation($id: ID!) { cancelOrder(orderId: $id, reason: "不用了") { id } }', { id: String(id) }, fx.tokens.recipientA);
    expect(cancel.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect({ order: await order(id), events: await events(id) }).toEqual(before);
  });

  it('refuses a check-in on a cancelled order, changing nothing', async () => {
    const id = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
    await world.ok('mutation($id: ID!) { cancelOrder(orderId: $id, reason: "家里来人照顾了") { id } }', { id: String(id) }, fx.tokens.recipientA);
    clockAt((await order(id)).window_start, 1);
    const before = { order: await order(id), events: await events(id) };
    const checkIn = await world.gql(
      'mutation($input: CheckInInput!) { checkIn(input: $input) { order { id } } }',
      { input: { orderId: String(id), latitude: 27.6, longitude: 115.3 } },
      fx.tokens.carerA,
    );
    expect(checkIn.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'cancelled', action: 'start' });
    expect({ order: await order(id), events: await events(id) }).toEqual(before);
  });

  it('leaves alone what the carer has started or finished, and orders whose window has not passed', async () => {
    const completed = await serveOrder(world, fx, { until: 'completed', window: nextWindow() });
    const inService = await serveOrder(world, fx, { until: 'in_service', window: nextWindow() });
    const waiting = await serveOrder(world, fx, { until: 'accepted', window: nextWindow(3) });
    const { window_end } = await order(inService);
    clockAt(window_end, GRACE + 1);
    expect((await markMissedVisits(world.db, GRACE)).map((o) => o.id)).not.toEqual(expect.arrayContaining([inService, completed, waiting]));
    expect((await order(inService)).status).toBe('in_service');
    expect((await order(completed)).status).toBe('completed');
    // the three-hour window started more than the grace ago: late, not missed
    expect((await flagLateVisits(world.db, GRACE)).map((o) => o.id)).toContain(waiting);
    expect((await order(waiting)).status).toBe('accepted');
  });

  it('runs on the worker every minute, missed before late', async () => {
    const definition = jobNamed('sweep-missed-visits');
    expect(definition).toMatchObject({ queue: 'maintenance', schedule: { pattern: '0 * * * * *', tz: 'Asia/Shanghai' } });
    const id = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
    const { window_end } = await order(id);
    clockAt(window_end, GRACE + 1);
    const log = { info: () => {} } as never;
    const result = await definition!.run({}, { db: world.db, config: world.config, log } as never, {} as never);
    expect(result).toMatchObject({ missed: expect.any(Number), late: expect.any(Number) });
    expect((await order(id)).status).toBe('missed');
    // missed without ever being flagged late: one sweep saw it only after its end
    expect((await events(id)).map((e) => e.action)).not.toContain('late');
  });
});

describe('a visit never checked out', () => {
  const RATIO = 3;
  const RESOLVE = `mutation($id: ID!, $code: VisitResolutionCode!, $note: String!, $end: DateTime) {
    resolveVisitException(orderId: $id, code: $code, note: $note, correctedEnd: $end) {
      exceptionStatus countable manuallyCorrected checkedOutAt durationMinutes flags resolution { code } } }`;
  const visit = (id: number) => world.db.selectFrom('visits').selectAll().where('order_id', '=', id).executeTakeFirstOrThrow();
  const resolve = (id: number, code: string, end?: string) =>
    world.gql(RESOLVE, { id: String(id), code, note: '电话问过服务对象', end }, fx.tokens.dispatcherA);

  it('goes to the exception queue after the standard minutes times the maximum ratio, and frees the carer', async () => {
    const id = await serveOrder(world, fx, { until: 'in_service', window: nextWindow() });
    const { checked_in_at, standard_minutes } = await visit(id);
    clockAt(checked_in_at, standard_minutes * RATIO - 1);
    expect((await closeForgottenVisits(world.db, RATIO)).map((o) => o.id)).not.toContain(id);
    clockAt(checked_in_at, standard_minutes * RATIO + 1);
    expect((await closeForgottenVisits(world.db, RATIO)).map((o) => o.id)).toContain(id);
    expect((await order(id)).status).toBe('completed');
    expect(await visit(id)).toMatchObject({ exception_status: 'open', flags: ['not_checked_out'], countable: false, checked_out_at: null });
    expect((await events(id)).at(-1)).toMatchObject({ action: 'complete', from_status: 'in_service', to_status: 'completed', channel: 'system' });
    expect(await closeForgottenVisits(world.db, RATIO)).toEqual([]);
    // free for the next job: nothing of theirs is in service any more
    expect(await world.db.selectFrom('orders').select('id').where('carer_id', '=', fx.carerA).where('status', '=', 'in_service').execute()).toEqual([]);
  });

  it('is resolved with a corrected end (marked as manually corrected) or rejected; wrong corrections are refused', async () => {
    const corrected = await serveOrder(world, fx, { until: 'in_service', window: nextWindow() });
    const { checked_in_at, standard_minutes } = await visit(corrected);
    clockAt(checked_in_at, standard_minutes * RATIO + 1);
    await closeForgottenVisits(world.db, RATIO);
    const before = await visit(corrected);
    const at = (minutes: number) => new Date(checked_in_at.getTime() + minutes * 60_000).toISOString();
    for (const [code, end, field] of [
      ['CHECK_OUT_CORRECTED', undefined, 'correctedEnd'],
      ['VERIFIED_WITH_RECIPIENT', undefined, 'code'],
      ['VERIFIED_WITH_RECIPIENT', at(50), 'correctedEnd'],
      ['CHECK_OUT_CORRECTED', at(0.5), 'correctedEnd'],
      ['CHECK_OUT_CORRECTED', at(standard_minutes * RATIO + 60), 'correctedEnd'],
    ] as const) {
      const res = await resolve(corrected, code, end);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await visit(corrected)).toEqual(before);
    }
    const answer = await resolve(corrected, 'CHECK_OUT_CORRECTED', at(55));
    expect(answer.errors).toBeUndefined();
    const done = answer.data!.resolveVisitException;
    expect(done).toMatchObject({
      exceptionStatus: 'RESOLVED',
      countable: true,
      manuallyCorrected: true,
      checkedOutAt: at(55),
      durationMinutes: 55,
      flags: ['NOT_CHECKED_OUT'],
      resolution: { code: 'CHECK_OUT_CORRECTED' },
    });

    const rejected = await serveOrder(world, fx, { until: 'in_service', window: nextWindow() });
    const open = await visit(rejected);
    clockAt(open.checked_in_at, open.standard_minutes * RATIO + 1);
    await closeForgottenVisits(world.db, RATIO);
    expect((await resolve(rejected, 'NOT_DELIVERED')).data!.resolveVisitException).toMatchObject({
      exceptionStatus: 'RESOLVED',
      countable: false,
      manuallyCorrected: false,
      checkedOutAt: null,
    });
  });
});
