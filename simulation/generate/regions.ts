// The counties a size needs: Xiajiang from the reference data (loaded by migrate), and for a
// province 99 more, generated from the seed (names, 8 to 12 townships of 6 to 12 villages,
// coordinates inside Jiangxi) and written set-based: one insert per level.
import type { Database } from '../../server/db/database.js';
import type { makeRandom } from '../../server/seed/demo.js';

export interface Village {
  id: number;
  latitude: number;
  longitude: number;
  townshipId: number;
  townshipName: string;
  townshipCode: string;
  countyIndex: number;
  countyCode: string;
  name: string;
}

type Random = ReturnType<typeof makeRandom>;

const XIAJIANG = '360823';
const countyFirst = '安永新宁兴德广丰吉泰万遂乐崇瑞会定石上金铜宜';
const countySecond = '福丰远平江川阳城源安昌都和义山溪';
const townSuffix = ['镇', '镇', '镇', '乡'];
const villageFirst = '东西南北上下新石枫桥沙坪塘岭湖林田山溪江'.split('');
const villageSecond = '坑头口背村坊湾源洲塘边岗陂圳'.split('');

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Generated county `index` (1…): its code is 369 + three digits, never a real Jiangxi code of the reference data. */
const countyCode = (index: number) => `369${String(index).padStart(3, '0')}`;

async function insertGeneratedCounties(db: Database, rnd: Random, count: number): Promise<void> {
  const counties = Array.from({ length: count }, (_, i) => ({
    code: countyCode(i + 1),
    name: `${countyFirst[i % countyFirst.length]}${countySecond[Math.floor(i / countyFirst.length) % countySecond.length]}县`,
    level: 'county' as const,
    parent_id: null,
    latitude: round6(24.6 + rnd.random() * 5),
    longitude: round6(113.8 + rnd.random() * 3.8),
    sort_order: i + 1,
  }));
  const countyRows = await db.insertInto('regions').values(counties).returning(['id', 'code', 'latitude', 'longitude']).execute();
  const townships = countyRows.flatMap((c) =>
    Array.from({ length: rnd.int(8, 12) }, (_, t) => ({
      code: `${c.code}1${String(t + 1).padStart(2, '0')}`,
      name: `${rnd.pick(villageFirst)}${rnd.pick(villageSecond)}${rnd.pick(townSuffix)}`,
      level: 'township' as const,
      parent_id: c.id,
      latitude: round6(c.latitude + (rnd.random() - 0.5) * 0.3),
      longitude: round6(c.longitude + (rnd.random() - 0.5) * 0.3),
      sort_order: t,
    })),
  );
  const townshipRows = await db.insertInto('regions').values(townships).returning(['id', 'code', 'latitude', 'longitude']).execute();
  const villages = townshipRows.flatMap((t) =>
    Array.from({ length: rnd.int(6, 12) }, (_, v) => ({
      code: `${t.code}${String(v + 1).padStart(3, '0')}`,
      name: `${rnd.pick(villageFirst)}${rnd.pick(villageSecond)}村`,
      level: 'village' as const,
      parent_id: t.id,
      latitude: round6(t.latitude + (rnd.random() - 0.5) * 0.1),
      longitude: round6(t.longitude + (rnd.random() - 0.5) * 0.1),
      sort_order: v,
    })),
  );
  for (let i = 0; i < villages.length; i += 2000)
    await db
      .insertInto('regions')
      .values(villages.slice(i, i + 2000))
      .execute();
}

/** Makes sure `counties` counties exist (Xiajiang first) and returns their villages, in a stable order. */
export async function countyVillages(db: Database, rnd: Random, counties: number): Promise<Village[]> {
  if (counties > 1) await insertGeneratedCounties(db, rnd, counties - 1);
  const wanted = [XIAJIANG, ...Array.from({ length: counties - 1 }, (_, i) => countyCode(i + 1))];
  const rows = await db
    .selectFrom('regions as v')
    .innerJoin('regions as t', 't.id', 'v.parent_id')
    .innerJoin('regions as c', 'c.id', 't.parent_id')
    .select(['v.id', 'v.name', 'v.latitude', 'v.longitude', 't.id as townshipId', 't.name as townshipName', 't.code as townshipCode', 'c.code as countyCode'])
    .where('v.level', '=', 'village')
    .where('c.code', 'in', wanted)
    .orderBy('c.code')
    .orderBy('t.sort_order')
    .orderBy('t.id')
    .orderBy('v.sort_order')
    .orderBy('v.id')
    .execute();
  if (!rows.length) throw new Error('No villages: load the reference data (npm run migrate) before generating.');
  const index = new Map(wanted.map((code, i) => [code, i]));
  return rows.map((r) => ({ ...r, countyIndex: index.get(r.countyCode)! }));
}
