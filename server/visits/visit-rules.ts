// The bounds a verified visit is held to, as plain functions: where the carer was, how long
// the service took, and whether the readings arrived when the device says they were taken.
// The database work around them lives in check-in-out.ts; these are unit-tested at the edges.
import type { Config } from '../config.js';
import { badInput, type DomainError } from '../platform/errors.js';

export type VisitFlag = 'far_from_place' | 'too_short' | 'too_long' | 'late_submission' | 'not_checked_out';
/** Fixed order, so a visit's flags read the same whichever reading raised them. */
const flagOrder: readonly VisitFlag[] = ['far_from_place', 'too_short', 'too_long', 'late_submission', 'not_checked_out'];

export type ResolutionCode =
  | 'gps_inaccurate'
  | 'served_elsewhere_at_request'
  | 'verified_with_recipient'
  | 'duration_justified'
  | 'not_delivered'
  | 'duration_not_justified'
  | 'check_out_corrected';

/** Whether a visit resolved with `code` may be paid for. */
export const countsForSettlement: Readonly<Record<ResolutionCode, boolean>> = {
  gps_inaccurate: true,
  served_elsewhere_at_request: true,
  verified_with_recipient: true,
  duration_justified: true,
  not_delivered: false,
  duration_not_justified: false,
  check_out_corrected: true,
};

export interface VisitBounds {
  maxDistanceM: number;
  minDurationRatio: number;
  maxDurationRatio: number;
  backdateMinutes: number;
  /** How long before the window a check-in is taken. */
  earlyMinutes: number;
  /** How long after the window's start a visit is late, and after its end the last check-in. */
  graceMinutes: number;
}

/** The bounds as configured. */
export const visitBounds = (
  config: Pick<
    Config,
    | 'VISIT_MAX_DISTANCE_M'
    | 'VISIT_MIN_DURATION_RATIO'
    | 'VISIT_MAX_DURATION_RATIO'
    | 'VISIT_BACKDATE_MINUTES'
    | 'VISIT_EARLY_CHECK_IN_MINUTES'
    | 'VISIT_GRACE_MINUTES'
  >,
): VisitBounds => ({
  maxDistanceM: config.VISIT_MAX_DISTANCE_M,
  minDurationRatio: config.VISIT_MIN_DURATION_RATIO,
  maxDurationRatio: config.VISIT_MAX_DURATION_RATIO,
  backdateMinutes: config.VISIT_BACKDATE_MINUTES,
  earlyMinutes: config.VISIT_EARLY_CHECK_IN_MINUTES,
  graceMinutes: config.VISIT_GRACE_MINUTES,
});

/** When a check-in for a window is taken: from `earlyMinutes` before it starts to `graceMinutes` after it ends. */
export function checkInPeriod(window: { start: Date; end: Date }, bounds: Pick<VisitBounds, 'earlyMinutes' | 'graceMinutes'>) {
  return {
    earliest: new Date(window.start.getTime() - bounds.earlyMinutes * 60_000),
    latest: new Date(window.end.getTime() + bounds.graceMinutes * 60_000),
  };
}

/** A refusal of a reading's time: its reason code, its sentence, and the figures the apps say it with. */
export interface TimeRefusal {
  reason: 'CHECK_IN_TOO_EARLY' | 'CHECK_IN_TOO_LATE' | 'CHECK_OUT_TOO_SOON';
  message: string;
  details: Record<string, unknown>;
}

/** Why a check-in taken at `at` for the window is refused (hours early, or after the window and its grace), or null. */
export function checkInTimeProblem(
  at: Date,
  window: { start: Date; end: Date },
  bounds: Pick<VisitBounds, 'earlyMinutes' | 'graceMinutes'>,
): TimeRefusal | null {
  const { earliest, latest } = checkInPeriod(window, bounds);
  if (at < earliest)
    return {
      reason: 'CHECK_IN_TOO_EARLY',
      message: `Too early to check in: check-in opens ${bounds.earlyMinutes} minutes before the window, at ${earliest.toISOString()}.`,
      details: { earliestAt: earliest.toISOString() },
    };
  if (at > latest)
    return {
      reason: 'CHECK_IN_TOO_LATE',
      message: `Too late to check in: the window ended at ${window.end.toISOString()} and check-in closed ${bounds.graceMinutes} minutes after it.`,
      details: { latestAt: latest.toISOString() },
    };
  return null;
}

/** The shortest time from check-in to check-out: a visit of less is a tap, not a service. */
export const MIN_VISIT_MS = 60_000;

