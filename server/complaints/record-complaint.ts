// 记录: opening a ticket. The hotline records a caller's complaint, a recipient their own, a
// grid worker one for a recipient of their villages; about a service (the order then names
// the recipient and the organisation), an organisation, or neither. disputeService is the
// special case of a completed service that did not happen as it should: the order becomes
// disputed and its ticket is opened in the same transaction.
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import { badInput } from '../platform/errors.js';
import { requireVisibleOrder } from '../orders/order-scope.js';
import { transition } from '../orders/transitions.js';
import { actorOf } from '../orders/order-actions.js';
import { orderChannel, type OrderChannel } from '../orders/place-order.js';
import { requireVisibleRecipient } from '../registry/scope.js';
import { recordEffects } from '../platform/outbox.js';
import type { Actor } from '../platform/lifecycle.js';
import { complaintLifecycle } from './complaint-lifecycle.js';
import { dueOnEntering, type ComplaintSeverity } from './deadlines.js';
import { escalationEffects } from './escalation.js';
import { ticketText } from './complaint-steps.js';
import type { ComplaintCategory, ComplaintRow } from './complaint-rows.js';
import { now } from '../platform/clock.js';

/** The opening event of a ticket that disputes a service (verification settles the dispute). */
export const DISPUTE_ACTION = 'dispute';
const PHONE = /^[0-9+-]{5,20}$/;
const MAX_NAME = 100;

interface RecordComplaintRequest {
  recipientId?: number;
  orderId?: number;
  organisationId?: number;
  category: ComplaintCategory;
  severity: ComplaintSeverity;
  description: string;
  complainantName?: string | null;
  complainantPhone?: string | null;
}

interface Recipient {
  id: number;
  name: string;
  township_id: number;
  phone: string | null;
}

interface Ticket {
  recipient: Recipient | null;
  orderId: number | null;
  organisationId: number | null;
  category: ComplaintCategory;
  severity: ComplaintSeverity;
  description: string;
  complainantName: string;
  complainantPhone: string | null;
  channel: OrderChannel;
}

/** A phone number as stored (digits, + and -), null when none was given. */
function complainantPhone(value: string | null | undefined): string | null {
  const phone = (value ?? '').replace(/\s/g, '');
  if (!phone) return null;
  if (!PHONE.test(phone)) throw badInput('A phone number is 5 to 20 digits (with + or -).', { field: 'complainantPhone', reason: 'PHONE_FORMAT' });
  return phone;
}

/** Records a ticket, with the delayed escalation of its first deadline. */
export async function recordComplaint(db: Database, viewer: Viewer, req: RecordComplaintRequest): Promise<ComplaintRow> {
  const channel = orderChannel(viewer);
  const description = ticketText(req.description, 'description');
  const name = (req.complainantName ?? '').trim();
  if (name.length > MAX_NAME)
    throw badInput(`A name is at most ${MAX_NAME} characters.`, { field: 'complainantName', reason: 'TEXT_TOO_LONG', maxLength: MAX_NAME });
  const phone = complainantPhone(req.complainantPhone);
  if (channel === 'hotline' && !phone)
    throw badInput("The hotline records the caller's phone number, to answer them.", { field: 'complainantPhone', reason: 'CALLER_PHONE_REQUIRED' });
  return db.transaction().execute(async (trx) => {
    const subject = await subjectOf(trx, viewer, req);
    // only the hotline takes calls from people outside the list (a neighbour, a relative)
    if (channel !== 'hotline' && !subject.recipient)
      throw badInput('Say which recipient the complaint is for (recipientId or orderId).', { field: 'recipientId', reason: 'FIELD_REQUIRED' });
    const complainantName = name || subject.recipient?.name;
    if (!complainantName) throw badInput("Give the complainant's name.", { field: 'complainantName', reason: 'FIELD_REQUIRED' });
    return openTicket(trx, actorOf(viewer), 'record', {
      ...subject,
      category: req.category,
      severity: req.severity,
      description,
      complainantName,
      complainantPhone: phone,
      channel,
    });
  });
}

