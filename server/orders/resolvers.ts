import type { Resolvers } from '../graphql/types.generated.js';
import type { GraphQLContext, SignedInContext } from '../graphql/context.js';
import type { Order, OrderEvent } from '../db/rows.js';
import { guard } from '../graphql/guard.js';
import { fromEnum, toEnum, toId, toOptionalId } from '../platform/enums.js';
import { forbidden } from '../platform/errors.js';
import { hasMany, userNames } from '../graphql/loaders.js';
import { rowOf } from '../graphql/row-batches.js';
import { placeOrder } from './place-order.js';
import { acceptJob, assignCarer, cancelOrder, declineJob, rebookMissedOrder, rescheduleOrder } from './order-actions.js';
import { subscribeTo } from '../graphql/subscriptions.js';
import { boardOrganisation, carerJobs, dispatchBoard, listOrders, pendingConfirmations } from './order-queries.js';
import { requireVisibleOrder, visibleNoticedOrders } from './order-scope.js';
import { boardTopic, carerTopic, orderTopic, recipientTopic, villageTopic, type OrderNotice } from './notices.js';
import type { OrderStatus } from './order-lifecycle.js';
import type { OrderRow } from './order-rows.js';
import { candidatesForDispatcher } from '../matching/dispatcher-view.js';
import { matchReasonsOf, problemOf } from '../matching/match-reasons.js';

const ordering = ['recipient', 'hotline_operator', 'grid_worker'] as const;
const dispatching = ['dispatcher', 'county_admin'] as const;

async function displayName(ctx: SignedInContext): Promise<string> {
  const user = await ctx.db.selectFrom('users').select('display_name').where('id', '=', ctx.viewer.userId).executeTakeFirstOrThrow();
  return user.display_name;
}

const loadNotice = async (notice: OrderNotice, ctx: GraphQLContext) =>
  (await ctx.db.selectFrom('orders').selectAll().where('id', '=', notice.orderId).executeTakeFirstOrThrow()) as OrderRow;

