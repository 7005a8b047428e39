import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { addRecipients, seedFixtures, type Fixtures, type FixtureUser } from '../testing/fixtures.js';
import { countyYear } from '../platform/county-time.js';
import { countQueries } from './count-queries.js';
import { validateOpening } from './programme-years.js';

let world: TestWorld;
let fx: Fixtures;
let activeIds: number[];
const Y = countyYear();

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  const more = await addRecipients(world, 3, { villageId: fx.villageA2, townshipId: fx.townshipA });
  activeIds = [fx.recipientA, fx.recipientB, ...more];
  // people not (or no longer) on the list get no account
  await addRecipients(world, 2, { villageId: fx.villageA1, townshipId: fx.townshipA }, 'candidate');
  await addRecipients(world, 1, { villageId: fx.villageA1, townshipId: fx.townshipA }, 'verified');
  await addRecipients(world, 1, { villageId: fx.villageB1, townshipId: fx.townshipB }, 'suspended');
  await addRecipients(world, 1, { villageId: fx.villageB1, townshipId: fx.townshipB }, 'exited');
});
afterAll(() => world?.close());

const OPEN = `mutation($input: OpenProgrammeYearInput!) { openProgrammeYear(input: $input) {
  year allocationPerRecipient countyFund accountCount } }`;
const YEARS = '{ programmeYears { year allocationPerRecipient countyFund accountCount } }';

const rowCounts = async () => {
  const count = (table: 'programme_years' | 'budget_accounts') =>
    world.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  return { years: await count('programme_years'), accounts: await count('budget_accounts') };
};

