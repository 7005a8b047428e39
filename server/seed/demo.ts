// The demo county: Xiajiang at its real size (DOMAIN.md), seeded on an empty database by
// `npm start` (SEED_DEMO) or `npm run seed`. Deterministic (one seeded random stream; only
// dates follow today's date and ciphertexts their random IVs), set-based (one multi-row insert
// per table) and in one transaction under an advisory lock, so two instances starting at once
// cannot seed twice. Every demo sign-in uses the password DEMO_PASSWORD.
import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { hashPassword } from '../auth/passwords.js';
import type { Role } from '../auth/roles.js';
import { seededRandom } from '../regions/reference-data.js';
import { makeIdNumber, protectIdNumber } from '../registry/id-number.js';
import { sealCardCode } from '../registry/service-cards.js';
import { addDays, countyToday, daysBetween } from '../platform/county-time.js';
import { postAllocations } from '../ledger/ledger.js';
import { now as clockNow } from '../platform/clock.js';
import { actingAs } from '../audit/acting.js';

export const DEMO_PASSWORD = 'nuanxin-demo';
export const DEMO_ORGANISATION = '峡江县暖心社会工作服务中心';
export const DEMO_TOWNSHIP = '水边镇';

/**
 * One sign-in per role, and a second finance officer (the cashier): whoever approves a
 * statement does not record its payment. README.md's "Demo sign-ins" table lists exactly these.
 */
export const demoSignIns = [
  { username: 'admin', role: 'county_admin', displayName: '县民政局管理员', scope: 'the whole county' },
  { username: 'hotline', role: 'hotline_operator', displayName: '热线话务员小周', scope: 'the whole county' },
  { username: 'grid', role: 'grid_worker', displayName: '网格员小刘', scope: `three villages of ${DEMO_TOWNSHIP}` },
  { username: 'township', role: 'township_staff', displayName: `${DEMO_TOWNSHIP}民政服务站`, scope: DEMO_TOWNSHIP },
  { username: 'dispatcher', role: 'dispatcher', displayName: '派单员小陈', scope: DEMO_ORGANISATION },
  { username: 'carer', role: 'carer', displayName: '', scope: 'an assisted-employment carer' },
  { username: 'evaluator', role: 'evaluator', displayName: '第三方评估员', scope: 'read access for scoring' },
  { username: 'finance', role: 'finance', displayName: '财务审核员', scope: 'budgets and settlements' },
  {
    username: 'cashier',
    role: 'finance',
    displayName: '财务出纳',
    scope: 'budgets and settlements: records the payment of statements another officer approved',
  },
  { username: 'recipient', role: 'recipient', displayName: '', scope: `an active recipient of ${DEMO_TOWNSHIP}` },
] as const satisfies readonly { username: string; role: Role; displayName: string; scope: string }[];

export interface DemoSummary {
  year: number;
  townships: number;
  villages: number;
  households: number;
  recipients: number;
  recipientsByStatus: Record<string, number>;
  budgetAccounts: number;
  allocationPerRecipientFen: number;
  needsAssessments: number;
  organisations: number;
  contracts: number;
  assistedEmploymentCarers: number;
  professionalCarers: number;
  qualifications: number;
  pairings: number;
  users: number;
}

type SeedDemoResult = { seeded: true; summary: DemoSummary } | { seeded: false; reason: string };

// Sizes (DOMAIN.md): 421 people on the list, 52 assisted-employment carers.
const RECIPIENTS = 421;
const STATUS_PLAN = { active: 400, candidate: 8, verified: 7, suspended: 6 } as const;
const ASSISTED_CARERS = 52;
const ALLOCATION_PER_RECIPIENT_FEN = 200_000; // 2,000 yuan
const COUNTY_FUND_FEN = 40_000_000; // 400,000 yuan
const REGION6 = '360823';
const SEED = 20_261_123;
const LOCK_KEY = 73_616_001; // pg_advisory_xact_lock: one demo seeding at a time

