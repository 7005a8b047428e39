// The services waiting for a grid worker to confirm on a recipient's behalf: every completed
// one of their villages' recipients, however many (more than any page holds), longest waiting
// first, none of other villages and none already confirmed or disputed; only grid workers ask;
// one confirmed leaves the list; the partial index reads them in that order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { TestWorld } from '../testing/harness.js';
import type { Fixtures } from '../testing/fixtures.js';
import { nowMs, setClockForTests } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';
import type { Viewer } from '../auth/roles.js';
import { serveOrder, nextWindow } from '../visits/test-support.js';
import { orderingWorld } from './test-support.js';
import { pendingConfirmationsQuery } from './order-queries.js';

setClockForTests(ORDINARY_MORNING);

const PENDING = '{ pendingConfirmations { id status statusChangedAt recipient { id } } }';
/** More than the largest page any list gives (MAX_PAGE_SIZE, 100). */
const MANY = 130;

let world: TestWorld;
let fx: Fixtures;
/** The ids of recipient A's completed services, longest waiting first. */
let expected: string[];
beforeAll(async () => {
  ({ world, fx } = await orderingWorld());
  // one service served through the lifecycle, then copies of it completed at shuffled moments
  // of the last days (the list is read, not served: the copies need no visits or holds)
  const served = await serveOrder(world, fx, { window: nextWindow() });
  const { id: _id, ...order } = await world.db.selectFrom('orders').selectAll().where('id', '=', served).executeTakeFirstOrThrow();
  const completedAt = (i: number) => new Date(nowMs() - (((i * 37) % MANY) + 1) * 600_000);
  const copy = (i: number, over: Partial<typeof order>) => ({
    ...order,
    idempotency_key: null,
    request_digest: null,
    status_changed_at: completedAt(i),
    ...over,
  });
  await world.db
    .insertInto('orders')
    .values(Array.from({ length: MANY }, (_, i) => copy(i, {})))
    .execute();
  // not for this grid worker: another village's recipient, and services already confirmed or disputed
  await world.db
    .insertInto('orders')
    .values([
      copy(0, { recipient_id: fx.recipientB, village_id: fx.villageB1, status_changed_at: new Date(nowMs() - 86_400_000 * 2) }),
      copy(1, { status: 'confirmed', status_changed_at: new Date(nowMs() - 86_400_000 * 2) }),
      copy(2, { status: 'disputed', status_changed_at: new Date(nowMs() - 86_400_000 * 2) }),
    ])
    .execute();
  const rows = await world.db
    .selectFrom('orders')
    .select('id')
    .where('recipient_id', '=', fx.recipientA)
    .where('status', '=', 'completed')
    .orderBy('status_changed_at')
    .orderBy('id')
    .execute();
  expected = rows.map((r) => String(r.id));
});
afterAll(() => world?.close());

describe('services waiting for the grid worker to confirm', () => {
  it('are all there, longest waiting first, of their villages only', async () => {
    const { pendingConfirmations } = await world.ok(PENDING, {}, fx.tokens.gridA);
    expect(expected).toHaveLength(MANY + 1);
    expect(pendingConfirmations.map((o: { id: string }) => o.id)).toEqual(expected);
    expect(new Set(pendingConfirmations.map((o: { status: string; recipient: { id: string } }) => `${o.status} ${o.recipient.id}`))).toEqual(
      new Set([`COMPLETED ${fx.recipientA}`]),
    );
    const times = pendingConfirmations.map((o: { statusChangedAt: string }) => Date.parse(o.statusChangedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('lose one once the grid worker confirmed it', async () => {
    const [oldest, next] = expected;
    await world.ok('mutation($id: ID!) { confirmService(orderId: $id) { status } }', { id: oldest }, fx.tokens.gridA);
    const { pendingConfirmations } = await world.ok(PENDING, {}, fx.tokens.gridA);
    expect(pendingConfirmations).toHaveLength(MANY);
    expect(pendingConfirmations[0].id).toBe(next);
  });

  it('are asked for by grid workers only', async () => {
    for (const token of [fx.tokens.recipientA, fx.tokens.carerA, fx.tokens.dispatcherA, fx.tokens.townshipA, fx.tokens.hotline, fx.tokens.admin]) {
      expect(await world.errorCode(PENDING, {}, token)).toBe('FORBIDDEN');
    }
    expect(await world.errorCode(PENDING)).toBe('UNAUTHENTICATED');
  });

  it('are read in their order from the partial index of completed orders, with no sort', async () => {
    const grid: Viewer = {
      userId: 0,
      sessionId: 0,
      sessionExpiresAt: new Date(8.64e15),
      role: 'grid_worker',
      recipientId: null,
      organisationId: null,
      carerId: null,
      townshipId: fx.townshipA,
      villageIds: [fx.villageA1],
    };
    const plan = await world.db.transaction().execute(async (trx) => {
      // the test county is small enough for a scan of the table: ask what the plan is when it is not
      await sql`set local enable_seqscan = off`.execute(trx);
      return JSON.stringify(await pendingConfirmationsQuery(trx, grid).explain('json'));
    });
    expect(plan).toContain('"Index Name":"orders_completed_idx"');
    expect(plan).not.toContain('"Node Type":"Sort"');
  });
});
