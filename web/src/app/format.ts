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
