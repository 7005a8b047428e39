import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { countyYear } from '../platform/county-time.js';
import { balances, ledgerAccounts } from '../ledger/ledger.js';
import { PLACE_ORDER, heldFen, itemId, prepareOrdering, windowAt, writeCounts } from './test-support.js';
import { setClockForTests } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';

// An ordinary morning: the windows of the next days stay in this programme year, whose budget the tests read.
setClockForTests(ORDINARY_MORNING);

let world: TestWorld;
let fx: Fixtures;
let bathing: number;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  bathing = await itemId(world, 'bathing');
});
afterAll(() => world?.close());

const input = (extra: Record<string, unknown> = {}) => ({ serviceItemId: String(bathing), ...windowAt(1, 9), ...extra });

async function refused(token: string, extra: Record<string, unknown>) {
  const before = await writeCounts(world);
  const held = await heldFen(world, fx.recipientA);
  const res = await world.gql(PLACE_ORDER, { input: input(extra) }, token);
  expect(res.data ?? null).toBeNull();
  expect(await writeCounts(world)).toEqual(before);
  expect(await heldFen(world, fx.recipientA)).toBe(held);
  return res.errors![0];
}

describe('three ways to order', () => {
  it('the recipient orders for themselves in the mini-program, at the guide price, holding it on their budget', async () => {
    const held = await heldFen(world, fx.recipientA);
    const { placeOrder } = await world.ok(PLACE_ORDER, { input: input({ quantity: 2, notes: '冬天，水要热' }) }, fx.tokens.recipientA);
    expect(placeOrder).toMatchObject({ status: 'PLACED', channel: 'MINI_PROGRAM', unitPrice: 5000, amount: 10000, quantity: 2, callerPhone: null });
    expect(placeOrder.place.address).not.toBe('');
    expect(await heldFen(world, fx.recipientA)).toBe(held + 10000);
    const year = countyYear();
    const ledger = await world.db.selectFrom('ledger_transfers').selectAll().where('order_id', '=', Number(placeOrder.id)).execute();
    expect(ledger).toMatchObject([
      {
        kind: 'hold',
        amount_fen: 10000,
        debit_account: ledgerAccounts.budgetAvailable(fx.recipientA, year),
        credit_account: ledgerAccounts.budgetHeld(fx.recipientA, year),
      },
    ]);
    const events = await world.db.selectFrom('order_events').selectAll().where('order_id', '=', Number(placeOrder.id)).execute();
    expect(events).toMatchObject([{ action: 'place', from_status: null, to_status: 'placed', channel: 'mini_program' }]);
  });

  it("a hotline operator orders on the recipient's behalf and records the caller's number", async () => {
    const { placeOrder } = await world.ok(
      PLACE_ORDER,
      { input: input({ recipientId: String(fx.recipientA), callerPhone: '0796 3612345' }) },
      fx.tokens.hotline,
    );
    expect(placeOrder).toMatchObject({ channel: 'HOTLINE', callerPhone: '07963612345', placedByName: 'hotline' });
    expect((await refused(fx.tokens.hotline, { recipientId: String(fx.recipientA) })).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a grid worker orders for recipients of their own villages only (帮办代办)', async () => {
    const { placeOrder } = await world.ok(
      PLACE_ORDER,
      { input: input({ recipientId: String(fx.recipientA), place: { address: '村卫生室' } }) },
      fx.tokens.gridA,
    );
    expect(placeOrder).toMatchObject({ channel: 'GRID_WORKER', place: { address: '村卫生室' } });
    expect((await refused(fx.tokens.gridA, { recipientId: String(fx.recipientB) })).extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses roles that do not order, a recipient ordering for someone else, and no token', async () => {
    for (const token of [fx.tokens.dispatcherA, fx.tokens.carerA, fx.tokens.finance, fx.tokens.admin]) {
      expect((await refused(token, { recipientId: String(fx.recipientA) })).extensions?.code).toBe('FORBIDDEN');
    }
    expect((await refused(fx.tokens.recipientA, { recipientId: String(fx.recipientB) })).extensions?.code).toBe('FORBIDDEN');
    const res = await world.gql(PLACE_ORDER, { input: input() });
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('refusals', () => {
  it('a suspended or inactive recipient', async () => {
    await world.db.updateTable('recipients').set({ status: 'suspended' }).where('id', '=', fx.recipientA).execute();
    try {
      const error = await refused(fx.tokens.recipientA, {});
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'RECIPIENT_NOT_ACTIVE', status: 'suspended' });
      expect(error.message).toMatch(/suspended/);
    } finally {
      await world.db.updateTable('recipients').set({ status: 'active' }).where('id', '=', fx.recipientA).execute();
    }
  });

  it('an inactive item', async () => {
    await world.db.updateTable('service_items').set({ active: false }).where('id', '=', bathing).execute();
    try {
      const error = await refused(fx.tokens.recipientA, {});
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ITEM_NOT_OFFERED', item: '助浴' });
      expect(error.message).toMatch(/助浴/);
    } finally {
      await world.db.updateTable('service_items').set({ active: true }).where('id', '=', bathing).execute();
    }
  });

  it('a window in the past, beyond the booking horizon, reversed or over a day long', async () => {
    const horizonDays = world.config.BOOKING_HORIZON_DAYS;
    const w = windowAt(1, 9);
    for (const [window, refusal] of [
      [windowAt(-1, 9), { reason: 'WINDOW_IN_PAST' }],
      [windowAt(horizonDays + 1, 9), { reason: 'BEYOND_BOOKING_HORIZON', horizonDays }],
      [windowAt(1, 9, 25 * 60), { reason: 'WINDOW_TOO_LONG' }],
      [{ windowStart: w.windowEnd, windowEnd: w.windowStart }, { reason: 'WINDOW_REVERSED' }],
    ] as const) {
      expect((await refused(fx.tokens.recipientA, window)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', ...refusal });
    }
  });

  it('bad quantities, unknown items and recipients', async () => {
    for (const quantity of [0, 25]) {
      expect((await refused(fx.tokens.recipientA, { quantity })).extensions, String(quantity)).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'QUANTITY_OUT_OF_RANGE',
        field: 'quantity',
        min: 1,
        max: 24,
      });
    }
    expect((await refused(fx.tokens.recipientA, { serviceItemId: '99999' })).extensions?.code).toBe('NOT_FOUND');
    expect((await refused(fx.tokens.hotline, { recipientId: '99999', callerPhone: '13900000000' })).extensions?.code).toBe('NOT_FOUND');
  });

  it('too little budget left, saying how much is left', async () => {
    const year = countyYear();
    const account = await world.db
      .selectFrom('budget_accounts')
      .selectAll()
      .where('recipient_id', '=', fx.recipientA)
      .where('year', '=', year)
      .executeTakeFirstOrThrow();
    const left = account.allocated_fen - account.held_fen - account.spent_fen;
    // day care is 100 yuan a day: ask for more days than the budget has left
    const error = await refused(fx.tokens.recipientA, { serviceItemId: String(await itemId(world, 'day_care')), quantity: 24, ...windowAt(2, 8, 600) });
    if (left >= 240_000) throw new Error('fixture budget too large for this test');
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BUDGET_EXCEEDED' });
    expect(error.message).toContain(`${(left / 100).toFixed(2)} yuan available`);
    expect(error.extensions?.availableFen).toBe(left);
  });
});

describe('prices', () => {
  it('an order keeps the price it was placed at', async () => {
    const { placeOrder } = await world.ok(PLACE_ORDER, { input: input({ serviceItemId: String(await itemId(world, 'laundry')) }) }, fx.tokens.recipientA);
    await world.ok(
      'mutation($id: ID!) { setServiceItemPrice(input: { serviceItemId: $id, priceFen: 4500, reason: "调价" }) { price } }',
      { id: String(await itemId(world, 'laundry')) },
      fx.tokens.admin,
    );
    const again = await world.ok(PLACE_ORDER, { input: input({ serviceItemId: String(await itemId(world, 'laundry')) }) }, fx.tokens.recipientA);
    const first = await world.ok('query($id: ID!) { order(id: $id) { unitPrice } }', { id: placeOrder.id }, fx.tokens.recipientA);
    expect(first.order.unitPrice).toBe(3000);
    expect(again.placeOrder.unitPrice).toBe(4500);
  });
});

describe('the budget under concurrent orders', () => {
  it('60 orders racing at one budget never hold more than it, and none is lost or duplicated', async () => {
    const address = await world.app.listen({ port: 0, host: '127.0.0.1' });
    const year = countyYear();
    const account = await world.db
      .selectFrom('budget_accounts')
      .selectAll()
      .where('recipient_id', '=', fx.recipientB)
      .where('year', '=', year)
      .executeTakeFirstOrThrow();
    const available = account.allocated_fen - account.held_fen - account.spent_fen;
    const meal = await itemId(world, 'meal_help'); // 25 yuan
    const send = (i: number) =>
      fetch(`${address}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${fx.tokens.recipientB}` },
        body: JSON.stringify({
          query: PLACE_ORDER,
          variables: { input: { serviceItemId: String(meal), quantity: 2, ...windowAt(1 + (i % 5), 7 + (i % 12)), idempotencyKey: `race-${i}` } },
        }),
      }).then((r) => r.json() as Promise<{ data?: { placeOrder: { id: string } }; errors?: { extensions: { code: string } }[] }>);
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => send(i)));
    const placed = results.filter((r) => r.data?.placeOrder).map((r) => r.data!.placeOrder.id);
    const refusedCodes = results.filter((r) => r.errors).map((r) => r.errors![0].extensions.code);
    expect(placed.length + refusedCodes.length).toBe(60);
    expect(new Set(refusedCodes)).toEqual(refusedCodes.length ? new Set(['BAD_USER_INPUT']) : new Set());
    expect(placed.length).toBe(Math.min(60, Math.floor(available / 5000)));
    expect(new Set(placed).size).toBe(placed.length);

    const orders = await world.db.selectFrom('orders').select(['id', 'amount_fen']).where('recipient_id', '=', fx.recipientB).execute();
    expect(orders.map((o) => String(o.id)).sort()).toEqual([...placed].sort());
    const after = await world.db.selectFrom('budget_accounts').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(after.held_fen).toBe(account.held_fen + placed.length * 5000);
    expect(after.held_fen + after.spent_fen).toBeLessThanOrEqual(after.allocated_fen);
    const ledger = await balances(world.db, [ledgerAccounts.budgetHeld(fx.recipientB, year)]);
    expect(ledger.get(ledgerAccounts.budgetHeld(fx.recipientB, year))).toBe(after.held_fen);
  });
});
