// The evaluator's review of a draft score: a random sample of the month's services to check,
// a finding for each, an adjustment with its written justification, and the sign-off after
// which settlement may use the score and nothing changes it. Each is one transaction on the
// locked score; a signed-off score refuses them all with CONFLICT. The sign-off records the
// month's settlement draft as a job in the outbox, in its own transaction.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import type { OrganisationScore } from '../db/rows.js';
import { badInput, conflict } from '../platform/errors.js';
import { deliveredServices } from './delivered.js';
import { monthOfDay, parseMonth } from './months.js';
import { requireClosedMonth } from './month-close.js';
import { decimal, policyInForce, policyNumbers } from './policies.js';
import { requireVisibleScore } from './score-scope.js';
import { gradeOf } from './score-rules.js';
import { sqlNow } from '../platform/clock.js';
import { recordEffects } from '../platform/outbox.js';
import { actorOf } from '../orders/order-actions.js';
import { draftSettlementEffect } from '../settlement/settlement-jobs.js';
import { scoreLifecycle, scoreNotes } from './score-lifecycle.js';

/** A justification says at least this much. */
export const MIN_JUSTIFICATION = 10;
const MAX_TEXT = 2000;

/** The score, locked, if it is still a draft; CONFLICT once signed off. */
async function lockDraft(trx: Database, viewer: Viewer, scoreId: number): Promise<OrganisationScore> {
  const score = await requireVisibleScore(trx, viewer, scoreId, true);
  if (!scoreLifecycle.can(score.status as 'draft', 'sign_off'))
    throw conflict('That score is signed off: it can no longer change.', { reason: 'SCORE_SIGNED_OFF', status: score.status });
  return score;
}

/** Trimmed text of min..MAX_TEXT characters, or BAD_USER_INPUT naming the field. */
function text(value: string, field: string, min: number): string {
  const trimmed = value.trim();
  if (trimmed.length < min || trimmed.length > MAX_TEXT) {
    throw badInput(`${field} must say something: ${min} to ${MAX_TEXT} characters.`, { field, reason: 'TEXT_LENGTH', minLength: min, maxLength: MAX_TEXT });
  }
  return trimmed;
}

/**
 * Draws the policy's share of the month's delivered services of the organisation (rounded
 * up: one at least when there are any), at random, in one statement. The sample is drawn
 * once: drawing again returns the sample already drawn, so nobody can draw until the
 * sample suits them.
 */
export async function drawScoreSample(db: Database, viewer: Viewer, scoreId: number): Promise<OrganisationScore> {
  return db.transaction().execute(async (trx) => {
    const score = await lockDraft(trx, viewer, scoreId);
    const drawn = await trx.selectFrom('score_samples').select('order_id').where('score_id', '=', scoreId).limit(1).executeTakeFirst();
    if (drawn) return score;
    await sql`
      insert into score_samples (score_id, order_id)
      select ${scoreId}::int, d.order_id
        from (select d.order_id, row_number() over (order by random()) as n, count(*) over () as total
                from (${deliveredServices(parseMonth(monthOfDay(score.month)), score.organisation_id)}) d) d
       where d.n <= ceil(d.total * (select sample_percent from scoring_policies where version = ${score.policy_version}::int) / 100)`.execute(trx);
    return score;
  });
}

/** Records what the review of one sampled service found, once. */
export async function reviewSampledService(db: Database, viewer: Viewer, scoreId: number, orderId: number, finding: string): Promise<OrganisationScore> {
  const said = text(finding, 'finding', 1);
  return db.transaction().execute(async (trx) => {
    const score = await lockDraft(trx, viewer, scoreId);
    const sampled = await trx
      .selectFrom('score_samples')
      .select('reviewed_at')
      .where('score_id', '=', scoreId)
      .where('order_id', '=', orderId)
      .executeTakeFirst();
    if (!sampled) throw badInput('That service is not in the sample of this score.', { field: 'orderId', reason: 'NOT_IN_SAMPLE' });
    if (sampled.reviewed_at) throw conflict('That service has been reviewed already.', { field: 'orderId', reason: 'ALREADY_REVIEWED' });
    await trx
      .updateTable('score_samples')
      .set({ finding: said, reviewed_at: sqlNow(), reviewed_by: viewer.userId })
      .where('score_id', '=', scoreId)
      .where('order_id', '=', orderId)
      .execute();
    return score;
  });
}

/** The score a draft stands at: the adjustment when there is one. */
export const finalScore = (s: OrganisationScore): number => Number(s.adjusted_score ?? s.computed_score);

/**
 * Sets the score the evaluator judges right (0–100, two decimals), with why; the grade and
 * coefficient follow it under the score's policy. An adjustment may be adjusted again.
 */
export async function adjustScore(db: Database, viewer: Viewer, scoreId: number, score: number, justification: string): Promise<OrganisationScore> {
  const adjusted = decimal(score, 'score', 2, 0, 100);
  const why = text(justification, 'justification', MIN_JUSTIFICATION);
  return db.transaction().execute(async (trx) => {
    const before = await lockDraft(trx, viewer, scoreId);
    const policy = await trx.selectFrom('scoring_policies').selectAll().where('version', '=', before.policy_version).executeTakeFirstOrThrow();
    const { grade, coefficient } = gradeOf(adjusted, policyNumbers(policy));
    return scoreLifecycle.note(trx, before, scoreNotes.adjust, actorOf(viewer), {
      set: { adjusted_score: adjusted, adjustment_justification: why, grade, coefficient },
      reason: why,
      event: { from_score: sql`${finalScore(before)}::numeric`, to_score: sql`${adjusted}::numeric` },
    });
  });
}

/**
 * Signs a draft off: final from now on, and settlement may use it. CONFLICT when a policy
 * version added since the month was scored applies to it (score the month again first).
 */
export async function signOffScore(db: Database, viewer: Viewer, scoreId: number): Promise<OrganisationScore> {
  return db.transaction().execute(async (trx) => {
    // no new policy version can start meanwhile (createScoringPolicy takes a conflicting lock)
    await sql`lock table scoring_policies in share mode`.execute(trx);
    const before = await lockDraft(trx, viewer, scoreId);
    // scoring checked it too; a draft written before the rule existed is not signed off half-done either
    await requireClosedMonth(trx, parseMonth(monthOfDay(before.month)), before.organisation_id);
    const policy = await policyInForce(trx, before.month);
    if (policy?.version !== before.policy_version) {
      throw conflict(`Policy version ${policy?.version} now applies to ${monthOfDay(before.month)}: score the month again before signing off.`, {
        reason: 'POLICY_CHANGED',
        month: monthOfDay(before.month),
        policyVersion: policy?.version,
        scoredWith: before.policy_version,
      });
    }
    const { after } = await scoreLifecycle.apply(trx, scoreId, 'sign_off', actorOf(viewer), {
      locked: before,
      set: { signed_off_by: viewer.userId, signed_off_at: sqlNow() },
      // signing off leaves the score as it stands
      event: { to_score: sql`${finalScore(before)}::numeric` },
    });
    // the daily settlement sweep drafts any signed-off month this misses
    await recordEffects(trx, [draftSettlementEffect(after.organisation_id, monthOfDay(after.month))]);
    return after;
  });
}
