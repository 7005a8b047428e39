// A visit never checked out (issue 12): after the item's standard minutes times the maximum
// ratio, a sweep completes the order and opens the visit's exception as not checked out; the
// dispatcher resolves it with a corrected end time (the visit is then marked as manually
// corrected) or rejects it. A partial index serves the sweep.
// Frozen: migrations never import application code.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table visits add column manually_corrected boolean not null default false;
create index visits_not_checked_out_idx on visits (checked_in_at) where checked_out_at is null;
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop index visits_not_checked_out_idx;
alter table visits drop column manually_corrected;
`.execute(db);
}
