// No N+1: the number of SQL statements a page costs does not grow with the page. The real app
// runs here on a second Kysely over the same test database whose `log` hook counts every
// statement; a per-row field would add a statement per carer and fail these tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { openCountingApp, type CountingApp } from '../testing/counting-app.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { creditCode } from './test-support.js';
import { countyToday } from '../platform/county-time.js';

let world: TestWorld;
let fx: Fixtures;
let counting: CountingApp;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  counting = await openCountingApp(world);
});
afterAll(async () => {
  await counting?.close();
  await world?.close();
});

/** Runs a query as the county admin; returns its data and how many SQL statements it cost. */
async function measure(query: string) {
  const { body, statements } = await counting.measure(query, {}, fx.tokens.admin);
  expect(body.errors).toBeUndefined();
  return { data: body.data, statements };
}

let serial = 0;
/** Adds carers to organisation A, each with two certificates, two ranges of hours and a paired recipient. */
async function addCarers(n: number) {
  const carers = await world.db
    .insertInto('carers')
    .values(Array.from({ length: n }, () => ({ organisation_id: fx.orgA, name: `护工${++serial}`, kind: 'professional', home_village_id: fx.villageA1 })))
    .returning('id')
    .execute();
  await world.db
    .insertInto('carer_qualifications')
    .values(
      carers.flatMap((c) => [
        { carer_id: c.id, kind: 'nursing', certificate_number: `HS-${c.id}`, issued_on: '2024-01-01', expires_on: '2030-01-01' },
        { carer_id: c.id, kind: 'counselling', certificate_number: `XL-${c.id}`, issued_on: '2024-01-01', expires_on: '2025-01-01' },
      ]),
    )
    .execute();
  await world.db
    .insertInto('carer_working_hours')
    .values(
      carers.flatMap((c) => [
        { carer_id: c.id, weekday: 1, starts_at: '08:00', ends_at: '12:00' },
        { carer_id: c.id, weekday: 3, starts_at: '13:00', ends_at: '17:00' },
      ]),
    )
    .execute();
  await world.db
    .insertInto('carer_pairings')
    .values(carers.map((c) => ({ carer_id: c.id, recipient_id: fx.recipientA, started_on: countyToday() })))
    .execute();
}

const CARERS = `{ carers(first: 50) { totalCount edges { node { name kind homeVillage { name } organisation { name carerCount }
  qualifications { kind valid } workingHours { weekday startsAt } pairedRecipients { name pairedCarers { name } } } } } }`;
const ORGANISATIONS = `{ organisations(first: 50) { totalCount edges { node { name carerCount
  contracts { contractNumber inForce organisation { name } townships { name } categories { nameZh } } } } } }`;

describe('no N+1', () => {
  it('costs the same number of statements for a page of 5 carers and a page of 25', async () => {
    await addCarers(3);
    const small = await measure(CARERS);
    expect(small.data.carers.edges).toHaveLength(5);
    await addCarers(20);
    const large = await measure(CARERS);
    expect(large.data.carers.edges).toHaveLength(25);
    const added = large.data.carers.edges.filter((e: { node: { name: string } }) => e.node.name.startsWith('护工'));
    expect(added).toHaveLength(23);
    for (const { node } of added) {
      expect(node.organisation.name).toBe('峡江县暖心社会工作服务中心');
      expect(node.qualifications).toHaveLength(2);
      expect(node.workingHours).toEqual([
        { weekday: 1, startsAt: '08:00' },
        { weekday: 3, startsAt: '13:00' },
      ]);
      expect(node.pairedRecipients[0].pairedCarers).toHaveLength(23);
    }
    expect(large.statements).toBe(small.statements);
    // sign-in check, page, count, and one per batched field
    expect(large.statements).toBeLessThanOrEqual(10);
  });

  it('costs the same for 2 organisations as for 12, with their contracts', async () => {
    const small = await measure(ORGANISATIONS);
    expect(small.data.organisations.edges).toHaveLength(2);
    const categories = await world.db.selectFrom('service_categories').select('id').execute();
    for (let i = 0; i < 10; i++) {
      const org = await world.db
        .insertInto('organisations')
        .values({ name: `组织${i}`, credit_code: creditCode(5000 + i) })
        .returning('id')
        .executeTakeFirstOrThrow();
      const contract = await world.db
        .insertInto('contracts')
        .values({ organisation_id: org.id, contract_number: `N1-${i}`, starts_on: '2026-01-01', ends_on: '2026-12-31', fund_fen: 100 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await world.db
        .insertInto('contract_townships')
        .values([
          { contract_id: contract.id, township_id: fx.townshipA },
          { contract_id: contract.id, township_id: fx.townshipB },
        ])
        .execute();
      await world.db
        .insertInto('contract_categories')
        .values(categories.map((c) => ({ contract_id: contract.id, category_id: c.id })))
        .execute();
    }
    const large = await measure(ORGANISATIONS);
    expect(large.data.organisations.edges).toHaveLength(12);
    for (const { node } of large.data.organisations.edges.slice(0, 10)) {
      expect(node.contracts[0].townships).toHaveLength(2);
      expect(node.contracts[0].categories).toHaveLength(5);
      expect(node.contracts[0].organisation.name).toBe(node.name);
    }
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(8);
  });
});
