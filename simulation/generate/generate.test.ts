// The generator: the same seed gives the same data (to the row, apart from ciphertexts' random
// IVs and passwords' salts), another seed other data; each size has the counts it promises,
// valid and distinct ID numbers, and budgets allocated through a ledger that balances.
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase } from '../../server/testing/harness.js';
import { createDatabase, type Database } from '../../server/db/database.js';
import { loadConfig } from '../../server/config.js';
import { decryptIdNumber, idNumberProblem } from '../../server/registry/id-number.js';
import { generate } from './generate.js';
import { sizes } from './sizes.js';

const { DATA_KEY: dataKey } = loadConfig({ ...process.env, NODE_ENV: 'test' });
const opened: { db: Database; drop: () => Promise<void> }[] = [];

async function freshDatabase(): Promise<Database> {
  const { url, drop } = await createTestDatabase();
  const db = createDatabase(url, 2);
  opened.push({ db, drop });
  return db;
}
afterAll(async () => {
  for (const { db, drop } of opened) {
    await db.destroy();
    await drop();
  }
});

// what varies by design: random IVs, password salts, and when the rows were written
const varying: Record<string, string[]> = {
  recipients: ['id_number_ciphertext', 'card_code_encrypted', 'created_at'],
  users: ['password_hash', 'created_at'],
};
const tables = [
  'regions',
  'households',
  'recipients',
  'recipient_status_changes',
  'programme_years',
  'budget_accounts',
  'ledger_transfers',
  'organisations',
  'contracts',
  'contract_townships',
  'contract_categories',
  'carers',
  'carer_qualifications',
  'carer_working_hours',
  'carer_pairings',
  'needs_assessments',
  'assessed_needs',
  'users',
  'grid_worker_villages',
] as const;

/** One digest per table of everything generated, in a stable order. */
async function fingerprint(db: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of tables) {
    const drop = ['created_at', 'changed_at', ...(varying[table] ?? [])].map((c) => sql` - ${c}::text`);
    const {
      rows: [row],
    } = await sql<{ digest: string }>`
      select md5(coalesce(string_agg(j::text, ',' order by j::text), '')) as digest
        from (select to_jsonb(t) ${sql.join(drop, sql``)} as j from ${sql.table(table)} t) x`.execute(db);
    out[table] = row.digest;
  }
  return out;
}

async function count(db: Database, query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  return (await query.execute(db)).rows[0].n;
}

describe('the generator', () => {
  it('gives the same data for the same seed, and other data for another', async () => {
    const [a, b, c] = [await freshDatabase(), await freshDatabase(), await freshDatabase()];
    await generate(a, { size: sizes.xiajiang, seed: 7, year: 2026, dataKey });
    await generate(b, { size: sizes.xiajiang, seed: 7, year: 2026, dataKey });
    await generate(c, { size: sizes.xiajiang, seed: 8, year: 2026, dataKey });
    const [fa, fb, fc] = [await fingerprint(a), await fingerprint(b), await fingerprint(c)];
    expect(fb).toEqual(fa);
    expect(fc.recipients).not.toBe(fa.recipients);
    expect(fc.carers).not.toBe(fa.carers);
    // and it refuses to write over what is there
    await expect(generate(a, { size: sizes.xiajiang, seed: 7, year: 2026, dataKey })).rejects.toThrow(/already has 421 recipients/);
  }, 60_000);

  it('writes Xiajiang at its published size', async () => {
    const db = await freshDatabase();
    const summary = await generate(db, { size: sizes.xiajiang, seed: 42, year: 2026, dataKey });
    expect(summary).toMatchObject({
      counties: 1,
      townships: 11,
      villages: 96,
      recipients: 421,
      activeRecipients: 400,
      organisations: 1,
      assistedCarers: 52,
      professionalCarers: 12,
    });
    expect(await count(db, sql`select count(*)::int as n from carers where kind = 'assisted_employment'`)).toBe(52);
    // every township has an assisted-employment carer living in it
    expect(
      await count(
        db,
        sql`select count(distinct v.parent_id)::int as n from carers c join regions v on v.id = c.home_village_id where c.kind = 'assisted_employment'`,
      ),
    ).toBe(11);
    // one contract covers all 11 townships and all 5 categories
    expect(await count(db, sql`select count(*)::int as n from contract_townships`)).toBe(11);
    expect(await count(db, sql`select count(*)::int as n from contract_categories`)).toBe(5);
    // every professional carer has a qualification, every carer working hours, every village a grid worker
    expect(
      await count(
        db,
        sql`select count(*)::int as n from carers c where c.kind = 'professional' and not exists (select 1 from carer_qualifications q where q.carer_id = c.id)`,
      ),
    ).toBe(0);
    expect(await count(db, sql`select count(*)::int as n from carers c where not exists (select 1 from carer_working_hours h where h.carer_id = c.id)`)).toBe(
      0,
    );
    expect(
      await count(
        db,
        sql`select count(*)::int as n from regions v where v.level = 'village' and not exists (select 1 from grid_worker_villages g where g.village_id = v.id)`,
      ),
    ).toBe(0);

    const ids = (await db.selectFrom('recipients').select('id_number_ciphertext').execute()).map((r) => decryptIdNumber(r.id_number_ciphertext, dataKey));
    expect(ids.filter((id) => idNumberProblem(id) !== null)).toEqual([]);
    expect(new Set(ids).size).toBe(421);
    expect(ids.every((id) => id.startsWith('360823'))).toBe(true);

    // budgets: 2,000 yuan for each active recipient, each allocation a ledger transfer from the county fund
    const {
      rows: [money],
    } = await sql<{ accounts: number; allocated: number; transfers: number; fund: number }>`
      select (select count(*)::int from budget_accounts where allocated_fen = 200000) as accounts,
             (select sum(allocated_fen)::bigint from budget_accounts) as allocated,
             (select sum(amount_fen)::bigint from ledger_transfers where kind = 'allocate' and debit_account = 'county:2026:fund') as transfers,
             (select county_fund_fen from programme_years where year = 2026) as fund`.execute(db);
    expect(money).toMatchObject({ accounts: 400, fund: 40_000_000 });
    expect(Number(money.transfers)).toBe(Number(money.allocated));
  }, 60_000);

  it('writes a province of 100 counties, 50,000 recipients and 5,000 carers', async () => {
    const db = await freshDatabase();
    const summary = await generate(db, { size: sizes.province, seed: 42, year: 2026, dataKey });
    expect(summary).toMatchObject({ counties: 100, recipients: 50_000, assistedCarers: 4_000, professionalCarers: 1_000, organisations: 125 });
    expect(await count(db, sql`select count(*)::int as n from regions where level = 'county'`)).toBe(100);
    expect(await count(db, sql`select count(distinct id_number_digest)::int as n from recipients`)).toBe(50_000);
    expect(await count(db, sql`select count(*)::int as n from carers`)).toBe(5_000);
    // every township of every county is covered by a contract
    expect(
      await count(
        db,
        sql`select count(*)::int as n from regions t where t.level = 'township' and not exists (select 1 from contract_townships ct where ct.township_id = t.id)`,
      ),
    ).toBe(0);
    expect(await count(db, sql`select count(*)::int as n from budget_accounts`)).toBe(summary.activeRecipients);
  }, 120_000);
});
