// 结对: pairing a carer with a recipient, and who sees the pairs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { addDays, countyToday } from '../platform/county-time.js';
import { addRecipient, countRows } from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  // the fixture contracts name 2026; move them around today so these tests do not age
  const today = countyToday();
  await world.db
    .updateTable('contracts')
    .set({ starts_on: addDays(today, -30), ends_on: addDays(today, 300) })
    .execute();
});
afterAll(() => world?.close());

const PAIR = `mutation($c: ID!, $r: ID!) { pairCarer(carerId: $c, recipientId: $r) { id pairedRecipients { id name } } }`;
const UNPAIR = `mutation($c: ID!, $r: ID!) { unpairCarer(carerId: $c, recipientId: $r) { id pairedRecipients { id } } }`;
const SEEN = `query($id: ID!) { carer(id: $id) { pairedRecipients { id } } }`;
const MINE = `{ me { recipient { id pairedCarers { id name pairedRecipients { id } } } } }`;

const pair = (c: number, r: number) => ({ c: String(c), r: String(r) });
const pairings = (carerId: number, recipientId: number) =>
  world.db.selectFrom('carer_pairings').selectAll().where('carer_id', '=', carerId).where('recipient_id', '=', recipientId).orderBy('id').execute();
const seenBy = async (token: string, carerId: number) =>
  (await world.ok(SEEN, { id: String(carerId) }, token)).carer.pairedRecipients.map((r: { id: string }) => Number(r.id)).sort();

