import { describe, expect, it } from 'vitest';
import { fundPaceOf, paceOf } from './fund-pace.js';

describe("the county fund's pace", () => {
  it.each([
    [0, 0, 'ON_PACE'],
    [60, 50, 'ON_PACE'],
    [60.01, 50, 'AHEAD'],
    [25, 50, 'ON_PACE'],
    [24.99, 50, 'BEHIND'],
    [100, 100, 'ON_PACE'],
    [20, 8.33, 'AHEAD'],
    [0, 8.33, 'BEHIND'],
  ] as const)('used %s%% with %s%% of the year elapsed is %s', (used, elapsed, pace) => {
    expect(paceOf(used, elapsed)).toBe(pace);
  });

  it('counts settled months out of 12, rounds percents to hundredths, and warns only off pace', () => {
    expect(fundPaceOf(2027, 40_000_000, 10_000_000, 3)).toEqual({
      year: 2027,
      county_fund_fen: 40_000_000,
      settled_fen: 10_000_000,
      months_settled: 3,
      used_percent: 25,
      elapsed_percent: 25,
      pace: 'ON_PACE',
      warning: null,
    });
    const ahead = fundPaceOf(2027, 40_000_000, 20_000_000, 2);
    expect(ahead).toMatchObject({ used_percent: 50, elapsed_percent: 16.67, pace: 'AHEAD' });
    expect(ahead.warning).toBe(
      '50% of the 2027 county fund (200000.00 of 400000.00 yuan) is settled after 2 of 12 months (16.67% of the year): ' +
        'at this pace the fund runs out before the year ends, and later statements will be cut to what is left.',
    );
    expect(fundPaceOf(2027, 40_000_000, 1_000_000, 6)).toMatchObject({ used_percent: 2.5, pace: 'BEHIND', warning: expect.stringMatching(/fewer services/) });
    expect(fundPaceOf(2027, 0, 0, 0)).toMatchObject({ used_percent: 0, elapsed_percent: 0, pace: 'ON_PACE' });
  });
});
