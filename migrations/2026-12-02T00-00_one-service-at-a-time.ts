// A carer is in service on one order at a time (issue 12): the database refuses a second
// in-service order of the same carer. The check-in's own check says why first; this index
// closes the race between two check-ins sent at once.
// Frozen: migrations never import application code.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create unique index orders_one_in_service_idx on orders (carer_id) where status = 'in_service'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index orders_one_in_service_idx`.execute(db);
}
