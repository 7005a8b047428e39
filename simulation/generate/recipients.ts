// Recipients and their households, planned in memory from the seed (the demo county's
// categories, names and ages), then written in batches. ID numbers are valid (GB 11643) and
// distinct, stored protected as the registry stores them; each card has a code.
import type { Database } from '../../server/db/database.js';
import { drawPerson, elderMale, type Disability, type makeRandom } from '../../server/seed/demo.js';
import { makeIdNumber, protectIdNumber } from '../../server/registry/id-number.js';
import { sealCardCode } from '../../server/registry/service-cards.js';
import { STATUS_SHARES } from './sizes.js';
import type { Village } from './regions.js';

type Random = ReturnType<typeof makeRandom>;
const BATCH = 2000;

export interface PlannedRecipient {
  ordinal: number;
  id: number;
  village: Village;
  status: string;
  child: boolean;
  disability: Disability;
  latitude: number;
  longitude: number;
  phone: string;
}

/** Inserts rows in batches (PostgreSQL takes at most 65,535 parameters a statement); returns the RETURNING rows in order. */
export async function insertBatches<R>(rows: readonly Record<string, unknown>[], insert: (batch: Record<string, unknown>[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(...(await insert(rows.slice(i, i + BATCH))));
  return out;
}

/** `count` villages, each village about equally often, in village order. */
function spread(rnd: Random, villages: Village[], count: number): Village[] {
  const out: Village[] = [];
  const base = Math.floor(count / villages.length);
  for (const v of villages) for (let i = 0; i < base; i++) out.push(v);
  const order = new Map(villages.map((v, i) => [v, i]));
  out.push(...rnd.shuffle(villages).slice(0, count - out.length));
  return out.sort((a, b) => order.get(a)! - order.get(b)!);
}

/** Statuses in the demo's proportions, shuffled. */
function statuses(rnd: Random, count: number): string[] {
  const total = STATUS_SHARES.reduce((s, [, n]) => s + n, 0);
  const out: string[] = [];
  for (const [status, n] of STATUS_SHARES.slice(1)) out.push(...Array<string>(Math.round((count * n) / total)).fill(status));
  out.unshift(...Array<string>(count - out.length).fill(STATUS_SHARES[0][0]));
  return rnd.shuffle(out);
}

/** Plans and writes `count` recipients (and their households) over the villages. */
export async function writeRecipients(
  db: Database,
  rnd: Random,
  dataKey: string,
  villages: Village[],
  count: number,
  year: number,
): Promise<PlannedRecipient[]> {
  const usedIds = new Set<string>();
  const status = statuses(rnd, count);
  const households: Record<string, unknown>[] = [];
  const householdsPerVillage = new Map<number, number>();
  const rows = spread(rnd, villages, count).map((village, i) => {
    const { category, child, male, disability, surname, name, birthDate } = drawPerson(rnd, year);
    let seq = rnd.int(0, 999);
    let idNumber = makeIdNumber(village.countyCode, birthDate, seq, male);
    while (usedIds.has(idNumber)) {
      seq += 2;
      idNumber = makeIdNumber(village.countyCode, birthDate, seq, male);
    }
    usedIds.add(idNumber);
    const n = (householdsPerVillage.get(village.id) ?? 0) + 1;
    householdsPerVillage.set(village.id, n);
    const household = `HH${village.townshipCode}-${village.id}-${String(n).padStart(3, '0')}`;
    const address = `${village.townshipName}${village.name}${rnd.int(1, 120)}号`;
    households.push({ household_number: household, head_name: child ? `${surname}${rnd.pick(elderMale)}` : name, village_id: village.id, address });
    const carded = status[i] === 'active' || status[i] === 'suspended';
    return {
      household,
      row: {
        name,
        gender: male ? 'male' : 'female',
        birth_date: birthDate,
        ...protectIdNumber(idNumber, dataKey),
        eligibility_category: category,
        disability_level: disability,
        relation_to_head: child ? (category === 'scattered_orphan' ? 'grandchild' : 'child') : 'self',
        village_id: village.id,
        township_id: village.townshipId,
        address,
        latitude: Math.round((village.latitude + (rnd.random() - 0.5) * 0.01) * 1e6) / 1e6,
        longitude: Math.round((village.longitude + (rnd.random() - 0.5) * 0.01) * 1e6) / 1e6,
        phone: `1${rnd.int(30, 99)}${String(i).padStart(8, '0')}`,
        service_card_number: carded ? `XJFW${String(i + 1).padStart(6, '0')}` : null,
        service_card_issued_at: carded ? new Date(`${year}-01-01T09:00:00+08:00`) : null,
        card_code_encrypted: carded ? sealCardCode(String(rnd.int(0, 999_999)).padStart(6, '0'), dataKey) : null,
        status: status[i],
        status_changed_at: new Date(`${year}-01-01T09:00:00+08:00`),
      },
      plan: { village, status: status[i], child, disability },
    };
  });
  // RETURNING rows are matched by their unique keys, not by position
  const householdId = new Map(
    (
      await insertBatches(households, (b) =>
        db
          .insertInto('households')
          .values(b as never)
          .returning(['id', 'household_number'])
          .execute(),
      )
    ).map((h) => [h.household_number, h.id]),
  );
  const recipientId = new Map(
    (
      await insertBatches(
        rows.map((r) => ({ ...r.row, household_id: householdId.get(r.household)! })),
        (b) =>
          db
            .insertInto('recipients')
            .values(b as never)
            .returning(['id', 'id_number_digest'])
            .execute(),
      )
    ).map((r) => [r.id_number_digest, r.id]),
  );
  const planned = rows.map((r, i) => ({
    ordinal: i,
    id: recipientId.get(r.row.id_number_digest)!,
    ...r.plan,
    latitude: r.row.latitude,
    longitude: r.row.longitude,
    phone: r.row.phone,
  }));
  await insertBatches(
    planned.map((r) => ({
      recipient_id: r.id,
      action: 'import',
      from_status: null,
      to_status: r.status,
      channel: 'system',
      reason: '模拟数据',
      at: new Date(`${year}-01-01T09:00:00+08:00`),
    })),
    (b) =>
      db
        .insertInto('recipient_status_changes')
        .values(b as never)
        .execute()
        .then(() => []),
  );
  return planned;
}
