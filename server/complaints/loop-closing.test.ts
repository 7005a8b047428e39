// The loop closes in the apps: each assignee's queue of tickets to verify (soonest deadline
// first, theirs only), the answer with the complainant's satisfaction, reopening within the
// period after the answer (and the refusals around it), and escalations told to the level
// above through the outbox, live on a socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createTestWorld, type GraphQLData, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { setClockForTests, sqlNow } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';
import { escalateOverdue } from './escalation.js';
import { outboxDelivered } from '../testing/outbox.js';
import { ANSWER, ASSIGN, COMPLAINTS, RECORD, VERIFY, expectRefused, hotlineInput, ticketAt } from './test-support.js';

setClockForTests(ORDINARY_MORNING);

let world: TestWorld;
let fx: Fixtures;
let url: string;
const clients: Client[] = [];

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  url = (await world.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await world?.close();
});

const LOOP = `id status satisfied answeredAt reopenableUntil reopenCount dueAt events { action note }`;
const ANSWER_SATISFIED = `mutation($id: ID!, $answer: String!, $satisfied: Boolean) {
  answerComplaint(complaintId: $id, answer: $answer, satisfied: $satisfied) { ${LOOP} } }`;
const REOPEN = `mutation($id: ID!, $reason: String!) { reopenComplaint(complaintId: $id, reason: $reason) { ${LOOP} } }`;
const LOOP_OF = `query($id: ID!) { complaint(id: $id) { ${LOOP} } }`;
const DAY = 86_400_000;

/** A hotline ticket assigned to an organisation or a township station; returns its id. */
async function assigned(to: { organisationId?: string; townshipId?: string }, severity = 'NORMAL'): Promise<string> {
  const { recordComplaint } = await world.ok(RECORD, { input: hotlineInput(fx, { severity }) }, fx.tokens.hotline);
  await world.ok(ASSIGN, { id: recordComplaint.id, ...to }, fx.tokens.hotline);
  return recordComplaint.id;
}

const queue = async (token: string) =>
  (await world.ok(COMPLAINTS, { first: 50, filter: { assignedToMe: true, status: ['ASSIGNED'] } }, token)).complaints.edges.map(
    (e: { node: { id: string; dueAt: string } }) => e.node,
  );

describe("each assignee's queue of tickets to verify", () => {
  it('holds the tickets assigned to their organisation or station, soonest deadline first, and nobody else’s', async () => {
    const normal = await assigned({ organisationId: String(fx.orgA) });
    const urgent = await assigned({ organisationId: String(fx.orgA) }, 'URGENT');
    const otherOrganisation = await assigned({ organisationId: String(fx.orgB) });
    const station = await assigned({ townshipId: String(fx.townshipA) });
    const mine = await queue(fx.tokens.dispatcherA);
    expect(mine.map((t: { id: string }) => t.id)).toEqual([urgent, normal]);
    expect(new Date(mine[0].dueAt).getTime()).toBeLessThan(new Date(mine[1].dueAt).getTime());
    expect((await queue(fx.tokens.dispatcherB)).map((t: { id: string }) => t.id)).toEqual([otherOrganisation]);
    expect((await queue(fx.tokens.townshipA)).map((t: { id: string }) => t.id)).toEqual([station]);
    // the hotline hands tickets on: it has no queue of its own to verify
    expect(await queue(fx.tokens.hotline)).toEqual([]);
    // verified, a ticket leaves the queue
    await world.ok(VERIFY, { id: urgent, upheld: true, findings: '核实属实：服务人员迟到一小时。' }, fx.tokens.dispatcherA);
    expect((await queue(fx.tokens.dispatcherA)).map((t: { id: string }) => t.id)).toEqual([normal]);
  });
});

