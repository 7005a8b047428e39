// Messages are written in the transaction of the change that causes them (issue 15): a row
// per message and addressee, and a send job for it in the outbox, so a change and what it
// tells people commit together or not at all. The same message queued twice (a retried
// mutation, a job run again) is one row: its dedupe key names what it is about and whom.
import type { Database } from '../db/database.js';
import { QUEUES } from '../platform/jobs.js';
import { recordEffects, type JobEffect } from '../platform/outbox.js';
import type { MessageEvent } from './templates.js';

export const SEND_MESSAGE_JOB = 'send-message';

export interface NewMessage {
  event: MessageEvent;
  to: { recipientId: number } | { userId: number };
  /** What the message is about, unique for the event (an order's id and round, a complaint's level…). */
  about: string;
  params: Record<string, string | number>;
  urgent?: boolean;
}

export const dedupeKeyOf = (m: Pick<NewMessage, 'event' | 'to' | 'about'>) =>
  `${m.event}:${m.about}:${'recipientId' in m.to ? `r${m.to.recipientId}` : `u${m.to.userId}`}`;

/** The send job of a message (runAt: after quiet hours). */
export function sendMessageEffect(messageId: number, runAt?: Date): JobEffect {
  return {
    kind: 'job',
    queue: QUEUES.maintenance,
    name: SEND_MESSAGE_JOB,
    data: { messageId },
    jobId: `${SEND_MESSAGE_JOB}-${messageId}${runAt ? `-${runAt.getTime()}` : ''}`,
    runAt,
  };
}

/** Records `messages` and their send jobs in the caller's transaction; the ids of those new. */
export async function queueMessages(trx: Database, messages: readonly NewMessage[]): Promise<number[]> {
  if (!messages.length) return [];
  const rows = await trx
    .insertInto('messages')
    .values(
      messages.map((m) => ({
        event: m.event,
        dedupe_key: dedupeKeyOf(m),
        recipient_id: 'recipientId' in m.to ? m.to.recipientId : null,
        user_id: 'userId' in m.to ? m.to.userId : null,
        // a recipient's preferred channel is read when sending; staff get SMS
        channel: 'sms',
        params: JSON.stringify(m.params),
        urgent: m.urgent ?? false,
      })),
    )
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .execute();
  const ids = rows.map((r) => Number(r.id));
  await recordEffects(
    trx,
    ids.map((id) => sendMessageEffect(id)),
  );
  return ids;
}
