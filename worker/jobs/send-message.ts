// Sends one message (issue 15): its row says whether it is still to send; the rules, the
// provider call and the outcome are server/messages/send-message.ts. A provider's refusal
// throws, for BullMQ to try again with backoff, until the message counts as failed.
import { SEND_MESSAGE_JOB } from '../../server/messages/queue-messages.js';
import { sendMessage, type SendOutcome } from '../../server/messages/send-message.js';
import { logSender } from '../../server/messages/senders.js';
import type { JobDefinition } from '../queues.js';

export const sendMessageJob: JobDefinition<{ messageId: number }, { outcome: SendOutcome }> = {
  name: SEND_MESSAGE_JOB,
  queue: 'maintenance',
  async run({ messageId }, { db, log }) {
    // no provider is configured yet: every message goes to the log (and the admins' list)
    const outcome = await sendMessage(db, logSender(log), messageId);
    return { outcome };
  },
};
