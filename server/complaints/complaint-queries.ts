// Reading tickets: the worklist (soonest deadline first, closed ones last) and the tickets of
// a page of orders. Every read goes through complaintVisibility, so scope is the same as for
// the steps.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import { readPage, toConnection, type PageArgs } from '../db/pagination.js';
import { complaintVisibility } from './complaint-scope.js';
import type { ComplaintStatus } from './complaint-lifecycle.js';
import type { ComplaintRow } from './complaint-rows.js';
import { sqlNow } from '../platform/clock.js';

export interface ComplaintFilter {
  status?: ComplaintStatus[] | null;
  overdue?: boolean | null;
  escalated?: boolean | null;
  /** The organisation complained about or assigned to. */
  organisationId?: number;
  recipientId?: number;
  /** Assigned to the viewer's organisation or township station: their queue to verify. */
  assignedToMe?: boolean | null;
}

/** Tickets assigned to the viewer's organisation (a dispatcher) or station (township staff); nobody else has a queue. */
function assignedTo(viewer: Viewer) {
  if (viewer.role === 'dispatcher' && viewer.organisationId !== null) return sql<boolean>`c.assigned_organisation_id = ${viewer.organisationId}`;
  if (viewer.role === 'township_staff' && viewer.townshipId !== null) return sql<boolean>`c.assigned_township_id = ${viewer.townshipId}`;
  return sql<boolean>`false`;
}

// closed tickets have no deadline: 'infinity' sorts them last, the id keeps the order total
const sortKey = sql`(coalesce(c.due_at, 'infinity'::timestamptz), c.id)`;

/** Tickets the viewer may see, soonest deadline first and closed ones last, as a connection. */
export async function listComplaints(db: Database, viewer: Viewer, args: PageArgs, filter: ComplaintFilter = {}) {
  const page = readPage(args);
  let base = db.selectFrom('complaints as c').where(complaintVisibility(viewer));
  if (filter.status?.length) base = base.where('c.status', 'in', filter.status);
  if (filter.overdue === true) base = base.where('c.due_at', '<', sqlNow());
  if (filter.overdue === false) base = base.where((eb) => eb.or([eb('c.due_at', 'is', null), eb('c.due_at', '>=', sqlNow())]));
  if (filter.escalated === true) base = base.where('c.escalation_level', '>', 0);
  if (filter.escalated === false) base = base.where('c.escalation_level', '=', 0);
  if (filter.organisationId) {
    const id = filter.organisationId;
    base = base.where((eb) => eb.or([eb('c.organisation_id', '=', id), eb('c.assigned_organisation_id', '=', id)]));
  }
  if (filter.recipientId) base = base.where('c.recipient_id', '=', filter.recipientId);
  if (filter.assignedToMe) base = base.where(assignedTo(viewer));
  // the cursor names the last ticket of the previous page; the next page starts after its
  // place in the order (a deadline moved by an escalation meanwhile may shift a ticket)
  const after =
    page.before === null
      ? base
      : base.where(sql<boolean>`${sortKey} > (select coalesce(x.due_at, 'infinity'::timestamptz), x.id from complaints x where x.id = ${page.before})`);
  const [rows, count] = await Promise.all([
    after.selectAll('c').orderBy(sql`coalesce(c.due_at, 'infinity'::timestamptz)`).orderBy('c.id').limit(page.limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return toConnection(rows as ComplaintRow[], page, Number(count.n), (c) => c.id);
}

/** The tickets the viewer may see about each of the orders, oldest first (one query for a page of orders). */
export async function complaintsOfOrders(db: Database, viewer: Viewer, orderIds: number[]): Promise<Map<number, ComplaintRow[]>> {
  const byOrder = new Map<number, ComplaintRow[]>();
  if (!orderIds.length) return byOrder;
  const rows = (await db
    .selectFrom('complaints as c')
    .selectAll('c')
    .where('c.order_id', 'in', orderIds)
    .where(complaintVisibility(viewer))
    .orderBy('c.id')
    .execute()) as ComplaintRow[];
  for (const row of rows) byOrder.set(row.order_id!, [...(byOrder.get(row.order_id!) ?? []), row]);
  return byOrder;
}
