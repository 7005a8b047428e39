// Taking a ticket one step on, in the caller's transaction and on the locked ticket: the
// lifecycle's check, the caller's own checks, the change with its new deadline and its
// complaint_events row, and the delayed escalation of that deadline in the outbox, so a
// refused step changes nothing and a committed one always has its escalation (and an
// answer its message to the recipient). The simple
// steps (assign, answer, close) are here; verification, with its consequences for the
// order, is in verify-complaint.ts.
import type { UpdateObject } from 'kysely';
import type { Database } from '../db/database.js';
import type { DB } from '../db/tables.js';
import type { Viewer } from '../auth/roles.js';
import { badInput, conflict, forbidden } from '../platform/errors.js';
import type { Actor } from '../platform/lifecycle.js';
import { recordEffects } from '../platform/outbox.js';
import { actorOf } from '../orders/order-actions.js';
import { complaintLifecycle, type ComplaintStep } from './complaint-lifecycle.js';
import { dueOnEntering } from './deadlines.js';
import { escalationEffects } from './escalation.js';
import { requireVisibleComplaint } from './complaint-scope.js';
import type { ComplaintRow } from './complaint-rows.js';
import { now } from '../platform/clock.js';
import { answerMessages } from '../messages/complaint-messages.js';
import { queueMessages } from '../messages/queue-messages.js';

const MAX_TEXT = 2000;

/** Trimmed text of at most 2000 characters; BAD_USER_INPUT when blank (unless optional) or too long. */
export function ticketText(value: string | null | undefined, field: string, required = true): string {
  const text = (value ?? '').trim();
  if (required && !text) throw badInput(`Say something in ${field}: it may not be blank.`, { field, reason: 'FIELD_REQUIRED' });
  if (text.length > MAX_TEXT) throw badInput(`${field} is at most ${MAX_TEXT} characters.`, { field, reason: 'TEXT_TOO_LONG', maxLength: MAX_TEXT });
  return text;
}

interface StepOptions {
  note?: string;
  /** Columns changed with the status (assignee, findings, answer). */
  set?: Omit<UpdateObject<DB, 'complaints'>, 'status' | 'status_changed_at' | 'due_at'>;
  /** Extra facts recorded on the event. */
  data?: Record<string, unknown>;
  /** The caller's own checks on the locked ticket (who may take this step); throw to refuse. */
  check?: (complaint: ComplaintRow) => void;
}

/** What moves a ticket on: a step of the loop, or going round it again. */
type TicketAction = ComplaintStep | 'reopen';

/** Applies `action` to a ticket the caller has locked and records its escalation; returns it after the change. */
export async function applyStep(trx: Database, before: ComplaintRow, action: TicketAction, actor: Actor, options: StepOptions = {}): Promise<ComplaintRow> {
  // the table refuses first (CONFLICT), then the caller's checks
  const to = complaintLifecycle.next(before.status, action);
  options.check?.(before);
  const at = now();
  const { after } = await complaintLifecycle.apply(trx, before.id, action, actor, {
    locked: before,
    at,
    reason: options.note,
    data: options.data,
    set: { ...options.set, due_at: dueOnEntering(before.severity, to, at) },
  });
  await recordEffects(trx, escalationEffects(after));
  if (action === 'answer') await queueMessages(trx, answerMessages(after));
  return after;
}

/** Locks a ticket the viewer may see and applies one step to it, in one transaction. */
function step(db: Database, viewer: Viewer, complaintId: number, action: TicketAction, options: StepOptions) {
  return db
    .transaction()
    .execute(async (trx) => applyStep(trx, await requireVisibleComplaint(trx, viewer, complaintId, true), action, actorOf(viewer), options));
}

interface Assignee {
  organisationId?: number;
  townshipId?: number;
}

