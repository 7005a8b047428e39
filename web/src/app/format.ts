// How the app shows money, dates and times. Money arrives as the Money scalar: integer fen
// as a JSON number. Times are shown on the county clock (Asia/Shanghai), whatever the device's
// own time zone, because orders, shifts and months are the county's.

/** The county's time zone; every date and time on screen is in it. */
export const COUNTY_TIME_ZONE = 'Asia/Shanghai';

/** Fen as yuan with two decimals and thousands separators: 1250 → "¥12.50", -50 → "-¥0.50". */
export function formatYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`formatYuan expects whole fen, got ${fen}`);
  const abs = Math.abs(fen);
  const yuan = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(abs % 100).padStart(2, '0');
  return `${fen < 0 ? '-' : ''}¥${yuan}.${cents}`;
}

/** Parses what a person typed as yuan ("12", "12.5", "¥1,200.50") into fen; null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const m = /^\s*-?\s*¥?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const fen = Number(m[1].replace(/,/g, '')) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return null;
  return text.trim().startsWith('-') ? -fen : fen;
}

const parts = (value: Date | string, options: Intl.DateTimeFormatOptions): Record<string, string> => {
  const date = typeof value === 'string' ? new Date(value) : value;
  const out: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-GB', { timeZone: COUNTY_TIME_ZONE, hourCycle: 'h23', ...options }).formatToParts(date)) {
    out[p.type] = p.value;
  }
  return out;
};

/** A DateTime (ISO string or Date) as the county's calendar date: "2026-03-01". A Date scalar is returned as it is. */
export function formatDate(value: Date | string): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const p = parts(value, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${p.year}-${p.month}-${p.day}`;
}

/** The county's clock time of an instant: "09:05". */
export function formatTime(value: Date | string): string {
  const p = parts(value, { hour: '2-digit', minute: '2-digit' });
  return `${p.hour}:${p.minute}`;
}

/** Date and time on the county clock: "2026-03-01 09:05". */
export function formatDateTime(value: Date | string): string {
  return `${formatDate(value)} ${formatTime(value)}`;
}

/** A time window on the county clock: "2026-03-01 09:00–10:00" (the end's date is shown when it differs). */
export function formatWindow(start: Date | string, end: Date | string): string {
  const sameDay = formatDate(start) === formatDate(end);
  return `${formatDateTime(start)}–${sameDay ? formatTime(end) : formatDateTime(end)}`;
}

/** Today's date on the county clock, YYYY-MM-DD (what the Date scalar takes). */
export function countyToday(now: Date = new Date()): string {
  return formatDate(now);
}

/** This month on the county clock, YYYY-MM (what scoring and settlement take as month). */
export function countyMonth(now: Date = new Date()): string {
  return countyToday(now).slice(0, 7);
}

/** The instant of a county date and clock time ("2026-03-01", "09:00"), as an ISO DateTime to send. */
export function countyInstant(date: string, time: string): string {
  // China has kept UTC+8 without daylight saving since 1991
  return new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+08:00`).toISOString();
}

/** Fen as a plain number of yuan, for reading aloud ("1975", "12.5", "0.05"): no sign of currency, no separators, no trailing zeros. */
export function formatYuanSpoken(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`formatYuanSpoken expects whole fen, got ${fen}`);
  const abs = Math.abs(fen);
  const cents = abs % 100;
  const decimals = cents === 0 ? '' : cents % 10 === 0 ? `.${cents / 10}` : `.${String(cents).padStart(2, '0')}`;
  return `${fen < 0 ? '-' : ''}${Math.trunc(abs / 100)}${decimals}`;
}

// ---- dates and times in plain words ("明天上午", "12月2日 周三 上午"), as people say them ----

/** How the plain-words helpers get their words: the shell's messages (common `when` and `slot.weekday`) in the reader's language. */
export interface PlainWords {
  /** 'zh-CN' or 'en' (i18next's language). */
  language: string;
  /** Translates a key of the common namespace, e.g. i18next's t from useTranslation(). */
  t: (key: string, values?: Record<string, string | number>) => string;
  /** Now, for "today" and "tomorrow" (default: the device's clock). */
  now?: Date;
}

type DayPart = 'early' | 'morning' | 'noon' | 'afternoon' | 'evening';

const RELATIVE_DAYS: Record<number, string> = { [-1]: 'when.yesterday', 0: 'when.today', 1: 'when.tomorrow', 2: 'when.dayAfter' };

/** A county date (YYYY-MM-DD) as the instant of its noon, away from midnight (the county has no daylight saving). */
const noonOf = (date: string) => new Date(`${date}T12:00:00+08:00`);

/** Whole days from county date `a` to county date `b`. */
const daysBetween = (a: string, b: string) => Math.round((noonOf(b).getTime() - noonOf(a).getTime()) / 86_400_000);

/** The county's hour and minute of an instant. */
function clockOf(value: Date | string): { hour: number; minute: number } {
  const [hour, minute] = formatTime(value).split(':').map(Number);
  return { hour, minute };
}

function dayPartOf({ hour }: { hour: number }): DayPart {
  if (hour < 5) return 'early';
  if (hour < 12) return 'morning';
  if (hour < 13) return 'noon';
  if (hour < 18) return 'afternoon';
  return 'evening';
}

