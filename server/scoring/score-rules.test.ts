import { describe, expect, it } from 'vitest';
import { compositeScore, durationScore, gradeOf, NEUTRAL_QUALITY, qualityScore, round2, scoreOf, volumeScore, type ScoreFacts } from './score-rules.js';
import { checkPolicy, type PolicyInput } from './policies.js';
import { DEFAULT_POLICY } from './test-support.js';

const facts = (f: Partial<ScoreFacts> = {}): ScoreFacts => ({
  servicesAccepted: 10,
  servicesDelivered: 10,
  plannedServices: null,
  verifiedMinutes: 600,
  standardMinutes: 600,
  ratingAverage: null,
  satisfactionAverage: null,
  upheldComplaints: 0,
  ...f,
});

describe('round2', () => {
  it('rounds half away from zero, without float noise', () => {
    expect(round2(12.345)).toBe(12.35);
    expect(round2(1.005)).toBe(1.01);
    expect(round2(79.404)).toBe(79.4);
    expect(round2(100 * (7 / 9))).toBe(77.78);
    expect(round2(0)).toBe(0);
  });
});

describe('duration', () => {
  it('is verified against standard minutes, capped at 100', () => {
    expect(durationScore(facts({ verifiedMinutes: 420, standardMinutes: 540 }))).toBe(77.78);
    expect(durationScore(facts({ verifiedMinutes: 900, standardMinutes: 600 }))).toBe(100);
  });
  it('is 0 when nothing was delivered', () => {
    expect(durationScore(facts({ servicesDelivered: 0, verifiedMinutes: 0, standardMinutes: 0 }))).toBe(0);
  });
});

describe('volume', () => {
  it('is delivered against accepted without a plan', () => {
    expect(volumeScore(facts({ servicesAccepted: 10, servicesDelivered: 9 }))).toBe(90);
  });
  it('weighs accepted and plan half each when the contracts plan', () => {
    expect(volumeScore(facts({ servicesAccepted: 10, servicesDelivered: 9, plannedServices: 12 }))).toBe(82.5);
    // beating the plan earns no more than meeting it
    expect(volumeScore(facts({ servicesAccepted: 9, servicesDelivered: 9, plannedServices: 3 }))).toBe(100);
  });
  it('is 0 when nothing was delivered, accepted or not', () => {
    expect(volumeScore(facts({ servicesAccepted: 0, servicesDelivered: 0 }))).toBe(0);
    expect(volumeScore(facts({ servicesAccepted: 5, servicesDelivered: 0, plannedServices: 5 }))).toBe(0);
  });
});

describe('quality', () => {
  it('is the mean of the signals there are, out of 100', () => {
    expect(qualityScore(facts({ ratingAverage: 4.33, satisfactionAverage: 4 }), 5)).toBe(83.3);
    expect(qualityScore(facts({ ratingAverage: 4.5 }), 5)).toBe(90);
    expect(qualityScore(facts({ satisfactionAverage: 3.25 }), 5)).toBe(65);
  });
  it('is neutral without ratings or return visits', () => {
    expect(qualityScore(facts(), 5)).toBe(NEUTRAL_QUALITY);
  });
  it('loses the penalty per upheld complaint, never below 0', () => {
    expect(qualityScore(facts({ ratingAverage: 5, upheldComplaints: 2 }), 5)).toBe(90);
    expect(qualityScore(facts({ ratingAverage: 1, upheldComplaints: 30 }), 5)).toBe(0);
  });
});

describe('composite and grade', () => {
  it('weights the dimensions and grades the result', () => {
    expect(compositeScore({ duration: 77.78, volume: 82.5, quality: 78.3 }, DEFAULT_POLICY)).toBe(79.4);
    expect(
      scoreOf(
        facts({
          servicesAccepted: 10,
          servicesDelivered: 9,
          plannedServices: 12,
          verifiedMinutes: 420,
          standardMinutes: 540,
          ratingAverage: 4.33,
          satisfactionAverage: 4,
          upheldComplaints: 1,
        }),
        DEFAULT_POLICY,
      ),
    ).toEqual({ duration: 77.78, volume: 82.5, quality: 78.3, computed: 79.4, grade: 'pass', coefficient: 0.85 });
  });
  it('starts each grade at its threshold, inclusive', () => {
    expect(gradeOf(90, DEFAULT_POLICY)).toEqual({ grade: 'excellent', coefficient: 1 });
    expect(gradeOf(89.99, DEFAULT_POLICY)).toEqual({ grade: 'good', coefficient: 0.95 });
    expect(gradeOf(80, DEFAULT_POLICY)).toEqual({ grade: 'good', coefficient: 0.95 });
    expect(gradeOf(60, DEFAULT_POLICY)).toEqual({ grade: 'pass', coefficient: 0.85 });
    expect(gradeOf(59.99, DEFAULT_POLICY)).toEqual({ grade: 'fail', coefficient: 0.7 });
    expect(gradeOf(0, DEFAULT_POLICY)).toEqual({ grade: 'fail', coefficient: 0.7 });
  });
});

describe('checkPolicy', () => {
  const input = (p: Partial<PolicyInput> = {}): PolicyInput => ({ ...DEFAULT_POLICY, effectiveFrom: '2027-01', ...p });
  it('accepts the default policy and returns its first day', () => {
    expect(checkPolicy(input())).toBe('2027-01-01');
  });
  it.each<[string, Partial<PolicyInput>]>([
    ['weights not summing to 100', { weightQuality: 41 }],
    ['a negative weight', { weightDuration: -10, weightQuality: 80 }],
    ['equal thresholds', { goodFrom: 90 }],
    ['thresholds ascending', { passFrom: 85 }],
    ['a threshold above 100', { excellentFrom: 100.5 }],
    ['coefficients ascending', { coefficientFail: 0.9 }],
    ['a coefficient above 1', { coefficientExcellent: 1.2 }],
    ['a negative coefficient', { coefficientFail: -0.1 }],
    ['too many decimals', { goodFrom: 80.001 }],
    ['a sample of nothing', { samplePercent: 0 }],
    ['a malformed month', { effectiveFrom: '2027-13' }],
  ])('refuses %s', (_what, p) => {
    expect(() => checkPolicy(input(p))).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
