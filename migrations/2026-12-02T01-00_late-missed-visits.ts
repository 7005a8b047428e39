// Late and missed visits (issue 12).
//
// An order whose window started more than the grace ago with nobody checked in is flagged
// late (late_at: when it was found late; the carer and the dispatcher are told); one whose
// window ended plus the grace with nobody checked in is `missed`, a status of its own, and
// its budget hold goes back to the recipient. A partial index serves the sweep that finds
// both.
// Frozen: migrations never import application code.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table orders drop constraint orders_status_check;
alter table orders add constraint orders_status_check check (status in ('placed', 'assigned', 'dispatched', 'accepted',
  'in_service', 'completed', 'confirmed', 'cancelled', 'disputed', 'missed'));
alter table orders add column late_at timestamptz;
create index orders_awaiting_visit_idx on orders (window_start) where status in ('placed', 'assigned', 'dispatched', 'accepted');
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop index orders_awaiting_visit_idx;
alter table orders drop column late_at;
update orders set status = 'cancelled' where status = 'missed';
alter table orders drop constraint orders_status_check;
alter table orders add constraint orders_status_check check (status in ('placed', 'assigned', 'dispatched', 'accepted',
  'in_service', 'completed', 'confirmed', 'cancelled', 'disputed'));
`.execute(db);
}
