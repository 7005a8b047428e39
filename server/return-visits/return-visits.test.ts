import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { addRecipients, seedFixtures, type Fixtures, type FixtureUser } from '../testing/fixtures.js';
import { prepareOrdering } from '../orders/test-support.js';
import { serveOrder } from '../visits/test-support.js';
import { addDays, countyToday } from '../platform/county-time.js';
import { quarterOf, scheduleByPolicy } from './policy.js';
import { scheduleReturnVisit } from './schedule.js';
import { addGridWorker, allReturnVisits, MISSED, RECORD, RETURN_VISITS } from './test-support.js';
import { nowMs, setClockForTests } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';

// Mid-quarter: this quarter's visits fall due after the ones the tests schedule for the next days.
setClockForTests(ORDINARY_MORNING);

let world: TestWorld;
let fx: Fixtures;
let gridB: { id: number; token: string };
let recipientC: number; // village A2: township A, but not grid worker A's village
let visit: Record<'quarterA' | 'sampleA' | 'complaintA' | 'quarterB' | 'quarterC', number>;
let orderA: number;
let complaintA: number;

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  gridB = await addGridWorker(world, 'grid.b', fx.townshipB, [fx.villageB1]);
  [recipientC] = await addRecipients(world, 1, { villageId: fx.villageA2, townshipId: fx.townshipA });
  orderA = await serveOrder(world, fx, { until: 'confirmed', daysAhead: 1, hour: 9 });
  await scheduleByPolicy(world.db, { samplePercent: 0 });
  const gridA = (await world.db.selectFrom('users').select('id').where('username', '=', 'grida').executeTakeFirstOrThrow()).id;
  complaintA = (
    await world.db
      .insertInto('complaints')
      .values({
        recipient_id: fx.recipientA,
        order_id: orderA,
        organisation_id: fx.orgA,
        category: 'lateness',
        severity: 'normal',
        description: '迟到半小时',
        channel: 'hotline',
        recorded_by: gridA,
        due_at: new Date(nowMs() + 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const today = countyToday();
  const sampleA = await scheduleReturnVisit(world.db, { recipientId: fx.recipientA, reason: 'service_sample', orderId: orderA, dueOn: addDays(today, 2) });
  const complaintVisit = await scheduleReturnVisit(world.db, {
    recipientId: fx.recipientA,
    reason: 'complaint',
    complaintId: complaintA,
    orderId: orderA,
    dueOn: addDays(today, 1),
  });
  const quarterly = await world.db.selectFrom('return_visits').select(['id', 'recipient_id']).where('reason', '=', 'quarterly').execute();
  const of = (r: number) => quarterly.find((v) => v.recipient_id === r)!.id;
  visit = { quarterA: of(fx.recipientA), sampleA: sampleA!, complaintA: complaintVisit!, quarterB: of(fx.recipientB), quarterC: of(recipientC) };
});
afterAll(() => world?.close());

type Key = keyof typeof visit;
const ids = (...keys: Key[]) => keys.map((k) => String(visit[k])).sort();

async function listed(token: string, filter?: Record<string, unknown>): Promise<string[]> {
  const { returnVisits } = await world.ok(RETURN_VISITS, { first: 100, filter }, token);
  expect(returnVisits.totalCount).toBe(returnVisits.edges.length);
  return returnVisits.edges.map((e: { node: { id: string } }) => e.node.id).sort();
}

describe('who sees which return visits', () => {
  const expected: [FixtureUser | 'gridB', Key[]][] = [
    ['admin', ['quarterA', 'sampleA', 'complaintA', 'quarterB', 'quarterC']],
    ['evaluator', ['quarterA', 'sampleA', 'complaintA', 'quarterB', 'quarterC']],
    ['townshipA', ['quarterA', 'sampleA', 'complaintA', 'quarterC']],
    ['townshipB', ['quarterB']],
    ['gridA', ['quarterA', 'sampleA', 'complaintA']],
    ['gridB', ['quarterB']],
  ];
  it.each(expected)('%s sees exactly %j', async (who, keys) => {
    expect(await listed(who === 'gridB' ? gridB.token : fx.tokens[who])).toEqual(ids(...keys));
  });

  it('refuses every other role, and anyone not signed in', async () => {
    for (const who of ['dispatcherA', 'carerA', 'recipientA', 'hotline', 'finance'] as const) {
      expect(await world.errorCode(RETURN_VISITS, {}, fx.tokens[who]), who).toBe('FORBIDDEN');
    }
    expect(await world.errorCode(RETURN_VISITS)).toBe('UNAUTHENTICATED');
  });

  it('reads one visit by id within the same scope: one out of scope looks like none', async () => {
    const ONE = 'query($id: ID!) { returnVisit(id: $id) { id reason status recipient { id } } }';
    const mine = await world.ok(ONE, { id: String(visit.sampleA) }, fx.tokens.gridA);
    expect(mine.returnVisit).toEqual({ id: String(visit.sampleA), reason: 'SERVICE_SAMPLE', status: 'SCHEDULED', recipient: { id: String(fx.recipientA) } });
    expect((await world.ok(ONE, { id: String(visit.quarterB) }, fx.tokens.gridA)).returnVisit).toBeNull();
    expect((await world.ok(ONE, { id: '999999' }, fx.tokens.gridA)).returnVisit).toBeNull();
    expect((await world.ok(ONE, { id: String(visit.quarterB) }, gridB.token)).returnVisit).toMatchObject({ id: String(visit.quarterB) });
    expect(await world.errorCode(ONE, { id: String(visit.quarterA) }, fx.tokens.recipientA)).toBe('FORBIDDEN');
    expect(await world.errorCode(ONE, { id: String(visit.quarterA) })).toBe('UNAUTHENTICATED');
  });

  it('filters by status, village, reason, due date and assignment', async () => {
    expect(await listed(fx.tokens.admin, { reason: 'SERVICE_SAMPLE' })).toEqual(ids('sampleA'));
    expect(await listed(fx.tokens.admin, { villageId: String(fx.villageA2) })).toEqual(ids('quarterC'));
    expect(await listed(fx.tokens.admin, { status: ['DONE', 'MISSED'] })).toEqual([]);
    expect(await listed(fx.tokens.admin, { dueBefore: addDays(countyToday(), 2) })).toEqual(ids('complaintA'));
    expect(await listed(fx.tokens.gridA, { mine: true })).toEqual(ids('quarterA', 'sampleA', 'complaintA'));
    // nobody covers village A2, so its visit is nobody's yet
    expect(await listed(fx.tokens.admin, { mine: true })).toEqual([]);
    expect(await world.errorCode(RETURN_VISITS, { filter: { dueBefore: '2026-02-30' } }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
  });

  it('lists soonest due first, page by page', async () => {
    const all = (await world.ok(RETURN_VISITS, { first: 100 }, fx.tokens.admin)).returnVisits.edges.map((e: { node: { id: string; dueOn: string } }) => e.node);
    const dues = all.map((v: { dueOn: string }) => v.dueOn);
    expect(dues).toEqual([...dues].sort());
    expect(all[0].id).toBe(String(visit.complaintA));
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const {
        returnVisits,
      }: { returnVisits: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string } }[] } } = await world.ok(
        RETURN_VISITS,
        { first: 2, after },
        fx.tokens.admin,
      );
      expect(returnVisits.totalCount).toBe(5);
      paged.push(...returnVisits.edges.map((e) => e.node.id));
      if (!returnVisits.pageInfo.hasNextPage) break;
      after = returnVisits.pageInfo.endCursor;
    }
    expect(paged).toEqual(all.map((v: { id: string }) => v.id));
    expect(await world.errorCode(RETURN_VISITS, { after: 'bm90LWEta2V5' }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
  });

  it('resolves what a visit points at without asking per visit', async () => {
    const { returnVisits } = await world.ok(
      `{ returnVisits(first: 10, filter: { villageId: "${fx.villageA1}" }) { edges { node {
      id reason period recipient { id } village { id name } order { id } organisation { id } complaint { id }
      assignedToName doneByName answers satisfaction doneAt comment } } } }`,
      {},
      fx.tokens.gridA,
    );
    const byId = new Map(returnVisits.edges.map((e: { node: { id: string } }) => [e.node.id, e.node]));
    expect(byId.get(String(visit.quarterA))).toMatchObject({
      reason: 'QUARTERLY',
      period: quarterOf(countyToday()).period,
      recipient: { id: String(fx.recipientA) },
      village: { id: String(fx.villageA1) },
      order: null,
      organisation: { id: String(fx.orgA) },
      complaint: null,
      assignedToName: 'gridA',
      doneByName: null,
      answers: null,
      satisfaction: null,
      doneAt: null,
      comment: '',
    });
    expect(byId.get(String(visit.sampleA))).toMatchObject({
      reason: 'SERVICE_SAMPLE',
      period: null,
      order: { id: String(orderA) },
      organisation: { id: String(fx.orgA) },
    });
    expect(byId.get(String(visit.complaintA))).toMatchObject({ reason: 'COMPLAINT', complaint: { id: String(complaintA) } });
  });
});

describe('the questionnaire', () => {
  it('has five questions, 1 to 5, in Chinese and English', async () => {
    const { returnVisitQuestionnaire: q } = await world.ok('{ returnVisitQuestionnaire { number textZh textEn } }', {}, fx.tokens.gridA);
    expect(q.map((x: { number: number }) => x.number)).toEqual([1, 2, 3, 4, 5]);
    expect(q[0].textZh).toContain('准时');
    expect(q.every((x: { textZh: string; textEn: string }) => x.textZh && x.textEn)).toBe(true);
    expect(await world.errorCode('{ returnVisitQuestionnaire { number } }')).toBe('UNAUTHENTICATED');
  });
});

describe('doing a return visit', () => {
  const answers = [4, 4, 3, 4, 4];
  async function refused(token: string, query: string, variables: Record<string, unknown>, code: string) {
    const before = await allReturnVisits(world);
    expect(await world.errorCode(query, variables, token)).toBe(code);
    expect(await allReturnVisits(world)).toEqual(before);
  }

  it('refuses answers that do not fit the questionnaire, changing nothing', async () => {
    const id = String(visit.quarterA);
    for (const wrong of [[4, 4, 4], [4, 4, 4, 4, 4, 4], [], [0, 4, 4, 4, 4], [4, 4, 4, 4, 6]]) {
      await refused(fx.tokens.gridA, RECORD, { id, answers: wrong }, 'BAD_USER_INPUT');
    }
    await refused(fx.tokens.gridA, RECORD, { id, answers, comment: '长'.repeat(2001) }, 'BAD_USER_INPUT');
    await refused(fx.tokens.gridA, RECORD, { id: 'abc', answers }, 'BAD_USER_INPUT');
  });

  it('refuses anyone but a grid worker of the visit’s village, changing nothing', async () => {
    await refused(gridB.token, RECORD, { id: String(visit.quarterA), answers }, 'FORBIDDEN');
    await refused(gridB.token, MISSED, { id: String(visit.quarterA), reason: '家中无人' }, 'FORBIDDEN');
    // the same township is not enough: village A2 is not grid worker A's
    await refused(fx.tokens.gridA, RECORD, { id: String(visit.quarterC), answers }, 'FORBIDDEN');
    for (const who of ['townshipA', 'admin', 'evaluator', 'recipientA'] as const) {
      await refused(fx.tokens[who], RECORD, { id: String(visit.quarterA), answers }, 'FORBIDDEN');
    }
    await refused(fx.tokens.gridA, RECORD, { id: '999999', answers }, 'NOT_FOUND');
  });

  it('records the answers: done, with the mean as satisfaction, once', async () => {
    const { recordReturnVisit: done } = await world.ok(RECORD, { id: String(visit.quarterA), answers, comment: '  服务很好 ' }, fx.tokens.gridA);
    expect(done).toMatchObject({ status: 'DONE', answers, comment: '服务很好', satisfaction: 3.8, doneByName: 'gridA' });
    expect(Date.parse(done.doneAt)).not.toBeNaN();
    const row = await world.db.selectFrom('return_visits').selectAll().where('id', '=', visit.quarterA).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'done', satisfaction: '3.80', organisation_id: fx.orgA });
    await refused(fx.tokens.gridA, RECORD, { id: String(visit.quarterA), answers: [5, 5, 5, 5, 5] }, 'CONFLICT');
    await refused(fx.tokens.gridA, MISSED, { id: String(visit.quarterA), reason: '家中无人' }, 'CONFLICT');
    expect(await listed(fx.tokens.gridA, { status: ['DONE'] })).toEqual(ids('quarterA'));
  });

  it('needs no comment', async () => {
    const { recordReturnVisit: done } = await world.ok(RECORD, { id: String(visit.complaintA), answers: [1, 2, 2, 2, 2] }, fx.tokens.gridA);
    expect(done).toMatchObject({ satisfaction: 1.8, comment: '' });
  });

  it('marks a visit missed only with a reason, kept as its comment, once', async () => {
    const id = String(visit.sampleA);
    await refused(fx.tokens.gridA, MISSED, { id, reason: '   ' }, 'BAD_USER_INPUT');
    const { markReturnVisitMissed: missed } = await world.ok(MISSED, { id, reason: '家中无人，电话未接' }, fx.tokens.gridA);
    expect(missed).toEqual({ id, status: 'MISSED', comment: '家中无人，电话未接', doneByName: 'gridA' });
    const row = await world.db.selectFrom('return_visits').select(['answers', 'satisfaction']).where('id', '=', visit.sampleA).executeTakeFirstOrThrow();
    expect(row).toEqual({ answers: null, satisfaction: null });
    await refused(fx.tokens.gridA, MISSED, { id, reason: '再试' }, 'CONFLICT');
    await refused(fx.tokens.gridA, RECORD, { id, answers }, 'CONFLICT');
  });
});
