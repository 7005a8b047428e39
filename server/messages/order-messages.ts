// Who hears of an order's change (issue 15, item 3). Written in the change's transaction,
// like the order's live notices: by orders/transitions.ts for one order's change, and by the
// sweeps for the orders they flag late, mark missed or find still unmatched.
// - A carer is sent: the recipient hears who comes and when, the carer gets a new job.
// - A carer is taken off it (another sent instead, moved back to matching, cancelled): that
//   carer hears, unless they declined it themselves. A job moved to another time its carer
//   keeps: the carer hears the new time.
// - A missed visit made good (rebooked): the recipient hears the new time.
// - Checked out: the recipient is asked to confirm with their card's code.
// - Late (nobody checked in after the grace): the recipient hears that someone is on it, the
//   organisation's dispatchers which carer has not come. Missed: the recipient hears we are
//   sorry and will come again, the dispatchers that it wants a new time.
// - Still unmatched 30 minutes on: the organisation's dispatchers (or, when no organisation
//   took it, the county's desk).
import type { Database } from '../db/database.js';
import type { Transition } from '../platform/lifecycle.js';
import type { OrderAction } from '../orders/order-lifecycle.js';
import type { OrderRow } from '../orders/order-rows.js';
import { spokenTime } from './county-words.js';
import type { NewMessage } from './queue-messages.js';
import { countyDesk, dispatchersOf } from './staff-to-tell.js';

type OrderFacts = Pick<OrderRow, 'id' | 'service_item_id' | 'carer_id'>;

/** The item names and carers (with their active account, if any) of `orders`. */
async function factsOf(trx: Database, orders: readonly OrderFacts[], extraCarerIds: readonly number[] = []) {
  const carerIds = [...new Set([...orders.map((o) => o.carer_id), ...extraCarerIds].filter((id): id is number => id !== null))];
  const [items, carers] = await Promise.all([
    trx
      .selectFrom('service_items')
      .select(['id', 'name_zh'])
      .where('id', 'in', [...new Set(orders.map((o) => o.service_item_id))])
      .execute(),
    carerIds.length
      ? trx
          .selectFrom('carers')
          .leftJoin('users', (join) => join.onRef('users.carer_id', '=', 'carers.id').on('users.active', '=', true))
          .select(['carers.id', 'carers.name', 'users.id as userId'])
          .where('carers.id', 'in', carerIds)
          .execute()
      : [],
  ]);
  const itemNames = new Map(items.map((i) => [i.id, i.name_zh]));
  const carerById = new Map(carers.map((c) => [c.id, c]));
  return { item: (o: OrderFacts) => itemNames.get(o.service_item_id)!, carer: (id: number | null) => (id === null ? undefined : carerById.get(id)) };
}

/** Each round of an order is its own message: a carer sent again later is told again. */
const roundOf = (o: OrderRow) => `${o.id}-${o.status_changed_at.getTime()}`;

/** The messages `action` on an order calls for (none for most actions). */
export async function orderMessages(trx: Database, action: OrderAction, { before, after }: Transition<OrderRow>): Promise<NewMessage[]> {
  const sent = (action === 'dispatch' || action === 'reassign') && after.carer_id !== null;
  // a carer who declined knows already
  const takenOff = before.carer_id !== null && action !== 'decline' && (after.carer_id !== before.carer_id || action === 'cancel');
  if (!sent && !takenOff && action !== 'rebook' && action !== 'complete') return [];
  const facts = await factsOf(trx, [after], before.carer_id === null ? [] : [before.carer_id]);
  const item = facts.item(after);
  const time = spokenTime(after.window_start);
  const about = roundOf(after);
  const toRecipient = { recipientId: after.recipient_id };
  const messages: NewMessage[] = [];
  if (sent) {
    const now = facts.carer(after.carer_id)!;
    messages.push({ event: 'order_taken', to: toRecipient, about, params: { item, carer: now.name, time } });
    if (now.userId) messages.push({ event: 'job_new', to: { userId: now.userId }, about, params: { time, item, place: after.place_address } });
  }
  const off = takenOff ? facts.carer(before.carer_id) : undefined;
  if (off?.userId) messages.push({ event: 'job_cancelled', to: { userId: off.userId }, about, params: { time: spokenTime(before.window_start), item } });
  if (action === 'rebook') messages.push({ event: 'visit_rebooked', to: toRecipient, about, params: { time } });
  if (action === 'complete') {
    const carer = facts.carer(after.carer_id);
    if (carer) messages.push({ event: 'confirm_request', to: toRecipient, about, params: { carer: carer.name, item } });
  }
  return messages;
}

