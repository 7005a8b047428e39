// Time choices for ordering on a phone: a few named windows ("tomorrow morning") instead of a
// date and time picker, which many recipients cannot use. The windows sit inside the hours
// carers work (assisted-employment carers 08:00–18:00, professionals 08:30–17:30 on
// weekdays), so matching can find someone. The choices' words are the shell's (common:slot).
import { useTranslation } from 'react-i18next';
import { countyInstant, countyToday, formatTime } from './format';

/** soon: from now on, for emergency help; day: a whole working day, for items sold by the day. */
type SlotPart = 'soon' | 'morning' | 'afternoon' | 'day';

export interface TimeSlot {
  /** Stable within a day, e.g. "2026-03-02-morning": for keys and test ids. */
  key: string;
  /** 0 today, 1 tomorrow, 2 the day after. */
  dayOffset: number;
  /** County date, YYYY-MM-DD. */
  date: string;
  /** 1 = Monday … 7 = Sunday (what carers' working hours use). */
  weekday: number;
  part: SlotPart;
}

const HOURS: Record<Exclude<SlotPart, 'soon'>, [string, string]> = {
  morning: ['09:00', '12:00'],
  afternoon: ['14:00', '17:00'],
  day: ['08:00', '18:00'],
};
/** How long an emergency window stays open from the moment it is sent. */
const SOON_HOURS = 2;

/** A county date `days` after `date` (both YYYY-MM-DD). */
function addCountyDays(date: string, days: number): string {
  // noon keeps the arithmetic away from midnight; the county has no daylight saving
  return countyToday(new Date(new Date(`${date}T12:00:00+08:00`).getTime() + days * 86_400_000));
}

function weekdayOf(date: string): number {
  const day = new Date(`${date}T12:00:00+08:00`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The choices for an item, soonest first: today (what is still ahead), tomorrow and the day after. */
export function timeSlots(item: { unit: string; isUrgent: boolean }, now: Date = new Date()): TimeSlot[] {
  const today = countyToday(now);
  const clock = formatTime(now);
  const parts: Exclude<SlotPart, 'soon'>[] = item.unit === 'DAY' ? ['day'] : ['morning', 'afternoon'];
  const slots: TimeSlot[] = [];
  if (item.isUrgent) slots.push({ key: `${today}-soon`, dayOffset: 0, date: today, weekday: weekdayOf(today), part: 'soon' });
  for (const dayOffset of [0, 1, 2]) {
    const date = addCountyDays(today, dayOffset);
    for (const part of parts) {
      if (dayOffset === 0 && HOURS[part][0] <= clock) continue;
      slots.push({ key: `${date}-${part}`, dayOffset, date, weekday: weekdayOf(date), part });
    }
  }
  return slots;
}

/** The choice offered first: "as soon as possible" for emergencies, else the first one tomorrow. */
export function defaultSlot(slots: TimeSlot[]): TimeSlot | undefined {
  return slots.find((s) => s.part === 'soon') ?? slots.find((s) => s.dayOffset === 1) ?? slots[0];
}

/** The window to send for a slot, as ISO instants; "soon" starts at the moment it is sent. */
export function slotWindow(slot: TimeSlot, now: Date = new Date()): { windowStart: string; windowEnd: string } {
  if (slot.part === 'soon') {
    return { windowStart: now.toISOString(), windowEnd: new Date(now.getTime() + SOON_HOURS * 3_600_000).toISOString() };
  }
  const [start, end] = HOURS[slot.part];
  return { windowStart: countyInstant(slot.date, start), windowEnd: countyInstant(slot.date, end) };
}

/** The clock hours of a slot for display, e.g. "09:00–12:00" (empty for "soon"). */
function slotHours(slot: TimeSlot): string {
  return slot.part === 'soon' ? '' : `${HOURS[slot.part][0]}–${HOURS[slot.part][1]}`;
}

const DAY_KEYS = ['slot.today', 'slot.tomorrow', 'slot.dayAfter'];

/** A slot in the reader's words, e.g. "明天 周二 上午 09:00–12:00". */
export function useSlotLabel(): (slot: TimeSlot) => string {
  const { t } = useTranslation();
  return (slot) => {
    if (slot.part === 'soon') return t('slot.soon');
    return `${t(DAY_KEYS[slot.dayOffset])} ${t(`slot.weekday.${slot.weekday}`)} ${t(`slot.${slot.part}`)} ${slotHours(slot)}`;
  };
}