describe('openProgrammeYear', () => {
  it('opens the current year at the defaults, with one account per active recipient only', async () => {
    const { openProgrammeYear } = await world.ok(OPEN, { input: { year: Y } }, fx.tokens.admin);
    expect(openProgrammeYear).toEqual({ year: Y, allocationPerRecipient: 200_000, countyFund: 40_000_000, accountCount: 5 });
    const accounts = await world.db.selectFrom('budget_accounts').selectAll().where('year', '=', Y).execute();
    expect(accounts.map((a) => a.recipient_id).sort((a, b) => a - b)).toEqual([...activeIds].sort((a, b) => a - b));
    for (const a of accounts) expect(a).toMatchObject({ allocated_fen: 200_000, held_fen: 0, spent_fen: 0 });
  });

  it('takes the amounts given, a zero allocation, and a year back or ahead', async () => {
    const back = await world.ok(OPEN, { input: { year: Y - 1, allocationPerRecipientFen: 150_000, countyFundFen: 30_000_000 } }, fx.tokens.admin);
    expect(back.openProgrammeYear).toEqual({ year: Y - 1, allocationPerRecipient: 150_000, countyFund: 30_000_000, accountCount: 5 });
    const ahead = await world.ok(OPEN, { input: { year: Y + 1, allocationPerRecipientFen: 0, countyFundFen: 0 } }, fx.tokens.admin);
    expect(ahead.openProgrammeYear).toMatchObject({ allocationPerRecipient: 0, countyFund: 0, accountCount: 5 });
  });

  it('refuses bad years and amounts, and a year already open: nothing written', async () => {
    const before = await rowCounts();
    const refused: [Record<string, unknown>, string][] = [
      [{ year: Y - 2 }, 'BAD_USER_INPUT'],
      [{ year: 1999 }, 'BAD_USER_INPUT'],
      [{ year: 2101 }, 'BAD_USER_INPUT'],
      [{ year: Y + 3, allocationPerRecipientFen: -1 }, 'BAD_USER_INPUT'],
      [{ year: Y + 3, countyFundFen: -100 }, 'BAD_USER_INPUT'],
      [{ year: Y + 3, allocationPerRecipientFen: 1999.5 }, 'BAD_USER_INPUT'],
      [{ year: Y + 3, countyFundFen: 2 ** 53 }, 'BAD_USER_INPUT'],
      [{ year: Y }, 'CONFLICT'],
      [{ year: Y, allocationPerRecipientFen: 1 }, 'CONFLICT'],
    ];
    for (const [input, code] of refused) {
      expect([input, await world.errorCode(OPEN, { input }, fx.tokens.admin)]).toEqual([input, code]);
    }
    const reason = async (input: Record<string, unknown>) => (await world.gql(OPEN, { input }, fx.tokens.admin)).errors?.[0].extensions;
    expect(await reason({ year: Y - 2 })).toMatchObject({ field: 'year', reason: 'PROGRAMME_YEAR_TOO_EARLY', earliest: Y - 1 });
    expect(await reason({ year: 2101 })).toMatchObject({ field: 'year', reason: 'PROGRAMME_YEAR_OUT_OF_RANGE', firstYear: 2000, lastYear: 2100 });
    expect(await reason({ year: Y })).toMatchObject({ field: 'year', reason: 'PROGRAMME_YEAR_OPEN', year: Y });
    expect(await rowCounts()).toEqual(before);
    const current = await world.db.selectFrom('budget_accounts').select('allocated_fen').where('year', '=', Y).execute();
    expect(current.every((a) => a.allocated_fen === 200_000)).toBe(true);
  });

  it('lets only county admins open a year', async () => {
    const before = await rowCounts();
    const others: FixtureUser[] = ['hotline', 'gridA', 'townshipA', 'dispatcherA', 'carerA', 'evaluator', 'finance', 'recipientA'];
    for (const who of others) {
      expect([who, await world.errorCode(OPEN, { input: { year: Y + 4 } }, fx.tokens[who])]).toEqual([who, 'FORBIDDEN']);
    }
    expect(await world.errorCode(OPEN, { input: { year: Y + 4 } })).toBe('UNAUTHENTICATED');
    expect(await rowCounts()).toEqual(before);
  });

  it('opens a year once when two admins race to open it', async () => {
    const before = await rowCounts();
    const results = await Promise.all([1, 2].map(() => world.gql(OPEN, { input: { year: Y + 2 } }, fx.tokens.admin)));
    expect(results.filter((r) => !r.errors).length).toBe(1);
    expect(results.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
    expect(await rowCounts()).toEqual({ years: before.years + 1, accounts: before.accounts + 5 });
  });
});

describe('programmeYears', () => {
  it('lists newest first, with account counts from one query for all years', async () => {
    const { result, count } = await countQueries(/count\(\*\).*from "budget_accounts"/s, () => world.ok(YEARS, {}, fx.tokens.finance));
    expect(result.programmeYears.map((y: { year: number }) => y.year)).toEqual([Y + 2, Y + 1, Y, Y - 1]);
    expect(result.programmeYears.map((y: { accountCount: number }) => y.accountCount)).toEqual([5, 5, 5, 5]);
    expect(result.programmeYears[3]).toMatchObject({ allocationPerRecipient: 150_000, countyFund: 30_000_000 });
    expect(count).toBe(1);
  });

  it('is for admins, finance, evaluators and township staff only', async () => {
    for (const who of ['admin', 'finance', 'evaluator', 'townshipA'] as const) {
      expect((await world.ok(YEARS, {}, fx.tokens[who])).programmeYears).toHaveLength(4);
    }
    for (const who of ['hotline', 'gridA', 'dispatcherA', 'carerA', 'recipientA'] as const) {
      expect([who, await world.errorCode(YEARS, {}, fx.tokens[who])]).toEqual([who, 'FORBIDDEN']);
    }
    expect(await world.errorCode(YEARS)).toBe('UNAUTHENTICATED');
  });
});

describe('validateOpening', () => {
  it('counts the earliest year on the county clock (Asia/Shanghai)', () => {
    // 17:00 UTC on 31 December is already 1 January in the county
    const newYearInCounty = new Date('2029-12-31T17:00:00Z');
    expect(() => validateOpening({ year: 2028 }, newYearInCounty)).toThrow(/before 2029/);
    expect(validateOpening({ year: 2029 }, newYearInCounty)).toEqual({ year: 2029, allocationFen: 200_000, countyFundFen: 40_000_000 });
    expect(validateOpening({ year: 2028 }, new Date('2029-12-31T15:00:00Z')).year).toBe(2028);
  });

  it('fills in defaults only for missing amounts, keeping a zero', () => {
    expect(validateOpening({ year: 2030, allocationPerRecipientFen: 0, countyFundFen: null }, new Date('2030-03-01T00:00:00Z'))).toEqual({
      year: 2030,
      allocationFen: 0,
      countyFundFen: 40_000_000,
    });
    expect(() => validateOpening({ year: 2030.5 }, new Date('2030-03-01T00:00:00Z'))).toThrow(/between 2000 and 2100/);
  });
});