export const orderResolvers: Resolvers = {
  Query: {
    orders: guard('signed-in', (_p, { first, after, filter }, ctx) =>
      listOrders(
        ctx.db,
        ctx.viewer,
        { first, after },
        {
          status: filter?.status?.map((s) => fromEnum(s) as OrderStatus),
          recipientId: toOptionalId(filter?.recipientId, 'recipientId'),
          organisationId: toOptionalId(filter?.organisationId, 'organisationId'),
          carerId: toOptionalId(filter?.carerId, 'carerId'),
          flagged: filter?.flagged,
        },
      ),
    ),
    order: guard('signed-in', (_p, { id }, ctx) => requireVisibleOrder(ctx.db, ctx.viewer, toId(id))),
    dispatchBoard: guard(dispatching, (_p, { organisationId }, ctx) =>
      dispatchBoard(ctx.db, boardOrganisation(ctx.viewer, toOptionalId(organisationId, 'organisationId'))),
    ),
    myJobs: guard(['carer'], (_p, { from, to }, ctx) => carerJobs(ctx.db, ctx.viewer.carerId!, from, to)),
    pendingConfirmations: guard(['grid_worker'], (_p, _a, ctx) => pendingConfirmations(ctx.db, ctx.viewer)),
    carerCandidates: guard(dispatching, (_p, { orderId, limit }, ctx) => candidatesForDispatcher(ctx.db, ctx.viewer, toId(orderId, 'orderId'), limit ?? 10)),
  },
  Mutation: {
    placeOrder: guard(ordering, async (_p, { input }, ctx) => {
      const { order } = await placeOrder(
        ctx.db,
        ctx.viewer,
        {
          recipientId: toOptionalId(input.recipientId, 'recipientId'),
          serviceItemId: toId(input.serviceItemId, 'serviceItemId'),
          quantity: input.quantity ?? 1,
          windowStart: input.windowStart,
          windowEnd: input.windowEnd,
          place: input.place,
          notes: input.notes,
          callerPhone: input.callerPhone,
          idempotencyKey: input.idempotencyKey,
        },
        ctx.config.BOOKING_HORIZON_DAYS,
      );
      return order;
    }),
    cancelOrder: guard([...ordering, ...dispatching], (_p, { orderId, reason }, ctx) => cancelOrder(ctx.db, ctx.viewer, toId(orderId, 'orderId'), reason)),
    rescheduleOrder: guard(ordering, (_p, { orderId, windowStart, windowEnd, reason }, ctx) =>
      rescheduleOrder(ctx.db, ctx.viewer, toId(orderId, 'orderId'), { windowStart, windowEnd }, reason, ctx.config.BOOKING_HORIZON_DAYS),
    ),
    rebookMissedOrder: guard(dispatching, (_p, { orderId, windowStart, windowEnd, reason }, ctx) =>
      rebookMissedOrder(ctx.db, ctx.viewer, toId(orderId, 'orderId'), { windowStart, windowEnd }, reason, ctx.config.BOOKING_HORIZON_DAYS),
    ),
    assignCarer: guard(dispatching, async (_p, { orderId, carerId, reason }, ctx) =>
      assignCarer(ctx.db, ctx.viewer, toId(orderId, 'orderId'), toId(carerId, 'carerId'), reason, await displayName(ctx)),
    ),
    acceptJob: guard(['carer'], (_p, { orderId }, ctx) => acceptJob(ctx.db, ctx.viewer, toId(orderId, 'orderId'))),
    declineJob: guard(['carer'], (_p, { orderId, reason }, ctx) => declineJob(ctx.db, ctx.viewer, toId(orderId, 'orderId'), reason)),
  },
  Subscription: {
    orderUpdated: {
      subscribe: guard('signed-in', async (_p, { orderId }, ctx) => {
        const order = await requireVisibleOrder(ctx.db, ctx.viewer, toId(orderId, 'orderId'));
        return subscribeTo<OrderNotice>(ctx, orderTopic(order.id));
      }),
      resolve: (notice: OrderNotice, _a: unknown, ctx: GraphQLContext) => loadNotice(notice, ctx),
    },
    dispatchBoardUpdated: {
      subscribe: guard(dispatching, async (_p, { organisationId }, ctx) =>
        subscribeTo<OrderNotice>(ctx, boardTopic(boardOrganisation(ctx.viewer, toOptionalId(organisationId, 'organisationId')))),
      ),
      resolve: (notice: OrderNotice, _a: unknown, ctx: GraphQLContext) => loadNotice(notice, ctx),
    },
    myJobsUpdated: {
      subscribe: guard(['carer'], async (_p, _a, ctx) => {
        if (!ctx.viewer.carerId) throw forbidden();
        return subscribeTo<OrderNotice>(ctx, carerTopic(ctx.viewer.carerId));
      }),
      resolve: (notice: OrderNotice, _a: unknown, ctx: GraphQLContext) => loadNotice(notice, ctx),
    },
    myOrdersUpdated: {
      subscribe: guard(['recipient'], async (_p, _a, ctx) => {
        if (!ctx.viewer.recipientId) throw forbidden();
        return subscribeTo<OrderNotice>(ctx, recipientTopic(ctx.viewer.recipientId));
      }),
      resolve: (notice: OrderNotice, _a: unknown, ctx: GraphQLContext) => loadNotice(notice, ctx),
    },
    villageOrdersUpdated: {
      subscribe: guard(['grid_worker'], async (_p, _a, ctx) => {
        if (!ctx.viewer.villageIds.length) throw forbidden('No villages are assigned to you.', { reason: 'NO_VILLAGES' });
        const notices = await subscribeTo<OrderNotice>(ctx, ctx.viewer.villageIds.map(villageTopic));
        return visibleNoticedOrders(ctx.db, ctx.viewer, notices);
      }),
      // each order already read, through the grid worker's scope, by visibleNoticedOrders
      resolve: (order: OrderRow) => order,
    },
  } as never,
  Order: {
    // batched by id, not as loaders: boards and job lists are long (row-batches.ts says why)
    recipient: rowOf<Order>('recipients', (o) => o.recipient_id),
    serviceItem: rowOf<Order>('service_items', (o) => o.service_item_id),
    organisation: rowOf<Order>('organisations', (o) => o.organisation_id),
    carer: rowOf<Order>('carers', (o) => o.carer_id),
    unitPrice: (o) => o.unit_price_fen,
    amount: (o) => o.amount_fen,
    windowStart: (o) => o.window_start,
    windowEnd: (o) => o.window_end,
    place: (o) => ({ address: o.place_address, latitude: o.place_latitude, longitude: o.place_longitude }),
    channel: (o) => toEnum(o.channel) as never,
    callerPhone: (o) => o.caller_phone,
    isUrgent: (o) => o.is_urgent,
    status: (o) => toEnum(o.status) as never,
    lateSince: (o) => o.late_at,
    matchProblem: (o) => o.match_problem,
    matchProblemReason: (o) => problemOf(o.match_problem),
    matchReasons: (o) => matchReasonsOf(o.match_reasons) as never,
    placedAt: (o) => o.placed_at,
    statusChangedAt: (o) => o.status_changed_at,
  },
  OrderEvent: {
    fromStatus: (e) => (e.from_status ? (toEnum(e.from_status) as never) : null),
    toStatus: (e) => toEnum(e.to_status) as never,
  },
  CarerCandidate: {
    carer: rowOf<{ carerId: number }>('carers', (c) => c.carerId),
  },
};

export const orderLoaders = {
  Order: {
    events: hasMany<Order>('order_events', 'order_id', (o) => o.id, ['id']),
    placedByName: userNames<Order>((o) => o.placed_by, ''),
  },
  OrderEvent: {
    actorName: userNames<OrderEvent>((e) => e.actor_id, null),
  },
};
