// The audit trail page names what the database calls by code (web/src/roles/admin/audit/names.ts):
// every table under the trail, every column of those tables, and every operation that writes
// (a mutation, a worker job). A table, a column, a mutation or a job added without its name
// would show as code in the Chinese interface: this fails first. Names of what no longer
// exists fail too, so the list stays the database's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildSchema } from 'graphql';
import { schemaSource } from '../server/graphql/plugin.js';
import { createDatabase, type Database } from '../server/db/database.js';
import { createTestDatabase } from '../server/testing/harness.js';
import { jobs } from '../worker/queues.js';
import { columnsEn, columnsZh, operationsEn, operationsZh, tableColumnsZh, tablesEn, tablesZh } from './src/roles/admin/audit/names.js';

let db: Database;
let drop: () => Promise<void>;
let audited: Map<string, string[]>;
beforeAll(async () => {
  const database = await createTestDatabase();
  drop = database.drop;
  db = createDatabase(database.url, 1);
  // the tables whose changes the triggers record (migrations/2026-12-04T18-00_audit-trail.ts), with their columns
  const { rows } = await sql<{ table: string; columns: string[] }>`
    select c.relname as table, array_agg(a.attname::text order by a.attname) as columns
      from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where c.relnamespace = 'public'::regnamespace
       and exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = 'audit_update')
     group by c.relname order by c.relname`.execute(db);
  audited = new Map(rows.map((r) => [r.table, r.columns]));
});
afterAll(async () => {
  await db?.destroy();
  await drop?.();
});

describe('the audit trail’s names', () => {
  it('name every audited table, and no other', () => {
    expect(audited.size).toBeGreaterThan(30);
    expect(Object.keys(tablesZh).sort()).toEqual([...audited.keys()]);
    expect(Object.keys(tablesEn).sort()).toEqual([...audited.keys()]);
  });

  it('name every column of an audited table (and the count of a summarised insert), and no other', () => {
    const columns = new Set([...audited.values()].flat());
    // settlement lines' inserts are recorded as {rows: count}
    columns.add('rows');
    expect(Object.keys(columnsZh).sort()).toEqual([...columns].sort());
    expect(Object.keys(columnsEn).sort()).toEqual([...columns].sort());
    for (const [table, own] of Object.entries(tableColumnsZh)) {
      expect(
        Object.keys(own).filter((c) => !audited.get(table)?.includes(c)),
        table,
      ).toEqual([]);
    }
  });

  it('name every mutation and every worker job', () => {
    const mutations = Object.keys(buildSchema(schemaSource).getMutationType()?.getFields() ?? {});
    const wanted = [...mutations, ...jobs.map((j) => j.name)];
    expect(mutations.length).toBeGreaterThan(40);
    expect(wanted.filter((name) => !(name in operationsZh))).toEqual([]);
    expect(Object.keys(operationsEn)).toEqual(Object.keys(operationsZh));
  });
});
