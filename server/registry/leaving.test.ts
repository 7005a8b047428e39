// Leaving the list reaches the orders and the money: a suspension cancels the waiting orders
// (holds back through the ledger) and a reinstatement lets the recipient order again; an
// exit also closes the budget account, returning what was never used to the county fund.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorld } from '../testing/harness.js';
import type { Fixtures } from '../testing/fixtures.js';
import { itemId, PLACE_ORDER, orderingWorld } from '../orders/test-support.js';
import { nextWindow, serveOrder } from '../visits/test-support.js';
import { expectLedgerConsistent } from '../settlement/test-support.js';
import { balances, ledgerAccounts } from '../ledger/ledger.js';
import { setClockForTests } from '../platform/clock.js';
import { countyYear } from '../platform/county-time.js';
import { ORDINARY_MORNING } from '../testing/instants.js';
import { CHANGE_STATUS } from './test-support.js';

setClockForTests(ORDINARY_MORNING);

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  ({ world, fx } = await orderingWorld());
});
afterAll(() => world?.close());

const move = (status: string, reason: string) => world.ok(CHANGE_STATUS, { id: String(fx.recipientA), status, reason }, fx.tokens.townshipA);
const account = () =>
  world.db.selectFrom('budget_accounts').selectAll().where('recipient_id', '=', fx.recipientA).where('year', '=', countyYear()).executeTakeFirstOrThrow();
const ordersOf = (ids: number[]) => world.db.selectFrom('orders').select(['id', 'status']).where('id', 'in', ids).orderBy('id').execute();
const placeOrder = async () =>
  world.gql(PLACE_ORDER, { input: { serviceItemId: String(await itemId(world, 'laundry')), ...nextWindow() } }, fx.tokens.recipientA);

describe('a recipient leaving the list', () => {
  it('suspended: the waiting orders are cancelled with the reason and their holds released; a service under way goes on', async () => {
    const accepted = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
    const inService = await serveOrder(world, fx, { until: 'in_service', window: nextWindow() });
    const placed = Number((await placeOrder()).data!.placeOrder.id);
    const before = await account();
    const amounts = await world.db.selectFrom('orders').select(['id', 'amount_fen']).where('id', 'in', [accepted, placed]).execute();

    await move('SUSPENDED', '住院三个月');
    expect(await ordersOf([accepted, inService, placed])).toEqual(
      [
        { id: accepted, status: 'cancelled' },
        { id: inService, status: 'in_service' },
        { id: placed, status: 'cancelled' },
      ].sort((a, b) => a.id - b.id),
    );
    const cancel = await world.db
      .selectFrom('order_events')
      .select(['order_id', 'reason', 'channel', 'actor_id'])
      .where('order_id', 'in', [accepted, placed])
      .where('action', '=', 'cancel')
      .execute();
    expect(cancel.map((e) => e.reason)).toEqual(['住院三个月', '住院三个月']);
    expect(new Set(cancel.map((e) => e.channel))).toEqual(new Set(['console']));
    expect((await account()).held_fen).toBe(before.held_fen - amounts.reduce((s, o) => s + o.amount_fen, 0));
    // the carer's and the board's views are told
    const notices = await world.db.selectFrom('outbox').select('target').where('kind', '=', 'notice').where('target', '=', `carer/${fx.carerA}`).execute();
    expect(notices.length).toBeGreaterThan(0);
    await expectLedgerConsistent(world.db);

    // suspended: no new orders; reinstated: orders again
    expect((await placeOrder()).errors?.[0].extensions?.reason).toBe('RECIPIENT_NOT_ACTIVE');
    await move('ACTIVE', '出院回家');
    expect((await placeOrder()).errors).toBeUndefined();
  });

  it('exited: the account closes and what was never ordered with goes back to the county fund', async () => {
    const waiting = Number((await placeOrder()).data!.placeOrder.id);
    const fundBefore = (await balances(world.db, [ledgerAccounts.countyFund(countyYear())])).get(ledgerAccounts.countyFund(countyYear()))!;
    await move('EXITED', '迁出本县');
    expect((await ordersOf([waiting]))[0].status).toBe('cancelled');
    const closed = await account();
    // what is held is the service still under way from the test before: it is paid as usual
    expect(closed).toMatchObject({ allocated_fen: closed.held_fen + closed.spent_fen, closed_at: expect.any(Date) });
    // this year's account, and next year's already opened
    const returns = await world.db.selectFrom('ledger_transfers').selectAll().where('kind', '=', 'return').orderBy('id').execute();
    expect(returns.map((r) => r.credit_account)).toEqual([ledgerAccounts.countyFund(countyYear()), ledgerAccounts.countyFund(countyYear() + 1)]);
    const returned = returns.slice(0, 1);
    expect(returned[0]).toMatchObject({
      debit_account: ledgerAccounts.budgetAvailable(fx.recipientA, countyYear()),
      credit_account: ledgerAccounts.countyFund(countyYear()),
    });
    const fundAfter = (await balances(world.db, [ledgerAccounts.countyFund(countyYear())])).get(ledgerAccounts.countyFund(countyYear()))!;
    expect(fundAfter - fundBefore).toBe(Number(returned[0].amount_fen));
    const { me } = await world.ok('{ me { recipient { budget { available closedAt } } } }', {}, fx.tokens.recipientA);
    expect(me.recipient.budget).toEqual({ available: 0, closedAt: closed.closed_at!.toISOString() });
    expect(Number(returned[0].amount_fen)).toBeGreaterThan(190_000);
    await expectLedgerConsistent(world.db);
    expect((await placeOrder()).errors?.[0].extensions?.reason).toBe('RECIPIENT_NOT_ACTIVE');
  });
});