type Category = 'dibao' | 'dibao_edge' | 'rigid_expenditure' | 'relapse_monitoring' | 'destitute' | 'scattered_orphan' | 'unsupported_child';
export type Disability = 'none' | 'semi_disabled' | 'disabled';
export type Qualification = 'nursing' | 'rehabilitation' | 'counselling' | 'tutoring' | 'social_work';

const categoryWeights: [Category, number][] = [
  ['destitute', 34],
  ['dibao', 34],
  ['dibao_edge', 9],
  ['rigid_expenditure', 6],
  ['relapse_monitoring', 8],
  ['scattered_orphan', 4],
  ['unsupported_child', 5],
];
const householdCategories = new Set<Category>(['dibao', 'dibao_edge', 'rigid_expenditure', 'relapse_monitoring']);
const childCategories = new Set<Category>(['scattered_orphan', 'unsupported_child']);

export const surnames = '刘李王张陈杨黄周吴胡曾邓肖罗彭郭谢徐欧钟熊袁朱廖'.split('');
export const elderMale = ['根生', '福生', '春生', '水生', '金保', '德明', '国华', '永康', '长庚', '木根', '发财', '家旺', '明亮', '细根', '火生', '建国'];
export const elderFemale = ['秀英', '桂英', '冬梅', '玉兰', '春花', '金莲', '月娥', '凤英', '菊香', '梅香', '满秀', '细妹', '桂兰', '水莲', '翠英', '荷花'];
const childMale = ['浩然', '俊杰', '梓轩', '宇航', '子豪', '家乐', '一鸣', '博文', '晨阳', '天佑'];
const childFemale = ['子涵', '欣怡', '雨萱', '思琪', '佳怡', '梦瑶', '诗雨', '可欣', '雨桐', '紫萱'];
export const adultGiven = ['小燕', '海波', '丽萍', '建华', '红梅', '志强', '晓东', '美华', '卫东', '春燕', '文斌', '秋菊', '军', '芳', '勇', '静'];
const mobilePrefixes = [
  '130',
  '131',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '157',
  '158',
  '159',
  '177',
  '180',
  '181',
  '182',
  '187',
  '188',
  '189',
  '191',
  '199',
];

interface Village {
  id: number;
  code: string;
  name: string;
  latitude: number;
  longitude: number;
  townshipId: number;
  townshipName: string;
}

/** The demo's seeded random helpers (the generator in simulation/ uses them with its own seed). */
export function makeRandom(seed = SEED) {
  const random = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const weighted = <T>(entries: [T, number][]): T => {
    let r = random() * entries.reduce((s, [, w]) => s + w, 0);
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1][0];
  };
  const shuffle = <T>(list: readonly T[]): T[] => {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  const usedPhones = new Set<string>();
  const phone = () => {
    for (;;) {
      const p = `${pick(mobilePrefixes)}${String(int(0, 99_999_999)).padStart(8, '0')}`;
      if (!usedPhones.has(p)) {
        usedPhones.add(p);
        return p;
      }
    }
  };
  return { random, int, pick, weighted, shuffle, phone };
}

/** One person on the list, drawn as the demo county draws them (the generator in simulation/ draws the same way). */
export function drawPerson(rnd: ReturnType<typeof makeRandom>, year: number) {
  const category = rnd.weighted(categoryWeights);
  const child = childCategories.has(category);
  const male = rnd.random() < (child ? 0.5 : 0.45);
  const age = child ? rnd.int(4, 16) : category === 'destitute' ? rnd.int(60, 92) : rnd.int(45, 88);
  const disability: Disability = householdCategories.has(category)
    ? rnd.random() < 0.6
      ? 'semi_disabled'
      : 'disabled'
    : rnd.weighted<Disability>(
        child
          ? [
              ['none', 85],
              ['semi_disabled', 10],
              ['disabled', 5],
            ]
          : [
              ['none', 40],
              ['semi_disabled', 35],
              ['disabled', 25],
            ],
      );
  const surname = rnd.pick(surnames);
  const name = surname + (child ? rnd.pick(male ? childMale : childFemale) : rnd.pick(male ? elderMale : elderFemale));
  const birthDate = `${year - age}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`;
  return { category, child, male, disability, surname, name, birthDate };
}

