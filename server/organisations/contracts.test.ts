import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { addDays, countyToday, countyYear } from '../platform/county-time.js';
import { coversTownship, isInForce } from './contracts.js';
import { countRows } from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
let categories: string[];
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  categories = (await world.db.selectFrom('service_categories').select('id').orderBy('sort_order').execute()).map((c) => String(c.id));
});
afterAll(() => world?.close());

const CREATE = `mutation($input: CreateContractInput!) { createContract(input: $input) {
  id contractNumber startsOn endsOn fund status inForce terminationReason organisation { name }
  townships { id } categories { id } } }`;
const TERMINATE = `mutation($id: ID!, $reason: String!) { terminateContract(contractId: $id, reason: $reason) {
  status inForce terminationReason } }`;
const tables = ['contracts', 'contract_townships', 'contract_categories'] as const;

let numbers = 0;
const contractInput = (over: Record<string, unknown> = {}) => {
  const today = countyToday();
  return {
    organisationId: String(fx.orgB),
    contractNumber: `XJ-T-${++numbers}`,
    startsOn: addDays(today, -10),
    endsOn: addDays(today, 355),
    fundFen: 5_000_000,
    townshipIds: [String(fx.townshipA), String(fx.townshipB)],
    categoryIds: categories.slice(0, 2),
    ...over,
  };
};

describe('isInForce', () => {
  const contract = { status: 'active', starts_on: '2026-01-01', ends_on: '2026-12-31' };
  it('holds from the first to the last day of the period, for active contracts only', () => {
    expect(isInForce(contract, '2025-12-31')).toBe(false);
    expect(isInForce(contract, '2026-01-01')).toBe(true);
    expect(isInForce(contract, '2026-12-31')).toBe(true);
    expect(isInForce(contract, '2027-01-01')).toBe(false);
    expect(isInForce({ ...contract, status: 'terminated' }, '2026-06-01')).toBe(false);
  });

  it('covers a township only while an active contract is in force on the given county date', async () => {
    // fixture contract A: from the start of this county year to the end of the next, township A
    const y = countyYear();
    expect(await coversTownship(world.db, fx.orgA, fx.townshipA, `${y}-06-01`)).toBe(true);
    expect(await coversTownship(world.db, fx.orgA, fx.townshipA, `${y + 1}-12-31`)).toBe(true);
    expect(await coversTownship(world.db, fx.orgA, fx.townshipA, `${y + 2}-01-01`)).toBe(false);
    expect(await coversTownship(world.db, fx.orgA, fx.townshipA, `${y - 1}-12-31`)).toBe(false);
    expect(await coversTownship(world.db, fx.orgA, fx.townshipB, `${y}-06-01`)).toBe(false);
  });
});

