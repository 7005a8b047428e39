// Moving an order to another time before the service starts: the hold stays, the carer keeps
// the job when free then, otherwise it goes back to matching; refused once the service started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorld } from '../testing/harness.js';
import type { Fixtures } from '../testing/fixtures.js';
import { setClockForTests } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';
import { expectRefused, nextWindow, serveOrder } from '../visits/test-support.js';
import { heldFen, orderingWorld } from './test-support.js';

setClockForTests(ORDINARY_MORNING);

const RESCHEDULE = `mutation($id: ID!, $start: DateTime!, $end: DateTime!, $reason: String!) {
  rescheduleOrder(orderId: $id, windowStart: $start, windowEnd: $end, reason: $reason) { id status windowStart windowEnd carer { id } } }`;

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  ({ world, fx } = await orderingWorld());
});
afterAll(() => world?.close());

const move = (id: number, w: { windowStart: string; windowEnd: string }, token = fx.tokens.recipientA, reason = '那天要去医院') =>
  world.gql(RESCHEDULE, { id: String(id), start: w.windowStart, end: w.windowEnd, reason }, token);
const events = (id: number) =>
  world.db
    .selectFrom('order_events')
    .select(['action', 'from_status', 'to_status', 'channel', 'reason', 'data'])
    .where('order_id', '=', id)
    .orderBy('id')
    .execute();

describe('rescheduling an order', () => {
  it('keeps the carer when they are free at the new time, and the hold as it was', async () => {
    const id = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
    const held = await heldFen(world, fx.recipientA);
    const later = nextWindow();
    const { rescheduleOrder } = (await move(id, later)).data!;
    expect(rescheduleOrder).toMatchObject({ status: 'ACCEPTED', carer: { id: String(fx.carerA) }, ...later });
    expect(await heldFen(world, fx.recipientA)).toBe(held);
    expect((await events(id)).at(-1)).toMatchObject({
      action: 'reschedule',
      from_status: 'accepted',
      to_status: 'accepted',
      channel: 'mini_program',
      reason: '那天要去医院',
      data: { to: later },
    });
  });

  it('sends the order back to matching when its carer has another job then', async () => {
    const busy = nextWindow();
    await serveOrder(world, fx, { until: 'accepted', window: busy });
    const id = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
    const held = await heldFen(world, fx.recipientA);
    const { rescheduleOrder } = (await move(id, busy, fx.tokens.hotline)).data!;
    expect(rescheduleOrder).toMatchObject({ status: 'ASSIGNED', carer: null, ...busy });
    expect(await heldFen(world, fx.recipientA)).toBe(held);
    expect((await events(id)).at(-1)).toMatchObject({ action: 'unassign', from_status: 'accepted', to_status: 'assigned', channel: 'hotline' });
    const job = await world.db
      .selectFrom('outbox')
      .select(['target', 'payload'])
      .where('name', '=', 'match-order')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ target: 'matching', payload: { orderId: id } });
    // and the carer taken off it is told
    const told = await world.db.selectFrom('messages').select('event').where('dedupe_key', 'like', `job_cancelled:${id}-%`).execute();
    expect(told).toEqual([{ event: 'job_cancelled' }]);
  });

  it('is refused once the service has started, for a time in the past, without a reason, and to others; nothing changes', async () => {
    const inService = await serveOrder(world, fx, { until: 'in_service', window: nextWindow() });
    const res = await expectRefused(world, 'CONFLICT', inService, () => move(inService, nextWindow()));
    expect(res.errors?.[0].extensions).toMatchObject({ reason: 'NOT_RESCHEDULABLE', status: 'in_service' });
    const id = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
    const past = { windowStart: '2027-05-01T01:00:00.000Z', windowEnd: '2027-05-01T02:00:00.000Z' };
    expect((await expectRefused(world, 'BAD_USER_INPUT', id, () => move(id, past))).errors?.[0].extensions?.reason).toBe('WINDOW_IN_PAST');
    await expectRefused(world, 'BAD_USER_INPUT', id, () => move(id, nextWindow(), fx.tokens.recipientA, '  '));
    expect((await move(id, nextWindow(), fx.tokens.recipientB)).errors?.[0].extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
    await expectRefused(world, 'FORBIDDEN', id, () => move(id, nextWindow(), fx.tokens.carerA));
    await expectRefused(world, 'FORBIDDEN', id, () => move(id, nextWindow(), fx.tokens.dispatcherA));
  });
});
