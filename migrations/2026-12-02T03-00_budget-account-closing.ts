// A recipient who leaves the list during the year (exit) has their budget account closed:
// what was never ordered with goes back to the county fund through the ledger (kind
// 'return'), the allocation shrinks to what is held and spent, and closed_at says when.
// Frozen: migrations never import application code.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table budget_accounts add column closed_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table budget_accounts drop column closed_at`.execute(db);
}