/** Whom and what the ticket is about: from the order when there is one, checked against the viewer's scope. */
async function subjectOf(trx: Database, viewer: Viewer, req: RecordComplaintRequest): Promise<Pick<Ticket, 'recipient' | 'orderId' | 'organisationId'>> {
  if (req.orderId !== undefined) {
    const order = await requireVisibleOrder(trx, viewer, req.orderId);
    if (req.recipientId !== undefined && req.recipientId !== order.recipient_id) {
      throw badInput('That order is not a service of that recipient.', { field: 'recipientId', reason: 'ORDER_OF_OTHER_RECIPIENT' });
    }
    if (req.organisationId !== undefined && req.organisationId !== order.organisation_id) {
      throw badInput('That order was not taken by that organisation.', { field: 'organisationId', reason: 'ORDER_OF_OTHER_ORGANISATION' });
    }
    return { recipient: await recipientOf(trx, order.recipient_id), orderId: order.id, organisationId: order.organisation_id };
  }
  const recipientId = req.recipientId ?? (viewer.role === 'recipient' ? (viewer.recipientId ?? undefined) : undefined);
  const recipient = recipientId === undefined ? null : await requireVisibleRecipient(trx, viewer, recipientId);
  if (req.organisationId !== undefined) {
    const found = await trx.selectFrom('organisations').select('id').where('id', '=', req.organisationId).executeTakeFirst();
    if (!found) throw badInput(`There is no organisation ${req.organisationId}.`, { field: 'organisationId', reason: 'UNKNOWN_VALUE' });
  }
  return { recipient, orderId: null, organisationId: req.organisationId ?? null };
}

function recipientOf(trx: Database, id: number): Promise<Recipient> {
  return trx.selectFrom('recipients').select(['id', 'name', 'township_id', 'phone']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** Writes the ticket, its opening event and its escalation; its deadline is the severity's time to assign. */
async function openTicket(trx: Database, actor: Actor, action: 'record' | 'dispute', t: Ticket, data?: Record<string, unknown>): Promise<ComplaintRow> {
  const at = now();
  const complaint = await complaintLifecycle.create(
    trx,
    action,
    actor,
    {
      recipient_id: t.recipient?.id ?? null,
      order_id: t.orderId,
      organisation_id: t.organisationId,
      township_id: t.recipient?.township_id ?? null,
      category: t.category,
      severity: t.severity,
      description: t.description,
      complainant_name: t.complainantName,
      complainant_phone: t.complainantPhone,
      channel: t.channel,
      recorded_by: actor.userId,
      due_at: dueOnEntering(t.severity, complaintLifecycle.target(action), at),
      created_at: at,
    },
    { reason: t.description, data, at },
  );
  await recordEffects(trx, escalationEffects(complaint));
  return complaint;
}

/**
 * The recipient (or a grid worker or the hotline for them) says a completed service did not
 * happen as it should: the order goes completed → disputed and a high-severity ticket about
 * it is opened, in one transaction, with the order's notices and the ticket's escalation.
 */
export async function disputeService(db: Database, viewer: Viewer, orderId: number, reason: string): Promise<ComplaintRow> {
  const channel = orderChannel(viewer);
  const description = ticketText(reason, 'reason');
  return db.transaction().execute(async (trx) => {
    const order = await requireVisibleOrder(trx, viewer, orderId);
    await transition(trx, orderId, 'dispute', actorOf(viewer), { reason: description, reasonRequired: true });
    const recipient = await recipientOf(trx, order.recipient_id);
    return openTicket(
      trx,
      actorOf(viewer),
      DISPUTE_ACTION,
      {
        recipient,
        orderId,
        organisationId: order.organisation_id,
        category: 'service_not_delivered',
        severity: 'high',
        description,
        // the registry's number, so the hotline can answer the recipient whoever reported it
        complainantName: recipient.name,
        complainantPhone: recipient.phone && PHONE.test(recipient.phone) ? recipient.phone : null,
        channel,
      },
      { orderId },
    );
  });
}
