// Reading orders: the paged list for every role, the dispatcher's board, a carer's jobs, the
// services waiting for someone to confirm them.
// Every read goes through orderVisibility, so scope is the same as for actions.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import { badInput, forbidden } from '../platform/errors.js';
import { readPage, toConnection, type PageArgs } from '../db/pagination.js';
import { addDays, countyToday, COUNTY_TIME_ZONE } from '../platform/county-time.js';
import { orderVisibility } from './order-scope.js';
import type { OrderStatus } from './order-lifecycle.js';
import type { OrderRow } from './order-rows.js';

export interface OrderFilter {
  status?: OrderStatus[] | null;
  recipientId?: number;
  organisationId?: number;
  carerId?: number;
  flagged?: boolean | null;
}

/** Orders the viewer may see, newest first, as a connection. */
export async function listOrders(db: Database, viewer: Viewer, args: PageArgs, filter: OrderFilter = {}) {
  const page = readPage(args);
  let base = db.selectFrom('orders as o').where(orderVisibility(viewer));
  if (filter.status?.length) base = base.where('o.status', 'in', filter.status);
  if (filter.recipientId) base = base.where('o.recipient_id', '=', filter.recipientId);
  if (filter.organisationId) base = base.where('o.organisation_id', '=', filter.organisationId);
  if (filter.carerId) base = base.where('o.carer_id', '=', filter.carerId);
  if (filter.flagged !== undefined && filter.flagged !== null) {
    base = base.where('o.match_problem', filter.flagged ? 'is not' : 'is', null);
  }
  const [rows, count] = await Promise.all([
    (page.before ? base.where('o.id', '<', page.before) : base).selectAll('o').orderBy('o.id', 'desc').limit(page.limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return toConnection(rows as OrderRow[], page, Number(count.n), (o) => o.id);
}

/** Statuses on a dispatcher's board: everything not yet served or closed. */
const boardStatuses: OrderStatus[] = ['assigned', 'dispatched', 'accepted', 'in_service'];
const BOARD_LIMIT = 500;

/** The organisation a dispatcher's request is about: their own, or any for a county admin. */
export function boardOrganisation(viewer: Viewer, organisationId: number | undefined): number {
  if (viewer.role === 'dispatcher') {
    if (organisationId !== undefined && organisationId !== viewer.organisationId) throw forbidden("A dispatcher sees only their own organisation's board.");
    return viewer.organisationId!;
  }
  if (organisationId === undefined) throw badInput("Say which organisation's board (organisationId).", { field: 'organisationId', reason: 'FIELD_REQUIRED' });
  return organisationId;
}

/** Open orders of an organisation: flagged first, then urgent, then by start time. */
export async function dispatchBoard(db: Database, organisationId: number): Promise<OrderRow[]> {
  const rows = await db
    .selectFrom('orders')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('status', 'in', boardStatuses)
    .orderBy(sql`match_problem is null`)
    .orderBy('is_urgent', 'desc')
    .orderBy('window_start')
    .orderBy('id')
    .limit(BOARD_LIMIT)
    .execute();
  return rows as OrderRow[];
}

const jobStatuses: OrderStatus[] = ['dispatched', 'accepted', 'in_service', 'completed', 'confirmed', 'disputed'];

/** A carer's jobs from `from` to `to` (county dates, inclusive; default today + 6 days), by start time. */
export async function carerJobs(db: Database, carerId: number, from?: string | null, to?: string | null): Promise<OrderRow[]> {
  const start = from ?? countyToday();
  const end = to ?? addDays(start, 6);
  if (end < start) throw badInput('The range must end on or after its start.', { field: 'to', reason: 'RANGE_REVERSED' });
  if (Date.parse(end) - Date.parse(start) > 92 * 86_400_000)
    throw badInput('Ask for at most 92 days at once.', { field: 'to', reason: 'RANGE_TOO_LONG', maxDays: 92 });
  const rows = await db
    .selectFrom('orders')
    .selectAll()
    .where('carer_id', '=', carerId)
    .where('status', 'in', jobStatuses)
    .where('window_start', '>=', sql<Date>`(${start}::date)::timestamp at time zone ${COUNTY_TIME_ZONE}`)
    .where('window_start', '<', sql<Date>`(${addDays(end, 1)}::date)::timestamp at time zone ${COUNTY_TIME_ZONE}`)
    .orderBy('window_start')
    .orderBy('id')
    .execute();
  return rows as OrderRow[];
}

/**
 * Completed services the viewer may see that nobody has confirmed or disputed yet, longest
 * waiting first: all of them, unpaged, so none falls off a page while it waits (for a grid
 * worker, those of their villages' recipients). Few at any time: the system confirms what is
 * left AUTO_CONFIRM_HOURS after completion. The partial index on completed orders
 * (orders_completed_idx) reads them in this order.
 */
export const pendingConfirmationsQuery = (db: Database, viewer: Viewer) =>
  db
    .selectFrom('orders as o')
    .selectAll('o')
    .where('o.status', '=', 'completed' satisfies OrderStatus)
    .where(orderVisibility(viewer))
    // a completed order's status_changed_at is the moment it was completed
    .orderBy('o.status_changed_at')
    .orderBy('o.id');

/** The services waiting for confirmation (pendingConfirmationsQuery), read. */
export const pendingConfirmations = async (db: Database, viewer: Viewer): Promise<OrderRow[]> =>
  (await pendingConfirmationsQuery(db, viewer).execute()) as OrderRow[];
