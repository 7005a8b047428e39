import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { prepareOrdering } from '../orders/test-support.js';
import { countyToday } from '../platform/county-time.js';
import { insertServedMonth } from './served-month.js';

let world: TestWorld;
let fx: Fixtures;
const month = countyToday().slice(0, 7);

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
});
afterAll(() => world?.close());

describe('insertServedMonth', () => {
  it('writes confirmed orders with their holds, events, transfers and countable visits, inside the month', async () => {
    const hotline = await world.db.selectFrom('users').select('id').where('role', '=', 'hotline_operator').executeTakeFirstOrThrow();
    const n = await insertServedMonth(world.db, {
      organisationId: fx.orgA,
      month,
      services: 40,
      placedBy: hotline.id,
      recipientIds: [fx.recipientA, fx.recipientB],
    });
    expect(n).toBe(40);
    const {
      rows: [facts],
    } = await sql<{ orders: number; visits: number; events: number; transfers: number; held: number; amount: number; outside: number }>`
      select (select count(*)::int from orders where status = 'confirmed' and organisation_id = ${fx.orgA}) as orders,
             (select count(*)::int from visits where countable and confirmed_via = 'automatic') as visits,
             (select count(*)::int from order_events where action = 'confirm') as events,
             (select count(*)::int from ledger_transfers where kind = 'hold') as transfers,
             (select sum(held_fen)::bigint from budget_accounts where year = ${Number(month.slice(0, 4))}) as held,
             (select sum(amount_fen)::bigint from orders) as amount,
             (select count(*)::int from visits where to_char(service_date, 'YYYY-MM') <> ${month}) as outside`.execute(world.db);
    expect(facts).toEqual({ orders: 40, visits: 40, events: 40, transfers: 40, held: facts.amount, amount: facts.amount, outside: 0 });
    expect(facts.amount).toBeGreaterThan(0);
  });

  it('writes nothing when the recipients cannot afford the services', async () => {
    const before = await world.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const hotline = await world.db.selectFrom('users').select('id').where('role', '=', 'hotline_operator').executeTakeFirstOrThrow();
    await expect(
      insertServedMonth(world.db, { organisationId: fx.orgA, month, services: 2000, placedBy: hotline.id, recipientIds: [fx.recipientA] }),
    ).rejects.toThrow();
    const after = await world.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