/** 交办: hands a recorded ticket to exactly one organisation or township station. */
export async function assignComplaint(db: Database, viewer: Viewer, complaintId: number, to: Assignee, note?: string | null): Promise<ComplaintRow> {
  const { organisationId, townshipId } = to;
  if ((organisationId === undefined) === (townshipId === undefined)) {
    throw badInput('Assign the ticket to exactly one of an organisation (organisationId) or a township station (townshipId).', {
      field: 'organisationId',
      reason: 'ASSIGN_ONE',
    });
  }
  const text = ticketText(note, 'note', false);
  if (organisationId !== undefined) {
    const found = await db.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst();
    if (!found) throw badInput(`There is no organisation ${organisationId}.`, { field: 'organisationId', reason: 'UNKNOWN_VALUE' });
  } else {
    const found = await db.selectFrom('regions').select('id').where('id', '=', townshipId!).where('level', '=', 'township').executeTakeFirst();
    if (!found) throw badInput(`${townshipId} is not a township.`, { field: 'townshipId', reason: 'UNKNOWN_VALUE' });
  }
  return step(db, viewer, complaintId, 'assign', {
    note: text,
    set: { assigned_organisation_id: organisationId ?? null, assigned_township_id: townshipId ?? null },
    data: { organisationId: organisationId ?? null, townshipId: townshipId ?? null },
  });
}

/**
 * 反馈: records what was said back to the complainant, and whether they are satisfied with it
 * (null: not asked, or not reached). The answer starts the period in which it may be reopened.
 */
export function answerComplaint(db: Database, viewer: Viewer, complaintId: number, answer: string, satisfied: boolean | null = null): Promise<ComplaintRow> {
  const text = ticketText(answer, 'answer');
  return step(db, viewer, complaintId, 'answer', {
    note: text,
    set: { answer: text, satisfied, answered_at: now() },
    data: { satisfied },
  });
}

/** Who may reopen a ticket they can see: the complainant's side (the recipient, their grid worker), the hotline for them, a county admin. */
const REOPENERS: readonly Viewer['role'][] = ['recipient', 'grid_worker', 'hotline_operator', 'county_admin'];

/** Until when an answered (or closed) ticket may be reopened: `days` after its answer; null when it was never answered. */
export function reopenableUntil(c: Pick<ComplaintRow, 'answered_at' | 'status'>, days: number): Date | null {
  if (c.answered_at === null || !complaintLifecycle.can(c.status, 'reopen')) return null;
  return new Date(new Date(c.answered_at).getTime() + days * 86_400_000);
}

/**
 * Reopens an answered or closed ticket whose complainant is not satisfied, within `days` of
 * its answer: back to its assignee to verify again, with the reason on the event. CONFLICT
 * REOPEN_PERIOD_OVER after the period, CONFLICT for a ticket not answered yet.
 */
export function reopenComplaint(db: Database, viewer: Viewer, complaintId: number, reason: string, days: number): Promise<ComplaintRow> {
  const text = ticketText(reason, 'reason');
  if (!REOPENERS.includes(viewer.role)) throw forbidden('Tickets are reopened by the complainant, their grid worker, the hotline or a county admin.');
  return db.transaction().execute(async (trx) => {
    const locked = await requireVisibleComplaint(trx, viewer, complaintId, true);
    return applyStep(trx, locked, 'reopen', actorOf(viewer), {
      note: text,
      set: { reopen_count: locked.reopen_count + 1, satisfied: false },
      data: { reopenCount: locked.reopen_count + 1 },
      check: (c) => {
        const until = reopenableUntil(c, days);
        if (until !== null && until.getTime() <= now().getTime()) {
          throw conflict(`The ticket was answered more than ${days} days ago: it can no longer be reopened; record a new complaint instead.`, {
            reason: 'REOPEN_PERIOD_OVER',
            reopenableUntil: until.toISOString(),
            days,
          });
        }
      },
    });
  });
}

/** Closes an answered ticket: the loop is complete and its deadline goes. */
export function closeComplaint(db: Database, viewer: Viewer, complaintId: number, note?: string | null): Promise<ComplaintRow> {
  return step(db, viewer, complaintId, 'close', { note: ticketText(note, 'note', false) });
}
