import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures, type FixtureUser } from '../testing/fixtures.js';
import { addDays, countyToday } from '../platform/county-time.js';
import { ASSESS, CHANGE_STATUS, expiredToken, insertRecipient, ISSUE_CARD, registryCounts, REVEAL, UPDATE_CONTACT } from './test-support.js';
import { now } from '../platform/clock.js';

let world: TestWorld;
let fx: Fixtures;
let recipientC: number; // township A, village A2: outside the grid worker's village
let ids: Record<'A' | 'B' | 'C', number>;
let itemId: string;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  recipientC = await insertRecipient(world, fx, { village_id: fx.villageA2, township_id: fx.townshipA, name: '村二对象' });
  ids = { A: fx.recipientA, B: fx.recipientB, C: recipientC };
  itemId = String((await world.db.selectFrom('service_items').select('id').orderBy('id').executeTakeFirstOrThrow()).id);
  await world.db.insertInto('carer_pairings').values({ carer_id: fx.carerA, recipient_id: fx.recipientA, started_on: countyToday() }).execute();
});
afterAll(() => world?.close());

const LIST = '{ recipients(first: 100) { totalCount edges { node { id } } } }';
const ONE = 'query($id: ID!) { recipient(id: $id) { id name } }';
const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

async function visibleTo(who: FixtureUser): Promise<string[]> {
  const { recipients } = await world.ok(LIST, {}, fx.tokens[who]);
  expect(recipients.totalCount).toBe(recipients.edges.length);
  return recipients.edges.map((e: { node: { id: string } }) => e.node.id).sort();
}
const names = (...keys: ('A' | 'B' | 'C')[]) => keys.map((k) => String(ids[k])).sort();

describe('reading recipients', () => {
  const expected: [FixtureUser, ('A' | 'B' | 'C')[]][] = [
    ['admin', ['A', 'B', 'C']],
    ['hotline', ['A', 'B', 'C']],
    ['evaluator', ['A', 'B', 'C']],
    ['finance', ['A', 'B', 'C']],
    ['townshipA', ['A', 'C']],
    ['townshipB', ['B']],
    ['gridA', ['A']],
    ['dispatcherA', ['A', 'C']],
    ['dispatcherB', ['B']],
    ['carerA', ['A']],
    ['recipientA', ['A']],
    ['recipientB', ['B']],
  ];

  it.each(expected)('%s sees exactly %j, in the list and one by one', async (who, keys) => {
    expect(await visibleTo(who)).toEqual(names(...keys));
    for (const key of ['A', 'B', 'C'] as const) {
      const res = await world.gql(ONE, { id: String(ids[key]) }, fx.tokens[who]);
      if (keys.includes(key)) expect(res.data?.recipient?.id, `${who} reads ${key}`).toBe(String(ids[key]));
      else expect(code(res), `${who} reads ${key}`).toBe('FORBIDDEN');
    }
  });

  it('answers NOT_FOUND for a recipient that does not exist, and refuses a missing or expired token', async () => {
    expect(code(await world.gql(ONE, { id: '999999' }, fx.tokens.admin))).toBe('NOT_FOUND');
    expect(code(await world.gql(ONE, { id: String(ids.A) }))).toBe('UNAUTHENTICATED');
    expect(code(await world.gql(LIST))).toBe('UNAUTHENTICATED');
    const expired = await expiredToken(world, 'admin', FIXTURE_PASSWORD);
    expect(code(await world.gql(LIST, {}, expired))).toBe('UNAUTHENTICATED');
  });

  it('ends a carer’s access with the pairing and a dispatcher’s with the contract', async () => {
    await world.db.updateTable('carer_pairings').set({ ended_on: countyToday() }).where('carer_id', '=', fx.carerA).execute();
    expect(await visibleTo('carerA')).toEqual([]);
    await world.db
      .updateTable('contracts')
      .set({ ends_on: addDays(countyToday(), -1), starts_on: addDays(countyToday(), -30) })
      .where('id', '=', fx.contractA)
      .execute();
    expect(await visibleTo('dispatcherA')).toEqual([]);
    await world.db
      .updateTable('contracts')
      .set({ ends_on: addDays(countyToday(), 30), status: 'terminated', terminated_at: now() })
      .where('id', '=', fx.contractA)
      .execute();
    expect(await visibleTo('dispatcherA')).toEqual([]);
    await world.db.updateTable('contracts').set({ status: 'active', terminated_at: null }).where('id', '=', fx.contractA).execute();
    expect(await visibleTo('dispatcherA')).toEqual(names('A', 'C'));
  });
});

