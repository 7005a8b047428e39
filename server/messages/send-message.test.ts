// The send step against the real database, with a sender that records what it is handed:
// a message goes out once however often its job runs, waits for the morning at night, is not
// sent to someone who opted out or has no phone, stops at the daily cap, and counts as failed
// after the provider refused it MAX_SEND_ATTEMPTS times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { setClockForTests } from '../platform/clock.js';
import { DEFAULT_DELIVERY_POLICY } from './delivery-rules.js';
import { queueMessages, SEND_MESSAGE_JOB, type NewMessage } from './queue-messages.js';
import { MAX_SEND_ATTEMPTS, sendMessage } from './send-message.js';
import type { Outgoing, Sender } from './senders.js';

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  world = await createTestWorld({ OUTBOX_RELAY: 'false' });
  fx = await seedFixtures(world);
});
afterAll(() => world?.close());

/** A provider stand-in that keeps what it was handed, or refuses. */
function recordingSender(refuse = false): Sender & { handed: Outgoing[] } {
  const handed: Outgoing[] = [];
  return {
    handed,
    async send(message) {
      if (refuse) throw new Error('provider said no');
      handed.push(message);
      return { provider: 'stand-in', providerMessageId: `sm-${handed.length}`, answer: { code: 'OK' } };
    },
  };
}

let about = 0;
const taken = (recipientId: number, urgent = false): NewMessage => ({
  event: 'order_taken',
  to: { recipientId },
  about: `order-${++about}`,
  params: { item: '助浴', carer: '徐月娥', time: '12月2日 周三 上午' },
  urgent,
});
const queue = (...messages: NewMessage[]) => world.db.transaction().execute((trx) => queueMessages(trx, messages));
const messageRow = (id: number) => world.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('sending a message', () => {
  it('is recorded with its send job in the change’s transaction, once however often it is queued', async () => {
    const message = taken(fx.recipientA);
    const [id] = await queue(message);
    expect(await queue(message)).toEqual([]);
    const jobs = await sql<{ n: string }>`select count(*) as n from outbox where name = ${SEND_MESSAGE_JOB} and payload->>'messageId' = ${String(id)}`.execute(
      world.db,
    );
    expect(Number(jobs.rows[0].n)).toBe(1);
    expect(await messageRow(id)).toMatchObject({ status: 'queued', recipient_id: fx.recipientA, event: 'order_taken' });
  });

  it('goes to the provider once, with its key and the phone read when sending, however often the job runs', async () => {
    setClockForTests('2027-05-12T10:00:00+08:00');
    const [id] = await queue(taken(fx.recipientA));
    const sender = recordingSender();
    expect(await sendMessage(world.db, sender, id)).toBe('sent');
    expect(await sendMessage(world.db, sender, id)).toBe('already-done');
    const phone = (await world.db.selectFrom('recipients').select('phone').where('id', '=', fx.recipientA).executeTakeFirstOrThrow()).phone;
    expect(sender.handed).toEqual([
      expect.objectContaining({ channel: 'sms', address: phone, text: '您预约的助浴已有人接单：服务人员徐月娥，12月2日 周三 上午上门。' }),
    ]);
    expect(await messageRow(id)).toMatchObject({ status: 'sent', provider: 'stand-in', provider_message_id: 'sm-1', attempts: 1 });
  });

  it('waits for 07:00 at night, with a send job for then, unless it is urgent', async () => {
    setClockForTests('2027-05-12T22:30:00+08:00');
    const [quiet, urgent] = await queue(taken(fx.recipientA), taken(fx.recipientA, true));
    const sender = recordingSender();
    expect(await sendMessage(world.db, sender, quiet)).toBe('held');
    expect(await sendMessage(world.db, sender, urgent)).toBe('sent');
    expect((await messageRow(quiet)).not_before?.toISOString()).toBe(new Date('2027-05-13T07:00:00+08:00').toISOString());
    const later = await sql<{ options: { runAt: number } }>`select options from outbox where dedupe_key like ${`send-message-${quiet}-%`}`.execute(world.db);
    expect(later.rows.map((r) => r.options.runAt)).toEqual([Date.parse('2027-05-13T07:00:00+08:00')]);
    setClockForTests('2027-05-13T07:00:00+08:00');
    expect(await sendMessage(world.db, sender, quiet)).toBe('sent');
    expect(sender.handed).toHaveLength(2);
  });

  it('is not sent to someone who opted out, or who has no phone', async () => {
    setClockForTests('2027-05-14T10:00:00+08:00');
    await world.db.insertInto('message_preferences').values({ recipient_id: fx.recipientB, opted_out: true }).execute();
    const [optedOut] = await queue(taken(fx.recipientB, true));
    const sender = recordingSender();
    expect(await sendMessage(world.db, sender, optedOut)).toBe('suppressed');
    expect(await messageRow(optedOut)).toMatchObject({ status: 'suppressed', suppressed_reason: 'OPTED_OUT' });
    await world.db.deleteFrom('message_preferences').where('recipient_id', '=', fx.recipientB).execute();

    await world.db.updateTable('recipients').set({ phone: null }).where('id', '=', fx.recipientB).execute();
    const [noPhone] = await queue(taken(fx.recipientB));
    expect(await sendMessage(world.db, sender, noPhone)).toBe('suppressed');
    expect(await messageRow(noPhone)).toMatchObject({ suppressed_reason: 'NO_ADDRESS' });
    expect(sender.handed).toEqual([]);
  });

  it('stops at the daily cap, counting the county day', async () => {
    setClockForTests('2027-05-15T08:00:00+08:00');
    const sender = recordingSender();
    const ids = await queue(...Array.from({ length: DEFAULT_DELIVERY_POLICY.dailyCap + 1 }, () => taken(fx.recipientA)));
    const outcomes = [];
    for (const id of ids) outcomes.push(await sendMessage(world.db, sender, id));
    expect(outcomes).toEqual([...Array(DEFAULT_DELIVERY_POLICY.dailyCap).fill('sent'), 'suppressed']);
    expect(await messageRow(ids.at(-1)!)).toMatchObject({ suppressed_reason: 'DAILY_CAP' });
  });

  it('is tried again while the provider refuses it, then counted as failed', async () => {
    setClockForTests('2027-05-16T10:00:00+08:00');
    const [id] = await queue(taken(fx.recipientA));
    const refusing = recordingSender(true);
    for (let attempt = 1; attempt < MAX_SEND_ATTEMPTS; attempt++) await expect(sendMessage(world.db, refusing, id)).rejects.toThrow('provider said no');
    expect(await sendMessage(world.db, refusing, id)).toBe('failed');
    expect(await messageRow(id)).toMatchObject({ status: 'failed', attempts: MAX_SEND_ATTEMPTS, provider_answer: { error: 'provider said no' } });
  });
});

