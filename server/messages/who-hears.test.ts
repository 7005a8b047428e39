// Who is told what (issue 15, item 3), each written with the change that causes it: a late
// visit to the recipient and the organisation's dispatchers, a missed one likewise, its new
// time to the recipient, a finished one's confirmation request, a moved job to its carer,
// tomorrow's visits and jobs the evening before, an order unmatched for 30 minutes to the
// dispatchers, a complaint's answer to the recipient and an escalation to whoever the ticket
// now rests with. Each once, however often the sweep runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorld } from '../testing/harness.js';
import type { Fixtures } from '../testing/fixtures.js';
import { setClockForTests } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';
import { orderingWorld, PLACE_ORDER, itemId, windowAt } from '../orders/test-support.js';
import { flagLateVisits, markMissedVisits } from '../visits/missed-visits.js';
import { nextWindow, serveOrder } from '../visits/test-support.js';
import { remindOfTomorrow } from './reminders.js';
import { jobNamed } from '../../worker/queues.js';
import { renderMessage, type MessageEvent } from './templates.js';
import { sql } from 'kysely';
import { sqlNow } from '../platform/clock.js';
import { escalateOverdue } from '../complaints/escalation.js';
import { ANSWER, ticketAt } from '../complaints/test-support.js';
import { spokenTime } from './county-words.js';
import { addDays, countyMidnight, countyToday } from '../platform/county-time.js';

setClockForTests(ORDINARY_MORNING);

const GRACE = 15;
let world: TestWorld;
let fx: Fixtures;
let userIds: Record<string, number>;
beforeAll(async () => {
  ({ world, fx } = await orderingWorld());
  const users = await world.db.selectFrom('users').select(['id', 'username']).execute();
  userIds = Object.fromEntries(users.map((u) => [u.username, u.id]));
});
afterAll(() => world?.close());

/** The messages about an order (its id opens each key's subject), as [event, to] with their words. */
const messagesAbout = async (orderId: number) =>
  (
    await world.db
      .selectFrom('messages')
      .select(['event', 'recipient_id', 'user_id', 'params', 'event'])
      .where('dedupe_key', 'like', `%:${orderId}-%`)
      .orderBy('id')
      .execute()
  ).map((m) => ({
    event: m.event,
    to: m.recipient_id !== null ? `recipient ${m.recipient_id}` : `user ${m.user_id}`,
    text: renderMessage(m.event as MessageEvent, 'zh-CN', m.params as Record<string, string | number>),
  }));

const order = (id: number) => world.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const clockAt = (instant: Date, minutes: number) => setClockForTests(instant.getTime() + minutes * 60_000);
const job = (name: string) =>
  jobNamed(name)!.run({}, { db: world.db, config: world.config, log: { info: () => {} } } as never, { id: `t${Date.now()}` } as never);

describe('a visit nobody checks in for', () => {
  it('late: the recipient hears someone is on it, with the hotline; the dispatchers which carer has not come; once', async () => {
    const id = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
    const { window_start } = await order(id);
    const carer = await world.db.selectFrom('carers').select('name').where('id', '=', fx.carerA).executeTakeFirstOrThrow();
    const before = (await messagesAbout(id)).length;
    clockAt(window_start, GRACE + 1);
    await flagLateVisits(world.db, GRACE, { hotline: '0796-1234567' });
    await flagLateVisits(world.db, GRACE, { hotline: '0796-1234567' });
    const told = (await messagesAbout(id)).slice(before);
    expect(told).toEqual([
      { event: 'visit_late', to: `recipient ${fx.recipientA}`, text: `服务人员${carer.name}还没到，我们正在联系，请稍等。有事请打热线0796-1234567。` },
      {
        event: 'check_in_late',
        to: `user ${userIds.dispatchera}`,
        text: expect.stringMatching(new RegExp(`^服务人员${carer.name}已过.+还没签到（订单#${id}）。$`)),
      },
    ]);
  });

  it('missed: the recipient hears we are sorry and will come again; the dispatchers that it wants a new time; the new time reaches the recipient', async () => {
    const id = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
    const { window_end } = await order(id);
    const before = (await messagesAbout(id)).length;
    clockAt(window_end, GRACE + 1);
    await markMissedVisits(world.db, GRACE);
    await markMissedVisits(world.db, GRACE);
    expect((await messagesAbout(id)).slice(before)).toEqual([
      {
        event: 'visit_missed_sorry',
        to: `recipient ${fx.recipientA}`,
        text: expect.stringMatching(/^很抱歉，.+没能上门，会再给您约时间。有事请打热线12345。$/),
      },
      { event: 'visit_missed', to: `user ${userIds.dispatchera}`, text: `订单#${id}没有上门，请重新安排。` },
    ]);
    // made good: the recipient hears the new time
    const again = nextWindow();
    await world.ok(
      'mutation($id: ID!, $s: DateTime!, $e: DateTime!) { rebookMissedOrder(orderId: $id, windowStart: $s, windowEnd: $e, reason: "改天补上") { id } }',
      { id: String(id), s: again.windowStart, e: again.windowEnd },
      fx.tokens.dispatcherA,
    );
    expect((await messagesAbout(id)).map((m) => m.event)).toContain('visit_rebooked');
  });
});

describe('a served visit', () => {
  it('asks the recipient to confirm with the card code once the carer has checked out', async () => {
    const id = await serveOrder(world, fx, { until: 'completed', window: nextWindow() });
    const asked = (await messagesAbout(id)).filter((m) => m.event === 'confirm_request');
    expect(asked).toEqual([{ event: 'confirm_request', to: `recipient ${fx.recipientA}`, text: expect.stringContaining('服务卡上的确认码') }]);
  });
});

