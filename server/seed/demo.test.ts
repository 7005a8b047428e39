import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { roles } from '../auth/roles.js';
import { createDatabase } from '../db/database.js';
import { decryptIdNumber, idNumberProblem } from '../registry/id-number.js';
import { createTestDatabase, openTestWorld, type TestWorld } from '../testing/harness.js';
import { DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_TOWNSHIP, demoSignIns, seedDemo, type DemoSummary } from './demo.js';
import { countyToday, countyYear } from '../platform/county-time.js';

let world: TestWorld;
let summary: DemoSummary;
const year = countyYear();

beforeAll(async () => {
  world = await openTestWorld(await createTestDatabase());
  const result = await seedDemo(world.db, world.config);
  if (!result.seeded) throw new Error(result.reason);
  summary = result.summary;
});
afterAll(() => world?.close());

const count = async (query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(world.db)).rows[0].n;

describe('the demo county', () => {
  it('has the size of Xiajiang', async () => {
    expect(await count(sql`select count(*)::int as n from regions where level = 'township'`)).toBe(11);
    expect(await count(sql`select count(*)::int as n from regions where level = 'village'`)).toBe(96);
    expect(await count(sql`select count(*)::int as n from recipients`)).toBe(421);
    expect(await count(sql`select count(*)::int as n from organisations`)).toBe(1);
    expect(await count(sql`select count(*)::int as n from carers where kind = 'assisted_employment'`)).toBe(52);
    expect(summary).toMatchObject({ townships: 11, villages: 96, recipients: 421, assistedEmploymentCarers: 52, organisations: 1, year });
  });

  it('spreads recipients over every village, mostly active, each with a status history and valid ID number', async () => {
    expect(await count(sql`select count(distinct village_id)::int as n from recipients`)).toBe(96);
    const byStatus = await world.db
      .selectFrom('recipients')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const statuses = Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)]));
    expect(statuses.active).toBe(400);
    expect(statuses.candidate + statuses.verified + statuses.suspended).toBe(21);
    expect(summary.recipientsByStatus).toEqual(statuses);
    const categories = await world.db
      .selectFrom('recipients')
      .select(['eligibility_category', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('eligibility_category')
      .execute();
    const byCategory = Object.fromEntries(categories.map((r) => [r.eligibility_category, Number(r.n)]));
    expect(byCategory.destitute + byCategory.dibao).toBeGreaterThan(421 / 2);
    expect(Object.keys(byCategory)).toHaveLength(7);

    const history = await world.db
      .selectFrom('recipient_status_changes as c')
      .innerJoin('recipients as r', 'r.id', 'c.recipient_id')
      .select(['c.from_status', 'c.to_status', 'r.status', 'c.reason'])
      .execute();
    expect(history).toHaveLength(421);
    expect(history.every((h) => h.from_status === null && h.to_status === h.status && h.reason === '示例数据')).toBe(true);

    const people = await world.db
      .selectFrom('recipients')
      .select(['id_number_ciphertext', 'id_number_masked', 'birth_date', 'gender', 'status', 'service_card_number'])
      .execute();
    for (const p of people) {
      const id = decryptIdNumber(p.id_number_ciphertext, world.config.DATA_KEY);
      expect(idNumberProblem(id)).toBeNull();
      expect(id.slice(6, 14)).toBe(p.birth_date.replaceAll('-', ''));
      expect(Number(id[16]) % 2 === 1 ? 'male' : 'female').toBe(p.gender);
      expect(p.id_number_masked).toMatch(/^3608\*{12}[0-9X]{2}$/);
      expect(p.service_card_number !== null).toBe(p.status === 'active' || p.status === 'suspended');
    }
  });

  it('gives every active recipient a budget account of 2,000 yuan for this year', async () => {
    const programme = await world.db.selectFrom('programme_years').selectAll().where('year', '=', year).executeTakeFirstOrThrow();
    expect(programme.allocation_per_recipient_fen).toBe(200_000);
    expect(programme.county_fund_fen).toBe(40_000_000);
    const accounts = await world.db
      .selectFrom('budget_accounts as b')
      .innerJoin('recipients as r', 'r.id', 'b.recipient_id')
      .select(['b.allocated_fen', 'b.held_fen', 'b.spent_fen', 'b.year', 'r.status'])
      .execute();
    expect(accounts).toHaveLength(400);
    expect(accounts.every((a) => a.allocated_fen === 200_000 && a.held_fen === 0 && a.spent_fen === 0 && a.year === year && a.status === 'active')).toBe(true);
    expect(summary.needsAssessments).toBeGreaterThan(50);
    expect(await count(sql`select count(*)::int as n from assessed_needs`)).toBeGreaterThan(summary.needsAssessments);
  });

  it('has one organisation contracted for every township and category this year', async () => {
    const contract = await world.db
      .selectFrom('contracts as c')
      .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
      .select(['o.name', 'o.credit_code', 'c.id', 'c.starts_on', 'c.ends_on', 'c.fund_fen', 'c.status'])
      .executeTakeFirstOrThrow();
    expect(contract).toMatchObject({ name: DEMO_ORGANISATION, starts_on: `${year}-01-01`, ends_on: `${year}-12-31`, fund_fen: 40_000_000, status: 'active' });
    expect(contract.credit_code).toMatch(/^[0-9A-Z]{18}$/);
    expect(await count(sql`select count(*)::int as n from contract_townships where contract_id = ${contract.id}`)).toBe(11);
    expect(await count(sql`select count(*)::int as n from contract_categories where contract_id = ${contract.id}`)).toBe(5);
  });

  it('has carers with working hours; professionals hold valid qualifications of every kind', async () => {
    const today = countyToday();
    const quals = await world.db
      .selectFrom('carer_qualifications as q')
      .innerJoin('carers as c', 'c.id', 'q.carer_id')
      .select(['q.kind', 'q.expires_on', 'c.kind as carer_kind', 'c.id'])
      .execute();
    expect(quals.every((q) => q.carer_kind === 'professional' && q.expires_on > today)).toBe(true);
    expect(new Set(quals.map((q) => q.kind))).toEqual(new Set(['nursing', 'rehabilitation', 'counselling', 'tutoring', 'social_work']));
    const soon = quals.filter((q) => Date.parse(q.expires_on) - Date.parse(today) < 60 * 86_400_000);
    expect(soon.length).toBeGreaterThanOrEqual(1);
    expect(soon.length).toBeLessThanOrEqual(2);
    const professionals = await count(sql`select count(*)::int as n from carers where kind = 'professional'`);
    expect(professionals).toBeGreaterThanOrEqual(10);
    expect(new Set(quals.map((q) => q.id)).size).toBe(professionals);
    expect(await count(sql`select count(*)::int as n from carers c where not exists (select 1 from carer_working_hours h where h.carer_id = c.id)`)).toBe(0);
    const assistedHours = await sql<{ weekdays: number[]; starts: string; ends: string }>`
      select array_agg(distinct weekday order by weekday) as weekdays, min(starts_at)::text as starts, max(ends_at)::text as ends
      from carer_working_hours h join carers c on c.id = h.carer_id where c.kind = 'assisted_employment'`.execute(world.db);
    expect(assistedHours.rows[0]).toEqual({ weekdays: [1, 2, 3, 4, 5, 6], starts: '08:00:00', ends: '18:00:00' });
    expect(await count(sql`select count(distinct home_village_id)::int as n from carers where kind = 'assisted_employment'`)).toBe(52);
    expect(await count(sql`select count(*)::int as n from carers where kind = 'assisted_employment' and hardship_category is null`)).toBe(0);
  });

  it('pairs each assisted-employment carer with 3 to 8 nearby active recipients', async () => {
    const pairs = await sql<{ carer: number; n: number; townships: number; far: number }>`
      select c.id as carer, count(*)::int as n, count(distinct r.township_id)::int as townships,
             max(abs(r.latitude - v.latitude) + abs(r.longitude - v.longitude)) as far
      from carer_pairings p join carers c on c.id = p.carer_id join recipients r on r.id = p.recipient_id
      join regions v on v.id = c.home_village_id
      where r.status = 'active' and p.ended_on is null group by c.id`.execute(world.db);
    expect(pairs.rows).toHaveLength(52);
    for (const p of pairs.rows) {
      expect(p.n).toBeGreaterThanOrEqual(3);
      expect(p.n).toBeLessThanOrEqual(8);
    }
    expect(pairs.rows.reduce((s, p) => s + p.n, 0)).toBe(summary.pairings);
    // each recipient has at most one paired carer
    expect(await count(sql`select count(*)::int as n from (select recipient_id from carer_pairings group by 1 having count(*) > 1) x`)).toBe(0);
  });

  it('has one sign-in per role (two for finance: four eyes), and README lists them', async () => {
    const users = await world.db.selectFrom('users').select(['username', 'role', 'password_hash']).execute();
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(roles));
    expect(users.map((u) => u.role).sort()).toEqual(demoSignIns.map((u) => u.role).sort());
    expect(new Set(users.map((u) => u.password_hash)).size).toBe(1);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Demo sign-ins'), readme.indexOf('\n## ', readme.indexOf('## Demo sign-ins') + 1));
    const listed = [...section.matchAll(/^\| `([a-z]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(demoSignIns.map((u) => u.username));
    expect(section).toContain(DEMO_PASSWORD);
  });

  it('lets every demo user sign in through the API, with the documented scope', async () => {
    const ME = '{ me { username role township { name } villages { name } organisation { name } recipient { name } } }';
    for (const u of demoSignIns) {
      const token = await world.signIn(u.username, DEMO_PASSWORD);
      const { me } = await world.ok(ME, {}, token);
      expect(me.username).toBe(u.username);
      expect(me.role).toBe(u.role.toUpperCase());
      if (u.username === 'grid') {
        expect(me.township.name).toBe(DEMO_TOWNSHIP);
        expect(me.villages).toHaveLength(3);
      }
      if (u.username === 'township') expect(me.township.name).toBe(DEMO_TOWNSHIP);
      if (u.username === 'dispatcher') expect(me.organisation.name).toBe(DEMO_ORGANISATION);
      if (u.username === 'recipient') expect(me.recipient.name).toBeTruthy();
    }
    const recipient = await sql<{ status: string; township: string; paired: number }>`
      select r.status, t.name as township,
        (select count(*)::int from carer_pairings p join users cu on cu.carer_id = p.carer_id where p.recipient_id = r.id and cu.username = 'carer') as paired
      from users u join recipients r on r.id = u.recipient_id join regions t on t.id = r.township_id where u.username = 'recipient'`.execute(world.db);
    expect(recipient.rows[0]).toEqual({ status: 'active', township: DEMO_TOWNSHIP, paired: 1 });
    const carer = await sql<{ kind: string }>`select c.kind from users u join carers c on c.id = u.carer_id where u.username = 'carer'`.execute(world.db);
    expect(carer.rows[0].kind).toBe('assisted_employment');
  });

  it('refuses to seed a database that already has recipients, writing nothing', async () => {
    const before = await count(sql`select (select count(*) from recipients) + (select count(*) from users) + (select count(*) from carers) as n`);
    const again = await seedDemo(world.db, world.config);
    expect(again.seeded).toBe(false);
    if (!again.seeded) expect(again.reason).toMatch(/already has 421 recipients/);
    expect(await count(sql`select (select count(*) from recipients) + (select count(*) from users) + (select count(*) from carers) as n`)).toBe(before);
  });

  it('is deterministic, and two seedings racing on an empty database seed it once', async () => {
    const other = await createTestDatabase();
    const db = createDatabase(other.url, 4);
    try {
      const results = await Promise.all([seedDemo(db, world.config), seedDemo(db, world.config)]);
      expect(results.filter((r) => r.seeded)).toHaveLength(1);
      expect(
        await db
          .selectFrom('recipients')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ).toEqual({ n: 421 });
      const people = (d: typeof db) =>
        d
          .selectFrom('recipients as r')
          .innerJoin('regions as v', 'v.id', 'r.village_id')
          .select(['r.name', 'r.birth_date', 'r.id_number_digest', 'r.status', 'r.eligibility_category', 'v.code'])
          .orderBy('r.id')
          .execute();
      expect(await people(db)).toEqual(await people(world.db));
    } finally {
      await db.destroy();
      await other.drop();
    }
  });
});
