// How soon orders get their first carer (issue 12): the statistics read a year's placed
// orders by the time they were placed, then each one's first dispatch (order_events_order_idx).
// A partial index on the placing events keeps that read off the other events of the year.
// Frozen: migrations never import application code.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index order_events_place_idx on order_events (at) where action = 'place'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index order_events_place_idx`.execute(db);
}
