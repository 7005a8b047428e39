// How fast the year's statements use the county fund, against how much of the year they
// cover. The year's elapsed share is counted in settled months: the months up to the latest
// month with a statement, out of 12 (statements lag the calendar by a month, so the calendar
// would always look ahead of the money). A statement's own warning is computed the same way
// as of its month: the statements of its year up to and including its month.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { FundPace, Settlement } from '../db/rows.js';
import { notFound } from '../platform/errors.js';
import { formatYuan } from '../platform/money.js';

type Pace = FundPace['pace'];

/** Used may run this many points ahead of the elapsed share before the fund is AHEAD. */
const AHEAD_MARGIN_POINTS = 10;

/** AHEAD when used > elapsed + 10 points, BEHIND when used < elapsed / 2, else ON_PACE. */
export function paceOf(usedPercent: number, elapsedPercent: number): Pace {
  if (usedPercent > elapsedPercent + AHEAD_MARGIN_POINTS) return 'AHEAD';
  if (usedPercent < elapsedPercent / 2) return 'BEHIND';
  return 'ON_PACE';
}

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 100 : 0);

/** The pace of a year's fund after `monthsSettled` months, with the admin's warning when off pace. */
export function fundPaceOf(year: number, countyFundFen: number, settledFen: number, monthsSettled: number): FundPace {
  const used = percent(settledFen, countyFundFen);
  const elapsed = percent(monthsSettled, 12);
  const pace = paceOf(used, elapsed);
  const facts = `${used}% of the ${year} county fund (${formatYuan(settledFen)} of ${formatYuan(countyFundFen)} yuan) is settled after ${monthsSettled} of 12 months (${elapsed}% of the year)`;
  const warning =
    pace === 'AHEAD'
      ? `${facts}: at this pace the fund runs out before the year ends, and later statements will be cut to what is left.`
      : pace === 'BEHIND'
        ? `${facts}: fewer services are being delivered and settled than the fund was planned for.`
        : null;
  return {
    year,
    county_fund_fen: countyFundFen,
    settled_fen: settledFen,
    months_settled: monthsSettled,
    used_percent: used,
    elapsed_percent: elapsed,
    pace,
    warning,
  };
}

/** The county fund's pace for a programme year; NOT_FOUND when the year is not open. */
export async function fundPace(db: Database, year: number): Promise<FundPace> {
  const {
    rows: [row],
  } = await sql<{ county_fund_fen: number; settled_fen: number; months: number }>`
    select y.county_fund_fen, coalesce(sum(s.payable_fen), 0)::bigint as settled_fen,
           coalesce(extract(month from max(s.month)), 0)::int as months
      from programme_years y left join settlements s on s.year = y.year
     where y.year = ${year}
     group by y.year`.execute(db);
  if (!row) throw notFound('Programme year', year);
  return fundPaceOf(year, row.county_fund_fen, row.settled_fen, row.months);
}

/** Each statement's fund pace as of its month (its warning null when on pace); one query for all. */
export async function fundPacesAsOf(db: Database, statements: Pick<Settlement, 'year' | 'month'>[]): Promise<FundPace[]> {
  const years = [...new Set(statements.map((s) => s.year))];
  if (!years.length) return [];
  const { rows } = await sql<{ year: number; county_fund_fen: number; month: string | null; payable_fen: number }>`
    select y.year, y.county_fund_fen, s.month, coalesce(sum(s.payable_fen), 0)::bigint as payable_fen
      from programme_years y left join settlements s on s.year = y.year
     where y.year = any(${years}::int[])
     group by y.year, y.county_fund_fen, s.month`.execute(db);
  return statements.map((statement) => {
    const ofYear = rows.filter((r) => r.year === statement.year);
    const settled = ofYear.filter((r) => r.month !== null && r.month <= statement.month).reduce((sum, r) => sum + r.payable_fen, 0);
    return fundPaceOf(statement.year, ofYear[0]?.county_fund_fen ?? 0, settled, Number(statement.month.slice(5, 7)));
  });
}
