// A missed visit rebooked by its organisation (issue 12).
//
// The dispatcher gives a missed order a new window instead of leaving the recipient to order
// again: the same order goes back to matching within the organisation, its price held on the
// budget again. `rebooks` counts how often, so each hold and each release of the order has a
// ledger reference of its own (hold:order:12:rebook:1, release:order:12:rebook:1). A miss is
// counted by its event (a rebooked order is missed no more, but the miss happened): the
// monthly score reads the month's misses through a partial index.
// Frozen: migrations never import application code.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table orders add column rebooks integer not null default 0 check (rebooks >= 0);
create index order_events_miss_idx on order_events (at) where action = 'miss';
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop index order_events_miss_idx;
alter table orders drop column rebooks;
`.execute(db);
}
