// The paged list of return visits, soonest due first, through returnVisitVisibility.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import type { ReturnVisit } from '../db/rows.js';
import { readPage, toConnection, type PageArgs } from '../db/pagination.js';
import { addDays, daysBetween } from '../platform/county-time.js';
import { returnVisitVisibility } from './scope.js';
import type { ReturnVisitReason } from './schedule.js';

import type { ReturnVisitStatus } from './return-visit-lifecycle.js';

export type { ReturnVisitStatus };

export interface ReturnVisitFilter {
  status?: ReturnVisitStatus[] | null;
  villageId?: number;
  reason?: ReturnVisitReason;
  /** Due strictly before this county date. */
  dueBefore?: string | null;
  /** Only those assigned to the viewer. */
  mine?: boolean | null;
}

// The shared cursors page over one descending integer key. Soonest due first is ascending
// (due_on, id), so the key packs both, reversed: a larger key is an earlier visit. Days count
// from 1970 (five digits last to the year 2243) and ids are int4 (ten digits): fifteen in all.
const ID_SPAN = 10_000_000_000;
const LAST_DAY = 99_999;
const EPOCH = '1970-01-01';

const keyOf = (v: ReturnVisit) => (LAST_DAY - daysBetween(EPOCH, v.due_on)) * ID_SPAN + (ID_SPAN - 1 - v.id);
const afterKey = (key: number) => ({ dueOn: addDays(EPOCH, LAST_DAY - Math.floor(key / ID_SPAN)), id: ID_SPAN - 1 - (key % ID_SPAN) });

/** Return visits the viewer may see, soonest due first, as a connection. */
export async function listReturnVisits(db: Database, viewer: Viewer, args: PageArgs, filter: ReturnVisitFilter = {}) {
  const page = readPage(args);
  let base = db.selectFrom('return_visits as rv').where(returnVisitVisibility(viewer));
  if (filter.status?.length) base = base.where('rv.status', 'in', filter.status);
  if (filter.villageId) base = base.where('rv.village_id', '=', filter.villageId);
  if (filter.reason) base = base.where('rv.reason', '=', filter.reason);
  if (filter.dueBefore) base = base.where('rv.due_on', '<', filter.dueBefore);
  if (filter.mine) base = base.where('rv.assigned_to', '=', viewer.userId);
  const after = page.before === null ? null : afterKey(page.before);
  const rows = after ? base.where(sql<boolean>`(rv.due_on, rv.id) > (${after.dueOn}::date, ${after.id})`) : base;
  const [visits, count] = await Promise.all([
    rows.selectAll('rv').orderBy('rv.due_on').orderBy('rv.id').limit(page.limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return toConnection(visits, page, Number(count.n), keyOf);
}

/** One return visit the viewer may see, or undefined (one they may not see looks like none). */
export function findReturnVisit(db: Database, viewer: Viewer, id: number): Promise<ReturnVisit | undefined> {
  return db.selectFrom('return_visits as rv').selectAll('rv').where('rv.id', '=', id).where(returnVisitVisibility(viewer)).executeTakeFirst();
}
