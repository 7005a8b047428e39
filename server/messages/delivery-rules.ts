// Whether a message goes out now, later or not at all (issue 15): a person who opted out hears
// nothing more; no one is called or texted in their quiet hours (21:00 to 07:00 in the county
// by default) unless the message is urgent, which waits for nobody; and no one gets more than
// a few messages a day (urgent ones are not counted against it, and always go). Plain
// functions over what the sender reads, so the rules are tested without a clock or a provider.

/** Minutes after midnight, county time. */
type MinuteOfDay = number;

export interface DeliveryPolicy {
  /** When quiet hours start and end (they may span midnight). */
  quietFrom: MinuteOfDay;
  quietUntil: MinuteOfDay;
  /** Non-urgent messages a person may get in one county day. */
  dailyCap: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { quietFrom: 21 * 60, quietUntil: 7 * 60, dailyCap: 5 };

export type DeliveryDecision =
  | { kind: 'send' }
  /** Quiet hours: not before `until`. */
  | { kind: 'hold'; until: Date }
  | { kind: 'suppress'; reason: 'OPTED_OUT' | 'DAILY_CAP' };

// The county's clock is Asia/Shanghai, UTC+8 all year (no daylight saving).
const COUNTY_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The county's minute of the day at `at`. */
export function countyMinute(at: Date): MinuteOfDay {
  return Math.floor(((((at.getTime() + COUNTY_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
}

/** Whether `minute` falls in the quiet hours [from, until), which may span midnight. */
export function inQuietHours(minute: MinuteOfDay, policy: Pick<DeliveryPolicy, 'quietFrom' | 'quietUntil'>): boolean {
  const { quietFrom: from, quietUntil: until } = policy;
  if (from === until) return false;
  return from < until ? minute >= from && minute < until : minute >= from || minute < until;
}

/** The first instant after `at` when the quiet hours are over. */
export function quietHoursEnd(at: Date, policy: Pick<DeliveryPolicy, 'quietUntil'>): Date {
  const minute = countyMinute(at);
  const startOfMinute = at.getTime() - (at.getTime() % 60_000);
  let wait = policy.quietUntil - minute;
  if (wait <= 0) wait += 24 * 60;
  return new Date(startOfMinute + wait * 60_000);
}

export interface MessageToSend {
  urgent: boolean;
}

export interface Addressee {
  optedOut: boolean;
  /** Non-urgent messages already sent to them this county day. */
  sentToday: number;
}

/** What to do with `message` for `to` at `now`. */
export function deliveryDecision(message: MessageToSend, to: Addressee, now: Date, policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY): DeliveryDecision {
  if (to.optedOut) return { kind: 'suppress', reason: 'OPTED_OUT' };
  if (message.urgent) return { kind: 'send' };
  if (inQuietHours(countyMinute(now), policy)) return { kind: 'hold', until: quietHoursEnd(now, policy) };
  if (to.sentToday >= policy.dailyCap) return { kind: 'suppress', reason: 'DAILY_CAP' };
  return { kind: 'send' };
}
