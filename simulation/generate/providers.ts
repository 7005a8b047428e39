// Who serves: per county one organisation contracted for every township and category (every
// n-th county of a province a second one, for part of the county), its carers (assisted-
// employment carers spread so every township has one, professionals with qualifications),
// their working hours, and each assisted-employment carer paired with nearby recipients.
import type { Database } from '../../server/db/database.js';
import { adultGiven, elderFemale, surnames, DEMO_ORGANISATION, type makeRandom, type Qualification } from '../../server/seed/demo.js';
import { addDays } from '../../server/platform/county-time.js';
import { insertBatches, type PlannedRecipient } from './recipients.js';
import type { Village } from './regions.js';
import type { Size } from './sizes.js';

type Random = ReturnType<typeof makeRandom>;

export interface PlannedOrganisation {
  id: number;
  ordinal: number;
  countyIndex: number;
  townshipIds: number[];
}
export interface PlannedCarer {
  id: number;
  ordinal: number;
  organisationId: number;
  kind: 'assisted_employment' | 'professional';
  village: Village;
  qualifications: Qualification[];
}

const professionalPlan: Qualification[][] = [
  ['nursing'],
  ['nursing'],
  ['nursing', 'rehabilitation'],
  ['rehabilitation'],
  ['rehabilitation'],
  ['counselling'],
  ['counselling', 'social_work'],
  ['tutoring'],
  ['tutoring'],
  ['tutoring', 'counselling'],
  ['social_work'],
  ['social_work'],
];
const certificatePrefix: Record<Qualification, string> = { nursing: 'HS', rehabilitation: 'KF', counselling: 'XL', tutoring: 'JS', social_work: 'SG' };
const hardship: [string, number][] = [
  ['dibao', 45],
  ['dibao_edge', 20],
  ['rigid_expenditure', 10],
  ['relapse_monitoring', 15],
  ['other_low_income', 10],
];

/** n items split over `parts` as evenly as possible (the first parts get the remainder). */
const share = (n: number, parts: number, i: number) => Math.floor(n / parts) + (i < n % parts ? 1 : 0);

export async function writeOrganisations(db: Database, size: Size, villages: Village[], year: number): Promise<PlannedOrganisation[]> {
  const townshipsOf = (county: number) => [...new Set(villages.filter((v) => v.countyIndex === county).map((v) => v.townshipId))];
  const plans: { county: number; townships: number[]; categories: 'all' | 'daily_and_health'; name: string; code: string }[] = [];
  for (let county = 0; county < size.counties; county++) {
    const code = villages.find((v) => v.countyIndex === county)!.countyCode;
    const townships = townshipsOf(county);
    plans.push({ county, townships, categories: 'all', code, name: county === 0 ? DEMO_ORGANISATION : `暖心社会工作服务中心（${code}）` });
    if (size.secondOrganisationEvery && county % size.secondOrganisationEvery === size.secondOrganisationEvery - 1) {
      plans.push({
        county,
        townships: townships.slice(0, Math.ceil(townships.length / 2)),
        categories: 'daily_and_health',
        code,
        name: `乐邻居家养老服务社（${code}）`,
      });
    }
  }
  const orgs = await insertBatches(
    plans.map((p, i) => ({
      name: p.name,
      credit_code: `52${p.code}MJ${String(i + 1).padStart(8, '0')}`,
      contact_name: '主任',
      phone: `0796-${String(3_600_000 + i)}`,
      address: `${p.code}县城`,
    })),
    (b) =>
      db
        .insertInto('organisations')
        .values(b as never)
        .returning(['id', 'name'])
        .execute(),
  );
  const orgId = new Map(orgs.map((o) => [o.name, o.id]));
  const contracts = await insertBatches(
    plans.map((p, i) => ({
      organisation_id: orgId.get(p.name)!,
      contract_number: `SIM-${year}-${String(i + 1).padStart(4, '0')}`,
      starts_on: `${year}-01-01`,
      ends_on: `${year}-12-31`,
      fund_fen: 40_000_000,
    })),
    (b) =>
      db
        .insertInto('contracts')
        .values(b as never)
        .returning(['id', 'contract_number'])
        .execute(),
  );
  const categories = await db.selectFrom('service_categories').select(['id', 'code']).orderBy('sort_order').execute();
  const daily = categories.slice(0, 2).map((c) => c.id); // 生活照料, 健康护理
  await insertBatches(
    plans.flatMap((p, i) => p.townships.map((t) => ({ contract_id: contracts[i].id, township_id: t }))),
    (b) =>
      db
        .insertInto('contract_townships')
        .values(b as never)
        .execute()
        .then(() => []),
  );
  await insertBatches(
    plans.flatMap((p, i) => (p.categories === 'all' ? categories.map((c) => c.id) : daily).map((c) => ({ contract_id: contracts[i].id, category_id: c }))),
    (b) =>
      db
        .insertInto('contract_categories')
        .values(b as never)
        .execute()
        .then(() => []),
  );
  return plans.map((p, i) => ({ id: orgId.get(p.name)!, ordinal: i, countyIndex: p.county, townshipIds: p.townships }));
}

