// The arithmetic of a monthly score, in plain functions. Production scores a whole month in
// SQL (score-month.ts), which must say the same thing: these functions are the readable
// statement of the rules, unit-tested at their edges, and a test checks the SQL against
// them. Every score is computed from the facts as stored (averages already rounded to two
// decimals), so anyone can redo the sum from what the evaluator sees.

/** The facts a score is computed from (one organisation, one month). */
export interface ScoreFacts {
  servicesAccepted: number;
  servicesDelivered: number;
  /** Sum of the contracts' monthly plans; null when no contract in force has one. */
  plannedServices: number | null;
  verifiedMinutes: number;
  standardMinutes: number;
  /** Mean stars (1–5) of the delivered services that were rated, two decimals; null when none. */
  ratingAverage: number | null;
  /** Mean satisfaction (1–5) of the month's return visits, two decimals; null when none. */
  satisfactionAverage: number | null;
  upheldComplaints: number;
}

/** What the scoring policy says, as numbers. */
export interface PolicyNumbers {
  weightDuration: number;
  weightVolume: number;
  weightQuality: number;
  excellentFrom: number;
  goodFrom: number;
  passFrom: number;
  coefficientExcellent: number;
  coefficientGood: number;
  coefficientPass: number;
  coefficientFail: number;
  complaintPenalty: number;
  samplePercent: number;
}

export type Grade = 'excellent' | 'good' | 'pass' | 'fail';

/**
 * Quality when there is neither a rating nor a return visit: no evidence is not excellence,
 * nor a failure; 80 is the lowest "good" of the default policy.
 */
export const NEUTRAL_QUALITY = 80;

/** Rounds half away from zero to two decimals, as PostgreSQL's round(numeric, 2) does (float noise removed first). */
export const round2 = (x: number): number => (Math.sign(x) * Math.round(Number(Math.abs(x * 100).toPrecision(12)))) / 100;

const ratio = (part: number, whole: number) => Math.min(1, part / whole);

/** Verified minutes against the items' standard minutes, capped at 100; 0 without deliveries. */
export function durationScore(f: ScoreFacts): number {
  if (f.servicesDelivered === 0 || f.standardMinutes === 0) return 0;
  return round2(100 * ratio(f.verifiedMinutes, f.standardMinutes));
}

/**
 * Delivered against accepted (and, when the contracts plan a number a month, half against the
 * plan). Nothing delivered scores 0, whether or not anything was accepted: an organisation
 * that served nobody has no volume to show, and its settlement is worth nothing anyway.
 */
export function volumeScore(f: ScoreFacts): number {
  if (f.servicesDelivered === 0) return 0;
  // accepted always counts what was delivered, so this is at most 1 without the cap
  const accepted = ratio(f.servicesDelivered, f.servicesAccepted);
  if (f.plannedServices === null) return round2(100 * accepted);
  return round2(100 * (0.5 * accepted + 0.5 * ratio(f.servicesDelivered, f.plannedServices)));
}

/**
 * The mean of the signals there are (ratings and return-visit satisfaction, each out of 5,
 * scaled to 100; NEUTRAL_QUALITY when there are none), less the penalty for each upheld
 * complaint, within 0..100.
 */
export function qualityScore(f: ScoreFacts, complaintPenalty: number): number {
  const signals = [f.ratingAverage, f.satisfactionAverage].filter((s): s is number => s !== null).map((s) => s * 20);
  const base = signals.length ? signals.reduce((a, b) => a + b, 0) / signals.length : NEUTRAL_QUALITY;
  return round2(Math.min(100, Math.max(0, base - complaintPenalty * f.upheldComplaints)));
}

export interface Dimensions {
  duration: number;
  volume: number;
  quality: number;
}

/** The weighted sum of the (rounded) dimensions; the weights sum to 100. */
export function compositeScore(d: Dimensions, p: PolicyNumbers): number {
  return round2((p.weightDuration * d.duration + p.weightVolume * d.volume + p.weightQuality * d.quality) / 100);
}

/** The grade a final score reaches under a policy, and the share of the services' value it pays. */
export function gradeOf(score: number, p: PolicyNumbers): { grade: Grade; coefficient: number } {
  if (score >= p.excellentFrom) return { grade: 'excellent', coefficient: p.coefficientExcellent };
  if (score >= p.goodFrom) return { grade: 'good', coefficient: p.coefficientGood };
  if (score >= p.passFrom) return { grade: 'pass', coefficient: p.coefficientPass };
  return { grade: 'fail', coefficient: p.coefficientFail };
}

/** Everything a score says, from its facts and its policy. */
export function scoreOf(f: ScoreFacts, p: PolicyNumbers) {
  const dimensions = { duration: durationScore(f), volume: volumeScore(f), quality: qualityScore(f, p.complaintPenalty) };
  const computed = compositeScore(dimensions, p);
  return { ...dimensions, computed, ...gradeOf(computed, p) };
}