describe('answering and reopening', () => {
  it('records whether the complainant is satisfied with the answer, and from when it may be reopened', async () => {
    const id = String(await ticketAt(world, fx, 'verified'));
    const { answerComplaint } = await world.ok(ANSWER_SATISFIED, { id, answer: '已电话告知核实结果。', satisfied: true }, fx.tokens.hotline);
    expect(answerComplaint).toMatchObject({ status: 'ANSWERED', satisfied: true });
    // the project's clock: set to the ordinary morning, running on since
    expect(new Date(answerComplaint.answeredAt).getTime() - new Date(ORDINARY_MORNING).getTime()).toBeGreaterThanOrEqual(0);
    expect(new Date(answerComplaint.answeredAt).getTime() - new Date(ORDINARY_MORNING).getTime()).toBeLessThan(10 * 60_000);
    expect(new Date(answerComplaint.reopenableUntil).getTime() - new Date(answerComplaint.answeredAt).getTime()).toBe(world.config.COMPLAINT_REOPEN_DAYS * DAY);
    // not asked (the answer the older clients send): unknown, not "satisfied"
    const other = String(await ticketAt(world, fx, 'verified'));
    expect((await world.ok(ANSWER, { id: other, answer: '已告知。' }, fx.tokens.hotline)).answerComplaint.status).toBe('ANSWERED');
    expect((await world.ok(LOOP_OF, { id: other }, fx.tokens.hotline)).complaint.satisfied).toBeNull();
  });

  it('goes back to its assignee when the complainant reopens it, answered or closed, within the period', async () => {
    for (const status of ['answered', 'closed'] as const) {
      const id = String(await ticketAt(world, fx, status));
      const { reopenComplaint } = await world.ok(REOPEN, { id, reason: '女儿说问题还在，地没有拖干净。' }, fx.tokens.recipientA);
      expect(reopenComplaint).toMatchObject({ status: 'ASSIGNED', satisfied: false, reopenCount: 1, reopenableUntil: null });
      expect(reopenComplaint.dueAt).not.toBeNull();
      expect(reopenComplaint.events.at(-1)).toEqual({ action: 'reopen', note: '女儿说问题还在，地没有拖干净。' });
      expect((await queue(fx.tokens.dispatcherA)).map((t: { id: string }) => t.id)).toContain(id);
      // round the loop again: verified anew, answered anew
      await world.ok(VERIFY, { id, upheld: true, findings: '复查属实，已安排重新服务。' }, fx.tokens.dispatcherA);
      const again = await world.ok(ANSWER_SATISFIED, { id, answer: '已重新上门打扫。', satisfied: true }, fx.tokens.hotline);
      expect(again.answerComplaint).toMatchObject({ status: 'ANSWERED', satisfied: true, reopenCount: 1 });
    }
  });

  it('lets the hotline and the grid worker reopen for the complainant', async () => {
    for (const who of ['hotline', 'gridA'] as const) {
      const id = String(await ticketAt(world, fx, 'answered'));
      expect((await world.ok(REOPEN, { id, reason: '服务对象电话里说不满意。' }, fx.tokens[who])).reopenComplaint.status).toBe('ASSIGNED');
    }
  });

  it('refuses to reopen after the period, before an answer, without a reason, or by anyone else; nothing changes', async () => {
    const id = String(await ticketAt(world, fx, 'closed'));
    const late = await world.db
      .updateTable('complaints')
      .set({ answered_at: sql`${sqlNow()} - make_interval(days => ${world.config.COMPLAINT_REOPEN_DAYS}) - interval '1 minute'` })
      .where('id', '=', Number(id))
      .returning('answered_at')
      .executeTakeFirstOrThrow();
    const refusal = await expectRefused(world, 'CONFLICT', REOPEN, { id, reason: '还是不满意。' }, fx.tokens.recipientA);
    expect(refusal).toMatchObject({ reason: 'REOPEN_PERIOD_OVER', days: world.config.COMPLAINT_REOPEN_DAYS });
    expect(new Date(refusal.reopenableUntil as string).getTime()).toBe(new Date(late.answered_at!).getTime() + world.config.COMPLAINT_REOPEN_DAYS * DAY);
    expect((await world.ok(LOOP_OF, { id }, fx.tokens.hotline)).complaint.reopenableUntil).toBe(refusal.reopenableUntil);

    const open = String(await ticketAt(world, fx, 'verified'));
    await expectRefused(world, 'CONFLICT', REOPEN, { id: open, reason: '还是不满意。' }, fx.tokens.hotline);
    const answered = String(await ticketAt(world, fx, 'answered'));
    await expectRefused(world, 'BAD_USER_INPUT', REOPEN, { id: answered, reason: '   ' }, fx.tokens.hotline);
    for (const who of ['dispatcherA', 'townshipA', 'carerA', 'finance', 'evaluator'] as const) {
      await expectRefused(world, 'FORBIDDEN', REOPEN, { id: answered, reason: '不满意。' }, fx.tokens[who]);
    }
    // another recipient's ticket is out of their scope
    await expectRefused(world, 'FORBIDDEN', REOPEN, { id: answered, reason: '不满意。' }, fx.tokens.recipientB);
  });
});

