import type { Selectable } from 'kysely';
import type { Orders } from '../db/tables.js';
import type { OrderStatus } from './order-lifecycle.js';
import type { OrderChannel } from './place-order.js';

/** An order as stored, with its status and channel typed. */
export type OrderRow = Omit<Selectable<Orders>, 'status' | 'channel'> & { status: OrderStatus; channel: OrderChannel };
