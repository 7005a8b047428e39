// Shared set-up for the ordering tests: programme years open (this county year and the
// next, so a window a few days ahead always has a budget account), carers who work every
// day, windows in county time, and the operations as the API's clients send them.
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { openProgrammeYear } from '../budgets/programme-years.js';
import { addDays, countyToday, countyYear } from '../platform/county-time.js';

export const PLACE_ORDER = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) {
  id status amount unitPrice quantity channel callerPhone placedByName place { address } windowStart } }`;
export const ORDER = `query($id: ID!) { order(id: $id) { id status carer { id name } organisation { id }
  matchProblem matchProblemReason { reason carers } matchReasons { decidedBy byMatching total factors { name score weight detail reason distanceKm weekJobs } candidates note }
  events { action fromStatus toStatus channel reason actorName } } }`;

/** A window `daysAhead` days from today, at `hour`:`minute` county time, `minutes` long. */
export function windowAt(daysAhead: number, hour: number, minutes = 60, minute = 0) {
  const date = addDays(countyToday(), daysAhead);
  const start = new Date(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`);
  return { windowStart: start.toISOString(), windowEnd: new Date(start.getTime() + minutes * 60_000).toISOString() };
}

/** The id of a catalog item by code. */
export async function itemId(world: TestWorld, code: string): Promise<number> {
  return (await world.db.selectFrom('service_items').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

/** A test world with the fixtures, ready to order in (prepareOrdering): the set-up most order and visit tests share. */
export async function orderingWorld(): Promise<{ world: TestWorld; fx: Fixtures }> {
  const world = await createTestWorld();
  const fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  return { world, fx };
}

/** Opens the programme years and lets the fixture carers work every day, all day. */
export async function prepareOrdering(world: TestWorld, fx: Fixtures): Promise<void> {
  const year = countyYear();
  for (const y of [year, year + 1]) await openProgrammeYear(world.db, { year: y });
  await everyDay(world, [fx.carerA, fx.carerB]);
}

/** Working hours 06:00–22:00 on all seven days. */
export async function everyDay(world: TestWorld, carerIds: number[]): Promise<void> {
  await world.db
    .insertInto('carer_working_hours')
    .values(carerIds.flatMap((carer_id) => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ carer_id, weekday, starts_at: '06:00', ends_at: '22:00' }))))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** held_fen of a recipient's account for the county year. */
export async function heldFen(world: TestWorld, recipientId: number, year = countyYear()): Promise<number> {
  const row = await world.db
    .selectFrom('budget_accounts')
    .select('held_fen')
    .where('recipient_id', '=', recipientId)
    .where('year', '=', year)
    .executeTakeFirstOrThrow();
  return row.held_fen;
}

/** Row counts of the tables an order writes, to prove a refusal wrote nothing. */
export async function writeCounts(world: TestWorld) {
  const count = async (table: 'orders' | 'order_events' | 'ledger_transfers') =>
    Number(
      (
        await world.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { orders: await count('orders'), events: await count('order_events'), transfers: await count('ledger_transfers') };
}
