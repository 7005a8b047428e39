// What the carer does at the recipient's: check in (the service starts, the visit is
// recorded), check out (the service is completed, the visit measured against its bounds)
// and correct the record of what was done. Each is one transaction through the order's
// state machine; the caller publishes the returned change after commit.
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import type { Visit } from '../db/rows.js';
import { badInput, conflict, isUniqueViolation, notFound } from '../platform/errors.js';
import { countyToday } from '../platform/county-time.js';
import { now as clockNow } from '../platform/clock.js';
import { lockOrder, transition } from '../orders/transitions.js';
import { orderLifecycle } from '../orders/order-lifecycle.js';
import type { OrderRow } from '../orders/order-rows.js';
import { actorOf, ownJob } from '../orders/order-actions.js';
import { visitExceptionLifecycle } from './visit-exception-lifecycle.js';
import {
  checkInPeriod,
  checkInTimeProblem,
  checkOutTimeProblem,
  deviceTimeProblem,
  durationFlags,
  firstPoint,
  haversineMetres,
  isLateSubmission,
  locationProblem,
  mergeFlags,
  readingFlags,
  wholeMinutes,
  workDoneProblem,
  type Point,
  type TimeRefusal,
  type VisitBounds,
} from './visit-rules.js';

/** A check-in or check-out as the carer's device sends it. */
export interface Reading {
  orderId: number;
  /** The device's time; absent means now. */
  at?: Date | null;
  latitude: number;
  longitude: number;
  accuracyMeters?: number | null;
}

interface CheckedReading {
  at: Date;
  receivedAt: Date;
  point: Point;
  accuracy: number | null;
  late: boolean;
}

/** Validates a reading against the server's clock; BAD_USER_INPUT before anything is written. */
function checkReading(reading: Reading, bounds: VisitBounds): CheckedReading {
  const receivedAt = clockNow();
  const at = reading.at ?? receivedAt;
  const where = locationProblem(reading.latitude, reading.longitude, reading.accuracyMeters);
  if (where) throw where;
  const when = deviceTimeProblem(at, receivedAt, bounds.backdateMinutes);
  if (when) throw when;
  return {
    at,
    receivedAt,
    point: { latitude: reading.latitude, longitude: reading.longitude },
    accuracy: reading.accuracyMeters ?? null,
    late: isLateSubmission(at, receivedAt),
  };
}

const distanceFrom = (place: Point | null, point: Point) => (place ? haversineMetres(place, point) : null);

/** A time refusal as the API gives it: BAD_USER_INPUT on the reading's time, with its reason and figures. */
const timeRefused = (refusal: TimeRefusal) => badInput(refusal.message, { field: 'at', reason: refusal.reason, ...refusal.details });

/**
 * Everything a check-in would be, or the refusal it would get, with nothing written: the job
 * is the carer's, it may start, the reading's time falls in the window's check-in period, the
 * carer is in service nowhere else; and what the visit would record (its place, the distance
 * to it, its flags). The visit is measured from the order's place, or (when the order has no
 * coordinates) the recipient's home, or their village.
 */
async function judgeCheckIn(trx: Database, viewer: Viewer, bounds: VisitBounds, order: OrderRow, r: CheckedReading) {
  ownJob(viewer)(order);
  orderLifecycle.next(order.status, 'start');
  const early = checkInTimeProblem(r.at, { start: order.window_start, end: order.window_end }, bounds);
  if (early) throw timeRefused(early);
  const elsewhere = await trx
    .selectFrom('orders')
    .select('id')
    .where('carer_id', '=', order.carer_id)
    .where('status', '=', 'in_service')
    .where('id', '<>', order.id)
    .executeTakeFirst();
  if (elsewhere) throw inServiceElsewhere(elsewhere.id);
  const facts = await trx
    .selectFrom(['service_items as i', 'recipients as r'])
    .innerJoin('regions as v', 'v.id', 'r.village_id')
    .select([
      'i.standard_minutes',
      'r.latitude as home_latitude',
      'r.longitude as home_longitude',
      'v.latitude as village_latitude',
      'v.longitude as village_longitude',
    ])
    .where('i.id', '=', order.service_item_id)
    .where('r.id', '=', order.recipient_id)
    .executeTakeFirstOrThrow();
  const place = firstPoint(
    { latitude: order.place_latitude, longitude: order.place_longitude },
    { latitude: facts.home_latitude, longitude: facts.home_longitude },
    { latitude: facts.village_latitude, longitude: facts.village_longitude },
  );
  const distance = distanceFrom(place, r.point);
  return { place, distance, standardMinutes: facts.standard_minutes * order.quantity, flags: readingFlags({ distanceM: distance, late: r.late }, bounds) };
}

const inServiceElsewhere = (orderId: number) =>
  conflict('You are still in service on another job: check out there first.', { reason: 'IN_SERVICE_ELSEWHERE', orderId });

/**
 * What checking in now would give, without checking in: the same refusals checkIn would
 * give, or the flags the visit would be recorded with (too far from the place, sent late)
 * and the distance, so the carer's app can warn before sending and the carer can correct it.
 */