function client(token: string): Client {
  const c = createClient({
    url: `${url}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
  });
  clients.push(c);
  return c;
}

/** Collects a subscription's events until stopped, or its first error. */
function collect(c: Client, query: string) {
  const events: GraphQLData[] = [];
  const iterator = c.iterate({ query });
  const done = (async () => {
    try {
      for await (const e of iterator) {
        if (e.errors) return e.errors;
        events.push(e.data!);
      }
    } catch (err) {
      return err;
    }
    return null;
  })();
  return { events, done, stop: () => iterator.return?.() };
}

const ESCALATED = `subscription { complaintEscalated { id escalationLevel township { id } } }`;
const waitFor = async (ready: () => boolean) => {
  for (let i = 0; i < 100 && !ready(); i++) await new Promise((r) => setTimeout(r, 50));
};

describe('escalations tell the level above', () => {
  it('tells the township when an organisation is late to verify, then the county (admins and the hotline) when it is later still', async () => {
    const township = collect(client(fx.tokens.townshipA), ESCALATED);
    const otherTownship = collect(client(fx.tokens.townshipB), ESCALATED);
    const county = collect(client(fx.tokens.admin), ESCALATED);
    const hotline = collect(client(fx.tokens.hotline), ESCALATED);
    // subscriptions are registered once the first message round-trips: give the sockets a moment
    await new Promise((r) => setTimeout(r, 300));
    const id = await assigned({ organisationId: String(fx.orgA) });
    const late = () => sql`update complaints set due_at = ${sqlNow()} - interval '1 minute' where id = ${Number(id)}`.execute(world.db);

    await late();
    expect((await escalateOverdue(world.db)).map((c) => c.id)).toEqual([Number(id)]);
    await outboxDelivered(world.db);
    await waitFor(() => township.events.length > 0);
    expect(township.events).toEqual([{ complaintEscalated: { id, escalationLevel: 1, township: { id: String(fx.townshipA) } } }]);

    await late();
    await escalateOverdue(world.db);
    await outboxDelivered(world.db);
    await waitFor(() => county.events.length > 0 && hotline.events.length > 0);
    expect(county.events).toEqual([{ complaintEscalated: { id, escalationLevel: 2, township: { id: String(fx.townshipA) } } }]);
    expect(hotline.events).toEqual(county.events);
    // the township heard of the first only; another township of neither
    expect(township.events).toHaveLength(1);
    expect(otherTownship.events).toEqual([]);
    const notices = await world.db
      .selectFrom('outbox')
      .select(['target', 'payload'])
      .where('kind', '=', 'notice')
      .where('target', 'like', 'complaints/%')
      .orderBy('id')
      .execute();
    expect(notices.map((n) => n.target)).toEqual([`complaints/township/${fx.townshipA}`, 'complaints/county']);
    for (const s of [township, otherTownship, county, hotline]) await s.stop();
  });

  it('is refused to roles that are no level above anyone', async () => {
    for (const who of ['dispatcherA', 'carerA', 'recipientA', 'gridA', 'finance'] as const) {
      const s = collect(client(fx.tokens[who]), ESCALATED);
      const errors = (await s.done) as { extensions?: { code?: string } }[] | null;
      expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});