describe('createContract', () => {
  it('records a contract with its townships and categories; inForce follows the county date', async () => {
    const input = contractInput();
    const { createContract } = await world.ok(CREATE, { input }, fx.tokens.admin);
    expect(createContract).toMatchObject({
      contractNumber: input.contractNumber,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      fund: 5_000_000,
      status: 'ACTIVE',
      inForce: true,
      terminationReason: null,
      organisation: { name: '测试社会组织乙' },
    });
    expect(createContract.townships.map((t: { id: string }) => t.id).sort()).toEqual(input.townshipIds.sort());
    expect(createContract.categories.map((c: { id: string }) => c.id)).toEqual(input.categoryIds);
    const row = await world.db.selectFrom('contracts').selectAll().where('id', '=', Number(createContract.id)).executeTakeFirstOrThrow();
    expect(row.created_by).not.toBeNull();

    const today = countyToday();
    const startsTomorrow = contractInput({ startsOn: addDays(today, 1), endsOn: addDays(today, 30) });
    expect((await world.ok(CREATE, { input: startsTomorrow }, fx.tokens.admin)).createContract.inForce).toBe(false);
    const endedYesterday = contractInput({ startsOn: addDays(today, -30), endsOn: addDays(today, -1) });
    expect((await world.ok(CREATE, { input: endedYesterday }, fx.tokens.admin)).createContract.inForce).toBe(false);
    const oneDay = contractInput({ startsOn: today, endsOn: today, fundFen: 0 });
    expect((await world.ok(CREATE, { input: oneDay }, fx.tokens.admin)).createContract).toMatchObject({ inForce: true, fund: 0 });
  });

  it('refuses bad input, unknown references and a used number: nothing written', async () => {
    await world.ok(CREATE, { input: contractInput({ contractNumber: 'XJ-DUP' }) }, fx.tokens.admin);
    const before = await countRows(world, [...tables]);
    const today = countyToday();
    const bad = [
      { contractNumber: '  ' },
      { startsOn: today, endsOn: addDays(today, -1) },
      { fundFen: -1 },
      { fundFen: 12.5 },
      { fundFen: 2 ** 53 },
      { townshipIds: [] },
      { categoryIds: [] },
      { townshipIds: [String(fx.townshipA), String(fx.townshipA)] },
      { categoryIds: [categories[0], categories[0]] },
      { townshipIds: [String(fx.villageA1)] }, // a village, not a township
      { townshipIds: ['999999'] },
      { categoryIds: [categories[0], '999999'] },
      { startsOn: '2026-02-30' },
      { organisationId: 'x' },
    ];
    for (const b of bad) expect([b, await world.errorCode(CREATE, { input: contractInput(b) }, fx.tokens.admin)]).toEqual([b, 'BAD_USER_INPUT']);
    expect(await world.errorCode(CREATE, { input: contractInput({ organisationId: '999999' }) }, fx.tokens.admin)).toBe('NOT_FOUND');
    expect(await world.errorCode(CREATE, { input: contractInput({ contractNumber: 'XJ-DUP' }) }, fx.tokens.admin)).toBe('CONFLICT');
    expect(await world.errorCode(CREATE, { input: contractInput({ contractNumber: `XJ-${countyYear()}-001` }) }, fx.tokens.admin)).toBe('CONFLICT');
    expect(await countRows(world, [...tables])).toEqual(before);
  });

  it('is for county admins only', async () => {
    const before = await countRows(world, [...tables]);
    for (const who of ['dispatcherA', 'dispatcherB', 'townshipA', 'finance', 'evaluator', 'hotline', 'gridA', 'carerA', 'recipientA'] as const) {
      expect(await world.errorCode(CREATE, { input: contractInput() }, fx.tokens[who])).toBe('FORBIDDEN');
    }
    expect(await world.errorCode(CREATE, { input: contractInput() })).toBe('UNAUTHENTICATED');
    expect(await countRows(world, [...tables])).toEqual(before);
  });
});

describe('terminateContract', () => {
  it('ends a contract with its reason, once', async () => {
    const { createContract } = await world.ok(CREATE, { input: contractInput() }, fx.tokens.admin);
    const id = createContract.id;
    expect(await world.errorCode(TERMINATE, { id, reason: ' ' }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
    for (const who of ['dispatcherB', 'finance', 'townshipB'] as const) {
      expect(await world.errorCode(TERMINATE, { id, reason: '越权' }, fx.tokens[who])).toBe('FORBIDDEN');
    }
    const untouched = await world.db.selectFrom('contracts').selectAll().where('id', '=', Number(id)).executeTakeFirstOrThrow();
    expect(untouched).toMatchObject({ status: 'active', terminated_at: null, termination_reason: null });

    const { terminateContract } = await world.ok(TERMINATE, { id, reason: ' 服务质量连续两月评为差等 ' }, fx.tokens.admin);
    expect(terminateContract).toEqual({ status: 'TERMINATED', inForce: false, terminationReason: '服务质量连续两月评为差等' });
    expect(await world.errorCode(TERMINATE, { id, reason: '再次终止' }, fx.tokens.admin)).toBe('CONFLICT');
    const row = await world.db.selectFrom('contracts').selectAll().where('id', '=', Number(id)).executeTakeFirstOrThrow();
    expect(row.termination_reason).toBe('服务质量连续两月评为差等');
    expect(row.terminated_at).toBeInstanceOf(Date);
  });

  it('answers NOT_FOUND for an unknown contract', async () => {
    expect(await world.errorCode(TERMINATE, { id: '999999', reason: '无' }, fx.tokens.admin)).toBe('NOT_FOUND');
  });
});