describe('the admins’ list of messages', () => {
  const LIST = `query($filter: MessageFilter) { messages(first: 50, filter: $filter) {
    totalCount edges { node { event text status channel suppressedReason attempts provider recipient { id } user { id } } } } }`;

  it('shows each message’s words and delivery, by recipient and status, to county admins only', async () => {
    const all = await world.ok(LIST, {}, fx.tokens.admin);
    expect(all.messages.totalCount).toBeGreaterThan(0);
    const suppressed = await world.ok(LIST, { filter: { recipientId: String(fx.recipientB), status: 'SUPPRESSED' } }, fx.tokens.admin);
    expect(suppressed.messages.edges.map((e: { node: { suppressedReason: string } }) => e.node.suppressedReason).sort()).toEqual(['NO_ADDRESS', 'OPTED_OUT']);
    expect(suppressed.messages.edges[0].node).toMatchObject({
      event: 'order_taken',
      recipient: { id: String(fx.recipientB) },
      user: null,
      text: expect.stringContaining('徐月娥'),
    });
    const sent = await world.ok(LIST, { filter: { recipientId: String(fx.recipientA), status: 'SENT' } }, fx.tokens.admin);
    expect(sent.messages.edges[0].node).toMatchObject({ status: 'SENT', channel: 'SMS', provider: 'stand-in', attempts: 1 });
    for (const who of ['hotline', 'townshipA', 'dispatcherA', 'recipientA'] as const) {
      const res = await world.gql(LIST, {}, fx.tokens[who]);
      expect(res.errors?.[0].extensions?.code, who).toBe('FORBIDDEN');
    }
  });
});
