// Doing a return visit: the grid worker records the questionnaire's answers, or that the
// recipient could not be reached. Only a scheduled visit can be done, once (its lifecycle);
// input is checked before anything is written, and each change is one transaction on the
// locked row.
import { sql, type UpdateObject } from 'kysely';
import type { Database } from '../db/database.js';
import type { DB } from '../db/tables.js';
import type { Viewer } from '../auth/roles.js';
import type { ReturnVisit } from '../db/rows.js';
import { badInput } from '../platform/errors.js';
import { actorOf } from '../orders/order-actions.js';
import { checkAnswers } from './questionnaire.js';
import { lockVisitForGridWorker } from './scope.js';
import { returnVisitLifecycle } from './return-visit-lifecycle.js';
import { sqlNow } from '../platform/clock.js';

const MAX_COMMENT_LENGTH = 2000;

/** Characters as PostgreSQL's length() counts them (code points, not UTF-16 units). */
const characters = (text: string) => [...text].length;

function checkComment(text: string, field: string): string {
  if (characters(text) > MAX_COMMENT_LENGTH)
    throw badInput(`Keep the ${field} to ${MAX_COMMENT_LENGTH} characters.`, { field, reason: 'TEXT_TOO_LONG', maxLength: MAX_COMMENT_LENGTH });
  return text;
}

/**
 * Closes a scheduled visit the grid worker may do with `change`, noting who closed it and when
 * (a missed visit too: what counts as done for scoring and disclosure is status 'done').
 */
async function closeVisit(
  db: Database,
  viewer: Viewer,
  id: number,
  action: 'record' | 'miss',
  change: Omit<UpdateObject<DB, 'return_visits'>, 'status'>,
  reason = '',
): Promise<ReturnVisit> {
  return db.transaction().execute(async (trx) => {
    const visit = await lockVisitForGridWorker(trx, viewer, id);
    const { after } = await returnVisitLifecycle.apply(trx, id, action, actorOf(viewer), {
      locked: visit,
      reason,
      set: { ...change, done_at: sqlNow(), done_by: viewer.userId },
    });
    return after;
  });
}

/**
 * Records a scheduled visit's answers (one per question, 1–5) and comment: the visit is done,
 * its satisfaction the mean of the answers. The scoring of organisations reads satisfaction,
 * organisation_id and done_at (indexed together for done visits).
 */
export function recordReturnVisit(db: Database, viewer: Viewer, id: number, answers: number[], comment?: string | null): Promise<ReturnVisit> {
  checkAnswers(answers);
  const text = checkComment((comment ?? '').trim(), 'comment');
  return closeVisit(db, viewer, id, 'record', {
    answers,
    comment: text,
    // in SQL, so the mean is rounded as numeric(3,2) rounds, with no float in between
    satisfaction: sql<string>`round((select avg(a) from unnest(${answers}::smallint[]) a), 2)`,
  });
}

/** Marks a scheduled visit missed (the recipient could not be reached); the reason is kept as its comment. */
export function markReturnVisitMissed(db: Database, viewer: Viewer, id: number, reason: string): Promise<ReturnVisit> {
  const text = checkComment(reason.trim(), 'reason');
  if (!text) throw badInput('Say why the visit could not be done.', { field: 'reason', reason: 'REASON_REQUIRED' });
  return closeVisit(db, viewer, id, 'miss', { comment: text }, text);
}
