import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures, type FixtureUser } from '../testing/fixtures.js';
import { countRows } from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
});
afterAll(() => world?.close());

const LIST = `query($org: ID, $first: Int, $after: String, $filter: CarerFilter) {
  carers(organisationId: $org, first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id name } } } }`;
const ONE = `query($id: ID!) { carer(id: $id) { id name kind hardshipCategory active homeVillage { id level } organisation { id } } }`;
const REGISTER = `mutation($input: RegisterCarerInput!) { registerCarer(input: $input) {
  id name phone kind hardshipCategory active homeVillage { id } organisation { id }
  workingHours { weekday startsAt endsAt } qualifications { kind certificateNumber issuedOn expiresOn valid } } }`;
const tables = ['carers', 'carer_working_hours', 'carer_qualifications'] as const;

async function carerIds(who: FixtureUser, variables: Record<string, unknown> = {}) {
  const { carers } = await world.ok(LIST, { first: 100, ...variables }, fx.tokens[who]);
  return carers.edges.map((e: { node: { id: string } }) => Number(e.node.id)).sort((a: number, b: number) => a - b);
}

const newCarer = (over: Record<string, unknown> = {}) => ({
  organisationId: String(fx.orgA),
  name: '赵大姐',
  phone: '13900001111',
  kind: 'ASSISTED_EMPLOYMENT',
  homeVillageId: String(fx.villageA2),
  hardshipCategory: 'DIBAO_EDGE',
  ...over,
});

