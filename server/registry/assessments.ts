// Needs assessment (救助会诊): township staff, the grid worker and the family agree which
// services a recipient needs and how often; the latest assessment is the needs list.
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import type { NeedsAssessment } from '../db/rows.js';
import { badInput, notFound } from '../platform/errors.js';
import { toId } from '../platform/enums.js';
import { countyToday } from '../platform/county-time.js';
import { assertMayWrite } from './scope.js';

/** Most times a month one need may be served: twice a day. */
const MAX_TIMES_PER_MONTH = 62;

/** An assessment as the township records it (the API's NeedsAssessmentInput has this shape). */
interface NeedsAssessmentRecord {
  recipientId: string | number;
  /** YYYY-MM-DD, county time. */
  assessedOn: string;
  participants?: string | null;
  summary?: string | null;
  needs: { serviceItemId: string | number; timesPerMonth: number; note?: string | null }[];
}

/** Records an assessment and its needs list, all or nothing. */
export async function recordNeedsAssessment(db: Database, viewer: Viewer, input: NeedsAssessmentRecord, today = countyToday()): Promise<NeedsAssessment> {
  const recipientId = toId(input.recipientId, 'recipientId');
  if (input.assessedOn > today) throw badInput('An assessment cannot be dated in the future.', { field: 'assessedOn', reason: 'ASSESSMENT_IN_FUTURE' });
  if (!input.needs.length) throw badInput('List at least one need.', { field: 'needs', reason: 'NEEDS_LIST_EMPTY' });
  const needs = input.needs.map((n) => ({
    service_item_id: toId(n.serviceItemId, 'serviceItemId'),
    times_per_month: n.timesPerMonth,
    note: n.note?.trim() ?? '',
  }));
  // `index`: which need of the list is at fault, so a form can say it beside that line
  needs.forEach((n, index) => {
    if (!Number.isInteger(n.times_per_month) || n.times_per_month < 1 || n.times_per_month > MAX_TIMES_PER_MONTH) {
      throw badInput(`timesPerMonth is between 1 and ${MAX_TIMES_PER_MONTH}.`, {
        field: 'timesPerMonth',
        reason: 'NEED_TIMES_PER_MONTH',
        index,
        min: 1,
        max: MAX_TIMES_PER_MONTH,
      });
    }
  });
  const itemIds = needs.map((n) => n.service_item_id);
  const repeated = itemIds.findIndex((id, i) => itemIds.indexOf(id) !== i);
  if (repeated >= 0)
    throw badInput('Each service item appears once in a needs list.', { field: 'serviceItemId', reason: 'NEED_LISTED_TWICE', index: repeated });
  const found = await db.selectFrom('service_items').select('id').where('id', 'in', itemIds).execute();
  const known = new Set(found.map((i) => i.id));
  const unknown = itemIds.filter((id) => !known.has(id));
  if (unknown.length) {
    throw badInput(`Unknown service item(s): ${unknown.join(', ')}.`, {
      field: 'serviceItemId',
      reason: 'UNKNOWN_SERVICE_ITEM',
      index: itemIds.indexOf(unknown[0]),
    });
  }

  const recipient = await db.selectFrom('recipients').select(['id', 'township_id', 'village_id']).where('id', '=', recipientId).executeTakeFirst();
  if (!recipient) throw notFound('Recipient', recipientId);
  assertMayWrite(viewer, 'manage', recipient);

  return db.transaction().execute(async (trx) => {
    const assessment = await trx
      .insertInto('needs_assessments')
      .values({
        recipient_id: recipientId,
        assessed_on: input.assessedOn,
        participants: input.participants?.trim() ?? '',
        summary: input.summary?.trim() ?? '',
        recorded_by: viewer.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('assessed_needs')
      .values(needs.map((n) => ({ ...n, assessment_id: assessment.id })))
      .execute();
    return assessment;
  });
}
