// Indexes for matching under load, found with EXPLAIN on a benchmark month (6,000 orders,
// 64 carers): an organisation's open orders are counted to balance work between
// organisations, and a carer's jobs in a week are counted to balance work between carers;
// both read the table's rows until these let them count from the index alone.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create index orders_open_by_organisation_idx on orders (organisation_id)
  where status in ('assigned', 'dispatched', 'accepted');
drop index orders_carer_window_idx;
create index orders_carer_window_idx on orders (carer_id, window_start) include (status) where carer_id is not null;
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop index orders_open_by_organisation_idx;
drop index orders_carer_window_idx;
create index orders_carer_window_idx on orders (carer_id, window_start) where carer_id is not null;
`.execute(db);
}