/**
 * A day in plain words on the county's calendar: "今天", "明天", "后天", "昨天", else the date
 * with its weekday ("12月2日 周三"; the year too when it is not this year's). Takes a DateTime
 * or a Date scalar ("YYYY-MM-DD").
 */
export function plainDay(value: Date | string, words: PlainWords): string {
  const date = formatDate(value);
  const today = countyToday(words.now);
  const relative = RELATIVE_DAYS[daysBetween(today, date)];
  if (relative) return words.t(relative);
  const weekday = noonOf(date).getUTCDay() || 7;
  const shown = new Intl.DateTimeFormat(words.language === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: COUNTY_TIME_ZONE,
    year: date.slice(0, 4) === today.slice(0, 4) ? undefined : 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(noonOf(date));
  return words.t('when.dated', { date: shown, weekday: words.t(`slot.weekday.${weekday}`) });
}

/** The part of the day a window falls in: a window from the morning into the afternoon is the whole day. */
function windowPart(start: Date | string, end: Date | string): DayPart | 'allDay' {
  const from = clockOf(start);
  const until = clockOf(end);
  if (formatDate(start) === formatDate(end) && from.hour < 12 && until.hour * 60 + until.minute > 14 * 60) return 'allDay';
  return dayPartOf(from);
}

/** When a window is, in plain words: "明天上午", "今天下午", "12月2日 周三 上午", "明天全天". */
export function plainWhen(start: Date | string, end: Date | string, words: PlainWords): string {
  const day = plainDay(start, words);
  const part = words.t(`when.parts.${windowPart(start, end)}`);
  const relative = RELATIVE_DAYS[daysBetween(countyToday(words.now), formatDate(start))] !== undefined;
  return words.t(relative ? 'when.relative' : 'when.datedPart', { day, part });
}

/**
 * A clock time as said: "9点", "2点半", "10点05分" (the hour of its part of the day: 下午2点, not
 * 14点), preceded by `part` when given ("下午2点"); "14:30" in English.
 */
function plainClock(value: Date | string, words: PlainWords, part?: DayPart): string {
  const clock = clockOf(value);
  const values = { hour: clock.hour > 12 ? clock.hour - 12 : clock.hour, hour24: clock.hour, minute: String(clock.minute).padStart(2, '0') };
  const key = clock.minute === 0 ? 'when.clock' : clock.minute === 30 ? 'when.clockHalf' : 'when.clockMinutes';
  const said = words.t(key, values);
  return part ? words.t('when.clockInPart', { part: words.t(`when.parts.${part}`), clock: said }) : said;
}

/**
 * A window's hours as said: "9点到12点", "2点半到3点05分", "上午8点到下午6点" (an end names its part of
 * the day when the two differ, the start only when its day's words do not: see plainWindow).
 */
export function plainHours(start: Date | string, end: Date | string, words: PlainWords): string {
  const startPart = dayPartOf(clockOf(start));
  // the part of the window's last minute: a morning that ends at 12:00 is all morning, 18:00 ends an afternoon
  const endPart = dayPartOf(clockOf(new Date(new Date(end).getTime() - 60_000)));
  const sameDay = formatDate(start) === formatDate(end);
  const samePart = sameDay && startPart === endPart;
  // the start names its part only when the words before it do not (全天 上午8点, not 今天上午 上午10点)
  const from = plainClock(start, words, samePart || windowPart(start, end) === startPart ? undefined : startPart);
  const until = sameDay
    ? plainClock(end, words, samePart ? undefined : endPart)
    : words.t('when.onDay', { day: plainDay(end, words), clock: plainClock(end, words, endPart) });
  return words.t('when.hours', { from, until });
}

/**
 * A window in plain words with its hours: "明天上午 9点到12点", "今天下午 2点到5点",
 * "明天全天 上午8点到下午6点", "今天上午 10点05分到中午12点05分".
 */
export function plainWindow(start: Date | string, end: Date | string, words: PlainWords): string {
  return words.t('when.window', { when: plainWhen(start, end, words), hours: plainHours(start, end, words) });
}

/**
 * How long ago an instant was, in the reader's language: "3分钟前", "2小时前", "昨天" /
 * "3 minutes ago", "yesterday"; null under a minute (the page says "just now" in its words).
 */
export function formatAgo(value: Date | string, language: string, now: Date = new Date()): string | null {
  const seconds = (now.getTime() - new Date(value).getTime()) / 1000;
  if (seconds < 60) return null;
  const ago = new Intl.RelativeTimeFormat(language === 'en' ? 'en' : 'zh-CN', { numeric: 'auto' });
  if (seconds < 3600) return ago.format(-Math.floor(seconds / 60), 'minute');
  if (seconds < 86_400) return ago.format(-Math.floor(seconds / 3600), 'hour');
  return ago.format(-Math.floor(seconds / 86_400), 'day');
}

/** A month (YYYY-MM) by its name, without the year: "3月" / "March". */
export function formatMonthName(month: string, language: string): string {
  const english = language === 'en';
  return new Intl.DateTimeFormat(english ? 'en-GB' : 'zh-CN', { month: english ? 'long' : 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}
