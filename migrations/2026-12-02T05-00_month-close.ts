// A month is closed only when it is over (issue 12).
//
// Scoring, signing off and settling a month first look for its unfinished services: orders
// still waiting for their visit (the partial index of the late and missed sweep serves those)
// and orders in service or completed but not yet confirmed, which this index finds. Both sets
// are small whatever the size of the month, so the check stays cheap at a province's scale.
// Frozen: migrations never import application code.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index orders_visit_unconfirmed_idx on orders (window_start) where status in ('in_service', 'completed')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index orders_visit_unconfirmed_idx`.execute(db);
}
