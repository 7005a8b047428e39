// Helpers for this folder's tests (not imported by the app).
import type { DB } from '../db/tables.js';
import type { TestWorld } from '../testing/harness.js';
import { makeIdNumber, protectIdNumber } from '../registry/id-number.js';
import { creditCodeCheckCharacter } from './organisations.js';

/** Rows in each table, to prove a refusal wrote nothing. */
export async function countRows(world: TestWorld, tables: (keyof DB)[]): Promise<Record<string, number>> {
  const counts = await Promise.all(
    tables.map(async (t) =>
      Number(
        (
          await world.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ),
  );
  return Object.fromEntries(tables.map((t, i) => [t, counts[i]]));
}

/** A valid unified social credit code (social organisation, Xiajiang) numbered `n`. */
export function creditCode(n: number): string {
  const first17 = `52360823MJ${String(n).padStart(7, '0')}`;
  return first17 + creditCodeCheckCharacter(first17);
}

let sequence = 100;

/** Inserts a recipient (and their household) in a village, with the given status. */
export async function addRecipient(world: TestWorld, villageId: number, townshipId: number, status = 'active', name = '测试对象') {
  const n = sequence++;
  const household = await world.db
    .insertInto('households')
    .values({ household_number: `H-T-${n}`, head_name: name, village_id: villageId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = makeIdNumber('360823', '1950-03-04', n, n % 2 === 0);
  const row = await world.db
    .insertInto('recipients')
    .values({
      name,
      gender: 'female',
      birth_date: '1950-03-04',
      ...protectIdNumber(id, world.config.DATA_KEY),
      eligibility_category: 'destitute',
      disability_level: 'disabled',
      household_id: household.id,
      village_id: villageId,
      township_id: townshipId,
      status,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
