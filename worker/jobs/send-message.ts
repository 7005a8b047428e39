// Sends one message (issue 15): its row says whether it is still to send; the rules, the
// provider call and the outcome are server/messages/send-message.ts; the provider is the
// channel's as configured (server/messages/providers/configured.ts), else the log sender. A
// provider's failure throws, for BullMQ to try again with backoff, until the message counts as
// failed; a refusal for good fails it at once.
import { SEND_MESSAGE_JOB } from '../../server/messages/queue-messages.js';
import { sendMessage, type SendOutcome } from '../../server/messages/send-message.js';
import { configuredSender } from '../../server/messages/providers/configured.js';
import type { Sender } from '../../server/messages/senders.js';
import type { Config } from '../../server/config.js';
import type { JobDefinition } from '../queues.js';

// one sender per worker configuration: WeChat's access token is kept between messages
const senders = new WeakMap<Config, Sender>();

export const sendMessageJob: JobDefinition<{ messageId: number }, { outcome: SendOutcome }> = {
  name: SEND_MESSAGE_JOB,
  queue: 'maintenance',
  async run({ messageId }, { db, config, log }) {
    const sender = senders.get(config) ?? configuredSender(config, log);
    senders.set(config, sender);
    const outcome = await sendMessage(db, sender, messageId);
    return { outcome };
  },
};
