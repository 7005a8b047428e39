import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { PLACE_ORDER, itemId, prepareOrdering, windowAt } from '../orders/test-support.js';
import { balances, ledgerAccounts, postAllocations, postTransfers } from './ledger.js';

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
});
afterAll(() => world?.close());

describe('the ledger', () => {
  it('matches every budget account through allocations, orders and cancellations (balanced by construction: one debit, one credit per row)', async () => {
    const ids: string[] = [];
    for (const [i, code] of ['bathing', 'laundry', 'haircut'].entries()) {
      const { placeOrder } = await world.ok(
        PLACE_ORDER,
        { input: { serviceItemId: String(await itemId(world, code)), ...windowAt(1 + i, 9) } },
        fx.tokens.recipientA,
      );
      ids.push(placeOrder.id);
    }
    await world.ok('mutation($id: ID!) { cancelOrder(orderId: $id, reason: "改期") { status } }', { id: ids[1] }, fx.tokens.recipientA);

    const accounts = await world.db.selectFrom('budget_accounts').selectAll().execute();
    const names = accounts.flatMap((a) => [ledgerAccounts.budgetAvailable(a.recipient_id, a.year), ledgerAccounts.budgetHeld(a.recipient_id, a.year)]);
    const ledger = await balances(world.db, names);
    for (const a of accounts) {
      expect(ledger.get(ledgerAccounts.budgetAvailable(a.recipient_id, a.year))).toBe(a.allocated_fen - a.held_fen - a.spent_fen);
      expect(ledger.get(ledgerAccounts.budgetHeld(a.recipient_id, a.year))).toBe(a.held_fen);
    }
  });

  it('never records the same fact twice', async () => {
    const before = await world.db
      .selectFrom('ledger_transfers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const year = (await world.db.selectFrom('programme_years').select('year').orderBy('year').executeTakeFirstOrThrow()).year;
    expect(await postAllocations(world.db, year)).toBe(0);
    const first = await world.db.selectFrom('ledger_transfers').selectAll().where('kind', '=', 'hold').orderBy('id').executeTakeFirstOrThrow();
    const again = await postTransfers(world.db, [
      { debit: first.debit_account, credit: first.credit_account, amountFen: first.amount_fen, kind: 'hold', reference: first.reference },
    ]);
    expect(again).toBe(0);
    const after = await world.db
      .selectFrom('ledger_transfers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