describe('carers and carer: who sees which carers', () => {
  it('shows every carer to county admins, evaluators, finance and the hotline', async () => {
    for (const who of ['admin', 'evaluator', 'finance', 'hotline'] as const) {
      expect(await carerIds(who)).toEqual(expect.arrayContaining([fx.carerA, fx.carerB]));
      expect(await carerIds(who, { org: String(fx.orgB) })).toEqual([fx.carerB]);
      expect((await world.ok(ONE, { id: String(fx.carerB) }, fx.tokens[who])).carer.name).toBe('李护士');
    }
  });

  it('shows a dispatcher only their own organisation’s carers', async () => {
    expect(await carerIds('dispatcherA')).toEqual([fx.carerA]);
    expect(await carerIds('dispatcherA', { org: String(fx.orgA) })).toEqual([fx.carerA]);
    expect(await carerIds('dispatcherB')).toEqual([fx.carerB]);
    expect(await world.errorCode(LIST, { org: String(fx.orgB) }, fx.tokens.dispatcherA)).toBe('FORBIDDEN');
    expect(await world.errorCode(ONE, { id: String(fx.carerB) }, fx.tokens.dispatcherA)).toBe('FORBIDDEN');
    expect((await world.ok(ONE, { id: String(fx.carerA) }, fx.tokens.dispatcherA)).carer).toMatchObject({
      name: '张阿姨',
      kind: 'ASSISTED_EMPLOYMENT',
      hardshipCategory: 'DIBAO',
      active: true,
      homeVillage: { id: String(fx.villageA1), level: 'VILLAGE' },
      organisation: { id: String(fx.orgA) },
    });
  });

  it('shows a carer only themselves', async () => {
    expect(await carerIds('carerA')).toEqual([fx.carerA]);
    expect(await carerIds('carerA', { org: String(fx.orgB) })).toEqual([]);
    expect(await world.errorCode(ONE, { id: String(fx.carerB) }, fx.tokens.carerA)).toBe('FORBIDDEN');
    expect((await world.ok(ONE, { id: String(fx.carerA) }, fx.tokens.carerA)).carer.name).toBe('张阿姨');
  });

  it('shows township staff and grid workers the carers living in their township or villages', async () => {
    expect(await carerIds('townshipA')).toEqual([fx.carerA]);
    expect(await carerIds('townshipB')).toEqual([fx.carerB]);
    expect(await carerIds('gridA')).toEqual([fx.carerA]);
    expect(await world.errorCode(ONE, { id: String(fx.carerA) }, fx.tokens.townshipB)).toBe('FORBIDDEN');
    expect(await world.errorCode(ONE, { id: String(fx.carerB) }, fx.tokens.gridA)).toBe('FORBIDDEN');
    // a carer of township A but outside the grid worker's village
    const { registerCarer } = await world.ok(REGISTER, { input: newCarer({ name: '网格外' }) }, fx.tokens.admin);
    expect(await carerIds('townshipA')).toContain(Number(registerCarer.id));
    expect(await carerIds('gridA')).toEqual([fx.carerA]);
  });

  it('refuses recipients and anonymous callers; NOT_FOUND for an unknown carer', async () => {
    for (const who of ['recipientA', 'recipientB'] as const) {
      expect(await world.errorCode(LIST, {}, fx.tokens[who])).toBe('FORBIDDEN');
      expect(await world.errorCode(ONE, { id: String(fx.carerA) }, fx.tokens[who])).toBe('FORBIDDEN');
    }
    expect(await world.errorCode(LIST, {})).toBe('UNAUTHENTICATED');
    expect(await world.errorCode(ONE, { id: '999999' }, fx.tokens.admin)).toBe('NOT_FOUND');
    expect(await world.errorCode(LIST, { first: 101 }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
  });

  it('filters by kind, home village and active, and pages newest first', async () => {
    for (let i = 0; i < 4; i++) await world.ok(REGISTER, { input: newCarer({ name: `分页${i}`, homeVillageId: String(fx.villageA1) }) }, fx.tokens.dispatcherA);
    expect(await carerIds('admin', { filter: { kind: 'PROFESSIONAL' } })).toEqual([fx.carerB]);
    const inA1 = await carerIds('admin', { filter: { villageId: String(fx.villageA1), kind: 'ASSISTED_EMPLOYMENT' } });
    expect(inA1).toHaveLength(5);
    expect(await carerIds('admin', { filter: { active: false } })).toEqual([]);

    const all = (await world.ok(LIST, { org: String(fx.orgA), first: 100 }, fx.tokens.dispatcherA)).carers;
    const ids = all.edges.map((e: { node: { id: string } }) => Number(e.node.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const seen: number[] = [];
    let after: string | null = null;
    do {
      const page: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string } }[] } = (
        await world.ok(LIST, { first: 2, after }, fx.tokens.dispatcherA)
      ).carers;
      expect(page.totalCount).toBe(all.totalCount);
      seen.push(...page.edges.map((e) => Number(e.node.id)));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(ids);
  });
});

describe('registerCarer', () => {
  it('lets a dispatcher register their own organisation’s carer with hours and certificates, in one go', async () => {
    const input = newCarer({
      kind: 'PROFESSIONAL',
      hardshipCategory: null,
      name: ' 钱护师 ',
      workingHours: [
        { weekday: 3, startsAt: '13:00', endsAt: '17:00' },
        { weekday: 1, startsAt: '08:30', endsAt: '12:00' },
      ],
      qualifications: [{ kind: 'NURSING', certificateNumber: 'HS-2024-0099', issuedOn: '2024-03-01', expiresOn: '2099-03-01' }],
    });
    const { registerCarer } = await world.ok(REGISTER, { input }, fx.tokens.dispatcherA);
    expect(registerCarer).toMatchObject({
      name: '钱护师',
      kind: 'PROFESSIONAL',
      hardshipCategory: null,
      active: true,
      organisation: { id: String(fx.orgA) },
      workingHours: [
        { weekday: 1, startsAt: '08:30', endsAt: '12:00' },
        { weekday: 3, startsAt: '13:00', endsAt: '17:00' },
      ],
      qualifications: [{ kind: 'NURSING', certificateNumber: 'HS-2024-0099', valid: true }],
    });
    const { registerCarer: byAdmin } = await world.ok(
      REGISTER,
      { input: newCarer({ organisationId: String(fx.orgB), homeVillageId: String(fx.villageB1) }) },
      fx.tokens.admin,
    );
    expect(byAdmin).toMatchObject({ organisation: { id: String(fx.orgB) }, hardshipCategory: 'DIBAO_EDGE', workingHours: [], qualifications: [] });
  });

  it('refuses a dispatcher registering for another organisation, and roles that do not manage carers: nothing written', async () => {
    const before = await countRows(world, [...tables]);
    const input = newCarer({ organisationId: String(fx.orgB), workingHours: [{ weekday: 1, startsAt: '08:00', endsAt: '12:00' }] });
    expect(await world.errorCode(REGISTER, { input }, fx.tokens.dispatcherA)).toBe('FORBIDDEN');
    // an organisation that does not exist is still FORBIDDEN for a dispatcher: nothing learnt
    expect(await world.errorCode(REGISTER, { input: newCarer({ organisationId: '999999' }) }, fx.tokens.dispatcherA)).toBe('FORBIDDEN');
    for (const who of ['townshipA', 'gridA', 'carerA', 'finance', 'evaluator', 'hotline', 'recipientA'] as const) {
      expect(await world.errorCode(REGISTER, { input: newCarer() }, fx.tokens[who])).toBe('FORBIDDEN');
    }
    expect(await world.errorCode(REGISTER, { input: newCarer() })).toBe('UNAUTHENTICATED');
    expect(await countRows(world, [...tables])).toEqual(before);
  });

  it('refuses inconsistent kinds, wrong places, bad hours and bad certificates: nothing written', async () => {
    const before = await countRows(world, [...tables]);
    const q = { kind: 'NURSING', certificateNumber: 'HS-1', issuedOn: '2024-01-01', expiresOn: '2027-01-01' };
    const bad = [
      { name: ' ' },
      { phone: 'none' },
      { hardshipCategory: null },
      { kind: 'PROFESSIONAL', hardshipCategory: 'DIBAO' },
      { homeVillageId: String(fx.townshipA) },
      { homeVillageId: '999999' },
      { workingHours: [{ weekday: 8, startsAt: '08:00', endsAt: '12:00' }] },
      { workingHours: [{ weekday: 0, startsAt: '08:00', endsAt: '12:00' }] },
      { workingHours: [{ weekday: 1, startsAt: '8:00', endsAt: '12:00' }] },
      { workingHours: [{ weekday: 1, startsAt: '08:00', endsAt: '24:00' }] },
      { workingHours: [{ weekday: 1, startsAt: '12:00', endsAt: '12:00' }] },
      {
        workingHours: [
          { weekday: 2, startsAt: '08:00', endsAt: '12:00' },
          { weekday: 2, startsAt: '11:59', endsAt: '14:00' },
        ],
      },
      { qualifications: [{ ...q, expiresOn: '2024-01-01' }] },
      { qualifications: [{ ...q, certificateNumber: ' ' }] },
      { qualifications: [q, { ...q }] },
      // the last row is bad: the carer and the rows before it must not be written either
      {
        workingHours: [{ weekday: 1, startsAt: '08:00', endsAt: '12:00' }],
        qualifications: [q, { ...q, certificateNumber: 'HS-2', issuedOn: '2025-01-01', expiresOn: '2024-01-01' }],
      },
    ];
    for (const b of bad) expect([b, await world.errorCode(REGISTER, { input: newCarer(b) }, fx.tokens.admin)]).toEqual([b, 'BAD_USER_INPUT']);
    expect(await world.errorCode(REGISTER, { input: newCarer({ organisationId: '999999' }) }, fx.tokens.admin)).toBe('NOT_FOUND');
    expect(await countRows(world, [...tables])).toEqual(before);
  });
});
