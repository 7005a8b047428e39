import type { MercuriusContext } from 'mercurius';
import type { Resolvers } from '../graphql/types.generated.js';
import type { Order, Rating, Visit } from '../db/rows.js';
import { guard } from '../graphql/guard.js';
import { badInput } from '../platform/errors.js';
import { fromEnum, toEnum, toId, toOptionalId } from '../platform/enums.js';
import { hasMany, userNames } from '../graphql/loaders.js';
import { rowOf } from '../graphql/row-batches.js';
import { visibleCardCode } from '../registry/service-cards.js';
import { checkIn, checkOut, previewCheckIn, recordWorkDone } from './check-in-out.js';
import { resolveVisitException, visitExceptions } from './exceptions.js';
import { confirmService } from './confirmation.js';
import { rateService } from './ratings.js';
import { countsForSettlement, visitBounds, type ResolutionCode } from './visit-rules.js';

const dispatching = ['dispatcher', 'county_admin'] as const;

const reading = (input: { orderId: string; at?: Date | null; latitude: number; longitude: number; accuracyMeters?: number | null }) => ({
  ...input,
  orderId: toId(input.orderId, 'orderId'),
});

export const visitResolvers: Resolvers = {
  Query: {
    previewCheckIn: guard(['carer'], async (_p, { input }, ctx) => {
      const preview = await previewCheckIn(ctx.db, ctx.viewer, visitBounds(ctx.config), reading(input));
      return { ...preview, flags: preview.flags.map(toEnum) };
    }),
    visitExceptions: guard(dispatching, (_p, { organisationId, status, first, after }, ctx) => {
      if (status === 'NONE') throw badInput('The queue holds OPEN or RESOLVED exceptions.', { field: 'status', reason: 'UNKNOWN_VALUE' });
      return visitExceptions(ctx.db, ctx.viewer, toOptionalId(organisationId, 'organisationId'), status === 'RESOLVED' ? 'resolved' : 'open', { first, after });
    }),
  },
  Mutation: {
    checkIn: guard(['carer'], (_p, { input }, ctx) => checkIn(ctx.db, ctx.viewer, visitBounds(ctx.config), reading(input))),
    checkOut: guard(['carer'], (_p, { input }, ctx) => checkOut(ctx.db, ctx.viewer, visitBounds(ctx.config), reading(input), input.workDone)),
    recordWorkDone: guard(['carer'], (_p, { orderId, workDone }, ctx) => recordWorkDone(ctx.db, ctx.viewer, toId(orderId, 'orderId'), workDone)),
    resolveVisitException: guard(
      dispatching,
      async (_p, { orderId, code, note, correctedEnd }, ctx) =>
        (await resolveVisitException(ctx.db, ctx.viewer, toId(orderId, 'orderId'), fromEnum(code) as ResolutionCode, note, correctedEnd ?? null)).visit,
    ),
    confirmService: guard(
      ['recipient', 'grid_worker', 'carer'],
      async (_p, { orderId, cardCode }, ctx) => (await confirmService(ctx.db, ctx.config, ctx.viewer, toId(orderId, 'orderId'), cardCode)).after,
    ),
    rateService: guard(['recipient', 'grid_worker', 'hotline_operator'], (_p, { orderId, stars, comment }, ctx) =>
      rateService(ctx.db, ctx.viewer, toId(orderId, 'orderId'), stars, comment),
    ),
  },
  Visit: {
    order: rowOf<Visit>('orders', (v) => v.order_id),
    carer: rowOf<Visit>('carers', (v) => v.carer_id),
    recipient: rowOf<Visit>('recipients', (v) => v.recipient_id),
    serviceItem: rowOf<Visit>('service_items', (v) => v.service_item_id),
    serviceDate: (v) => v.service_date,
    place: (v) => ({ address: v.place_address, latitude: v.place_latitude, longitude: v.place_longitude }),
    checkedInAt: (v) => v.checked_in_at,
    checkInReceivedAt: (v) => v.check_in_received_at,
    checkInLocation: (v) => ({ latitude: v.check_in_latitude, longitude: v.check_in_longitude, accuracyMeters: v.check_in_accuracy_m }),
    checkInDistanceMeters: (v) => v.check_in_distance_m,
    checkedOutAt: (v) => v.checked_out_at,
    checkOutReceivedAt: (v) => v.check_out_received_at,
    checkOutLocation: (v) =>
      v.check_out_latitude === null || v.check_out_longitude === null
        ? null
        : { latitude: v.check_out_latitude, longitude: v.check_out_longitude, accuracyMeters: v.check_out_accuracy_m },
    checkOutDistanceMeters: (v) => v.check_out_distance_m,
    durationMinutes: (v) => v.duration_minutes,
    standardMinutes: (v) => v.standard_minutes,
    workDone: (v) => v.work_done,
    flags: (v) => v.flags.map((f) => toEnum(f) as never),
    manuallyCorrected: (v) => v.manually_corrected,
    exceptionStatus: (v) => toEnum(v.exception_status) as never,
    confirmedVia: (v) => (v.confirmed_via ? (toEnum(v.confirmed_via) as never) : null),
    confirmedAt: (v) => v.confirmed_at,
  },
  Rating: {
    channel: (r) => toEnum(r.channel) as never,
    createdAt: (r) => r.created_at,
  },
  Recipient: {
    serviceCardCode: (r, _a, ctx) => visibleCardCode(ctx.viewer, r, ctx.config.DATA_KEY),
  },
};

type Loader<P, R> = (queries: { obj: P }[], ctx: MercuriusContext) => Promise<R[]>;
/** The one row per order of a table keyed by order_id (visits, ratings), or null. */
const oneOf =
  <R>(many: Loader<Order, R[]>): Loader<Order, R | null> =>
  async (queries, ctx) =>
    (await many(queries, ctx)).map((rows) => rows[0] ?? null);

const resolvedByNames = userNames<Visit, string>((v) => v.resolved_by, '');

export const visitLoaders = {
  Order: {
    visit: oneOf(hasMany<Order, Visit>('visits', 'order_id', (o) => o.id, ['order_id'])),
    rating: oneOf(hasMany<Order, Rating>('ratings', 'order_id', (o) => o.id, ['order_id'])),
  },
  Visit: {
    // built from the visit's columns, with the resolver's name loaded for the whole page at once
    resolution: async (queries: { obj: Visit }[], ctx: MercuriusContext) => {
      const names = await resolvedByNames(queries, ctx);
      return queries.map(({ obj: v }, i) =>
        v.exception_status === 'resolved' && v.resolution_code
          ? {
              code: toEnum(v.resolution_code),
              note: v.resolution_note ?? '',
              resolvedByName: names[i],
              resolvedAt: v.resolved_at,
              countsForSettlement: countsForSettlement[v.resolution_code as ResolutionCode],
            }
          : null,
      );
    },
  },
  Rating: {
    ratedByName: userNames<Rating, string>((r) => r.rated_by, ''),
  },
};