/** Why a check-out taken at `at` is refused (less than a minute after the check-in), or null. */
export function checkOutTimeProblem(checkedInAt: Date, at: Date): TimeRefusal | null {
  if (at.getTime() - checkedInAt.getTime() >= MIN_VISIT_MS) return null;
  const earliest = new Date(checkedInAt.getTime() + MIN_VISIT_MS);
  return {
    reason: 'CHECK_OUT_TOO_SOON',
    message: `A check-out comes at least a minute after the check-in (from ${earliest.toISOString()}).`,
    details: { earliestAt: earliest.toISOString() },
  };
}

/**
 * Clock and network noise tolerated: a device clock this far ahead of the server's is
 * accepted, and a reading that arrives within this of being taken is not "late".
 */
export const CLOCK_TOLERANCE_MS = 2 * 60_000;

export interface Point {
  latitude: number;
  longitude: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
const radians = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in whole metres (haversine). */
export function haversineMetres(a: Point, b: Point): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLng = radians(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return Math.round(2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h))));
}

/** Why a location reading cannot be stored, or null. */
export function locationProblem(latitude: number, longitude: number, accuracyM?: number | null): DomainError | null {
  if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90)
    return badInput('Latitude is between -90 and 90.', { field: 'latitude', reason: 'COORDINATES_INVALID' });
  if (!Number.isFinite(longitude) || longitude < -180 || longitude > 180)
    return badInput('Longitude is between -180 and 180.', { field: 'longitude', reason: 'COORDINATES_INVALID' });
  if (accuracyM !== null && accuracyM !== undefined && (!Number.isFinite(accuracyM) || accuracyM < 0))
    return badInput('Accuracy is a distance of zero metres or more.', { field: 'accuracyMeters', reason: 'ACCURACY_INVALID' });
  return null;
}

/**
 * Why the device's time of a reading is refused, or null. A reading taken offline may be
 * sent later with its own time, up to `backdateMinutes` before it arrives; older ones could
 * be made up after the fact, and times in the future are a wrong clock.
 */
export function deviceTimeProblem(at: Date, receivedAt: Date, backdateMinutes: number): DomainError | null {
  const lag = receivedAt.getTime() - at.getTime();
  if (lag < -CLOCK_TOLERANCE_MS) return badInput("The time is in the future: check the device's clock.", { field: 'at', reason: 'DEVICE_TIME_FUTURE' });
  if (lag > backdateMinutes * 60_000)
    return badInput(`The time is more than ${backdateMinutes} minutes ago: a reading is sent within ${backdateMinutes} minutes of taking it.`, {
      field: 'at',
      reason: 'DEVICE_TIME_TOO_OLD',
      backdateMinutes,
    });
  return null;
}

/** Whether an accepted reading arrived noticeably after it was taken (sent from offline). */
export const isLateSubmission = (at: Date, receivedAt: Date) => receivedAt.getTime() - at.getTime() > CLOCK_TOLERANCE_MS;

/** Whole minutes from check-in to check-out. */
export const wholeMinutes = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / 60_000);

/** Flags raised by one reading (check-in or check-out): too far from the place, or sent late. */
export function readingFlags(reading: { distanceM: number | null; late: boolean }, bounds: VisitBounds): VisitFlag[] {
  const flags: VisitFlag[] = [];
  // no coordinates for the place: nothing to measure against, so nothing to flag
  if (reading.distanceM !== null && reading.distanceM > bounds.maxDistanceM) flags.push('far_from_place');
  if (reading.late) flags.push('late_submission');
  return flags;
}

/** Flags raised by the duration against the item's standard minutes × quantity. */
export function durationFlags(durationMinutes: number, standardMinutes: number, bounds: VisitBounds): VisitFlag[] {
  if (durationMinutes < bounds.minDurationRatio * standardMinutes) return ['too_short'];
  if (durationMinutes > bounds.maxDurationRatio * standardMinutes) return ['too_long'];
  return [];
}

/** The union of flag lists, in the fixed order. */
export function mergeFlags(...lists: readonly (readonly string[])[]): VisitFlag[] {
  const all = new Set(lists.flat());
  return flagOrder.filter((f) => all.has(f));
}

const WORK_DONE_MAX = 2000;

/** Why the record of what was done cannot be stored (blank or too long, once trimmed), or null. */
export function workDoneProblem(workDone: string): DomainError | null {
  const text = workDone.trim();
  if (!text) return badInput('Say what was done.', { field: 'workDone', reason: 'FIELD_REQUIRED' });
  if (text.length > WORK_DONE_MAX)
    return badInput(`What was done is at most ${WORK_DONE_MAX} characters.`, { field: 'workDone', reason: 'TEXT_TOO_LONG', maxLength: WORK_DONE_MAX });
  return null;
}

/** The first of `candidates` with both coordinates: where a visit is measured from. */
export function firstPoint(...candidates: { latitude: number | null; longitude: number | null }[]): Point | null {
  const found = candidates.find((c) => c.latitude !== null && c.longitude !== null);
  return found ? { latitude: found.latitude!, longitude: found.longitude! } : null;
}