/** Why the demo cannot be seeded into this database, or null. */
async function demoConflict(db: Database): Promise<string | null> {
  const [{ n: recipients }] = await db
    .selectFrom('recipients')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .execute();
  if (Number(recipients) > 0) return `the database already has ${recipients} recipients (the demo county is seeded only into an empty database)`;
  const taken = await db
    .selectFrom('users')
    .select('username')
    .where(
      'username',
      'in',
      demoSignIns.map((u) => u.username),
    )
    .execute();
  if (taken.length) return `demo usernames already exist: ${taken.map((u) => u.username).join(', ')}`;
  const org = await db.selectFrom('organisations').select('id').where('name', '=', DEMO_ORGANISATION).executeTakeFirst();
  if (org) return `the organisation ${DEMO_ORGANISATION} already exists`;
  return null;
}

/**
 * Seeds the demo county into a database that has its reference data but no recipients.
 * Returns `{ seeded: false, reason }` (and writes nothing) when the database is not empty.
 */
export async function seedDemo(db: Database, config: Pick<Config, 'DATA_KEY'>, now = clockNow()): Promise<SeedDemoResult> {
  const passwordHash = await hashPassword(DEMO_PASSWORD); // once, reused by every demo user
  return actingAs({ kind: 'system', operation: 'seed-demo' }, () =>
    db.transaction().execute(async (trx): Promise<SeedDemoResult> => {
      await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
      const conflict = await demoConflict(trx);
      if (conflict) return { seeded: false, reason: conflict };
      return { seeded: true, summary: await insertDemo(trx, config.DATA_KEY, passwordHash, now) };
    }),
  );
}

