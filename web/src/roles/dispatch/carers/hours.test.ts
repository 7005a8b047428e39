import { describe, expect, it } from 'vitest';
import { fitsHalfHours, shownSlots, toRanges, toSlots } from './hours.js';

describe('the week grid’s hours', () => {
  it('turns ranges into half-hour slots and back', () => {
    const hours = [
      { weekday: 1, startsAt: '08:30', endsAt: '12:00' },
      { weekday: 1, startsAt: '14:00', endsAt: '17:30' },
      { weekday: 6, startsAt: '09:00', endsAt: '12:00' },
    ];
    const slots = toSlots(hours);
    expect([...slots.get(1)!].sort((a, b) => a - b)).toEqual([17, 18, 19, 20, 21, 22, 23, 28, 29, 30, 31, 32, 33, 34]);
    expect(slots.get(2)!.size).toBe(0);
    expect(toRanges(slots)).toEqual(hours);
  });

  it('joins touching ranges, and runs a range to midnight until 23:59', () => {
    const slots = toSlots([
      { weekday: 3, startsAt: '08:00', endsAt: '12:00' },
      { weekday: 3, startsAt: '12:00', endsAt: '13:00' },
      { weekday: 7, startsAt: '20:00', endsAt: '23:59' },
    ]);
    expect(toRanges(slots)).toEqual([
      { weekday: 3, startsAt: '08:00', endsAt: '13:00' },
      { weekday: 7, startsAt: '20:00', endsAt: '23:59' },
    ]);
  });

  it('rounds hours off the half-hour outwards, and says so', () => {
    const hours = [{ weekday: 2, startsAt: '08:15', endsAt: '09:10' }];
    expect(fitsHalfHours(hours)).toBe(false);
    expect(fitsHalfHours([{ weekday: 2, startsAt: '08:00', endsAt: '23:59' }])).toBe(true);
    expect(toRanges(toSlots(hours))).toEqual([{ weekday: 2, startsAt: '08:00', endsAt: '09:30' }]);
  });

  it('shows 06:00 to 22:00, and whole hours around anything worked outside them', () => {
    expect(shownSlots(toSlots([]))).toEqual([12, 44]);
    expect(shownSlots(toSlots([{ weekday: 1, startsAt: '05:30', endsAt: '22:30' }]))).toEqual([10, 46]);
  });
});
