// Scoring policy versions: weights, grade thresholds and coefficients, the complaint penalty
// and the evaluator's sample share. A version is never changed; a county admin adds the next
// one, in force from the first day of a month on. A month is scored with the version in
// force on its first day, so a version may not start at or before a month whose score is
// already signed off (that score would no longer follow its month's policy).
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { ScoringPolicy } from '../db/rows.js';
import { badInput, conflict } from '../platform/errors.js';
import { monthOfDay, parseMonth } from './months.js';
import type { PolicyNumbers } from './score-rules.js';

/** A policy row's numbers (numeric columns arrive as strings). */
export function policyNumbers(p: ScoringPolicy): PolicyNumbers {
  return {
    weightDuration: p.weight_duration,
    weightVolume: p.weight_volume,
    weightQuality: p.weight_quality,
    excellentFrom: Number(p.excellent_from),
    goodFrom: Number(p.good_from),
    passFrom: Number(p.pass_from),
    coefficientExcellent: Number(p.coefficient_excellent),
    coefficientGood: Number(p.coefficient_good),
    coefficientPass: Number(p.coefficient_pass),
    coefficientFail: Number(p.coefficient_fail),
    complaintPenalty: Number(p.complaint_penalty),
    samplePercent: Number(p.sample_percent),
  };
}

/** The version in force on a day (YYYY-MM-DD): the latest to start on or before it. */
export function policyInForce(db: Database, day: string): Promise<ScoringPolicy | undefined> {
  return db.selectFrom('scoring_policies').selectAll().where('effective_from', '<=', day).orderBy('effective_from', 'desc').limit(1).executeTakeFirst();
}

/** Every version, newest first. */
export function listPolicies(db: Database): Promise<ScoringPolicy[]> {
  return db.selectFrom('scoring_policies').selectAll().orderBy('version', 'desc').execute();
}

export interface PolicyInput extends PolicyNumbers {
  /** YYYY-MM */
  effectiveFrom: string;
  note?: string | null;
}

const MAX_NOTE = 500;

/** A number with at most `decimals` decimals within min..max, or BAD_USER_INPUT naming the field. */
export function decimal(value: number, field: string, decimals: number, min: number, max: number): number {
  if (!Number.isFinite(value) || Number(value.toFixed(decimals)) !== value || value < min || value > max) {
    throw badInput(`${field} must be between ${min} and ${max}, with at most ${decimals} decimals.`, {
      field,
      reason: 'POLICY_VALUE_RANGE',
      min,
      max,
      decimals,
    });
  }
  return value;
}

/** Checks a new version against the rules; writes nothing. Returns the first day it applies to. */
export function checkPolicy(input: PolicyInput): string {
  const { firstDay } = parseMonth(input.effectiveFrom, 'effectiveFrom');
  const weights = [input.weightDuration, input.weightVolume, input.weightQuality];
  if (weights.some((w) => !Number.isInteger(w) || w < 0 || w > 100) || weights.reduce((a, b) => a + b, 0) !== 100) {
    throw badInput('The three weights are whole numbers from 0 to 100 that sum to 100.', { field: 'weightDuration', reason: 'WEIGHTS_SUM' });
  }
  const thresholds = [input.excellentFrom, input.goodFrom, input.passFrom].map((t, i) => decimal(t, ['excellentFrom', 'goodFrom', 'passFrom'][i], 2, 0, 100));
  if (!(thresholds[0] > thresholds[1] && thresholds[1] > thresholds[2])) {
    throw badInput('Grades start at descending scores: excellentFrom > goodFrom > passFrom.', { field: 'goodFrom', reason: 'GRADES_DESCEND' });
  }
  const coefficients = [input.coefficientExcellent, input.coefficientGood, input.coefficientPass, input.coefficientFail].map((c, i) =>
    decimal(c, ['coefficientExcellent', 'coefficientGood', 'coefficientPass', 'coefficientFail'][i], 3, 0, 1),
  );
  if (coefficients.some((c, i) => i > 0 && c > coefficients[i - 1])) {
    throw badInput('A lower grade never pays a larger share: coefficients descend from excellent to fail.', {
      field: 'coefficientGood',
      reason: 'COEFFICIENTS_DESCEND',
    });
  }
  decimal(input.complaintPenalty, 'complaintPenalty', 2, 0, 100);
  decimal(input.samplePercent, 'samplePercent', 2, 0.01, 100);
  if ((input.note ?? '').trim().length > MAX_NOTE)
    throw badInput(`A note is at most ${MAX_NOTE} characters.`, { field: 'note', reason: 'TEXT_TOO_LONG', maxLength: MAX_NOTE });
  return firstDay;
}

/**
 * Adds the next version (version = newest + 1), in force from the first day of its month.
 * BAD_USER_INPUT when the rules are broken or a score of that month or a later one is signed
 * off; CONFLICT when a version already starts that month. Nothing is written then.
 */
export async function createScoringPolicy(db: Database, createdBy: number, input: PolicyInput): Promise<ScoringPolicy> {
  const firstDay = checkPolicy(input);
  return db.transaction().execute(async (trx) => {
    // versions are numbered one at a time, and a sign-off (which takes SHARE) either commits
    // before this check or waits and then sees this version (signOffScore checks it)
    await sql`lock table scoring_policies in share row exclusive mode`.execute(trx);
    const signed = await trx
      .selectFrom('organisation_scores')
      .select('month')
      .where('status', '=', 'signed_off')
      .where('month', '>=', firstDay)
      .orderBy('month', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (signed) {
      throw badInput(`The scores of ${monthOfDay(signed.month)} are signed off: a new policy can only start after that month.`, {
        field: 'effectiveFrom',
        reason: 'POLICY_AFTER_SIGNED_OFF',
        signedOffMonth: monthOfDay(signed.month),
      });
    }
    const same = await trx.selectFrom('scoring_policies').select('version').where('effective_from', '=', firstDay).executeTakeFirst();
    if (same)
      throw conflict(`Policy version ${same.version} already starts in ${input.effectiveFrom}.`, {
        field: 'effectiveFrom',
        reason: 'POLICY_SAME_START',
        version: same.version,
      });
    const { next } = await trx.selectFrom('scoring_policies').select(sql<number>`coalesce(max(version), 0) + 1`.as('next')).executeTakeFirstOrThrow();
    return trx
      .insertInto('scoring_policies')
      .values({
        version: next,
        effective_from: firstDay,
        weight_duration: input.weightDuration,
        weight_volume: input.weightVolume,
        weight_quality: input.weightQuality,
        excellent_from: input.excellentFrom,
        good_from: input.goodFrom,
        pass_from: input.passFrom,
        coefficient_excellent: input.coefficientExcellent,
        coefficient_good: input.coefficientGood,
        coefficient_pass: input.coefficientPass,
        coefficient_fail: input.coefficientFail,
        complaint_penalty: input.complaintPenalty,
        sample_percent: input.samplePercent,
        note: (input.note ?? '').trim(),
        created_by: createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}
