// Programme years: the county opens one a year, with the allocation each active recipient
// gets (2,000 yuan in Xiajiang) and the county fund behind it (400,000 yuan).
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { badInput, conflict, notFound } from '../platform/errors.js';
import { countyYear } from '../platform/county-time.js';
import { postAllocations } from '../ledger/ledger.js';
import { now as clockNow } from '../platform/clock.js';

/** DOMAIN.md: 2,000 yuan per person per year. */
const DEFAULT_ALLOCATION_FEN = 200_000;
/** DOMAIN.md: a county fund of 400,000 yuan per year. */
const DEFAULT_COUNTY_FUND_FEN = 40_000_000;
/** The years the programme_years CHECK constraint accepts. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

/** Throws BAD_USER_INPUT unless `year` is a whole year the programme tables can hold. */
export function checkProgrammeYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw badInput(`A programme year is between ${FIRST_YEAR} and ${LAST_YEAR}.`, {
      field: 'year',
      reason: 'PROGRAMME_YEAR_OUT_OF_RANGE',
      firstYear: FIRST_YEAR,
      lastYear: LAST_YEAR,
    });
  }
}

export interface OpenProgrammeYearInput {
  year: number;
  allocationPerRecipientFen?: number | null;
  countyFundFen?: number | null;
}

function requireFen(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw badInput(`${field} must be a whole, non-negative number of fen.`, { field, reason: 'AMOUNT_NOT_WHOLE' });
  }
  return value;
}

/** Checks an opening request against the rules and fills in the defaults; writes nothing. */
export function validateOpening(input: OpenProgrammeYearInput, now = clockNow()) {
  const { year } = input;
  const earliest = countyYear(now) - 1;
  checkProgrammeYear(year);
  // one year back still lets a late opening catch up; older years would rewrite closed books
  if (year < earliest) throw badInput(`A programme year cannot be opened before ${earliest}.`, { field: 'year', reason: 'PROGRAMME_YEAR_TOO_EARLY', earliest });
  return {
    year,
    allocationFen: requireFen(input.allocationPerRecipientFen ?? DEFAULT_ALLOCATION_FEN, 'allocationPerRecipientFen'),
    countyFundFen: requireFen(input.countyFundFen ?? DEFAULT_COUNTY_FUND_FEN, 'countyFundFen'),
  };
}

/**
 * Opens a programme year and, in the same transaction, a budget account at its allocation
 * for every active recipient (one INSERT … SELECT). CONFLICT when the year is already open.
 */
export async function openProgrammeYear(db: Database, input: OpenProgrammeYearInput, now = clockNow()) {
  const opening = validateOpening(input, now);
  return db.transaction().execute(async (trx) => {
    // Blocks status changes until commit: a recipient activated meanwhile either commits
    // first (and is selected below) or waits and then finds the year open for its own
    // account (openBudgetAccount). Without it, one could fall between the two.
    await sql`lock table recipients in share mode`.execute(trx);
    const year = await trx
      .insertInto('programme_years')
      .values({ year: opening.year, allocation_per_recipient_fen: opening.allocationFen, county_fund_fen: opening.countyFundFen })
      .onConflict((oc) => oc.column('year').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!year) throw conflict(`Programme year ${opening.year} is already open.`, { field: 'year', reason: 'PROGRAMME_YEAR_OPEN', year: opening.year });
    await trx
      .insertInto('budget_accounts')
      .columns(['recipient_id', 'year', 'allocated_fen'])
      .expression((eb) =>
        eb
          .selectFrom('recipients')
          .select(['id', sql<number>`${opening.year}::int`.as('year'), sql<number>`${opening.allocationFen}::bigint`.as('allocated_fen')])
          .where('status', '=', 'active'),
      )
      // an activation racing this opening may have opened its own account first
      .onConflict((oc) => oc.columns(['recipient_id', 'year']).doNothing())
      .execute();
    await postAllocations(trx, opening.year);
    return year;
  });
}

/** Every programme year, newest first. */
export function listProgrammeYears(db: Database) {
  return db.selectFrom('programme_years').selectAll().orderBy('year', 'desc').execute();
}

/** One programme year, or NOT_FOUND. */
export async function requireProgrammeYear(db: Database, year: number) {
  const row = await db.selectFrom('programme_years').selectAll().where('year', '=', year).executeTakeFirst();
  if (!row) throw notFound('Programme year', year);
  return row;
}

/** Number of budget accounts per year, in one query for any number of years. */
export async function accountCounts(db: Database, years: number[]): Promise<Map<number, number>> {
  if (!years.length) return new Map();
  const rows = await db
    .selectFrom('budget_accounts')
    .select(['year', (eb) => eb.fn.countAll<string>().as('n')])
    .where('year', 'in', [...new Set(years)])
    .groupBy('year')
    .execute();
  return new Map(rows.map((r) => [r.year, Number(r.n)]));
}
