// Reading the audit trail: by record, by person (who acted, and whom a record is about) and
// by time, newest first, a keyset page at a time. The trail is written by the database's
// triggers (migrations/2026-12-04T18-00_audit-trail.ts), never here.
import type { Database } from '../db/database.js';
import type { AuditEntry } from '../db/rows.js';
import { readPage, newestFirst, type PageArgs } from '../db/pagination.js';
import { toOptionalId } from '../platform/enums.js';
import { badInput } from '../platform/errors.js';

export interface AuditFilter {
  table?: string | null;
  recordId?: string | null;
  actorId?: string | null;
  recipientId?: string | null;
  carerId?: string | null;
  userId?: string | null;
  operation?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** One column's change as the API shows it: values written as text. */
export interface AuditChange {
  column: string;
  before: string | null;
  after: string | null;
}

/** A page of the trail matching `filter`, newest first. */
export async function listAuditTrail(db: Database, args: PageArgs & { filter?: AuditFilter | null }) {
  const page = readPage(args);
  const filter = args.filter ?? {};
  const table = filter.table?.trim() || undefined;
  const recordId = filter.recordId?.trim() || undefined;
  if (recordId && !table) throw badInput('A record is named by its table and its id: give table too.', { field: 'table', reason: 'FIELD_REQUIRED' });
  if (filter.from && filter.to && filter.from > filter.to) throw badInput('from is after to.', { field: 'from', reason: 'RANGE_REVERSED' });
  const actorId = toOptionalId(filter.actorId, 'actorId');
  const recipientId = toOptionalId(filter.recipientId, 'recipientId');
  const carerId = toOptionalId(filter.carerId, 'carerId');
  const userId = toOptionalId(filter.userId, 'userId');

  let query = db.selectFrom('audit_trail');
  if (table) query = query.where('table_name', '=', table);
  if (recordId) query = query.where('record_id', '=', recordId);
  if (actorId) query = query.where('actor_id', '=', actorId);
  if (recipientId) query = query.where('recipient_id', '=', recipientId);
  if (carerId) query = query.where('carer_id', '=', carerId);
  if (userId) query = query.where('user_id', '=', userId);
  if (filter.operation) query = query.where('operation', '=', filter.operation);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  return newestFirst(query.selectAll(), page);
}

/** An entry's changes, column by column in name order, each value as text. */
export function changesOf(entry: AuditEntry): AuditChange[] {
  const changes = entry.changes as Record<string, [unknown, unknown]>;
  return Object.keys(changes)
    .sort()
    .map((column) => ({ column, before: asText(changes[column][0]), after: asText(changes[column][1]) }));
}

const asText = (value: unknown): string | null => (value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value));