async function insertDemo(db: Database, dataKey: string, passwordHash: string, now: Date): Promise<DemoSummary> {
  const rnd = makeRandom();
  const today = countyToday(now);
  const year = Number(today.slice(0, 4));
  const yearStart = `${year}-01-01`;

  // ---- regions (loaded by loadReferenceData) ----
  const villages: Village[] = await db
    .selectFrom('regions as v')
    .innerJoin('regions as t', 't.id', 'v.parent_id')
    .select(['v.id', 'v.code', 'v.name', 'v.latitude', 'v.longitude', 't.id as townshipId', 't.name as townshipName'])
    .where('v.level', '=', 'village')
    .orderBy('t.sort_order')
    .orderBy('t.id')
    .orderBy('v.sort_order')
    .orderBy('v.id')
    .execute();
  if (!villages.length) throw new Error('No villages: load the reference data (npm run migrate) before seeding the demo county.');
  const townships = [...new Map(villages.map((v) => [v.townshipId, v.townshipName])).entries()].map(([id, name]) => ({ id, name }));
  const demoTownship = townships.find((t) => t.name === DEMO_TOWNSHIP) ?? townships[0];
  const categories = await db.selectFrom('service_categories').select('id').orderBy('sort_order').execute();
  const items = await db.selectFrom('service_items').select(['id', 'code', 'name_zh']).execute();
  const itemByCode = new Map(items.map((i) => [i.code, i]));

  // ---- programme year ----
  await db
    .insertInto('programme_years')
    .values({ year, allocation_per_recipient_fen: ALLOCATION_PER_RECIPIENT_FEN, county_fund_fen: COUNTY_FUND_FEN })
    .onConflict((oc) => oc.column('year').doNothing())
    .execute();
  const programme = await db.selectFrom('programme_years').selectAll().where('year', '=', year).executeTakeFirstOrThrow();

  // ---- recipients, planned in memory: 4 or 5 per village ----
  const villageOf: Village[] = [];
  const base = Math.floor(RECIPIENTS / villages.length);
  villages.forEach((v) => {
    for (let i = 0; i < base; i++) villageOf.push(v);
  });
  for (const v of rnd.shuffle(villages).slice(0, RECIPIENTS - villageOf.length)) villageOf.push(v);
  villageOf.sort((a, b) => villages.indexOf(a) - villages.indexOf(b));

  const statuses = rnd.shuffle(Object.entries(STATUS_PLAN).flatMap(([s, n]) => Array<string>(n).fill(s)));
  const usedIds = new Set<string>();
  let cardSeq = 0;
  let lastHousehold: { key: string; village: Village; category: Category } | null = null;
  const households = new Map<string, { household_number: string; head_name: string; village_id: number; address: string }>();
  const householdCountByVillage = new Map<number, number>();

  const planned = villageOf.map((village, i) => {
    const { category, child, male, disability, surname, name, birthDate } = drawPerson(rnd, year);
    let seq = (i * 37 + 11) % 1000;
    let idNumber = makeIdNumber(REGION6, birthDate, seq, male);
    while (usedIds.has(idNumber)) {
      seq += 2;
      idNumber = makeIdNumber(REGION6, birthDate, seq, male);
    }
    usedIds.add(idNumber);

    // an elderly couple in a dibao-type household share it now and then
    let householdKey: string;
    let relation = 'self';
    if (
      householdCategories.has(category) &&
      lastHousehold &&
      lastHousehold.village === village &&
      householdCategories.has(lastHousehold.category) &&
      rnd.random() < 0.15
    ) {
      householdKey = lastHousehold.key;
      relation = 'spouse';
      lastHousehold = null;
    } else {
      const n = (householdCountByVillage.get(village.id) ?? 0) + 1;
      householdCountByVillage.set(village.id, n);
      householdKey = `${village.code}-${String(n).padStart(3, '0')}`;
      const head = child ? `${surname}${rnd.pick(elderMale)}` : name;
      if (child) relation = category === 'scattered_orphan' ? 'grandchild' : 'child';
      households.set(householdKey, {
        household_number: `HH${householdKey}`,
        head_name: head,
        village_id: village.id,
        address: `${village.townshipName}${village.name}${rnd.int(1, 120)}号`,
      });
      lastHousehold = { key: householdKey, village, category };
    }
    const status = statuses[i];
    const carded = status === 'active' || status === 'suspended';
    return {
      category,
      disability,
      child,
      village,
      householdKey,
      idNumber,
      status,
      row: {
        name,
        gender: male ? 'male' : 'female',
        birth_date: birthDate,
        ...protectIdNumber(idNumber, dataKey),
        eligibility_category: category,
        disability_level: disability,
        relation_to_head: relation,
        village_id: village.id,
        township_id: village.townshipId,
        address: households.get(householdKey)!.address,
        latitude: Math.round((village.latitude + (rnd.random() - 0.5) * 0.01) * 1e6) / 1e6,
        longitude: Math.round((village.longitude + (rnd.random() - 0.5) * 0.01) * 1e6) / 1e6,
        phone: rnd.phone(),
        service_card_number: carded ? `XJFW${String(++cardSeq).padStart(5, '0')}` : null,
        service_card_issued_at: carded ? new Date(`${yearStart}T09:00:00+08:00`) : null,
        card_code_encrypted: carded ? sealCardCode(String(rnd.int(0, 999_999)).padStart(6, '0'), dataKey) : null,
        status,
      },
    };
  });

  const householdRows = await db
    .insertInto('households')
    .values([...households.values()])
    .returning(['id', 'household_number'])
    .execute();
  const householdId = new Map(householdRows.map((h) => [h.household_number, h.id]));
  const recipientRows = await db
    .insertInto('recipients')
    .values(planned.map((p) => ({ ...p.row, household_id: householdId.get(`HH${p.householdKey}`)! })))
    .returning(['id', 'id_number_digest'])
    .execute();
  const recipientId = new Map(recipientRows.map((r) => [r.id_number_digest, r.id]));
  const recipients = planned.map((p) => ({ ...p, id: recipientId.get(p.row.id_number_digest)! }));
  const active = recipients.filter((r) => r.status === 'active');

  await db
    .insertInto('recipient_status_changes')
    .values(recipients.map((r) => ({ recipient_id: r.id, action: 'import', from_status: null, to_status: r.status, channel: 'system', reason: '示例数据' })))
    .execute();
  await db
    .insertInto('budget_accounts')
    .values(active.map((r) => ({ recipient_id: r.id, year, allocated_fen: programme.allocation_per_recipient_fen })))
    .execute();
  await postAllocations(db, year);

  // ---- the contracted organisation ----
  const org = await db
    .insertInto('organisations')
    .values({ name: DEMO_ORGANISATION, credit_code: '52360823MJ4527816H', contact_name: '刘主任', phone: '0796-3612345', address: '峡江县水边镇玉峡大道88号' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contract = await db
    .insertInto('contracts')
    .values({ organisation_id: org.id, contract_number: `XJ-${year}-001`, starts_on: yearStart, ends_on: `${year}-12-31`, fund_fen: programme.county_fund_fen })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('contract_townships')
    .values(townships.map((t) => ({ contract_id: contract.id, township_id: t.id })))
    .execute();
  await db
    .insertInto('contract_categories')
    .values(categories.map((c) => ({ contract_id: contract.id, category_id: c.id })))
    .execute();

  // ---- carers: 52 assisted-employment (one village each, every township covered), ~12 professional ----
  const byTownship = townships.map((t) => rnd.shuffle(villages.filter((v) => v.townshipId === t.id)));
  const firstPicks = byTownship.map((vs) => vs[0]);
  const assistedVillages = [...firstPicks, ...rnd.shuffle(villages.filter((v) => !firstPicks.includes(v))).slice(0, ASSISTED_CARERS - firstPicks.length)].sort(
    (a, b) => villages.indexOf(a) - villages.indexOf(b),
  );
  const hardship = [
    ['dibao', 45],
    ['dibao_edge', 20],
    ['rigid_expenditure', 10],
    ['relapse_monitoring', 15],
    ['other_low_income', 10],
  ] as [string, number][];
  const assisted = assistedVillages.map((village) => ({
    village,
    row: {
      organisation_id: org.id,
      name: rnd.pick(surnames) + rnd.pick([...elderFemale.slice(0, 8), ...adultGiven]),
      phone: rnd.phone(),
      kind: 'assisted_employment',
      home_village_id: village.id,
      hardship_category: rnd.weighted(hardship),
    },
  }));
  const professionalPlan: { quals: Qualification[] }[] = [
    { quals: ['nursing'] },
    { quals: ['nursing'] },
    { quals: ['nursing', 'rehabilitation'] },
    { quals: ['rehabilitation'] },
    { quals: ['rehabilitation'] },
    { quals: ['counselling'] },
    { quals: ['counselling', 'social_work'] },
    { quals: ['tutoring'] },
    { quals: ['tutoring'] },
    { quals: ['tutoring', 'counselling'] },
    { quals: ['social_work'] },
    { quals: ['social_work'] },
  ];
  const professionals = professionalPlan.map((plan, i) => {
    const village = byTownship[i % byTownship.length][1] ?? byTownship[i % byTownship.length][0];
    return {
      plan,
      row: {
        organisation_id: org.id,
        name: rnd.pick(surnames) + rnd.pick(adultGiven),
        phone: rnd.phone(),
        kind: 'professional',
        home_village_id: village.id,
        hardship_category: null,
      },
    };
  });
  const carerRows = await db
    .insertInto('carers')
    .values([...assisted.map((c) => c.row), ...professionals.map((c) => c.row)])
    .returning(['id', 'phone'])
    .execute();
  const carerId = new Map(carerRows.map((c) => [c.phone!, c.id]));

  const certificatePrefix: Record<Qualification, string> = { nursing: 'HS', rehabilitation: 'KF', counselling: 'XL', tutoring: 'JS', social_work: 'SG' };
  const qualificationRows = professionals.flatMap((p, i) =>
    p.plan.quals.map((kind, q) => {
      // two certificates run out soon, so the expiry warning has something to show
      const expires = i === 0 && q === 0 ? addDays(today, 20) : i === 6 && q === 0 ? addDays(today, 45) : addDays(today, rnd.int(200, 1500));
      return {
        carer_id: carerId.get(p.row.phone)!,
        kind,
        certificate_number: `${certificatePrefix[kind]}${year - rnd.int(2, 6)}${String(rnd.int(0, 999_999)).padStart(6, '0')}`,
        issued_on: addDays(expires, -5 * 365),
        expires_on: expires,
      };
    }),
  );
  await db.insertInto('carer_qualifications').values(qualificationRows).execute();

  const hours = (carer: number, days: number[], starts: string, ends: string) =>
    days.map((weekday) => ({ carer_id: carer, weekday, starts_at: starts, ends_at: ends }));
  await db
    .insertInto('carer_working_hours')
    .values([
      ...assisted.flatMap((c) => hours(carerId.get(c.row.phone)!, [1, 2, 3, 4, 5, 6], '08:00', '18:00')),
      ...professionals.flatMap((c, i) => [
        ...hours(carerId.get(c.row.phone)!, [1, 2, 3, 4, 5], '08:30', '17:30'),
        ...(i % 3 === 0 ? hours(carerId.get(c.row.phone)!, [6], '09:00', '12:00') : []),
      ]),
    ])
    .execute();

  // ---- pairings: each assisted-employment carer with 3 to 8 of the nearest unpaired adults ----
  const distance = (a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) =>
    (a.latitude - b.latitude) ** 2 + ((a.longitude - b.longitude) * Math.cos((a.latitude * Math.PI) / 180)) ** 2;
  const unpaired = new Set(active.filter((r) => !r.child));
  const pairings: { carer_id: number; recipient_id: number; started_on: string }[] = [];
  const pairedWith = new Map<number, typeof active>();
  for (const carer of assisted) {
    const want = rnd.int(3, 8);
    const nearest = [...unpaired].sort((a, b) => distance(carer.village, a.row) - distance(carer.village, b.row) || a.id - b.id).slice(0, want);
    const id = carerId.get(carer.row.phone)!;
    pairedWith.set(id, nearest);
    for (const r of nearest) {
      unpaired.delete(r);
      pairings.push({ carer_id: id, recipient_id: r.id, started_on: yearStart });
    }
  }
  await db.insertInto('carer_pairings').values(pairings).execute();

  // ---- needs assessments (救助会诊) for about 40% of active recipients ----
  const assessed = active.filter(() => rnd.random() < 0.4);
  const assessmentRows = await db
    .insertInto('needs_assessments')
    .values(
      assessed.map((r) => ({
        recipient_id: r.id,
        assessed_on: addDays(yearStart, rnd.int(0, Math.max(0, daysBetween(yearStart, today)))),
        participants: '乡镇民政服务站、村民政服务点协理员、社会组织社工、家属',
        summary: r.child
          ? '困境儿童，需要学业辅导和心理关爱'
          : r.disability === 'disabled'
            ? '失能，行动困难，需要上门照料和护理'
            : r.disability === 'semi_disabled'
              ? '半失能，需要生活照料'
              : '独居老人，需要日常照料和陪伴',
      })),
    )
    .returning(['id', 'recipient_id'])
    .execute();
  const assessmentOf = new Map(assessmentRows.map((a) => [a.recipient_id, a.id]));
  const needsFor = (r: (typeof active)[number]): string[] => {
    if (r.child) return rnd.shuffle(['study_tutoring', 'psychological_counselling', 'companionship']).slice(0, 2);
    const daily = rnd.shuffle(['meal_help', 'home_cleaning', 'laundry', 'haircut', 'shopping', 'companionship']).slice(0, rnd.int(1, 3));
    const health =
      r.disability === 'disabled'
        ? [rnd.pick(['home_nursing', 'rehabilitation', 'bathing'])]
        : r.disability === 'semi_disabled'
          ? [rnd.pick(['health_check', 'clinic_escort', 'medication_guidance'])]
          : [];
    return [...daily, ...health];
  };
  const needRows = assessed.flatMap((r) =>
    needsFor(r).flatMap((code) => {
      const item = itemByCode.get(code);
      return item ? [{ assessment_id: assessmentOf.get(r.id)!, service_item_id: item.id, times_per_month: rnd.int(1, 8), note: '' }] : [];
    }),
  );
  if (needRows.length) await db.insertInto('assessed_needs').values(needRows).execute();

  // ---- users: one per role ----
  const demoVillages = villages.filter((v) => v.townshipId === demoTownship.id);
  const carerInDemoTownship = assisted.find((c) => c.village.townshipId === demoTownship.id && (pairedWith.get(carerId.get(c.row.phone)!)?.length ?? 0) > 0)!;
  const carerUserCarer = carerId.get(carerInDemoTownship.row.phone)!;
  const recipientUser =
    pairedWith.get(carerUserCarer)!.find((r) => r.village.townshipId === demoTownship.id) ?? active.find((r) => r.village.townshipId === demoTownship.id)!;
  const gridVillages = [recipientUser.village, ...demoVillages.filter((v) => v !== recipientUser.village)].slice(0, 3);
  const scopeOf: Record<(typeof demoSignIns)[number]['username'], Record<string, number | string>> = {
    admin: {},
    hotline: {},
    evaluator: {},
    finance: {},
    cashier: {},
    grid: { township_id: demoTownship.id },
    township: { township_id: demoTownship.id },
    dispatcher: { organisation_id: org.id },
    carer: { carer_id: carerUserCarer, display_name: carerInDemoTownship.row.name, phone: carerInDemoTownship.row.phone },
    recipient: { recipient_id: recipientUser.id, display_name: recipientUser.row.name, phone: recipientUser.row.phone },
  };
  const userRows = await db
    .insertInto('users')
    .values(demoSignIns.map((u) => ({ username: u.username, password_hash: passwordHash, display_name: u.displayName, role: u.role, ...scopeOf[u.username] })))
    .returning(['id', 'username'])
    .execute();
  const gridUser = userRows.find((u) => u.username === 'grid')!;
  await db
    .insertInto('grid_worker_villages')
    .values(gridVillages.map((v) => ({ user_id: gridUser.id, village_id: v.id })))
    .execute();

  const recipientsByStatus: Record<string, number> = {};
  for (const r of recipients) recipientsByStatus[r.status] = (recipientsByStatus[r.status] ?? 0) + 1;
  return {
    year,
    townships: townships.length,
    villages: villages.length,
    households: householdRows.length,
    recipients: recipients.length,
    recipientsByStatus,
    budgetAccounts: active.length,
    allocationPerRecipientFen: programme.allocation_per_recipient_fen,
    needsAssessments: assessmentRows.length,
    organisations: 1,
    contracts: 1,
    assistedEmploymentCarers: assisted.length,
    professionalCarers: professionals.length,
    qualifications: qualificationRows.length,
    pairings: pairings.length,
    users: userRows.length,
  };
}

/** The summary as printed by `npm start` and `npm run seed`. */
export function formatDemoSummary(s: DemoSummary): string {
  const statuses = Object.entries(s.recipientsByStatus)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  return [
    `Demo county seeded (programme year ${s.year}):`,
    `  ${s.townships} townships, ${s.villages} villages`,
    `  ${s.recipients} recipients (${statuses}) in ${s.households} households`,
    `  ${s.budgetAccounts} budget accounts of ${s.allocationPerRecipientFen / 100} yuan, ${s.needsAssessments} needs assessments`,
    `  ${s.organisations} organisation with ${s.contracts} contract; ${s.assistedEmploymentCarers} assisted-employment carers, ` +
      `${s.professionalCarers} professional carers (${s.qualifications} qualifications), ${s.pairings} carer pairings`,
    `  ${s.users} demo sign-ins`,
  ].join('\n');
}

/** The demo sign-ins as a small table (all share DEMO_PASSWORD). */
export function formatDemoSignIns(): string {
  const width = Math.max(...demoSignIns.map((u) => u.username.length));
  return [`Demo sign-ins (password: ${DEMO_PASSWORD}):`, ...demoSignIns.map((u) => `  ${u.username.padEnd(width)}  ${u.role.padEnd(16)}  ${u.scope}`)].join(
    '\n',
  );
}
