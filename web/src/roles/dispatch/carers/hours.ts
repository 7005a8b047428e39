// A carer's weekly hours as the week grid holds them: half-hour slots per weekday (1 = Monday),
// and back as the ranges the API takes (HH:MM, each ending after it starts, none overlapping).

export interface HoursRange {
  weekday: number;
  startsAt: string;
  endsAt: string;
}

/** Half-hours in a day; slot i runs from i × 30 minutes. */
export const SLOTS_PER_DAY = 48;
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The slot's clock time: 17 → "08:30"; the day's end is "24:00". */
export const slotTime = (slot: number) => hhmm(slot * 30);

/** The selected slots of each weekday (a slot is selected when any part of it is worked). */
export function toSlots(hours: readonly HoursRange[]): Map<number, Set<number>> {
  const byDay = new Map<number, Set<number>>(WEEKDAYS.map((d) => [d, new Set<number>()]));
  for (const h of hours) {
    const day = byDay.get(h.weekday);
    if (!day) continue;
    const end = h.endsAt === '23:59' ? SLOTS_PER_DAY : Math.ceil(minutesOf(h.endsAt) / 30);
    for (let s = Math.floor(minutesOf(h.startsAt) / 30); s < end; s++) day.add(s);
  }
  return byDay;
}

/** Whether each range starts and ends on a half-hour (else the grid rounds it outwards). */
export const fitsHalfHours = (hours: readonly HoursRange[]) =>
  hours.every((h) => minutesOf(h.startsAt) % 30 === 0 && (h.endsAt === '23:59' || minutesOf(h.endsAt) % 30 === 0));

/** The ranges of selected slots, by weekday and start; a range to midnight ends at 23:59, the API's last minute. */
export function toRanges(slots: Map<number, Set<number>>): HoursRange[] {
  const ranges: HoursRange[] = [];
  for (const weekday of WEEKDAYS) {
    const day = slots.get(weekday) ?? new Set<number>();
    let start: number | null = null;
    for (let s = 0; s <= SLOTS_PER_DAY; s++) {
      const on = s < SLOTS_PER_DAY && day.has(s);
      if (on && start === null) start = s;
      if (!on && start !== null) {
        ranges.push({ weekday, startsAt: slotTime(start), endsAt: s === SLOTS_PER_DAY ? '23:59' : slotTime(s) });
        start = null;
      }
    }
  }
  return ranges;
}

/** The first and last (exclusive) slot the grid shows: 06:00 to 22:00, widened to whatever is worked outside it. */
export function shownSlots(slots: Map<number, Set<number>>): [number, number] {
  let first = 12;
  let last = 44;
  for (const day of slots.values()) {
    for (const s of day) {
      first = Math.min(first, s - (s % 2));
      last = Math.max(last, s + 1 + ((s + 1) % 2));
    }
  }
  return [first, last];
}
