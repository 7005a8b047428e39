import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { addDays, countyToday } from '../platform/county-time.js';
import { PLACE_ORDER, ORDER, itemId, prepareOrdering, windowAt } from '../orders/test-support.js';
import { matchOrder } from './match-order.js';
import { rankCandidates, weighCandidate } from './ranking.js';
import { matchReasonsOf, problemOf } from './match-reasons.js';

let world: TestWorld;
let fx: Fixtures;
let day = 0;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
});
afterAll(() => world?.close());
// each test starts with no active carer in organisation A and its own day, so tests do not
// see each other's carers or bookings
beforeEach(async () => {
  await world.db.updateTable('carers').set({ active: false }).where('organisation_id', '=', fx.orgA).execute();
  day += 1;
});

interface CarerSpec {
  village: number;
  qualification?: { kind: 'nursing'; expiresOn: string };
  hours?: [string, string];
}
async function addCarer(spec: CarerSpec): Promise<number> {
  const { id } = await world.db
    .insertInto('carers')
    .values({
      organisation_id: fx.orgA,
      name: `carer-${Math.random().toString(36).slice(2, 7)}`,
      home_village_id: spec.village,
      ...(spec.qualification ? { kind: 'professional' } : { kind: 'assisted_employment', hardship_category: 'dibao' }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const [start, end] = spec.hours ?? ['06:00', '22:00'];
  await world.db
    .insertInto('carer_working_hours')
    .values([1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ carer_id: id, weekday, starts_at: start, ends_at: end })))
    .execute();
  if (spec.qualification) {
    await world.db
      .insertInto('carer_qualifications')
      .values({
        carer_id: id,
        kind: spec.qualification.kind,
        certificate_number: `C-${id}`,
        issued_on: '2020-01-01',
        expires_on: spec.qualification.expiresOn,
      })
      .execute();
  }
  return id;
}

async function order(code: string, hour = 9, minutes = 60, minute = 0) {
  const { placeOrder } = await world.ok(
    PLACE_ORDER,
    { input: { serviceItemId: String(await itemId(world, code)), ...windowAt(day, hour, minutes, minute) } },
    fx.tokens.recipientA,
  );
  return Number(placeOrder.id);
}
async function matchedCarer(orderId: number): Promise<number | null> {
  await matchOrder(world.db, orderId);
  return (await world.db.selectFrom('orders').select('carer_id').where('id', '=', orderId).executeTakeFirstOrThrow()).carer_id;
}
const nextYear = addDays(countyToday(), 400);

describe('matching an order', () => {
  it('gives it to the organisation whose contract covers the township and category, then to a carer, recording why', async () => {
    const carer = await addCarer({ village: fx.villageA1 });
    const id = await order('bathing');
    const outcome = await matchOrder(world.db, id);
    expect(outcome.result).toBe('dispatched');
    expect(outcome.changes.map((c) => c.after.status)).toEqual(['assigned', 'dispatched']);
    const { order: o } = await world.ok(ORDER, { id: String(id) }, fx.tokens.dispatcherA);
    expect(o).toMatchObject({ status: 'DISPATCHED', carer: { id: String(carer) }, organisation: { id: String(fx.orgA) }, matchProblem: null });
    expect(o.matchReasons).toMatchObject({ decidedBy: 'MATCHING', byMatching: true, candidates: 1, note: null });
    expect(o.matchReasons.factors.map((f: { reason: string }) => f.reason)).toEqual(['NOT_PAIRED', 'SAME_VILLAGE', 'WEEK_JOBS']);
    expect(o.matchReasons.factors.map((f: { name: string }) => f.name)).toEqual(['paired', 'proximity', 'load']);
    expect(o.events.map((e: { action: string }) => e.action)).toEqual(['place', 'take', 'dispatch']);
    expect(o.events[1].channel).toBe('system');
  });

  it('is safe to run twice: a matched order is left alone', async () => {
    await addCarer({ village: fx.villageA1 });
    const id = await order('bathing');
    await matchOrder(world.db, id);
    const again = await matchOrder(world.db, id);
    expect(again).toEqual({ result: 'nothing_to_do', changes: [] });
  });

  it('needs a valid, unexpired qualification for a professional item', async () => {
    await addCarer({ village: fx.villageA1 }); // no qualification, nearest
    await addCarer({ village: fx.villageA1, qualification: { kind: 'nursing', expiresOn: addDays(countyToday(), -1) } });
    const valid = await addCarer({ village: fx.villageA2, qualification: { kind: 'nursing', expiresOn: nextYear } });
    expect(await matchedCarer(await order('home_nursing'))).toBe(valid);
  });

  it('skips a carer whose job overlaps the window, and one not working then', async () => {
    const busy = await addCarer({ village: fx.villageA1 });
    const mornings = await addCarer({ village: fx.villageA1, hours: ['06:00', '12:00'] });
    const free = await addCarer({ village: fx.villageA2 });
    // busy gets the 9:00 job (lower id wins the tie with mornings); a 9:30 job must go elsewhere
    expect(await matchedCarer(await order('bathing', 9))).toBe(busy);
    expect(await matchedCarer(await order('laundry', 9, 60, 30))).toBe(mornings);
    // 9:15 to 9:45 overlaps both jobs: only the carer in the other village is free
    expect(await matchedCarer(await order('haircut', 9, 30, 15))).toBe(free);
    // in the afternoon mornings is free but not working: not even a candidate
    const afternoon = await order('companionship', 14);
    await matchOrder(world.db, afternoon);
    const { carerCandidates } = await world.ok(
      'query($id: ID!) { carerCandidates(orderId: $id) { carer { id } total factors { name } } }',
      { id: String(afternoon) },
      fx.tokens.dispatcherA,
    );
    expect(carerCandidates.map((c: { carer: { id: string } }) => Number(c.carer.id)).sort()).toEqual([busy, free].sort());
  });

  it("prefers the recipient's paired carer, even over a nearer one", async () => {
    await addCarer({ village: fx.villageA1 });
    const paired = await addCarer({ village: fx.villageB1 });
    await world.db.insertInto('carer_pairings').values({ carer_id: paired, recipient_id: fx.recipientA, started_on: countyToday() }).execute();
    expect(await matchedCarer(await order('bathing'))).toBe(paired);
  });

  it('prefers the same village, then the same township, then the nearest', async () => {
    const far = await addCarer({ village: fx.villageB1 });
    const township = await addCarer({ village: fx.villageA2 });
    const village = await addCarer({ village: fx.villageA1 });
    expect(await matchedCarer(await order('bathing', 8))).toBe(village);
    expect(await matchedCarer(await order('laundry', 8))).toBe(township);
    expect(await matchedCarer(await order('haircut', 8, 30))).toBe(far);
  });

  it('balances load: of two equal carers, the one with fewer jobs that week', async () => {
    const first = await addCarer({ village: fx.villageA1 });
    const second = await addCarer({ village: fx.villageA1 });
    expect(await matchedCarer(await order('bathing', 8))).toBe(first);
    expect(await matchedCarer(await order('laundry', 10))).toBe(second);
  });

  it('flags the order for the dispatcher, with the reason, when no carer fits', async () => {
    await addCarer({ village: fx.villageA1 });
    const id = await order('psychological_counselling');
    const outcome = await matchOrder(world.db, id);
    expect(outcome.result).toBe('no_carer');
    const { dispatchBoard } = await world.ok('{ dispatchBoard { id status matchProblem matchProblemReason { reason carers } } }', {}, fx.tokens.dispatcherA);
    expect(dispatchBoard[0]).toMatchObject({ id: String(id), status: 'ASSIGNED', matchProblemReason: { reason: 'NO_QUALIFIED_CARER', carers: null } });
    expect(dispatchBoard[0].matchProblem).toMatch(/qualification/);
    const flagged = await world.ok('query { orders(filter: { flagged: true }) { edges { node { id } } } }', {}, fx.tokens.dispatcherA);
    expect(flagged.orders.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(String(id));
  });

  it('flags an order no contracted organisation covers, and leaves it placed', async () => {
    await world.db
      .updateTable('contracts')
      .set({ ends_on: addDays(countyToday(), -1) })
      .where('organisation_id', '=', fx.orgA)
      .execute();
    try {
      const id = await order('bathing');
      expect((await matchOrder(world.db, id)).result).toBe('no_organisation');
      const row = await world.db.selectFrom('orders').select(['status', 'match_problem', 'organisation_id']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'placed', organisation_id: null });
      expect(row.match_problem).toMatch(/No contracted organisation/);
    } finally {
      await world.db.updateTable('contracts').set({ ends_on: '2099-12-31' }).where('organisation_id', '=', fx.orgA).execute();
    }
  });
});

describe('scoring', () => {
  const base = { carerId: 1, paired: false, sameVillage: false, sameTownship: false, distanceKm: 5, weekJobs: 0 };
  it('says each factor as a code with its figures, beside the English detail', () => {
    const reasons = (facts: Partial<typeof base>) =>
      weighCandidate({ ...base, ...facts }).factors.map(({ reason, distanceKm, weekJobs }) => ({ reason, distanceKm, weekJobs }));
    expect(reasons({ distanceKm: 12.345, weekJobs: 3 })).toEqual([
      { reason: 'NOT_PAIRED', distanceKm: undefined, weekJobs: undefined },
      { reason: 'DISTANCE', distanceKm: 12.3, weekJobs: undefined },
      { reason: 'WEEK_JOBS', distanceKm: undefined, weekJobs: 3 },
    ]);
    expect(reasons({ paired: true, sameTownship: true, distanceKm: 2 }).slice(0, 2)).toEqual([
      { reason: 'PAIRED', distanceKm: undefined, weekJobs: undefined },
      { reason: 'SAME_TOWNSHIP', distanceKm: 2, weekJobs: undefined },
    ]);
    expect(reasons({ sameVillage: true })[1].reason).toBe('SAME_VILLAGE');
    expect(weighCandidate({ ...base, distanceKm: null }).factors[1]).toMatchObject({ reason: 'DISTANCE_UNKNOWN', distanceKm: null });
  });
  it('reads the reasons an order stored before they were codes', () => {
    const older = {
      decidedBy: 'matching',
      total: 71.5,
      note: 'best of 64 available carer(s)',
      factors: [
        { name: 'paired', score: 0, weight: 50, detail: 'not paired' },
        { name: 'proximity', score: 0.7, weight: 30, detail: 'same township, 3.2 km' },
        { name: 'load', score: 0.25, weight: 20, detail: '3 job(s) that week' },
      ],
    };
    expect(matchReasonsOf(older)).toMatchObject({ decidedBy: 'MATCHING', byMatching: true, candidates: 64, note: null });
    expect(matchReasonsOf(older)!.factors.map((f) => [f.reason, f.distanceKm ?? f.weekJobs])).toEqual([
      ['NOT_PAIRED', undefined],
      ['SAME_TOWNSHIP', 3.2],
      ['WEEK_JOBS', 3],
    ]);
    expect(problemOf('All 7 qualified carers working then already have a job at that time.')).toEqual({ reason: 'ALL_BUSY', carers: 7 });
    expect(problemOf('No contracted organisation covers this township and service on that day.')).toEqual({ reason: 'NO_ORGANISATION', carers: null });
    expect(problemOf('something else')).toBeNull();
  });
  it('makes any paired carer outrank any unpaired one', () => {
    const pairedWorst = weighCandidate({ ...base, paired: true, distanceKm: 500, weekJobs: 50 });
    const unpairedBest = weighCandidate({ ...base, carerId: 2, sameVillage: true, weekJobs: 0 });
    expect(pairedWorst.total).toBeGreaterThan(unpairedBest.total);
  });
  it('ranks deterministically: equal totals go to the lower carer id', () => {
    expect(
      rankCandidates([
        { ...base, carerId: 9 },
        { ...base, carerId: 3 },
      ]).map((c) => c.carerId),
    ).toEqual([3, 9]);
  });
});
