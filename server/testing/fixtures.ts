// A small county for tests: two townships, two organisations, a carer each, two active
// recipients, and one sign-in per role (password: fixture-password), so tests can check
// each role's allowed and forbidden cases across scopes.
import type { Database } from '../db/database.js';
import { hashPassword } from '../auth/passwords.js';
import type { Role } from '../auth/roles.js';
import { makeIdNumber, protectIdNumber } from '../registry/id-number.js';
import type { TestWorld } from './harness.js';
import { countyYear } from '../platform/county-time.js';
import { now } from '../platform/clock.js';

export const FIXTURE_PASSWORD = 'fixture-password';

export interface Fixtures {
  townshipA: number;
  townshipB: number;
  villageA1: number;
  villageA2: number;
  villageB1: number;
  orgA: number;
  orgB: number;
  contractA: number;
  carerA: number;
  carerB: number;
  recipientA: number;
  recipientB: number;
  /** Bearer tokens by sign-in name. */
  tokens: Record<FixtureUser, string>;
}

export type FixtureUser =
  | 'admin'
  | 'hotline'
  | 'gridA'
  | 'townshipA'
  | 'townshipB'
  | 'dispatcherA'
  | 'dispatcherB'
  | 'carerA'
  | 'evaluator'
  | 'finance'
  | 'recipientA'
  | 'recipientB';

/** Inserts the fixture county into a test world's database and signs everyone in. */
export async function seedFixtures(world: TestWorld): Promise<Fixtures> {
  const db: Database = world.db;
  const key = world.config.DATA_KEY;
  const townships = await db.selectFrom('regions').select(['id', 'code']).where('level', '=', 'township').orderBy('sort_order').limit(2).execute();
  const [townshipA, townshipB] = townships.map((t) => t.id);
  const villagesOf = (t: number) => db.selectFrom('regions').select('id').where('parent_id', '=', t).orderBy('sort_order').limit(2).execute();
  const [[villageA1, villageA2], [villageB1]] = (await Promise.all([villagesOf(townshipA), villagesOf(townshipB)])).map((r) => r.map((x) => x.id));

  const categories = await db.selectFrom('service_categories').select('id').execute();
  const year = countyYear();
  const [orgA, orgB] = (
    await db
      .insertInto('organisations')
      .values([
        { name: '峡江县暖心社会工作服务中心', credit_code: '52360823MJB0000010', contact_name: '刘主任' },
        { name: '测试社会组织乙', credit_code: '52360823MJB0000023', contact_name: '王主任' },
      ])
      .returning('id')
      .execute()
  ).map((r) => r.id);
  const contracts = await db
    .insertInto('contracts')
    .values([
      // in force from the start of this county year to the end of the next, whenever tests run
      { organisation_id: orgA, contract_number: `XJ-${year}-001`, starts_on: `${year}-01-01`, ends_on: `${year + 1}-12-31`, fund_fen: 40_000_000 },
      { organisation_id: orgB, contract_number: `XJ-${year}-002`, starts_on: `${year}-01-01`, ends_on: `${year + 1}-12-31`, fund_fen: 10_000_000 },
    ])
    .returning('id')
    .execute();
  await db
    .insertInto('contract_townships')
    .values([
      { contract_id: contracts[0].id, township_id: townshipA },
      { contract_id: contracts[1].id, township_id: townshipB },
    ])
    .execute();
  await db
    .insertInto('contract_categories')
    .values(contracts.flatMap((c) => categories.map((cat) => ({ contract_id: c.id, category_id: cat.id }))))
    .execute();

  const [carerA, carerB] = (
    await db
      .insertInto('carers')
      .values([
        { organisation_id: orgA, name: '张阿姨', kind: 'assisted_employment', home_village_id: villageA1, hardship_category: 'dibao' },
        { organisation_id: orgB, name: '李护士', kind: 'professional', home_village_id: villageB1 },
      ])
      .returning('id')
      .execute()
  ).map((r) => r.id);

  const households = await db
    .insertInto('households')
    .values([
      { household_number: 'H-A1-001', head_name: '王大爷', village_id: villageA1 },
      { household_number: 'H-B1-001', head_name: '陈奶奶', village_id: villageB1 },
    ])
    .returning('id')
    .execute();
  const person = (i: number, name: string, village: number, township: number, household: number, male: boolean) => {
    const id = makeIdNumber('360823', `194${i}-0${i + 1}-1${i}`, 10 + i, male);
    return {
      name,
      gender: male ? 'male' : 'female',
      birth_date: `194${i}-0${i + 1}-1${i}`,
      ...protectIdNumber(id, key),
      eligibility_category: 'destitute',
      disability_level: 'semi_disabled',
      household_id: household,
      village_id: village,
      township_id: township,
      phone: `1390000000${i}`,
      status: 'active',
      service_card_number: `XJ-TEST-${i}`,
      service_card_issued_at: now(),
    };
  };
  const [recipientA, recipientB] = (
    await db
      .insertInto('recipients')
      .values([person(1, '王大爷', villageA1, townshipA, households[0].id, true), person(2, '陈奶奶', villageB1, townshipB, households[1].id, false)])
      .returning('id')
      .execute()
  ).map((r) => r.id);

  const hash = await hashPassword(FIXTURE_PASSWORD);
  const user = (username: FixtureUser, role: Role, scope: Record<string, number> = {}) => ({
    username: username.toLowerCase(),
    password_hash: hash,
    display_name: username,
    role,
    ...scope,
  });
  const users = await db
    .insertInto('users')
    .values([
      user('admin', 'county_admin'),
      user('hotline', 'hotline_operator'),
      user('gridA', 'grid_worker', { township_id: townshipA }),
      user('townshipA', 'township_staff', { township_id: townshipA }),
      user('townshipB', 'township_staff', { township_id: townshipB }),
      user('dispatcherA', 'dispatcher', { organisation_id: orgA }),
      user('dispatcherB', 'dispatcher', { organisation_id: orgB }),
      user('carerA', 'carer', { carer_id: carerA }),
      user('evaluator', 'evaluator'),
      user('finance', 'finance'),
      user('recipientA', 'recipient', { recipient_id: recipientA }),
      user('recipientB', 'recipient', { recipient_id: recipientB }),
    ])
    .returning(['id', 'username'])
    .execute();
  const grid = users.find((u) => u.username === 'grida')!;
  await db.insertInto('grid_worker_villages').values({ user_id: grid.id, village_id: villageA1 }).execute();

  const names = users.map((u) => u.username);
  const tokens = Object.fromEntries(
    await Promise.all(
      ['admin', 'hotline', 'gridA', 'townshipA', 'townshipB', 'dispatcherA', 'dispatcherB', 'carerA', 'evaluator', 'finance', 'recipientA', 'recipientB']
        .filter((n) => names.includes(n.toLowerCase()))
        .map(async (n) => [n, await world.signIn(n.toLowerCase(), FIXTURE_PASSWORD)]),
    ),
  ) as Record<FixtureUser, string>;

  return {
    townshipA,
    townshipB,
    villageA1,
    villageA2,
    villageB1,
    orgA,
    orgB,
    contractA: contracts[0].id,
    carerA,
    carerB,
    recipientA,
    recipientB,
    tokens,
  };
}

