import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures, type FixtureUser } from '../testing/fixtures.js';
import { ASSIGN, COMPLAINT, COMPLAINTS, RECORD, hotlineInput, ticketAt } from './test-support.js';
import { nowMs } from '../platform/clock.js';

let world: TestWorld;
let fx: Fixtures;
// t1: about recipient A and org A; t2: recipient B and org B (urgent); t3: recipient A, assigned to org B;
// t4: a caller about org A, assigned to township B's station (low); t5: recipient A, assigned to org A, closed
const t: Record<'t1' | 't2' | 't3' | 't4' | 't5', string> = { t1: '', t2: '', t3: '', t4: '', t5: '' };

async function record(input: Record<string, unknown>): Promise<string> {
  return (await world.ok(RECORD, { input: hotlineInput(fx, input) }, fx.tokens.hotline)).recordComplaint.id;
}

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  t.t1 = await record({ organisationId: String(fx.orgA) });
  t.t2 = await record({ recipientId: String(fx.recipientB), organisationId: String(fx.orgB), severity: 'URGENT' });
  t.t3 = await record({});
  await world.ok(ASSIGN, { id: t.t3, organisationId: String(fx.orgB) }, fx.tokens.hotline);
  t.t4 = await record({ recipientId: undefined, organisationId: String(fx.orgA), severity: 'LOW', complainantName: '邻居' });
  await world.ok(ASSIGN, { id: t.t4, townshipId: String(fx.townshipB) }, fx.tokens.hotline);
  t.t5 = String(await ticketAt(world, fx, 'closed'));
});
afterAll(async () => {
  await world?.close();
});

type Page = {
  edges: { cursor: string; node: { id: string; overdue: boolean } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
};
async function ids(token: string, filter?: Record<string, unknown>): Promise<string[]> {
  const { complaints } = await world.ok<{ complaints: Page }>(COMPLAINTS, { first: 100, filter }, token);
  expect(complaints.totalCount).toBe(complaints.edges.length);
  return complaints.edges.map((e) => e.node.id).sort((a, b) => Number(a) - Number(b));
}

describe('who sees which tickets', () => {
  it('shows each role the tickets of its scope', async () => {
    const all = Object.values(t);
    const expected: Partial<Record<FixtureUser, string[]>> = {
      hotline: all,
      admin: all,
      evaluator: all,
      recipientA: [t.t1, t.t3, t.t5],
      recipientB: [t.t2],
      gridA: [t.t1, t.t3, t.t5],
      dispatcherA: [t.t1, t.t4, t.t5],
      dispatcherB: [t.t2, t.t3],
      townshipA: [t.t1, t.t3, t.t5],
      townshipB: [t.t2, t.t4],
    };
    for (const [user, seen] of Object.entries(expected)) {
      expect({ user, seen: await ids(fx.tokens[user as FixtureUser]) }).toEqual({ user, seen });
    }
  });

  it("refuses a ticket outside the reader's scope, and says so for one that does not exist", async () => {
    expect(await world.errorCode(COMPLAINT, { id: t.t1 }, fx.tokens.recipientB)).toBe('FORBIDDEN');
    expect(await world.errorCode(COMPLAINT, { id: t.t2 }, fx.tokens.dispatcherA)).toBe('FORBIDDEN');
    expect(await world.errorCode(COMPLAINT, { id: t.t4 }, fx.tokens.townshipA)).toBe('FORBIDDEN');
    expect(await world.errorCode(COMPLAINT, { id: '999999' }, fx.tokens.admin)).toBe('NOT_FOUND');
    const { complaint } = await world.ok(COMPLAINT, { id: t.t4 }, fx.tokens.townshipB);
    expect(complaint).toMatchObject({ id: t.t4, assignedTownship: { id: String(fx.townshipB) } });
  });
});

describe('the worklist', () => {
  it('lists the soonest deadline first and closed tickets last, page by page', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { complaints }: { complaints: Page } = await world.ok(COMPLAINTS, { first: 2, after }, fx.tokens.hotline);
      expect(complaints.totalCount).toBe(5);
      seen.push(...complaints.edges.map((e) => e.node.id));
      if (!complaints.pageInfo.hasNextPage) break;
      after = complaints.pageInfo.endCursor;
    }
    // urgent (1 h to assign), normal (24 h to assign), normal (120 h to verify), low (240 h to verify), closed
    expect(seen).toEqual([t.t2, t.t1, t.t3, t.t4, t.t5]);
  });

  it('filters by status, overdue, escalated, organisation and recipient', async () => {
    await world.db
      .updateTable('complaints')
      .set({ due_at: new Date(nowMs() - 60_000) })
      .where('id', '=', Number(t.t1))
      .execute();
    await world.db.updateTable('complaints').set({ escalation_level: 1 }).where('id', '=', Number(t.t4)).execute();
    expect(await ids(fx.tokens.admin, { status: ['ASSIGNED'] })).toEqual([t.t3, t.t4]);
    expect(await ids(fx.tokens.admin, { status: ['RECORDED', 'CLOSED'] })).toEqual([t.t1, t.t2, t.t5]);
    expect(await ids(fx.tokens.admin, { overdue: true })).toEqual([t.t1]);
    expect(await ids(fx.tokens.admin, { overdue: false })).toEqual([t.t2, t.t3, t.t4, t.t5]);
    expect(await ids(fx.tokens.admin, { escalated: true })).toEqual([t.t4]);
    expect(await ids(fx.tokens.admin, { escalated: false })).toEqual([t.t1, t.t2, t.t3, t.t5]);
    // about the organisation or assigned to it
    expect(await ids(fx.tokens.admin, { organisationId: String(fx.orgB) })).toEqual([t.t2, t.t3]);
    expect(await ids(fx.tokens.admin, { recipientId: String(fx.recipientA) })).toEqual([t.t1, t.t3, t.t5]);
    // filters narrow the reader's scope, never widen it
    expect(await ids(fx.tokens.dispatcherA, { recipientId: String(fx.recipientA), status: ['RECORDED'] })).toEqual([t.t1]);
    const { complaint } = await world.ok(COMPLAINT, { id: t.t1 }, fx.tokens.admin);
    expect(complaint.overdue).toBe(true);
    const { complaints } = await world.ok<{ complaints: Page }>(COMPLAINTS, { first: 1 }, fx.tokens.admin);
    expect(complaints.edges[0].node.id).toBe(t.t1);
  });
});
