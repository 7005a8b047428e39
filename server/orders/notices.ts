// Live notices of order changes. A change's notices go to the topics of everyone who watches
// it: the order itself, its recipient's order list, its organisation's dispatcher board, its
// carer's job list (before and after, so a reassigned carer sees the job leave) and the pages
// of the grid worker of the village its recipient lives in. They are recorded in the outbox
// with the change and published after commit.
// Subscribers load the order fresh, through the same access rules as queries.
import { sql, type RawBuilder } from 'kysely';
import type { Effect, EffectSql } from '../platform/outbox.js';
import type { OrderRow } from './order-rows.js';

export interface OrderNotice {
  orderId: number;
  status: string;
  /** The outbox row it came from: a subscription drops one it has already sent. */
  noticeId?: number;
}

/** Topic of everything about one subject (deployment-local; EventBus adds the prefix). */
const topicPrefix = { order: 'order/', board: 'board/', carer: 'carer/', recipient: 'recipient/', village: 'village/' } as const;

export const orderTopic = (orderId: number) => `${topicPrefix.order}${orderId}`;
export const boardTopic = (organisationId: number) => `${topicPrefix.board}${organisationId}`;
export const carerTopic = (carerId: number) => `${topicPrefix.carer}${carerId}`;
export const recipientTopic = (recipientId: number) => `${topicPrefix.recipient}${recipientId}`;
export const villageTopic = (villageId: number) => `${topicPrefix.village}${villageId}`;

/**
 * The topic of the village the recipient lives in at the change, as SQL that the statement
 * recording the notice reads: no round trip of its own, one row per notice, however many
 * orders a statement changed. Not the order's own village_id, which stays where it was placed
 * from: after a move, the grid worker who sees the recipient now is the one to tell.
 */
const recipientVillageTopic = (recipientId: RawBuilder<unknown> | number) =>
  sql<string>`${topicPrefix.village}::text || (select r.village_id from recipients r where r.id = ${recipientId})`;

/** Every topic a change from `before` to `after` concerns. */
function topicsOf(before: Pick<OrderRow, 'organisation_id' | 'carer_id'> | null, after: OrderRow): string[] {
  const topics = new Set([orderTopic(after.id), recipientTopic(after.recipient_id)]);
  for (const o of [before, after]) {
    if (o?.organisation_id) topics.add(boardTopic(o.organisation_id));
    if (o?.carer_id) topics.add(carerTopic(o.carer_id));
  }
  return [...topics];
}

/** The notices of one change, for the outbox. */
export function noticesOf({ before, after }: { before: OrderRow | null; after: OrderRow }): Effect[] {
  const payload = { orderId: after.id, status: after.status } satisfies OrderNotice;
  return [...topicsOf(before, after), recipientVillageTopic(after.recipient_id)].map((topic) => ({ kind: 'notice', topic, payload }));
}

/** The notices of orders a set-based statement changed (each row after; its organisation and carer unchanged). */
export const noticesOfRows = (rows: readonly OrderRow[]): Effect[] => rows.flatMap((after) => noticesOf({ before: null, after }));

/**
 * The same, as SQL over the rows of a statement's CTE (`alias`) that created or changed
 * orders, for the statements that write many orders at once or in one round trip. The
 * rows' organisation and carer are the same before and after (placing, confirming).
 */
export function noticesSql(alias: string): EffectSql[] {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const payload = sql`jsonb_build_object('orderId', ${col('id')}, 'status', ${col('status')})`;
  const topic = (prefix: string, id: RawBuilder<unknown>) => sql<string>`${prefix}::text || ${id}`;
  return [
    { kind: 'notice', topic: topic(topicPrefix.order, col('id')), payload },
    { kind: 'notice', topic: topic(topicPrefix.recipient, col('recipient_id')), payload },
    { kind: 'notice', topic: topic(topicPrefix.board, col('organisation_id')), payload, when: sql`${col('organisation_id')} is not null` },
    { kind: 'notice', topic: topic(topicPrefix.carer, col('carer_id')), payload, when: sql`${col('carer_id')} is not null` },
    { kind: 'notice', topic: recipientVillageTopic(col('recipient_id')), payload },
  ];
}