/** A job moved to another time its carer keeps: the carer hears the new time. */
export async function rescheduledJobMessages(trx: Database, moved: OrderRow): Promise<NewMessage[]> {
  if (moved.carer_id === null) return [];
  const facts = await factsOf(trx, [moved]);
  const carer = facts.carer(moved.carer_id);
  if (!carer?.userId) return [];
  return [
    {
      event: 'job_changed',
      to: { userId: carer.userId },
      // one per new time
      about: `${moved.id}-${moved.window_start.getTime()}`,
      params: { item: facts.item(moved), time: spokenTime(moved.window_start) },
    },
  ];
}

/**
 * The messages of orders the sweep flagged late or marked missed: their recipients (when a
 * carer was sent: an order nobody was sent to reaches the dispatchers as unmatched) and the
 * dispatchers of their organisations. Once per order and window.
 */
export async function sweptOrderMessages(trx: Database, kind: 'late' | 'missed', orders: readonly OrderRow[], hotline: string): Promise<NewMessage[]> {
  if (!orders.length) return [];
  const [facts, dispatchers] = await Promise.all([
    factsOf(trx, orders),
    dispatchersOf(
      trx,
      orders.map((o) => o.organisation_id).filter((id): id is number => id !== null),
    ),
  ]);
  return orders.flatMap((o): NewMessage[] => {
    const about = `${o.id}-${o.window_start.getTime()}`;
    const carer = facts.carer(o.carer_id);
    const time = spokenTime(o.window_start);
    const staff = o.organisation_id === null ? [] : (dispatchers.get(o.organisation_id) ?? []);
    if (kind === 'late') {
      if (!carer) return [];
      return [
        { event: 'visit_late', to: { recipientId: o.recipient_id }, about, params: { carer: carer.name, hotline } },
        ...staff.map((userId): NewMessage => ({ event: 'check_in_late', to: { userId }, about, params: { carer: carer.name, time, order: o.id } })),
      ];
    }
    return [
      { event: 'visit_missed_sorry', to: { recipientId: o.recipient_id }, about, params: { time, item: facts.item(o), hotline } },
      ...staff.map((userId): NewMessage => ({ event: 'visit_missed', to: { userId }, about, params: { order: o.id } })),
    ];
  });
}

/** An order waiting for matching, as the unmatched sweep reads it. */
export type WaitingOrder = Pick<OrderRow, 'id' | 'organisation_id' | 'status_changed_at'>;

/**
 * The messages of orders still unmatched `minutes` after they went to matching: the
 * dispatchers of the organisation that holds one, the county's desk for one no organisation
 * took. Once per order and round of matching.
 */
export async function unmatchedOrderMessages(trx: Database, orders: readonly WaitingOrder[], now: Date): Promise<NewMessage[]> {
  if (!orders.length) return [];
  const [dispatchers, desk] = await Promise.all([
    dispatchersOf(
      trx,
      orders.map((o) => o.organisation_id).filter((id): id is number => id !== null),
    ),
    orders.some((o) => o.organisation_id === null) ? countyDesk(trx) : Promise.resolve([]),
  ]);
  return orders.flatMap((o) => {
    const staff = o.organisation_id === null ? desk : (dispatchers.get(o.organisation_id) ?? []);
    const minutes = Math.floor((now.getTime() - o.status_changed_at.getTime()) / 60_000);
    return staff.map(
      (userId): NewMessage => ({
        event: 'order_unmatched',
        to: { userId },
        about: `${o.id}-${o.status_changed_at.getTime()}`,
        params: { order: o.id, minutes },
      }),
    );
  });
}