describe('a job moved to another time', () => {
  it('its carer, who keeps it, hears the new time', async () => {
    const id = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
    const later = nextWindow();
    await world.ok(
      'mutation($id: ID!, $s: DateTime!, $e: DateTime!) { rescheduleOrder(orderId: $id, windowStart: $s, windowEnd: $e, reason: "家里来客人") { id carer { id } } }',
      { id: String(id), s: later.windowStart, e: later.windowEnd },
      fx.tokens.recipientA,
    );
    expect((await order(id)).carer_id).toBe(fx.carerA);
    const moved = (await messagesAbout(id)).filter((m) => m.event === 'job_changed');
    expect(moved).toEqual([{ event: 'job_changed', to: `user ${userIds.carera}`, text: expect.stringMatching(/^服务时间改了：.+改到\d+月\d+日 周.+。$/) }]);
  });
});

describe('the evening before', () => {
  it("tells each recipient tomorrow's visit and each carer how many jobs and when the first starts; a second run tells nobody again", async () => {
    // two visits the same day, days after the other tests' visits
    const first = await serveOrder(world, fx, { until: 'accepted', window: windowAt(4, 15) });
    const second = await serveOrder(world, fx, { until: 'accepted', window: windowAt(4, 10) });
    const day = countyToday((await order(first)).window_start);
    // 18:00 the county day before
    const evening = new Date(countyMidnight(day).getTime() - 6 * 3600_000);
    expect(await remindOfTomorrow(world.db, evening)).toBeGreaterThan(0);
    expect(await remindOfTomorrow(world.db, evening)).toBe(0);
    for (const id of [first, second])
      expect((await messagesAbout(id)).filter((m) => m.event === 'visit_tomorrow')).toEqual([
        { event: 'visit_tomorrow', to: `recipient ${fx.recipientA}`, text: expect.stringMatching(/^提醒：明天\d+月\d+日 周.+上门为您.+。$/) },
      ]);
    // the carer's jobs that day: these two and any other of theirs still to come
    const held = await world.db
      .selectFrom('orders')
      .select(['window_start'])
      .where('carer_id', '=', fx.carerA)
      .where('status', 'in', ['dispatched', 'accepted'])
      .where('window_start', '>=', countyMidnight(day))
      .where('window_start', '<', countyMidnight(addDays(day, 1)))
      .orderBy('window_start')
      .execute();
    expect(held.length).toBeGreaterThanOrEqual(2);
    const jobs = await world.db.selectFrom('messages').select(['user_id', 'params']).where('event', '=', 'jobs_tomorrow').execute();
    expect(jobs).toEqual([{ user_id: userIds.carera, params: { count: held.length, time: spokenTime(held[0].window_start) } }]);
  });
});

describe('an order nobody takes', () => {
  it('is told to the county desk 30 minutes on when no organisation took it, once per round', async () => {
    // no worker runs here: the order waits, placed, with no organisation
    const { placeOrder } = await world.ok(
      PLACE_ORDER,
      { input: { serviceItemId: String(await itemId(world, 'laundry')), ...nextWindow() } },
      fx.tokens.recipientB,
    );
    const id = Number(placeOrder.id);
    const placed = await order(id);
    clockAt(placed.status_changed_at, 29);
    await job('sweep-unmatched-orders');
    expect(await messagesAbout(id)).toEqual([]);
    clockAt(placed.status_changed_at, 31);
    await job('sweep-unmatched-orders');
    await job('sweep-unmatched-orders');
    const told = await messagesAbout(id);
    expect(told.map((m) => m.to).sort()).toEqual([`user ${userIds.admin}`, `user ${userIds.hotline}`].sort());
    expect(told[0].text).toBe(`订单#${id}已等了31分钟还没派出。`);
  });
});

describe('a complaint ticket', () => {
  const aboutTicket = (id: number, event: string) =>
    world.db
      .selectFrom('messages')
      .select(['recipient_id', 'user_id', 'params'])
      .where('event', '=', event)
      .where('dedupe_key', 'like', `${event}:${id}-%`)
      .orderBy('id')
      .execute();

  it("escalated: first to the township station of an organisation late to verify, then to the county's desk, each once", async () => {
    const id = await ticketAt(world, fx, 'assigned');
    const late = () => sql`update complaints set due_at = ${sqlNow()} - interval '1 minute' where id = ${id}`.execute(world.db);
    await late();
    await escalateOverdue(world.db);
    await escalateOverdue(world.db);
    expect(await aboutTicket(id, 'complaint_escalated')).toEqual([{ recipient_id: null, user_id: userIds.townshipa, params: { complaint: id, level: 1 } }]);
    await late();
    await escalateOverdue(world.db);
    const told = await aboutTicket(id, 'complaint_escalated');
    expect(told.slice(1).map((m) => [m.user_id, m.params])).toEqual(
      [userIds.admin, userIds.hotline].sort((a, b) => a - b).map((userId) => [userId, { complaint: id, level: 2 }]),
    );
  });

  it('answered: the recipient it is about hears the answer, cut short when long', async () => {
    const id = await ticketAt(world, fx, 'answered');
    expect(await aboutTicket(id, 'complaint_answered')).toEqual([
      { recipient_id: fx.recipientA, user_id: null, params: { answer: 'We told the daughter what was found.' } },
    ]);
    const long = await ticketAt(world, fx, 'verified');
    await world.ok(ANSWER, { id: String(long), answer: '经核实，'.repeat(30) }, fx.tokens.hotline);
    const [message] = await aboutTicket(long, 'complaint_answered');
    expect(message.params).toEqual({ answer: `${'经核实，'.repeat(15)}…（全文请问热线）` });
  });
});
