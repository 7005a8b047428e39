// Applying one transition of the order state machine: lock the order, check the table and
// the caller's own conditions, update it and record the event, all in the caller's
// transaction. Nothing changes when any check fails.
import { sql, type UpdateObject } from 'kysely';
import type { Database } from '../db/database.js';
import type { DB } from '../db/tables.js';
import { badInput, notFound } from '../platform/errors.js';
import { now } from '../platform/clock.js';
import { nextStatus, type OrderAction } from './order-states.js';
import type { Actor, OrderRow } from './order-rows.js';

export interface TransitionOptions {
  reason?: string;
  /** Columns changed with the status (carer_id, match_reasons …). */
  set?: Omit<UpdateObject<DB, 'orders'>, 'status' | 'status_changed_at'>;
  /** Extra facts recorded on the event. */
  data?: Record<string, unknown>;
  /** The caller's own checks on the locked order (scope, ownership); throw to refuse. */
  check?: (order: OrderRow) => void;
  /** Refuse a blank reason. */
  reasonRequired?: boolean;
  /** The order as the caller already locked it in this transaction (saves locking it again). */
  locked?: OrderRow;
}

/** Locks an order for the rest of the transaction, or NOT_FOUND. */
export async function lockOrder(trx: Database, orderId: number): Promise<OrderRow> {
  const order = await trx.selectFrom('orders').selectAll().where('id', '=', orderId).forUpdate().executeTakeFirst();
  if (!order) throw notFound('Order', orderId);
  return order as OrderRow;
}

/** Applies `action` to the order; returns the order before and after. */
export async function transition(
  trx: Database,
  orderId: number,
  action: OrderAction,
  actor: Actor,
  options: TransitionOptions = {},
): Promise<{ before: OrderRow; after: OrderRow }> {
  const reason = (options.reason ?? '').trim();
  if (options.reasonRequired && !reason) throw badInput('Say why.', { field: 'reason' });
  if (reason.length > 500) throw badInput('A reason is at most 500 characters.', { field: 'reason' });
  const before = options.locked ?? await lockOrder(trx, orderId);
  options.check?.(before);
  const to = nextStatus(before.status, action);
  const at = now();
  // the update and its event in one statement: one round trip per transition
  const after = await trx
    .with('changed', (db) => db.updateTable('orders')
      .set({ ...options.set, status: to, status_changed_at: at })
      .where('id', '=', orderId)
      .returningAll())
    .with('event', (db) => db.insertInto('order_events')
      .columns(['order_id', 'action', 'from_status', 'to_status', 'actor_id', 'channel', 'reason', 'data', 'at'])
      .expression((eb) => eb.selectFrom('changed').select([
        'changed.id',
        sql<string>`${action}::text`.as('action'),
        sql<string>`${before.status}::text`.as('from_status'),
        sql<string>`${to}::text`.as('to_status'),
        sql<number | null>`${actor.userId}::int`.as('actor_id'),
        sql<string>`${actor.channel}::text`.as('channel'),
        sql<string>`${reason}::text`.as('reason'),
        sql<string | null>`${options.data ? JSON.stringify(options.data) : null}::jsonb`.as('data'),
        sql<Date>`${at}::timestamptz`.as('at'),
      ])))
    .selectFrom('changed').selectAll()
    .executeTakeFirstOrThrow();
  return { before, after: after as OrderRow };
}
