import { describe, expect, it } from 'vitest';
import {
  checkInTimeProblem,
  checkOutTimeProblem,
  CLOCK_TOLERANCE_MS,
  countsForSettlement,
  deviceTimeProblem,
  durationFlags,
  firstPoint,
  haversineMetres,
  isLateSubmission,
  locationProblem,
  mergeFlags,
  readingFlags,
  wholeMinutes,
  workDoneProblem,
  type VisitBounds,
} from './visit-rules.js';

const bounds: VisitBounds = { maxDistanceM: 500, minDurationRatio: 0.5, maxDurationRatio: 3, backdateMinutes: 15, earlyMinutes: 30, graceMinutes: 15 };
const minute = 60_000;

describe('haversineMetres', () => {
  it('is zero at the same point and symmetric', () => {
    const p = { latitude: 27.58, longitude: 115.31 };
    expect(haversineMetres(p, p)).toBe(0);
    const q = { latitude: 27.59, longitude: 115.32 };
    expect(haversineMetres(p, q)).toBe(haversineMetres(q, p));
  });

  it('measures a degree of latitude as about 111 km, and a degree of longitude shrinking with latitude', () => {
    expect(haversineMetres({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 })).toBeCloseTo(111_195, -1);
    expect(haversineMetres({ latitude: 60, longitude: 0 }, { latitude: 60, longitude: 1 })).toBeCloseTo(55_597, -2);
  });

  it('handles antipodes and the date line', () => {
    expect(haversineMetres({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 })).toBe(Math.round(Math.PI * 6_371_008.8));
    expect(haversineMetres({ latitude: 0, longitude: 179.999 }, { latitude: 0, longitude: -179.999 })).toBeLessThan(300);
  });
});

describe('readingFlags', () => {
  it('flags a distance only past the bound, and never when there is nothing to measure from', () => {
    expect(readingFlags({ distanceM: 500, late: false }, bounds)).toEqual([]);
    expect(readingFlags({ distanceM: 501, late: false }, bounds)).toEqual(['far_from_place']);
    expect(readingFlags({ distanceM: null, late: false }, bounds)).toEqual([]);
    expect(readingFlags({ distanceM: 0, late: true }, bounds)).toEqual(['late_submission']);
  });
});

describe('durationFlags', () => {
  it('flags below the minimum share and above the maximum multiple, not at them', () => {
    expect(durationFlags(30, 60, bounds)).toEqual([]);
    expect(durationFlags(29, 60, bounds)).toEqual(['too_short']);
    expect(durationFlags(180, 60, bounds)).toEqual([]);
    expect(durationFlags(181, 60, bounds)).toEqual(['too_long']);
    expect(durationFlags(0, 60, bounds)).toEqual(['too_short']);
  });

  it('counts whole minutes, rounding down', () => {
    const start = new Date('2026-03-01T09:00:00Z');
    expect(wholeMinutes(start, new Date(start.getTime() + 30 * minute - 1))).toBe(29);
    expect(wholeMinutes(start, new Date(start.getTime() + 30 * minute))).toBe(30);
    expect(wholeMinutes(start, start)).toBe(0);
  });
});

describe('deviceTimeProblem', () => {
  const received = new Date('2026-03-01T09:00:00Z');
  const ago = (ms: number) => new Date(received.getTime() - ms);

  it('accepts a reading taken up to the backdate limit before it arrived', () => {
    expect(deviceTimeProblem(received, received, 15)).toBeNull();
    expect(deviceTimeProblem(ago(15 * minute), received, 15)).toBeNull();
    expect(deviceTimeProblem(ago(15 * minute + 1), received, 15)?.message).toMatch(/more than 15 minutes ago/);
  });

  it('accepts a device clock a little ahead, refuses one further ahead', () => {
    expect(deviceTimeProblem(ago(-CLOCK_TOLERANCE_MS), received, 15)).toBeNull();
    expect(deviceTimeProblem(ago(-CLOCK_TOLERANCE_MS - 1), received, 15)?.message).toMatch(/future/);
  });

  it('calls a reading late when it arrived more than the clock tolerance after it was taken', () => {
    expect(isLateSubmission(ago(CLOCK_TOLERANCE_MS), received)).toBe(false);
    expect(isLateSubmission(ago(CLOCK_TOLERANCE_MS + 1), received)).toBe(true);
    expect(isLateSubmission(ago(-minute), received)).toBe(false);
  });
});

describe('locationProblem', () => {
  it('accepts the edges of the globe and refuses beyond them', () => {
    expect(locationProblem(90, 180)).toBeNull();
    expect(locationProblem(-90, -180, 0)).toBeNull();
    expect(locationProblem(90.0001, 0)?.message).toMatch(/Latitude/);
    expect(locationProblem(0, -180.0001)?.message).toMatch(/Longitude/);
    expect(locationProblem(Number.NaN, 0)?.message).toMatch(/Latitude/);
    expect(locationProblem(0, 0, -1)?.message).toMatch(/Accuracy/);
  });
});

describe('the rest', () => {
  it('merges flags without repeats, in a fixed order', () => {
    expect(mergeFlags(['late_submission'], ['far_from_place', 'late_submission'], ['too_short'])).toEqual(['far_from_place', 'too_short', 'late_submission']);
    expect(mergeFlags([], [])).toEqual([]);
  });

  it('measures from the first place with both coordinates', () => {
    expect(firstPoint({ latitude: null, longitude: null }, { latitude: 1, longitude: null }, { latitude: 2, longitude: 3 })).toEqual({
      latitude: 2,
      longitude: 3,
    });
    expect(firstPoint({ latitude: null, longitude: null })).toBeNull();
  });

  it('requires what was done, within 2000 characters once trimmed', () => {
    expect(workDoneProblem('  ')?.message).toMatch(/Say what was done/);
    expect(workDoneProblem(` ${'洗'.repeat(2000)} `)).toBeNull();
    expect(workDoneProblem('洗'.repeat(2001))?.message).toMatch(/2000/);
  });

  it('pays for visits resolved as valid only', () => {
    expect(
      Object.entries(countsForSettlement)
        .filter(([, counts]) => !counts)
        .map(([code]) => code)
        .sort(),
    ).toEqual(['duration_not_justified', 'not_delivered']);
  });

  it('takes a check-in from 30 minutes before the window to 15 after it ends, to the millisecond', () => {
    const window = { start: new Date('2027-05-12T01:00:00Z'), end: new Date('2027-05-12T02:00:00Z') };
    const at = (iso: string) => checkInTimeProblem(new Date(iso), window, bounds);
    expect(at('2027-05-12T00:29:59.999Z')).toMatchObject({ reason: 'CHECK_IN_TOO_EARLY', details: { earliestAt: '2027-05-12T00:30:00.000Z' } });
    expect(at('2027-05-12T00:30:00.000Z')).toBeNull();
    expect(at('2027-05-12T02:15:00.000Z')).toBeNull();
    expect(at('2027-05-12T02:15:00.001Z')).toMatchObject({ reason: 'CHECK_IN_TOO_LATE', details: { latestAt: '2027-05-12T02:15:00.000Z' } });
  });

  it('takes a check-out from one minute after the check-in', () => {
    const checkedIn = new Date('2027-05-12T01:00:00Z');
    expect(checkOutTimeProblem(checkedIn, new Date('2027-05-12T01:00:59.999Z'))).toMatchObject({ reason: 'CHECK_OUT_TOO_SOON' });
    expect(checkOutTimeProblem(checkedIn, new Date('2027-05-12T01:01:00Z'))).toBeNull();
  });
});