describe('changing recipients', () => {
  type Op = (id: number) => [string, Record<string, unknown>];
  const contact: Op = (id) => [UPDATE_CONTACT, { id: String(id), input: { address: '越权地址', phone: '13800000000' } }];
  const manage: Record<string, Op> = {
    changeRecipientStatus: (id) => [CHANGE_STATUS, { id: String(id), status: 'SUSPENDED', reason: '越权' }],
    recordNeedsAssessment: (id) => [
      ASSESS,
      { input: { recipientId: String(id), assessedOn: countyToday(), needs: [{ serviceItemId: itemId, timesPerMonth: 4 }] } },
    ],
    issueServiceCard: (id) => [ISSUE_CARD, { id: String(id) }],
    revealIdNumber: (id) => [REVEAL, { id: String(id), reason: '越权' }],
  };
  const snapshot = async () => ({
    counts: await registryCounts(world.db),
    rows: await world.db.selectFrom('recipients').select(['id', 'phone', 'address', 'status', 'service_card_number']).orderBy('id').execute(),
  });

  it('refuses writes outside role or scope with FORBIDDEN and writes nothing', async () => {
    const before = await snapshot();
    const contactRefused: [FixtureUser, 'A' | 'B' | 'C'][] = [
      ['townshipB', 'A'],
      ['townshipA', 'B'],
      ['gridA', 'C'],
      ['gridA', 'B'],
      ['evaluator', 'A'],
      ['finance', 'A'],
      ['dispatcherA', 'A'],
      ['carerA', 'A'],
      ['recipientA', 'A'],
    ];
    for (const [who, key] of contactRefused) {
      expect(code(await world.gql(...contact(ids[key]), fx.tokens[who])), `${who} contact ${key}`).toBe('FORBIDDEN');
    }
    const manageRefused: [FixtureUser, 'A' | 'B' | 'C'][] = [
      ['townshipB', 'A'],
      ['townshipA', 'B'],
      ['gridA', 'A'],
      ['hotline', 'A'],
      ['evaluator', 'A'],
      ['finance', 'A'],
      ['dispatcherA', 'A'],
      ['carerA', 'A'],
      ['recipientA', 'A'],
    ];
    for (const [name, op] of Object.entries(manage)) {
      for (const [who, key] of manageRefused) {
        expect(code(await world.gql(...op(ids[key]), fx.tokens[who])), `${who} ${name} ${key}`).toBe('FORBIDDEN');
      }
      expect(code(await world.gql(...op(ids.A))), `anonymous ${name}`).toBe('UNAUTHENTICATED');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('lets each writer role change what is in its scope', async () => {
    const allowed: [FixtureUser, 'A' | 'B' | 'C'][] = [
      ['admin', 'B'],
      ['hotline', 'B'],
      ['townshipA', 'C'],
      ['gridA', 'A'],
      ['townshipB', 'B'],
    ];
    for (const [who, key] of allowed) {
      const res = await world.gql(...contact(ids[key]), fx.tokens[who]);
      expect(res.errors, `${who} contact ${key}`).toBeUndefined();
    }
    for (const [who, key] of [
      ['townshipA', 'A'],
      ['admin', 'B'],
    ] as const) {
      for (const [name, op] of Object.entries(manage)) {
        expect((await world.gql(...op(ids[key]), fx.tokens[who])).errors, `${who} ${name} ${key}`).toBeUndefined();
      }
    }
    const reveals = await world.db.selectFrom('personal_data_reveals').select(['recipient_id', 'reason']).orderBy('id').execute();
    expect(reveals).toEqual([
      { recipient_id: ids.A, reason: '越权' },
      { recipient_id: ids.B, reason: '越权' },
    ]);
  });
});
