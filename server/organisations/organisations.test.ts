import { countyYear } from '../platform/county-time.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures, type FixtureUser } from '../testing/fixtures.js';
import { creditCodeCheckCharacter, isValidCreditCode } from './organisations.js';
import { countRows, creditCode } from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
});
afterAll(() => world?.close());

const CREATE = `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) {
  id name creditCode contactName phone address active carerCount contracts { id } } }`;
const LIST = `query($first: Int, $after: String) { organisations(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } } } }`;
const ONE = `query($id: ID!) { organisation(id: $id) { name creditCode contactName carerCount
  contracts { contractNumber fund status inForce organisation { name } townships { id level } categories { nameZh } } } }`;

const staff: FixtureUser[] = ['admin', 'hotline', 'gridA', 'townshipA', 'dispatcherA', 'carerA', 'evaluator', 'finance'];

describe('unified social credit code (GB 32100)', () => {
  it('accepts published codes and refuses a wrong check character or a character outside the alphabet', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91110000802100433B')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(isValidCreditCode('91350100M00010OY43')).toBe(false); // O is not in the alphabet
    expect(creditCodeCheckCharacter('91440300708461136')).toBe('T');
    // a check value of 0 is written '0', not the 31st character
    for (let n = 0; n < 200; n++) expect(isValidCreditCode(creditCode(n))).toBe(true);
  });
});

describe('createOrganisation', () => {
  it('lets a county admin register an organisation, normalising the code', async () => {
    const code = creditCode(1001);
    const { createOrganisation } = await world.ok(
      CREATE,
      {
        input: { name: ' 峡江县阳光社工服务社 ', creditCode: ` ${code.toLowerCase()} `, contactName: '周社长', phone: '0796-3610000', address: '巴邱镇' },
      },
      fx.tokens.admin,
    );
    expect(createOrganisation).toMatchObject({
      name: '峡江县阳光社工服务社',
      creditCode: code,
      contactName: '周社长',
      phone: '0796-3610000',
      active: true,
      carerCount: 0,
      contracts: [],
    });
  });

  it('refuses a blank name, a malformed code, a wrong check character, a bad phone, and duplicates: nothing written', async () => {
    const before = await countRows(world, ['organisations']);
    const input = { name: '新组织', creditCode: creditCode(1002) };
    const bad = [
      { ...input, name: '   ' },
      { ...input, creditCode: '52360823MJ000100' },
      { ...input, creditCode: '52360823MJ0001002I' },
      { ...input, creditCode: input.creditCode.slice(0, 17) + (input.creditCode[17] === '1' ? '2' : '1') },
      { ...input, phone: 'call me' },
    ];
    for (const b of bad) expect(await world.errorCode(CREATE, { input: b }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(CREATE, { input: { ...input, name: '测试社会组织乙' } }, fx.tokens.admin)).toBe('CONFLICT');
    await world.ok(CREATE, { input: { name: '唯一组织', creditCode: creditCode(1003) } }, fx.tokens.admin);
    const after = await countRows(world, ['organisations']);
    const res = await world.gql(CREATE, { input: { ...input, creditCode: creditCode(1003) } }, fx.tokens.admin);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'creditCode' });
    expect(await countRows(world, ['organisations'])).toEqual(after);
    expect(after.organisations).toBe(before.organisations + 1);
  });

  it('is for county admins only', async () => {
    const before = await countRows(world, ['organisations']);
    const input = { name: '越权组织', creditCode: creditCode(1004) };
    for (const who of ['dispatcherA', 'townshipA', 'finance', 'evaluator', 'hotline', 'carerA', 'recipientA'] as const) {
      expect(await world.errorCode(CREATE, { input }, fx.tokens[who])).toBe('FORBIDDEN');
    }
    expect(await world.errorCode(CREATE, { input })).toBe('UNAUTHENTICATED');
    expect(await countRows(world, ['organisations'])).toEqual(before);
  });
});

describe('organisations and organisation', () => {
  it('are read by every signed-in role but recipients', async () => {
    for (const who of staff) {
      const { organisations } = await world.ok(LIST, { first: 100 }, fx.tokens[who]);
      expect(organisations.edges.map((e: { node: { id: string } }) => Number(e.node.id))).toEqual(expect.arrayContaining([fx.orgA, fx.orgB]));
      expect((await world.ok(ONE, { id: String(fx.orgA) }, fx.tokens[who])).organisation.name).toBe('峡江县暖心社会工作服务中心');
    }
    for (const who of ['recipientA', 'recipientB'] as const) {
      expect(await world.errorCode(LIST, {}, fx.tokens[who])).toBe('FORBIDDEN');
      expect(await world.errorCode(ONE, { id: String(fx.orgA) }, fx.tokens[who])).toBe('FORBIDDEN');
    }
    expect(await world.errorCode(LIST, {})).toBe('UNAUTHENTICATED');
  });

  it('pages newest first with keyset cursors and a total count', async () => {
    for (let i = 0; i < 5; i++) await world.ok(CREATE, { input: { name: `分页组织${i}`, creditCode: creditCode(2000 + i) } }, fx.tokens.admin);
    const all = (await world.ok(LIST, { first: 100 }, fx.tokens.admin)).organisations;
    const ids = all.edges.map((e: { node: { id: string } }) => Number(e.node.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(all.totalCount).toBe(ids.length);
    expect(all.pageInfo.hasNextPage).toBe(false);
    expect(all.edges[0].node.name).toBe('分页组织4');

    const seen: number[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string } }[] } = (
        await world.ok(LIST, { first: 2, after }, fx.tokens.dispatcherA)
      ).organisations;
      expect(page.totalCount).toBe(ids.length);
      expect(page.edges.length).toBeLessThanOrEqual(2);
      seen.push(...page.edges.map((e) => Number(e.node.id)));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids);
    expect((await world.ok(LIST, { first: 0 }, fx.tokens.admin)).organisations).toMatchObject({ edges: [], totalCount: ids.length });
  });

  it('refuses a page over 100, a negative page and a forged cursor', async () => {
    expect(await world.errorCode(LIST, { first: 101 }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(LIST, { first: -1 }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(LIST, { after: 'not-a-cursor' }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
  });

  it('shows an organisation with its contracts, their townships and categories, and its active carers', async () => {
    const { organisation } = await world.ok(ONE, { id: String(fx.orgA) }, fx.tokens.finance);
    expect(organisation).toMatchObject({ creditCode: '52360823MJB0000010', contactName: '刘主任', carerCount: 1 });
    expect(organisation.contracts).toHaveLength(1);
    const [contract] = organisation.contracts;
    expect(contract).toMatchObject({
      contractNumber: `XJ-${countyYear()}-001`,
      fund: 40_000_000,
      status: 'ACTIVE',
      organisation: { name: '峡江县暖心社会工作服务中心' },
    });
    expect(contract.townships).toEqual([{ id: String(fx.townshipA), level: 'TOWNSHIP' }]);
    expect(contract.categories.map((c: { nameZh: string }) => c.nameZh)).toEqual(['生活照料', '健康护理', '心理疏导', '资源链接', '助农助急']);
  });

  it('answers NOT_FOUND for an unknown organisation and BAD_USER_INPUT for an impossible id', async () => {
    expect(await world.errorCode(ONE, { id: '999999' }, fx.tokens.admin)).toBe('NOT_FOUND');
    expect(await world.errorCode(ONE, { id: 'abc' }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
  });
});