export async function previewCheckIn(db: Database, viewer: Viewer, bounds: VisitBounds, reading: Reading) {
  const r = checkReading(reading, bounds);
  const order = (await db.selectFrom('orders').selectAll().where('id', '=', reading.orderId).executeTakeFirst()) as OrderRow | undefined;
  if (!order) throw notFound('Order', reading.orderId);
  const judged = await judgeCheckIn(db, viewer, bounds, order, r);
  const { earliest, latest } = checkInPeriod({ start: order.window_start, end: order.window_end }, bounds);
  return { flags: judged.flags, distanceMeters: judged.distance, opensAt: earliest, closesAt: latest };
}

/** The carer checks in: the accepted order goes in service and its visit is recorded. */
export async function checkIn(db: Database, viewer: Viewer, bounds: VisitBounds, reading: Reading): Promise<Visit> {
  const r = checkReading(reading, bounds);
  try {
    return await db.transaction().execute(async (trx) => {
      const locked = await lockOrder(trx, reading.orderId);
      const judged = await judgeCheckIn(trx, viewer, bounds, locked, r);
      const { after: order } = await transition(trx, reading.orderId, 'start', actorOf(viewer), { locked });
      // the exception (if any) opens at check-out, when the whole visit can be judged
      return visitExceptionLifecycle.create(trx, 'check_in', actorOf(viewer), {
        order_id: order.id,
        carer_id: order.carer_id!,
        recipient_id: order.recipient_id,
        service_item_id: order.service_item_id,
        organisation_id: order.organisation_id!,
        service_date: countyToday(r.at),
        place_address: order.place_address,
        place_latitude: judged.place?.latitude ?? null,
        place_longitude: judged.place?.longitude ?? null,
        checked_in_at: r.at,
        check_in_received_at: r.receivedAt,
        check_in_latitude: r.point.latitude,
        check_in_longitude: r.point.longitude,
        check_in_accuracy_m: r.accuracy,
        check_in_distance_m: judged.distance,
        standard_minutes: judged.standardMinutes,
        flags: judged.flags,
      });
    });
  } catch (err) {
    // two check-ins of one carer at once: the unique index on in-service orders lets one through
    if (isUniqueViolation(err, 'orders_one_in_service_idx')) throw inServiceElsewhere(reading.orderId);
    throw err;
  }
}

/**
 * The carer checks out with what was done: the order is completed, and the visit flagged
 * (and put in the dispatcher's exception queue) when out of bounds, countable otherwise.
 */
export async function checkOut(db: Database, viewer: Viewer, bounds: VisitBounds, reading: Reading, workDone: string): Promise<Visit> {
  const r = checkReading(reading, bounds);
  const problem = workDoneProblem(workDone);
  if (problem) throw problem;
  return db.transaction().execute(async (trx) => {
    await transition(trx, reading.orderId, 'complete', actorOf(viewer), { check: ownJob(viewer) });
    const before = await trx.selectFrom('visits').selectAll().where('order_id', '=', reading.orderId).forUpdate().executeTakeFirst();
    if (!before) throw conflict('The service has no check-in to check out from.', { reason: 'NOT_CHECKED_IN' });
    if (r.at < before.checked_in_at) throw badInput('The check-out time is before the check-in.', { field: 'at', reason: 'CHECK_OUT_BEFORE_CHECK_IN' });
    const tooSoon = checkOutTimeProblem(before.checked_in_at, r.at);
    if (tooSoon) throw timeRefused(tooSoon);
    const place = firstPoint({ latitude: before.place_latitude, longitude: before.place_longitude });
    const distance = distanceFrom(place, r.point);
    const minutes = wholeMinutes(before.checked_in_at, r.at);
    const flags = mergeFlags(
      before.flags,
      readingFlags({ distanceM: distance, late: r.late }, bounds),
      durationFlags(minutes, before.standard_minutes, bounds),
    );
    const set = {
      checked_out_at: r.at,
      check_out_received_at: r.receivedAt,
      check_out_latitude: r.point.latitude,
      check_out_longitude: r.point.longitude,
      check_out_accuracy_m: r.accuracy,
      check_out_distance_m: distance,
      duration_minutes: minutes,
      work_done: workDone.trim(),
      flags,
      countable: flags.length === 0,
    };
    // out of bounds: the visit's exception opens, for the dispatcher's queue
    if (flags.length)
      return (await visitExceptionLifecycle.apply(trx, reading.orderId, 'flag', actorOf(viewer), { locked: before, set, data: { flags } })).after;
    return trx.updateTable('visits').set(set).where('order_id', '=', reading.orderId).returningAll().executeTakeFirstOrThrow();
  });
}

/** Statuses in which the carer may still correct what was done: until the service is confirmed. */
const correctable: readonly string[] = ['in_service', 'completed'];

/** The carer corrects the record of what was done. */
export async function recordWorkDone(db: Database, viewer: Viewer, orderId: number, workDone: string): Promise<Visit> {
  const problem = workDoneProblem(workDone);
  if (problem) throw problem;
  return db.transaction().execute(async (trx) => {
    // the order's lock orders this against a confirmation happening at the same time
    const order = await lockOrder(trx, orderId);
    ownJob(viewer)(order);
    if (!correctable.includes(order.status)) {
      throw conflict(`The service is ${order.status.replace('_', ' ')}: what was done can be corrected only after check-in and until it is confirmed.`, {
        reason: 'WORK_DONE_NOT_CORRECTABLE',
        status: order.status,
      });
    }
    return trx.updateTable('visits').set({ work_done: workDone.trim() }).where('order_id', '=', orderId).returningAll().executeTakeFirstOrThrow();
  });
}
