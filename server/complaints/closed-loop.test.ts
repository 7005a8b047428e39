import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { heldFen, prepareOrdering } from '../orders/test-support.js';
import { expectLedgerConsistent } from '../settlement/test-support.js';
import { serveOrder } from '../visits/test-support.js';
import { addDays, countyToday } from '../platform/county-time.js';
import { ANSWER, ASSIGN, CLOSE, COMPLAINT, RECORD, VERIFY, hotlineInput } from './test-support.js';

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

const HOUR = 3_600_000;
/** Hours between the ticket's last status change and its deadline. */
const hoursGiven = (t: { dueAt: string; statusChangedAt: string }) => (Date.parse(t.dueAt) - Date.parse(t.statusChangedAt)) / HOUR;

describe('the closed loop: record, assign, verify, answer, close', () => {
  it('takes a hotline complaint about a service round the loop, each step with its deadline and its event', async () => {
    const orderId = await serveOrder(world, fx, { daysAhead: 1, hour: 9 });
    const { recordComplaint: recorded } = await world.ok(
      RECORD,
      {
        input: {
          orderId: String(orderId),
          category: 'SERVICE_QUALITY',
          severity: 'NORMAL',
          description: '  Floor not cleaned.  ',
          complainantName: '王大爷的女儿',
          complainantPhone: '139 0000 0011',
        },
      },
      fx.tokens.hotline,
    );
    expect(recorded).toMatchObject({
      status: 'RECORDED',
      channel: 'HOTLINE',
      description: 'Floor not cleaned.',
      complainantPhone: '13900000011',
      recordedByName: 'hotline',
      recipient: { id: String(fx.recipientA) },
      organisation: { id: String(fx.orgA) },
      township: { id: String(fx.townshipA) },
      order: { id: String(orderId), status: 'COMPLETED', paymentWithheld: false },
      overdue: false,
      escalationLevel: 0,
    });
    expect(hoursGiven(recorded)).toBe(24);
    const id = recorded.id;

    const { assignComplaint: assigned } = await world.ok(
      ASSIGN,
      { id, organisationId: String(fx.orgA), note: 'Please check with the carer.' },
      fx.tokens.hotline,
    );
    expect(assigned).toMatchObject({ status: 'ASSIGNED', assignedOrganisation: { id: String(fx.orgA) }, assignedTownship: null });
    expect(hoursGiven(assigned)).toBe(120);

    const { verifyComplaint: verified } = await world.ok(VERIFY, { id, upheld: true, findings: 'The carer skipped the floor.' }, fx.tokens.dispatcherA);
    expect(verified).toMatchObject({ status: 'VERIFIED', upheld: true, findings: 'The carer skipped the floor.', order: { paymentWithheld: true } });
    expect(hoursGiven(verified)).toBe(48);
    const visit = await world.db.selectFrom('return_visits').selectAll().where('complaint_id', '=', Number(id)).executeTakeFirstOrThrow();
    expect(visit).toMatchObject({
      reason: 'complaint',
      recipient_id: fx.recipientA,
      order_id: orderId,
      organisation_id: fx.orgA,
      due_on: addDays(countyToday(), 3),
      status: 'scheduled',
    });

    const { answerComplaint: answered } = await world.ok(ANSWER, { id, answer: 'Told the daughter; the floor will be redone.' }, fx.tokens.hotline);
    expect(answered).toMatchObject({ status: 'ANSWERED', answer: 'Told the daughter; the floor will be redone.' });
    expect(hoursGiven(answered)).toBe(72);

    const { closeComplaint: closed } = await world.ok(CLOSE, { id, note: 'Done.' }, fx.tokens.admin);
    expect(closed).toMatchObject({ status: 'CLOSED', dueAt: null, overdue: false });
    expect(closed.events).toEqual([
      { action: 'record', fromStatus: null, toStatus: 'RECORDED', actorName: 'hotline', note: 'Floor not cleaned.' },
      { action: 'assign', fromStatus: 'RECORDED', toStatus: 'ASSIGNED', actorName: 'hotline', note: 'Please check with the carer.' },
      { action: 'verify', fromStatus: 'ASSIGNED', toStatus: 'VERIFIED', actorName: 'dispatcherA', note: 'The carer skipped the floor.' },
      { action: 'answer', fromStatus: 'VERIFIED', toStatus: 'ANSWERED', actorName: 'hotline', note: 'Told the daughter; the floor will be redone.' },
      { action: 'close', fromStatus: 'ANSWERED', toStatus: 'CLOSED', actorName: 'admin', note: 'Done.' },
    ]);
    // the order itself is left as it was: only its payment is withheld
    const order = await world.db.selectFrom('orders').select(['status', 'payment_withheld']).where('id', '=', orderId).executeTakeFirstOrThrow();
    expect(order).toEqual({ status: 'completed', payment_withheld: true });
  });

  it('leaves what quality scoring needs queryable: upheld tickets per organisation and month', async () => {
    const { rows } = await sql<{ organisation_id: number; month: string; upheld: number }>`
      select organisation_id, to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, count(*)::int as upheld
        from complaints where upheld group by 1, 2`.execute(world.db);
    expect(rows).toEqual([{ organisation_id: fx.orgA, month: countyToday().slice(0, 7), upheld: 1 }]);
  });

  it("gives a withheld service's price back to the recipient's budget, once, and not before the service is delivered", async () => {
    const verifyUpheld = async (orderId: number) => {
      const { recordComplaint } = await world.ok(RECORD, { input: hotlineInput(fx, { orderId: String(orderId) }) }, fx.tokens.hotline);
      await world.ok(ASSIGN, { id: recordComplaint.id, organisationId: String(fx.orgA) }, fx.tokens.hotline);
      await world.ok(VERIFY, { id: recordComplaint.id, upheld: true, findings: 'Not done as agreed.' }, fx.tokens.dispatcherA);
    };
    const releases = async (orderId: number) =>
      (await world.db.selectFrom('ledger_transfers').select('amount_fen').where('order_id', '=', orderId).where('kind', '=', 'release').execute()).map(
        (t) => t.amount_fen,
      );

    const delivered = await serveOrder(world, fx, { daysAhead: 2, hour: 9 });
    const { amount_fen: amount, budget_year: year } = await world.db
      .selectFrom('orders')
      .select(['amount_fen', 'budget_year'])
      .where('id', '=', delivered)
      .executeTakeFirstOrThrow();
    const before = await heldFen(world, fx.recipientA, year);
    await verifyUpheld(delivered);
    expect(await heldFen(world, fx.recipientA, year)).toBe(before - amount);
    expect(await releases(delivered)).toEqual([amount]);
    // a second upheld ticket about the same service withholds nothing more and releases nothing twice
    await verifyUpheld(delivered);
    expect(await heldFen(world, fx.recipientA, year)).toBe(before - amount);
    expect(await releases(delivered)).toEqual([amount]);

    // before service the hold stays: cancelling the order gives it back, once
    const accepted = await serveOrder(world, fx, { daysAhead: 3, hour: 9, until: 'accepted' });
    await verifyUpheld(accepted);
    expect(await releases(accepted)).toEqual([]);
    await world.ok(
      'mutation($id: ID!) { cancelOrder(orderId: $id, reason: "Complaint upheld: the family cancels.") { status } }',
      { id: String(accepted) },
      fx.tokens.hotline,
    );
    expect(await releases(accepted)).toHaveLength(1);
    await expectLedgerConsistent(world.db);
  });

  it('gives a ticket to a township station, whose staff verify it; not upheld, nothing is withheld or visited', async () => {
    const orderId = await serveOrder(world, fx, { daysAhead: 2, hour: 9 });
    const { recordComplaint } = await world.ok(
      RECORD,
      {
        input: { orderId: String(orderId), category: 'LATENESS', severity: 'URGENT', description: 'Came two hours late.', complainantPhone: '13900000011' },
      },
      fx.tokens.hotline,
    );
    // the hotline need not repeat the recipient's name
    expect(recordComplaint.complainantName).toBe('王大爷');
    expect(hoursGiven(recordComplaint)).toBe(1);
    const id = recordComplaint.id;
    await world.ok(ASSIGN, { id, townshipId: String(fx.townshipA) }, fx.tokens.admin);
    const { verifyComplaint } = await world.ok(VERIFY, { id, upheld: false, findings: 'The road was flooded; the recipient agreed.' }, fx.tokens.townshipA);
    expect(verifyComplaint).toMatchObject({
      status: 'VERIFIED',
      upheld: false,
      assignedTownship: { id: String(fx.townshipA) },
      order: { paymentWithheld: false },
    });
    expect(hoursGiven(verifyComplaint)).toBe(24);
    expect(await world.db.selectFrom('return_visits').select('id').where('complaint_id', '=', Number(id)).execute()).toEqual([]);
  });

  it('takes tickets from a recipient for themselves, a grid worker for a recipient of their villages, and the hotline about an organisation alone', async () => {
    const own = await world.ok(RECORD, { input: { category: 'CARER_CONDUCT', severity: 'HIGH', description: 'The carer was rude.' } }, fx.tokens.recipientA);
    expect(own.recordComplaint).toMatchObject({
      channel: 'MINI_PROGRAM',
      recipient: { id: String(fx.recipientA) },
      township: { id: String(fx.townshipA) },
      complainantName: '王大爷',
      organisation: null,
      order: null,
    });
    const grid = await world.ok(
      RECORD,
      {
        input: {
          recipientId: String(fx.recipientA),
          organisationId: String(fx.orgA),
          category: 'NO_SHOW',
          severity: 'LOW',
          description: 'Nobody came on Tuesday.',
        },
      },
      fx.tokens.gridA,
    );
    expect(grid.recordComplaint).toMatchObject({
      channel: 'GRID_WORKER',
      recipient: { id: String(fx.recipientA) },
      organisation: { id: String(fx.orgA) },
      severity: 'LOW',
    });
    expect(hoursGiven(grid.recordComplaint)).toBe(48);
    const caller = await world.ok(
      RECORD,
      {
        input: {
          organisationId: String(fx.orgB),
          category: 'OTHER',
          severity: 'NORMAL',
          description: 'A neighbour reports a carer smoking indoors.',
          complainantName: '邻居',
          complainantPhone: '0796-1234567',
        },
      },
      fx.tokens.hotline,
    );
    expect(caller.recordComplaint).toMatchObject({ recipient: null, township: null, organisation: { id: String(fx.orgB) }, complainantName: '邻居' });
  });

  it('answers Order.complaints (only the tickets the viewer may see) and Order.paymentWithheld for a page of orders', async () => {
    const [first, second] = [await serveOrder(world, fx, { daysAhead: 3, hour: 9 }), await serveOrder(world, fx, { daysAhead: 4, hour: 9 })];
    const ids: string[] = [];
    for (const orderId of [first, first, second]) {
      const { recordComplaint } = await world.ok(RECORD, { input: hotlineInput(fx, { recipientId: undefined, orderId: String(orderId) }) }, fx.tokens.hotline);
      ids.push(recordComplaint.id);
    }
    const query = `{ orders(first: 100) { edges { node { id paymentWithheld complaints { id } } } } }`;
    const list = async (token: string) => {
      const { orders } = await world.ok(query, {}, token);
      const nodes = (orders.edges as { node: { id: string; paymentWithheld: boolean; complaints: { id: string }[] } }[]).map((e) => e.node);
      return Object.fromEntries(nodes.filter((n) => [String(first), String(second)].includes(n.id)).map((n) => [n.id, n]));
    };
    expect(await list(fx.tokens.recipientA)).toEqual({
      [first]: { id: String(first), paymentWithheld: false, complaints: [{ id: ids[0] }, { id: ids[1] }] },
      [second]: { id: String(second), paymentWithheld: false, complaints: [{ id: ids[2] }] },
    });
    // the carer sees their jobs, not the tickets about them
    const carer = await world.ok(`query($id: ID!) { order(id: $id) { id complaints { id } } }`, { id: String(first) }, fx.tokens.carerA);
    expect(carer.order).toEqual({ id: String(first), complaints: [] });
    const read = await world.ok(COMPLAINT, { id: ids[2] }, fx.tokens.dispatcherA);
    expect(read.complaint).toMatchObject({ id: ids[2], complainantPhone: null, order: { id: String(second) } });
  });
});