export async function writeCarers(
  db: Database,
  rnd: Random,
  size: Size,
  villages: Village[],
  orgs: PlannedOrganisation[],
  year: number,
): Promise<PlannedCarer[]> {
  const planned: Omit<PlannedCarer, 'id'>[] = [];
  for (let county = 0; county < size.counties; county++) {
    const here = villages.filter((v) => v.countyIndex === county);
    const [main, second] = orgs.filter((o) => o.countyIndex === county);
    const townships = [...new Set(here.map((v) => v.townshipId))];
    const firstPicks = townships.map((t) => rnd.pick(here.filter((v) => v.townshipId === t)));
    const assisted = share(size.assistedCarers, size.counties, county);
    const homes = [...firstPicks, ...rnd.shuffle(here.filter((v) => !firstPicks.includes(v)))].slice(0, assisted);
    while (homes.length < assisted) homes.push(rnd.pick(here));
    const employer = (v: Village) => (second?.townshipIds.includes(v.townshipId) && rnd.random() < 0.4 ? second : main);
    for (const village of homes)
      planned.push({ ordinal: planned.length, organisationId: employer(village).id, kind: 'assisted_employment', village, qualifications: [] });
    for (let i = 0; i < share(size.professionalCarers, size.counties, county); i++) {
      const village = rnd.pick(here);
      planned.push({
        ordinal: planned.length,
        organisationId: employer(village).id,
        kind: 'professional',
        village,
        qualifications: professionalPlan[i % professionalPlan.length],
      });
    }
  }
  const rows = planned.map((c) => ({
    organisation_id: c.organisationId,
    name: rnd.pick(surnames) + rnd.pick(c.kind === 'professional' ? adultGiven : [...elderFemale.slice(0, 8), ...adultGiven]),
    phone: `1${rnd.int(30, 99)}9${String(c.ordinal).padStart(7, '0')}`,
    kind: c.kind,
    home_village_id: c.village.id,
    hardship_category: c.kind === 'assisted_employment' ? rnd.weighted(hardship) : null,
  }));
  const idOfPhone = new Map(
    (
      await insertBatches(rows, (b) =>
        db
          .insertInto('carers')
          .values(b as never)
          .returning(['id', 'phone'])
          .execute(),
      )
    ).map((c) => [c.phone!, c.id]),
  );
  const carers = planned.map((c, i) => ({ ...c, id: idOfPhone.get(rows[i].phone)! }));

  const yearStart = `${year}-01-01`;
  await insertBatches(
    carers.flatMap((c) =>
      c.qualifications.map((kind) => {
        const expires = addDays(yearStart, rnd.int(500, 1500));
        return {
          carer_id: c.id,
          kind,
          certificate_number: `${certificatePrefix[kind]}${year - rnd.int(1, 4)}${String(rnd.int(0, 999_999)).padStart(6, '0')}`,
          issued_on: addDays(expires, -5 * 365),
          expires_on: expires,
        };
      }),
    ),
    (b) =>
      db
        .insertInto('carer_qualifications')
        .values(b as never)
        .execute()
        .then(() => []),
  );
  const hours = (carer: number, days: number[], starts: string, ends: string) =>
    days.map((weekday) => ({ carer_id: carer, weekday, starts_at: starts, ends_at: ends }));
  await insertBatches(
    carers.flatMap((c) =>
      c.kind === 'assisted_employment'
        ? hours(c.id, [1, 2, 3, 4, 5, 6], '08:00', '18:00')
        : [...hours(c.id, [1, 2, 3, 4, 5], '08:30', '17:30'), ...(c.ordinal % 3 === 0 ? hours(c.id, [6], '09:00', '12:00') : [])],
    ),
    (b) =>
      db
        .insertInto('carer_working_hours')
        .values(b as never)
        .execute()
        .then(() => []),
  );
  return carers;
}

/** Each assisted-employment carer with 3 to 8 of the nearest unpaired active adults of their township. */
export async function writePairings(db: Database, rnd: Random, carers: PlannedCarer[], recipients: PlannedRecipient[], year: number): Promise<number> {
  const byTownship = new Map<number, PlannedRecipient[]>();
  for (const r of recipients) if (r.status === 'active' && !r.child) byTownship.set(r.village.townshipId, [...(byTownship.get(r.village.townshipId) ?? []), r]);
  const distance = (a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) =>
    (a.latitude - b.latitude) ** 2 + ((a.longitude - b.longitude) * Math.cos((a.latitude * Math.PI) / 180)) ** 2;
  const paired = new Set<number>();
  const rows: { carer_id: number; recipient_id: number; started_on: string }[] = [];
  for (const carer of carers.filter((c) => c.kind === 'assisted_employment')) {
    const want = rnd.int(3, 8);
    const nearest = (byTownship.get(carer.village.townshipId) ?? [])
      .filter((r) => !paired.has(r.id))
      .sort((a, b) => distance(carer.village, a) - distance(carer.village, b) || a.id - b.id)
      .slice(0, want);
    for (const r of nearest) {
      paired.add(r.id);
      rows.push({ carer_id: carer.id, recipient_id: r.id, started_on: `${year}-01-01` });
    }
  }
  await insertBatches(rows, (b) =>
    db
      .insertInto('carer_pairings')
      .values(b as never)
      .execute()
      .then(() => []),
  );
  return rows.length;
}
