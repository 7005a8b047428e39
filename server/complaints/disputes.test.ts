import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { heldFen, prepareOrdering } from '../orders/test-support.js';
import { serveOrder } from '../visits/test-support.js';
import { ASSIGN, DISPUTE, RECORD, VERIFY, hotlineInput } from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
});
afterAll(async () => {
  await world?.close();
});

const orderOf = (id: number) =>
  world.db.selectFrom('orders').select(['status', 'payment_withheld', 'amount_fen', 'budget_year']).where('id', '=', id).executeTakeFirstOrThrow();
const orderEvents = (id: number) =>
  world.db.selectFrom('order_events').select(['action', 'from_status', 'to_status', 'reason']).where('order_id', '=', id).orderBy('id').execute();
const releases = (id: number) =>
  world.db.selectFrom('ledger_transfers').select(['kind', 'amount_fen', 'reference']).where('order_id', '=', id).where('kind', '=', 'release').execute();

async function disputeAndAssign(orderId: number, token: string): Promise<string> {
  const { disputeService } = await world.ok(DISPUTE, { orderId: String(orderId), reason: 'The carer never came; the visit was recorded anyway.' }, token);
  await world.ok(ASSIGN, { id: disputeService.id, organisationId: String(fx.orgA) }, fx.tokens.hotline);
  return disputeService.id;
}

describe('disputing a completed service', () => {
  it('disputes the order and opens a high-severity ticket about it, in one go', async () => {
    const orderId = await serveOrder(world, fx, { daysAhead: 1, hour: 9 });
    const { disputeService } = await world.ok(DISPUTE, { orderId: String(orderId), reason: ' The carer never came. ' }, fx.tokens.recipientA);
    expect(disputeService).toMatchObject({
      status: 'RECORDED',
      category: 'SERVICE_NOT_DELIVERED',
      severity: 'HIGH',
      channel: 'MINI_PROGRAM',
      description: 'The carer never came.',
      complainantName: '王大爷',
      complainantPhone: '13900000001',
      recipient: { id: String(fx.recipientA) },
      organisation: { id: String(fx.orgA) },
      order: { id: String(orderId), status: 'DISPUTED' },
    });
    expect((Date.parse(disputeService.dueAt) - Date.parse(disputeService.statusChangedAt)) / 3_600_000).toBe(4);
    expect(disputeService.events).toEqual([
      { action: 'dispute', fromStatus: null, toStatus: 'RECORDED', actorName: 'recipientA', note: 'The carer never came.' },
    ]);
    expect((await orderEvents(orderId)).at(-1)).toEqual({
      action: 'dispute',
      from_status: 'completed',
      to_status: 'disputed',
      reason: 'The carer never came.',
    });
  });

  it("lets a grid worker and the hotline dispute on the recipient's behalf", async () => {
    const [byGrid, byHotline] = [await serveOrder(world, fx, { daysAhead: 2, hour: 9 }), await serveOrder(world, fx, { daysAhead: 3, hour: 9 })];
    const grid = await world.ok(DISPUTE, { orderId: String(byGrid), reason: 'Only half the laundry was done.' }, fx.tokens.gridA);
    const hotline = await world.ok(DISPUTE, { orderId: String(byHotline), reason: 'The daughter says nobody came.' }, fx.tokens.hotline);
    expect(grid.disputeService).toMatchObject({ channel: 'GRID_WORKER', order: { status: 'DISPUTED' } });
    expect(hotline.disputeService).toMatchObject({ channel: 'HOTLINE', order: { status: 'DISPUTED' } });
  });

  it('upheld: the service is rejected, its payment withheld and its budget hold released like a cancellation', async () => {
    const orderId = await serveOrder(world, fx, { daysAhead: 4, hour: 9 });
    const { amount_fen: amount, budget_year: year } = await orderOf(orderId);
    const heldBefore = await heldFen(world, fx.recipientA, year);
    const id = await disputeAndAssign(orderId, fx.tokens.recipientA);
    const { verifyComplaint } = await world.ok(VERIFY, { id, upheld: true, findings: 'The carer admits not going.' }, fx.tokens.dispatcherA);
    expect(verifyComplaint).toMatchObject({ upheld: true, order: { status: 'CANCELLED', paymentWithheld: true } });
    expect(await heldFen(world, fx.recipientA, year)).toBe(heldBefore - amount);
    expect(await releases(orderId)).toEqual([{ kind: 'release', amount_fen: amount, reference: `release:order:${orderId}` }]);
    expect((await orderEvents(orderId)).at(-1)).toMatchObject({ action: 'reject_service', from_status: 'disputed', to_status: 'cancelled' });
    const visits = await world.db.selectFrom('return_visits').select(['reason', 'order_id']).where('complaint_id', '=', Number(id)).execute();
    expect(visits).toEqual([{ reason: 'complaint', order_id: orderId }]);
  });

  it('not upheld: the service stands (confirmed) and its budget stays held for payment', async () => {
    const orderId = await serveOrder(world, fx, { daysAhead: 5, hour: 9 });
    const { budget_year: year } = await orderOf(orderId);
    const heldBefore = await heldFen(world, fx.recipientA, year);
    const id = await disputeAndAssign(orderId, fx.tokens.hotline);
    const { verifyComplaint } = await world.ok(
      VERIFY,
      { id, upheld: false, findings: 'Check-in and check-out at the home; the recipient forgot.' },
      fx.tokens.admin,
    );
    expect(verifyComplaint).toMatchObject({ upheld: false, order: { status: 'CONFIRMED', paymentWithheld: false } });
    expect(await heldFen(world, fx.recipientA, year)).toBe(heldBefore);
    expect(await releases(orderId)).toEqual([]);
    expect((await orderEvents(orderId)).at(-1)).toMatchObject({ action: 'resolve_dispute', from_status: 'disputed', to_status: 'confirmed' });
  });

  it('is settled only by its own ticket: another complaint about the disputed service leaves the dispute open', async () => {
    const orderId = await serveOrder(world, fx, { daysAhead: 6, hour: 9 });
    await disputeAndAssign(orderId, fx.tokens.recipientA);
    const { recordComplaint } = await world.ok(
      RECORD,
      { input: hotlineInput(fx, { recipientId: undefined, orderId: String(orderId), category: 'CARER_CONDUCT' }) },
      fx.tokens.hotline,
    );
    await world.ok(ASSIGN, { id: recordComplaint.id, organisationId: String(fx.orgA) }, fx.tokens.hotline);
    const { verifyComplaint } = await world.ok(
      VERIFY,
      { id: recordComplaint.id, upheld: true, findings: 'The carer was rude on the phone.' },
      fx.tokens.dispatcherA,
    );
    expect(verifyComplaint.order).toMatchObject({ status: 'DISPUTED', paymentWithheld: true });
  });
});
