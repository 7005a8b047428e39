// Who hands a message to a person: one sender per channel. A provider's adapter (SMS, WeChat,
// voice) sends through the provider's documented API; without provider credentials the log
// sender stands in, so the product runs anywhere (`npm start`) and every message is still
// recorded and visible to admins. A sender is given the message's key, and a provider's
// adapter passes it on so that a message sent twice (a retry after a crash) reaches the
// person once.
import type { Logger } from 'pino';

export interface Outgoing {
  /** The message's dedupe key: the same message, however often it is handed over. */
  key: string;
  channel: 'sms' | 'voice' | 'wechat';
  /** The addressee's phone (SMS, voice) or WeChat openid, read when sending, never stored with the message. */
  address: string;
  event: string;
  params: Record<string, string | number>;
  /** The sentence, for a log or a voice call. */
  text: string;
}

export interface Handed {
  provider: string;
  providerMessageId: string;
  /** What the provider answered, as it answered (kept for admins; masked in the trail). */
  answer: Record<string, unknown>;
}

export interface Sender {
  /** Hands the message over; throws PermanentRefusal when it can never be taken, any other error when another try may do. */
  send(message: Outgoing): Promise<Handed>;
}

/** The provider refused this message for good (a number it does not take, a template it has not approved): not tried again. */
export class PermanentRefusal extends Error {
  constructor(
    message: string,
    /** What the provider answered, kept with the message for admins. */
    readonly answer: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'PermanentRefusal';
  }
}

/**
 * One sender for every channel: each channel's provider when its settings are given, the log
 * sender for a channel without one (so a county that has SMS but no voice account yet still
 * has its voice messages recorded, and visible, rather than lost).
 */
export function channelSender(senders: Partial<Record<Outgoing['channel'], Sender>>, fallback: Sender): Sender {
  return {
    send: (message) => (senders[message.channel] ?? fallback).send(message),
  };
}

/**
 * Notes each message in the log instead of sending it: what it was and to whom by key, never
 * its address or its words (a carer's job names a home address). What it says is on the
 * admins' page of messages.
 */
export function logSender(log: Pick<Logger, 'info'>): Sender {
  return {
    async send(message) {
      log.info({ key: message.key, channel: message.channel, event: message.event }, 'message (log sender: no provider configured)');
      return { provider: 'log', providerMessageId: message.key, answer: { logged: true } };
    },
  };
}
