// Services waiting for confirmation (issue 12).
//
// A grid worker sees every completed service of their villages that nobody has confirmed yet,
// longest waiting first, and the automatic confirmation sweeps the same rows in the same
// order. Completed orders are few at any time (the sweep confirms them after some hours), so a
// partial index on them, in that order, keeps both reads off the table's years of history.
// Frozen: migrations never import application code.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index orders_completed_idx on orders (status_changed_at, id) where status = 'completed'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index orders_completed_idx`.execute(db);
}
