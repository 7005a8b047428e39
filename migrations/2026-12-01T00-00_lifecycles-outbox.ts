// One lifecycle mechanism and a transactional outbox (server/platform/lifecycle.ts,
// server/platform/outbox.ts).
//
// Every lifecycle records its transitions in an event table of the same shape: the row that
// changed, action, from_status, to_status, actor_id, channel, reason, data, at. The tables
// that existed are brought to that shape (columns renamed, channel and data added); the
// lifecycles that recorded nothing (statements, return visits, visit exceptions, contracts)
// get their own.
//
// The outbox holds the effects of a committed change that leave PostgreSQL (a live notice,
// a job for the worker, later a message): written in the same transaction as the change,
// delivered after commit by the relay, at least once, each with an id that makes delivery
// idempotent.
// Frozen: migrations never import application code.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table complaint_events rename column note to reason;
alter table complaint_events add column channel text not null default 'console';
alter table complaint_events alter column channel drop default;

alter table recipient_status_changes rename column changed_by to actor_id;
alter table recipient_status_changes rename column changed_at to at;
alter table recipient_status_changes add column action text;
update recipient_status_changes set action = case
  when from_status is null then 'register'
  when to_status = 'verified' then 'verify'
  when to_status = 'active' and from_status = 'suspended' then 'reinstate'
  when to_status = 'active' then 'activate'
  when to_status = 'suspended' then 'suspend'
  when to_status = 'exited' then 'exit'
  when to_status = 'candidate' then 'reenter'
  else 'change' end;
alter table recipient_status_changes alter column action set not null;
alter table recipient_status_changes add column channel text not null default 'console';
alter table recipient_status_changes alter column channel drop default;
alter table recipient_status_changes add column data jsonb;

-- score events record adjustments (from_score, to_score) as well as status changes
alter table score_events rename column justification to reason;
alter table score_events add column from_status text;
alter table score_events add column to_status text;
alter table score_events add column channel text not null default 'console';
alter table score_events alter column channel drop default;
alter table score_events add column data jsonb;
update score_events set from_status = 'draft', to_status = 'signed_off' where action = 'sign_off';

create table settlement_events (
  id bigserial primary key,
  settlement_id integer not null references settlements (id),
  action text not null,
  from_status text,
  to_status text not null,
  actor_id integer references users (id),
  channel text not null,
  reason text not null default '',
  data jsonb,
  at timestamptz not null
);
create index settlement_events_settlement_idx on settlement_events (settlement_id);

create table return_visit_events (
  id bigserial primary key,
  return_visit_id integer not null references return_visits (id),
  action text not null,
  from_status text,
  to_status text not null,
  actor_id integer references users (id),
  channel text not null,
  reason text not null default '',
  data jsonb,
  at timestamptz not null
);
create index return_visit_events_visit_idx on return_visit_events (return_visit_id);

-- a visit's key is its order's id
create table visit_exception_events (
  id bigserial primary key,
  order_id integer not null references visits (order_id),
  action text not null,
  from_status text,
  to_status text not null,
  actor_id integer references users (id),
  channel text not null,
  reason text not null default '',
  data jsonb,
  at timestamptz not null
);
create index visit_exception_events_order_idx on visit_exception_events (order_id);

create table contract_events (
  id bigserial primary key,
  contract_id integer not null references contracts (id),
  action text not null,
  from_status text,
  to_status text not null,
  actor_id integer references users (id),
  channel text not null,
  reason text not null default '',
  data jsonb,
  at timestamptz not null
);
create index contract_events_contract_idx on contract_events (contract_id);

create table outbox (
  id bigserial primary key,
  kind text not null check (kind in ('notice', 'job')),
  -- notice: the topic (deployment-local); job: the queue
  target text not null,
  -- job: the job's name
  name text,
  payload jsonb not null,
  -- job: its BullMQ job id (a job delivered twice is added once); a notice carries its row id as noticeId
  dedupe_key text,
  -- job options (priority, delay …)
  options jsonb,
  created_at timestamptz not null default now(),
  attempts integer not null default 0,
  -- a relay's lease on a row it is delivering; another relay takes the row once it ends
  claimed_until timestamptz,
  last_error text,
  delivered_at timestamptz
);
create index outbox_pending_idx on outbox (id) where delivered_at is null;
create index outbox_delivered_idx on outbox (delivered_at) where delivered_at is not null;

-- the relay listens on this channel and then reads what is pending (NOTIFY is sent at commit, once per statement)
create function outbox_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('outbox', '');
  return null;
end $$;
create trigger outbox_notify after insert on outbox for each statement execute function outbox_notify();
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop trigger outbox_notify on outbox;
drop function outbox_notify();
drop table outbox, contract_events, visit_exception_events, return_visit_events, settlement_events;
alter table score_events drop column data, drop column channel, drop column to_status, drop column from_status;
alter table score_events rename column reason to justification;
alter table recipient_status_changes drop column data, drop column channel, drop column action;
alter table recipient_status_changes rename column at to changed_at;
alter table recipient_status_changes rename column actor_id to changed_by;
alter table complaint_events drop column channel;
alter table complaint_events rename column reason to note;
`.execute(db);
}
