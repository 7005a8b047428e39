// The whole complaint loop (issue 12).
//
// The answer step records whether the complainant is satisfied (null: not asked, or they
// could not be reached) and when it was given: a ticket may be reopened within a period
// counted from its answer, and reopen_count says how often it went round again. The
// assignees' queues (an organisation's, a township station's) read tickets waiting for their
// verification, soonest deadline first: a partial index each.
// Frozen: migrations never import application code.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table complaints
  add column satisfied boolean,
  add column answered_at timestamptz,
  add column reopen_count integer not null default 0 check (reopen_count >= 0);
update complaints c set answered_at = e.at
  from (select complaint_id, max(at) as at from complaint_events where action = 'answer' group by complaint_id) e
 where e.complaint_id = c.id;
create index complaints_organisation_queue_idx on complaints (assigned_organisation_id, due_at) where status = 'assigned';
create index complaints_township_queue_idx on complaints (assigned_township_id, due_at) where status = 'assigned';
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop index complaints_township_queue_idx;
drop index complaints_organisation_queue_idx;
alter table complaints drop column reopen_count, drop column answered_at, drop column satisfied;
`.execute(db);
}
