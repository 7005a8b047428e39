import type { Selectable } from 'kysely';
import type { Orders } from '../db/tables.js';
import type { OrderStatus } from './order-states.js';
import type { OrderChannel } from './place-order.js';

/** An order as stored, with its status and channel typed. */
export type OrderRow = Omit<Selectable<Orders>, 'status' | 'channel'> & { status: OrderStatus; channel: OrderChannel };

/** Where an event came from: the three ordering channels, the consoles, the carer's app, or the system. */
export type EventChannel = OrderChannel | 'console' | 'carer_app' | 'system';

/** Who makes a change: a user through a channel, or the system (userId null). */
export interface Actor {
  userId: number | null;
  channel: EventChannel;
}

export const systemActor: Actor = { userId: null, channel: 'system' };