let extraRecipients = 0;

/**
 * Adds `count` recipients to a village (in `status`, default active), each in a household of
 * their own, without service cards; returns their ids. For tests that need more than two.
 */
export async function addRecipients(
  world: TestWorld,
  count: number,
  where: { villageId: number; townshipId: number },
  status: 'candidate' | 'verified' | 'active' | 'suspended' | 'exited' = 'active',
): Promise<number[]> {
  if (count <= 0) return [];
  const db: Database = world.db;
  const numbers = Array.from({ length: count }, () => ++extraRecipients);
  const households = await db
    .insertInto('households')
    .values(numbers.map((n) => ({ household_number: `H-X-${n}`, head_name: `受助人${n}`, village_id: where.villageId })))
    .returning('id')
    .execute();
  const rows = numbers.map((n, i) => {
    const birth = new Date(Date.UTC(1950, 0, 1 + n)).toISOString().slice(0, 10);
    return {
      name: `受助人${n}`,
      gender: 'female',
      birth_date: birth,
      ...protectIdNumber(makeIdNumber('360823', birth, 200 + (n % 700), false), world.config.DATA_KEY),
      eligibility_category: 'destitute',
      disability_level: 'disabled',
      household_id: households[i].id,
      village_id: where.villageId,
      township_id: where.townshipId,
      status,
    };
  });
  return (await db.insertInto('recipients').values(rows).returning('id').execute()).map((r) => r.id);
}
