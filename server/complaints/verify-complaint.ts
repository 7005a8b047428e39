// 核实: the assignee records what they found. In the same transaction an upheld complaint
// about a service withholds that service's payment and schedules a return visit to the
// recipient; and the ticket that disputed a service settles the dispute: upheld, the service
// is rejected and its budget hold released; not upheld, the service stands (confirmed).
// An upheld ticket counts against its organisation's quality score through its own row
// (complaints.upheld, organisation_id, created_at), which scoring reads.
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import { forbidden } from '../platform/errors.js';
import { addDays, countyToday } from '../platform/county-time.js';
import { lockOrder, transition } from '../orders/transitions.js';
import { actorOf, releaseOrderHold } from '../orders/order-actions.js';
import type { OrderRow } from '../orders/order-rows.js';
import { scheduleReturnVisit } from '../return-visits/schedule.js';
import { requireVisibleComplaint } from './complaint-scope.js';
import { applyStep, ticketText } from './complaint-steps.js';
import type { ComplaintRow } from './complaint-rows.js';
import { DISPUTE_ACTION } from './record-complaint.js';

/** A return visit after an upheld complaint is due this many days later. */
const COMPLAINT_RETURN_VISIT_DAYS = 3;

/** Only the assignee (the organisation's dispatcher or the township station's staff) or a county admin verifies. */
const byAssignee = (viewer: Viewer) => (c: ComplaintRow) => {
  if (viewer.role === 'county_admin') return;
  if (viewer.role === 'dispatcher' && viewer.organisationId !== null && c.assigned_organisation_id === viewer.organisationId) return;
  if (viewer.role === 'township_staff' && viewer.townshipId !== null && c.assigned_township_id === viewer.townshipId) return;
  throw forbidden('Only the organisation or township station the ticket is assigned to (or a county admin) verifies it.', { reason: 'NOT_ASSIGNED_TO_YOU' });
};

/** Records the verification and its consequences in one transaction (the order's notices and the ticket's escalation with them). */
export async function verifyComplaint(db: Database, viewer: Viewer, complaintId: number, upheld: boolean, findings: string): Promise<ComplaintRow> {
  const text = ticketText(findings, 'findings');
  return db.transaction().execute(async (trx) => {
    const locked = await requireVisibleComplaint(trx, viewer, complaintId, true);
    const complaint = await applyStep(trx, locked, 'verify', actorOf(viewer), {
      note: text,
      set: { upheld, findings: text },
      data: { upheld },
      check: byAssignee(viewer),
    });
    if (complaint.order_id !== null) await settleOrder(trx, viewer, complaint, complaint.order_id);
    if (upheld && complaint.recipient_id !== null) {
      await scheduleReturnVisit(
        trx,
        {
          recipientId: complaint.recipient_id,
          reason: 'complaint',
          complaintId: complaint.id,
          orderId: complaint.order_id,
          organisationId: complaint.organisation_id,
          dueOn: addDays(countyToday(), COMPLAINT_RETURN_VISIT_DAYS),
        },
        actorOf(viewer),
      );
    }
    return complaint;
  });
}

/** What the verdict does to the service complained about. */
async function settleOrder(trx: Database, viewer: Viewer, complaint: ComplaintRow, orderId: number): Promise<void> {
  let order = await lockOrder(trx, orderId);
  const withholdsNow = complaint.upheld && !order.payment_withheld;
  if (withholdsNow) {
    order = (await trx.updateTable('orders').set({ payment_withheld: true }).where('id', '=', orderId).returningAll().executeTakeFirstOrThrow()) as OrderRow;
  }
  if (order.status !== 'disputed' || !(await opensDispute(trx, complaint.id))) {
    if (withholdsNow && (await heldForService(trx, order))) await releaseOrderHold(trx, order);
    return;
  }
  const change = await transition(trx, orderId, complaint.upheld ? 'reject_service' : 'resolve_dispute', actorOf(viewer), {
    locked: order,
    reason: `Complaint ${complaint.id} ${complaint.upheld ? 'upheld' : 'not upheld'} on verification.`,
    data: { complaintId: complaint.id },
  });
  if (complaint.upheld) await releaseOrderHold(trx, change.after);
}

/**
 * Whether a withheld service's price is still held on the recipient's budget and nothing else
 * will give it back: the service was delivered (an order before service is released when it is
 * cancelled) and no statement has settled it. The county never pays it, so the recipient gets
 * the budget back when the payment is first withheld.
 */
async function heldForService(trx: Database, order: OrderRow): Promise<boolean> {
  if (order.status !== 'completed' && order.status !== 'confirmed') return false;
  const settled = await trx.selectFrom('settlement_lines').select('order_id').where('order_id', '=', order.id).executeTakeFirst();
  return settled === undefined;
}

/** Whether the ticket is the one disputeService opened (another ticket about the order does not settle its dispute). */
async function opensDispute(trx: Database, complaintId: number): Promise<boolean> {
  const row = await trx
    .selectFrom('complaint_events')
    .select('id')
    .where('complaint_id', '=', complaintId)
    .where('action', '=', DISPUTE_ACTION)
    .executeTakeFirst();
  return row !== undefined;
}
