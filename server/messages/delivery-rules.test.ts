import { describe, expect, it } from 'vitest';
import { countyMinute, DEFAULT_DELIVERY_POLICY, deliveryDecision, inQuietHours, quietHoursEnd } from './delivery-rules.js';

const at = (iso: string) => new Date(iso);
const person = { optedOut: false, sentToday: 0 };

describe('quiet hours, on the county clock', () => {
  it('reads the county minute of an instant whatever the server zone', () => {
    expect(countyMinute(at('2027-05-12T13:30:00Z'))).toBe(21 * 60 + 30);
    expect(countyMinute(at('2027-05-12T20:59:59+08:00'))).toBe(20 * 60 + 59);
    expect(countyMinute(at('2027-05-13T00:00:00+08:00'))).toBe(0);
  });

  it('span midnight: 21:00 is quiet, 06:59 too, 07:00 is not', () => {
    const minute = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
    expect(['20:59', '21:00', '23:59', '00:00', '06:59', '07:00'].map((t) => inQuietHours(minute(t), DEFAULT_DELIVERY_POLICY))).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(inQuietHours(minute('13:00'), { quietFrom: 12 * 60, quietUntil: 14 * 60 })).toBe(true);
    expect(inQuietHours(minute('14:00'), { quietFrom: 12 * 60, quietUntil: 14 * 60 })).toBe(false);
    expect(inQuietHours(minute('03:00'), { quietFrom: 0, quietUntil: 0 })).toBe(false);
  });

  it('end at the next 07:00, the same night or the next morning', () => {
    expect(quietHoursEnd(at('2027-05-12T22:15:30+08:00'), DEFAULT_DELIVERY_POLICY).toISOString()).toBe(at('2027-05-13T07:00:00+08:00').toISOString());
    expect(quietHoursEnd(at('2027-05-13T05:10:00+08:00'), DEFAULT_DELIVERY_POLICY).toISOString()).toBe(at('2027-05-13T07:00:00+08:00').toISOString());
  });
});

describe('what happens to a message', () => {
  it('goes out in the day', () => {
    expect(deliveryDecision({ urgent: false }, person, at('2027-05-12T10:00:00+08:00'))).toEqual({ kind: 'send' });
  });

  it('waits for the morning at night, unless urgent', () => {
    expect(deliveryDecision({ urgent: false }, person, at('2027-05-12T23:00:00+08:00'))).toEqual({ kind: 'hold', until: at('2027-05-13T07:00:00+08:00') });
    expect(deliveryDecision({ urgent: true }, person, at('2027-05-12T23:00:00+08:00'))).toEqual({ kind: 'send' });
  });

  it('stops at the daily cap, urgent ones excepted', () => {
    const busy = { optedOut: false, sentToday: DEFAULT_DELIVERY_POLICY.dailyCap };
    expect(deliveryDecision({ urgent: false }, { ...busy, sentToday: busy.sentToday - 1 }, at('2027-05-12T10:00:00+08:00'))).toEqual({ kind: 'send' });
    expect(deliveryDecision({ urgent: false }, busy, at('2027-05-12T10:00:00+08:00'))).toEqual({ kind: 'suppress', reason: 'DAILY_CAP' });
    expect(deliveryDecision({ urgent: true }, busy, at('2027-05-12T10:00:00+08:00'))).toEqual({ kind: 'send' });
  });

  it('is never sent to someone who opted out, urgent or not', () => {
    for (const urgent of [false, true]) {
      expect(deliveryDecision({ urgent }, { optedOut: true, sentToday: 0 }, at('2027-05-12T10:00:00+08:00'))).toEqual({
        kind: 'suppress',
        reason: 'OPTED_OUT',
      });
    }
  });
});