describe('pairCarer', () => {
  it('pairs an active carer with a recipient in a township the organisation’s contract covers', async () => {
    const { pairCarer } = await world.ok(PAIR, pair(fx.carerA, fx.recipientA), fx.tokens.dispatcherA);
    expect(pairCarer.pairedRecipients).toEqual([{ id: String(fx.recipientA), name: '王大爷' }]);
    expect(await pairings(fx.carerA, fx.recipientA)).toMatchObject([{ started_on: countyToday(), ended_on: null }]);
    const { me } = await world.ok(MINE, {}, fx.tokens.recipientA);
    expect(me.recipient.pairedCarers).toMatchObject([{ id: String(fx.carerA), name: '张阿姨' }]);
    // a verified (not yet active) recipient may be paired too, by a county admin
    const verified = await addRecipient(world, fx.villageA2, fx.townshipA, 'verified');
    await world.ok(PAIR, pair(fx.carerA, verified), fx.tokens.admin);
    expect(await seenBy(fx.tokens.admin, fx.carerA)).toEqual([fx.recipientA, verified].sort());
  });

  it('refuses a second open pairing, uncovered townships, recipients not on the list and inactive carers: nothing written', async () => {
    const before = await countRows(world, ['carer_pairings']);
    const refusal = async (carer: number, recipient: number) => (await world.gql(PAIR, pair(carer, recipient), fx.tokens.dispatcherA)).errors?.[0].extensions;
    expect(await refusal(fx.carerA, fx.recipientA)).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_PAIRED' });
    expect(await refusal(fx.carerA, fx.recipientB)).toMatchObject({ code: 'CONFLICT', reason: 'TOWNSHIP_NOT_COVERED' });
    for (const status of ['candidate', 'suspended', 'exited']) {
      const r = await addRecipient(world, fx.villageA1, fx.townshipA, status);
      expect(await refusal(fx.carerA, r)).toMatchObject({ code: 'CONFLICT', reason: 'RECIPIENT_NOT_PAIRABLE' });
    }
    const resting = (
      await world.db
        .insertInto('carers')
        .values({ organisation_id: fx.orgA, name: '休息中', kind: 'professional', home_village_id: fx.villageA1, active: false })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    expect(await refusal(resting, fx.recipientA)).toMatchObject({ code: 'CONFLICT', reason: 'CARER_NOT_ACTIVE' });
    expect(await world.errorCode(PAIR, pair(fx.carerA, 999999), fx.tokens.dispatcherA)).toBe('NOT_FOUND');
    expect(await world.errorCode(PAIR, pair(999999, fx.recipientA), fx.tokens.admin)).toBe('NOT_FOUND');
    expect(await countRows(world, ['carer_pairings'])).toEqual(before);
  });

  it('is for county admins and the carer’s own dispatcher', async () => {
    const before = await countRows(world, ['carer_pairings']);
    expect(await world.errorCode(PAIR, pair(fx.carerB, fx.recipientB), fx.tokens.dispatcherA)).toBe('FORBIDDEN');
    for (const who of ['carerA', 'townshipB', 'gridA', 'hotline', 'finance', 'evaluator', 'recipientB'] as const) {
      expect(await world.errorCode(PAIR, pair(fx.carerB, fx.recipientB), fx.tokens[who])).toBe('FORBIDDEN');
    }
    expect(await world.errorCode(PAIR, pair(fx.carerB, fx.recipientB))).toBe('UNAUTHENTICATED');
    expect(await countRows(world, ['carer_pairings'])).toEqual(before);
  });

  it('needs the contract in force today: not before it starts, not after it ends, not once terminated', async () => {
    const today = countyToday();
    const contractB = await world.db
      .selectFrom('contracts')
      .select(['id', 'starts_on', 'ends_on'])
      .where('organisation_id', '=', fx.orgB)
      .executeTakeFirstOrThrow();
    const setPeriod = (starts_on: string, ends_on: string) =>
      world.db.updateTable('contracts').set({ starts_on, ends_on }).where('id', '=', contractB.id).execute();
    const before = await countRows(world, ['carer_pairings']);
    await setPeriod(addDays(today, 1), addDays(today, 30));
    expect(await world.errorCode(PAIR, pair(fx.carerB, fx.recipientB), fx.tokens.dispatcherB)).toBe('CONFLICT');
    await setPeriod(addDays(today, -30), addDays(today, -1));
    expect(await world.errorCode(PAIR, pair(fx.carerB, fx.recipientB), fx.tokens.dispatcherB)).toBe('CONFLICT');
    expect(await countRows(world, ['carer_pairings'])).toEqual(before);
    await setPeriod(today, today); // the last day still counts
    await world.ok(PAIR, pair(fx.carerB, fx.recipientB), fx.tokens.dispatcherB);
    await setPeriod(contractB.starts_on, contractB.ends_on);

    await world.ok('mutation($id: ID!) { terminateContract(contractId: $id, reason: "到期前解约") { status } }', { id: String(contractB.id) }, fx.tokens.admin);
    const other = await addRecipient(world, fx.villageB1, fx.townshipB, 'active');
    expect(await world.errorCode(PAIR, pair(fx.carerB, other), fx.tokens.dispatcherB)).toBe('CONFLICT');
    expect(await pairings(fx.carerB, other)).toEqual([]);
  });
});

describe('unpairCarer', () => {
  it('ends the open pairing today, keeps it as history, and allows pairing again', async () => {
    expect(await world.errorCode(UNPAIR, pair(fx.carerA, fx.recipientA), fx.tokens.dispatcherB)).toBe('FORBIDDEN');
    expect(await world.errorCode(UNPAIR, pair(fx.carerA, fx.recipientA), fx.tokens.townshipA)).toBe('FORBIDDEN');
    expect(await pairings(fx.carerA, fx.recipientA)).toMatchObject([{ ended_on: null }]);

    const { unpairCarer } = await world.ok(UNPAIR, pair(fx.carerA, fx.recipientA), fx.tokens.dispatcherA);
    expect(unpairCarer.pairedRecipients.map((r: { id: string }) => Number(r.id))).not.toContain(fx.recipientA);
    expect(await pairings(fx.carerA, fx.recipientA)).toMatchObject([{ ended_on: countyToday() }]);
    expect((await world.ok(MINE, {}, fx.tokens.recipientA)).me.recipient.pairedCarers).toEqual([]);

    // none open: NOT_FOUND, nothing changed
    const before = await pairings(fx.carerA, fx.recipientA);
    expect(await world.errorCode(UNPAIR, pair(fx.carerA, fx.recipientA), fx.tokens.dispatcherA)).toBe('NOT_FOUND');
    expect(await world.errorCode(UNPAIR, pair(fx.carerA, fx.recipientB), fx.tokens.admin)).toBe('NOT_FOUND');
    expect(await pairings(fx.carerA, fx.recipientA)).toEqual(before);

    await world.ok(PAIR, pair(fx.carerA, fx.recipientA), fx.tokens.dispatcherA);
    expect(await pairings(fx.carerA, fx.recipientA)).toMatchObject([{ ended_on: countyToday() }, { ended_on: null }]);
  });
});

describe('who sees paired recipients', () => {
  it('never widens a viewer’s scope: a recipient sees only themselves, a grid worker only their villages', async () => {
    const inA2 = (
      await world.db
        .selectFrom('carer_pairings as p')
        .innerJoin('recipients as r', 'r.id', 'p.recipient_id')
        .select('r.id')
        .where('p.carer_id', '=', fx.carerA)
        .where('p.ended_on', 'is', null)
        .where('r.village_id', '=', fx.villageA2)
        .executeTakeFirstOrThrow()
    ).id;
    const both = [fx.recipientA, inA2].sort();
    for (const who of ['admin', 'dispatcherA', 'carerA', 'townshipA', 'hotline'] as const) expect(await seenBy(fx.tokens[who], fx.carerA)).toEqual(both);
    expect(await seenBy(fx.tokens.gridA, fx.carerA)).toEqual([fx.recipientA]);

    const { me } = await world.ok(MINE, {}, fx.tokens.recipientA);
    expect(me.recipient.pairedCarers).toEqual([{ id: String(fx.carerA), name: '张阿姨', pairedRecipients: [{ id: String(fx.recipientA) }] }]);
  });
});
