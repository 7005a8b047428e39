// The worker's send of one message (issue 15). At least once to the provider, never twice to
// the person: a message already sent, suppressed or failed is left alone, so a job run again
// sends nothing; a crash after the provider took it and before its status was written sends
// it again with the same key, which the provider's adapter passes on for the provider to drop
// the second. No transaction is open while the provider is called.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { now as clockNow } from '../platform/clock.js';
import { countyMidnight, countyToday } from '../platform/county-time.js';
import { recordEffects } from '../platform/outbox.js';
import { DEFAULT_DELIVERY_POLICY, deliveryDecision, type DeliveryPolicy } from './delivery-rules.js';
import { sendMessageEffect } from './queue-messages.js';
import { PermanentRefusal, type Sender } from './senders.js';
import { renderMessage, type MessageEvent, type MessageLanguage } from './templates.js';

/** Tries a provider gives before a message counts as failed (BullMQ retries with backoff in between). */
export const MAX_SEND_ATTEMPTS = 5;

export type SendOutcome = 'sent' | 'held' | 'suppressed' | 'already-done' | 'failed';

interface Addressee {
  address: string | null;
  channel: 'sms' | 'voice' | 'wechat';
  optedOut: boolean;
}

async function addresseeOf(db: Database, message: { recipient_id: number | null; user_id: number | null }): Promise<Addressee> {
  if (message.recipient_id !== null) {
    const row = await db
      .selectFrom('recipients as r')
      .leftJoin('message_preferences as p', 'p.recipient_id', 'r.id')
      .select(['r.phone', 'p.channel', 'p.opted_out', 'p.wechat_openid'])
      .where('r.id', '=', message.recipient_id)
      .executeTakeFirstOrThrow();
    const channel = (row.channel as Addressee['channel'] | null) ?? 'sms';
    // a WeChat message goes to the person's openid in the mini-program, the others to their phone
    return { address: channel === 'wechat' ? row.wechat_openid : row.phone, channel, optedOut: row.opted_out ?? false };
  }
  const user = await db.selectFrom('users').select(['phone', 'active']).where('id', '=', message.user_id!).executeTakeFirstOrThrow();
  // a deactivated account hears nothing more
  return { address: user.phone, channel: 'sms', optedOut: !user.active };
}

/** Non-urgent messages sent to the same person since the county day began. */
async function sentToday(db: Database, message: { id: number; recipient_id: number | null; user_id: number | null }, now: Date): Promise<number> {
  const dayStart = countyMidnight(countyToday(now));
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(message.recipient_id !== null ? sql<boolean>`recipient_id = ${message.recipient_id}` : sql<boolean>`user_id = ${message.user_id}`)
    .where('status', 'in', ['sent', 'delivered'])
    .where('urgent', '=', false)
    .where('sent_at', '>=', dayStart)
    .where('id', '<>', message.id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Sends message `messageId` if it is due and allowed, and records what happened. */
export async function sendMessage(db: Database, sender: Sender, messageId: number, policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY): Promise<SendOutcome> {
  const message = await db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  if (!message || !['queued', 'held'].includes(message.status)) return 'already-done';
  const now = clockNow();
  const to = await addresseeOf(db, message);
  if (!to.address) {
    await db.updateTable('messages').set({ status: 'suppressed', suppressed_reason: 'NO_ADDRESS' }).where('id', '=', messageId).execute();
    return 'suppressed';
  }
  const decision = deliveryDecision({ urgent: message.urgent }, { optedOut: to.optedOut, sentToday: await sentToday(db, message, now) }, now, policy);
  if (decision.kind === 'suppress') {
    await db.updateTable('messages').set({ status: 'suppressed', suppressed_reason: decision.reason }).where('id', '=', messageId).execute();
    return 'suppressed';
  }
  if (decision.kind === 'hold') {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('messages').set({ status: 'held', not_before: decision.until }).where('id', '=', messageId).execute();
      await recordEffects(trx, [sendMessageEffect(messageId, decision.until)]);
    });
    return 'held';
  }
  const params = message.params as Record<string, string | number>;
  const language = message.language as MessageLanguage;
  try {
    const handed = await sender.send({
      key: message.dedupe_key,
      channel: to.channel,
      address: to.address,
      event: message.event,
      params,
      text: renderMessage(message.event as MessageEvent, language, params),
    });
    await db
      .updateTable('messages')
      .set({
        status: 'sent',
        channel: handed.provider === 'log' ? 'log' : to.channel,
        provider: handed.provider,
        provider_message_id: handed.providerMessageId,
        provider_answer: JSON.stringify(handed.answer),
        sent_at: now,
        attempts: sql`attempts + 1`,
      })
      .where('id', '=', messageId)
      .where('status', 'in', ['queued', 'held'])
      .execute();
    return 'sent';
  } catch (err) {
    const refused = err instanceof PermanentRefusal;
    const answer = JSON.stringify({ error: String((err as Error).message ?? err).slice(0, 500), ...(refused ? { answer: err.answer } : {}) });
    const attempts = message.attempts + 1;
    // a refusal for good is not tried again: the same number, the same template, the same answer
    const failed = refused || attempts >= MAX_SEND_ATTEMPTS;
    await db
      .updateTable('messages')
      .set({ attempts, provider_answer: answer, ...(failed ? { status: 'failed', failed_at: now } : {}) })
      .where('id', '=', messageId)
      .execute();
    if (failed) return 'failed';
    throw err; // BullMQ tries again, with backoff
  }
}
