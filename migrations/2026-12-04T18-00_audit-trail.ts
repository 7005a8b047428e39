// An audit trail of every change (issue 13, item 8).
//
// Triggers on the data tables write it, so no way of changing data can forget to: a resolver,
// a worker job, a seed, or somebody at a psql prompt. Each statement on an audited table adds,
// in its own transaction, one row per record it changed: when, who (a user and the role they
// had, the worker job, or the database role of a change made outside the application), from
// which address, through which operation (a GraphQL mutation's field, a job's name), the
// record (table and primary key) and what changed, column by column, before and after.
//
// Who is acting comes from the setting `nuanxin.acting` (JSON), which the application sets on
// a pooled connection each time it takes one for work on someone's behalf and clears when it
// takes one for nobody's (server/audit/acting.ts): the trigger never guesses.
//
// Personal data never reaches the trail in clear (PIPL): the columns listed below read "***"
// (the trail says that a name or a phone changed, never what it was), and in every other
// text a mobile or landline number or an ID number is replaced by "***" too. Free text written
// about or by a person (a complaint, order notes, a reason for a status change, what was done
// at a visit) is masked whole; free text of organisations' business (a contract's termination,
// a price's reason, a score's adjustment) is kept.
//
// The triggers are statement-level with transition tables, so a set-based statement (a
// month's settlement, a sweep of auto-confirmations) writes its trail in one insert. Each
// table's trigger function is generated for its columns by audit_table(): every column one
// expression of its own in a jsonb_build_object (walking a row's columns as jsonb in SQL cost
// ten times the change itself on set-based statements). A migration that adds a table, or a
// column to an audited table, calls audit_table() for it (without a masked list the table
// keeps its own), and a test fails until it does. The lines of a settlement are the one
// exception: a million of them are written with their statement and never changed, so their
// insert is recorded as one row per statement (the count); an update or delete of a line,
// which nothing in the application does, is recorded in full. The trail itself refuses
// updates, deletes and truncation, owner included.
// Frozen: migrations never import application code.
import { type Kysely, sql } from 'kysely';

/** Columns holding personal data (or secrets), per table: recorded as "***". */
const masked: Record<string, string[]> = {
  recipients: [
    'name',
    'birth_date',
    'id_number_ciphertext',
    'id_number_digest',
    'id_number_masked',
    'id_number_last4',
    'address',
    'latitude',
    'longitude',
    'phone',
    'service_card_number',
    'card_code_encrypted',
  ],
  households: ['household_number', 'head_name', 'address'],
  users: ['username', 'password_hash', 'display_name', 'phone'],
  sessions: ['token_digest'],
  // where a failed sign-in came from: a person's address on the network
  sign_in_locks: ['address'],
  organisations: ['contact_name', 'phone', 'address'],
  carers: ['name', 'phone'],
  carer_qualifications: ['certificate_number'],
  // match_reasons: the dispatcher's name and their note beside the scores
  orders: ['place_address', 'place_latitude', 'place_longitude', 'notes', 'caller_phone', 'request_digest', 'match_reasons'],
  visits: [
    'place_address',
    'place_latitude',
    'place_longitude',
    'check_in_latitude',
    'check_in_longitude',
    'check_out_latitude',
    'check_out_longitude',
    'work_done',
    'resolution_note',
  ],
  ratings: ['comment'],
  complaints: ['description', 'complainant_name', 'complainant_phone', 'findings', 'answer'],
  recipient_moves: ['from_address', 'to_address', 'reason'],
  needs_assessments: ['participants', 'summary'],
  assessed_needs: ['note'],
  personal_data_reveals: ['reason'],
  return_visits: ['answers', 'comment'],
  score_samples: ['finding'],
  recipient_status_changes: ['reason'],
  order_events: ['reason'],
  visit_exception_events: ['reason'],
  return_visit_events: ['reason'],
  complaint_events: ['reason'],
};

/** Inserts recorded as one row per statement and group (the count), by this column. */
const summarised: Record<string, string> = { settlement_lines: 'settlement_id' };

/** Not data: the trail itself, the outbox's deliveries in flight (purged hourly), the migrator's bookkeeping. */
const notAudited = ['audit_trail', 'outbox', 'kysely_migration', 'kysely_migration_lock'];

/** A mobile or landline number, or an ID number (18 or 15 digits), standing alone in text. */
const IDENTIFIER = '(?<![0-9])(1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}|[0-9]{17}[0-9Xx]|[0-9]{15}|0[0-9]{2,3}-?[0-9]{7,8})(?![0-9])';
/** A cheaper pattern that text holding an IDENTIFIER always matches: other text is kept without rewriting. */
const MAY_HOLD_IDENTIFIER = '[0-9]{7}|[0-9]{3}[- ][0-9]{4}';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table audit_trail (
  id bigint generated always as identity primary key,
  -- the project's clock when the operation began (the database's own only for a change made outside the application)
  at timestamptz not null,
  actor_kind text not null check (actor_kind in ('user', 'anonymous', 'job', 'system', 'database')),
  actor_id integer,
  -- the role the actor had at the time (a user's role may change later)
  actor_role text,
  address text,
  -- a GraphQL mutation's field, a worker job's name, a command's name
  operation text,
  -- the API request or worker job it came from: the rows one operation wrote share it
  request_id text,
  database_user text not null default session_user,
  table_name text not null,
  -- the primary key, its columns joined by commas
  record_id text not null,
  action text not null check (action in ('insert', 'update', 'delete', 'truncate')),
  -- {column: [before, after]}: the columns that changed (of an insert or a delete, those not null); personal data as "***"
  changes jsonb not null,
  -- whom the record is about, where it names them (its own id, or its recipient_id, carer_id, user_id)
  recipient_id integer,
  carer_id integer,
  user_id integer,
  check ((actor_kind = 'user') = (actor_id is not null))
);
create index audit_trail_record_idx on audit_trail (table_name, record_id, id);
create index audit_trail_actor_idx on audit_trail (actor_id, id) where actor_id is not null;
create index audit_trail_recipient_idx on audit_trail (recipient_id, id) where recipient_id is not null;
create index audit_trail_carer_idx on audit_trail (carer_id, id) where carer_id is not null;
create index audit_trail_user_idx on audit_trail (user_id, id) where user_id is not null;
create index audit_trail_at_idx on audit_trail (at);

-- once written, never changed: not by the application, not by the table's owner
create function audit_trail_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'The audit trail is append-only: its rows are never changed or removed.' using errcode = 'insufficient_privilege';
end $$;
create trigger audit_trail_append_only before update or delete or truncate on audit_trail
  for each statement execute function audit_trail_append_only();

-- who is acting, as the application set it on this connection; unset: a change made directly in the database
create function audit_acting() returns jsonb language sql stable as $$
  select coalesce(nullif(current_setting('nuanxin.acting', true), '')::jsonb, '{"kind": "database"}'::jsonb)
$$;
`.execute(db);

  // The generators below write SQL text (format() with positional arguments, %1$s …), which
  // audit_table() compiles into each table's trigger function.
  await sql`
-- SQL for one column's value (expr, of type category typcategory) as the trail keeps it, as
-- jsonb: "***" when masked (null stays null, an empty value empty: nothing written is no
-- personal data); otherwise the value, with any phone or ID number in text replaced by "***"
create function audit_kept_sql(expr text, hide boolean, typcategory "char") returns text language sql immutable as $$
  select case
    when hide then format('case when %1$s is null then null when %1$s::text in (%2$L, %3$L, %4$L) then to_jsonb(%1$s) else %5$L::jsonb end',
                          expr, '', '{}', '[]', '"***"')
    when typcategory = 'S' then format('case when %1$s ~ %2$L then to_jsonb(regexp_replace(%1$s, %3$L, %4$L, %5$L)) else to_jsonb(%1$s) end',
                                       expr, ${sql.lit(MAY_HOLD_IDENTIFIER)}, ${sql.lit(IDENTIFIER)}, '***', 'g')
    when typcategory in ('A', 'U') then format('case when %1$s::text ~ %2$L then to_jsonb(regexp_replace(%1$s::text, %3$L, %4$L, %5$L)) else to_jsonb(%1$s) end',
                                               expr, ${sql.lit(MAY_HOLD_IDENTIFIER)}, ${sql.lit(IDENTIFIER)}, '***', 'g')
    else format('to_jsonb(%s)', expr)
  end
$$;

-- SQL for a jsonb object of key/value pairs (each 'key, value' SQL), without the keys the
-- expressions in excluded name (each SQL yielding a key or null): jsonb_build_object takes at
-- most 50 pairs, so wide rows are built in parts
create function audit_object_sql(pairs text[], excluded text[]) returns text language sql immutable as $$
  select format('((%s) - array[%s]::text[])',
                (select string_agg(format('jsonb_build_object(%s)', part), ' || ' order by chunk)
                   from (select (i - 1) / 40 as chunk, string_agg(p, ', ' order by i) as part
                           from unnest(pairs) with ordinality u (p, i) group by 1) parts),
                array_to_string(excluded, ', '))
$$;
`.execute(db);

  await sql`
-- TG_ARGV: the column rows are grouped by; one row per group: {"rows": [null, count]}
create function audit_inserts_summarised() returns trigger language plpgsql set jit = off as $$
declare
  acting jsonb := audit_acting();
begin
  insert into audit_trail (at, actor_kind, actor_id, actor_role, address, operation, request_id, table_name, record_id, action, changes)
  select coalesce((acting ->> 'at')::timestamptz, statement_timestamp()), acting ->> 'kind', (acting ->> 'userId')::integer, acting ->> 'role',
         acting ->> 'address', acting ->> 'operation', acting ->> 'requestId', TG_TABLE_NAME, g.k, 'insert',
         jsonb_build_object('rows', jsonb_build_array(null, g.n))
    from (select to_jsonb(n) ->> TG_ARGV[0] as k, count(*) as n from new_rows n group by 1) g;
  return null;
end $$;

create function audit_truncate() returns trigger language plpgsql as $$
declare
  acting jsonb := audit_acting();
begin
  insert into audit_trail (at, actor_kind, actor_id, actor_role, address, operation, request_id, table_name, record_id, action, changes)
  values (coalesce((acting ->> 'at')::timestamptz, statement_timestamp()), acting ->> 'kind', (acting ->> 'userId')::integer, acting ->> 'role',
          acting ->> 'address', acting ->> 'operation', acting ->> 'requestId', TG_TABLE_NAME, '*', 'truncate', '{}'::jsonb);
  return null;
end $$;

-- Puts a table under the trail, or brings its trail up to date with its columns (a migration
-- adding a table or a column calls it): generates audit_rows_<table>() for the columns it has
-- now and (re)creates its four triggers. hidden: the columns recorded as "***" (null: those
-- it had); summarise_by: inserts recorded as a count per value of that column. The functions
-- run without JIT: the planner cannot know how a transition table's rows pair up, guesses
-- millions, and compiling for them cost more than a bulk statement's whole trail.
create function audit_table(tbl regclass, hidden text[] default null, summarise_by text default null) returns void language plpgsql as $$
declare
  relname_ text := (select c.relname from pg_class c where c.oid = tbl);
  fn text := format('audit_rows_%s', relname_);
  keys text[];
  unknown text[];
  col record;
  who text;
  about text;
  inserted text[] := '{}';
  inserted_null text[] := '{}';
  deleted text[] := '{}';
  deleted_null text[] := '{}';
  updated text[] := '{}';
  unchanged text[] := '{}';
  person_n text[] := '{}';
  person_o text[] := '{}';
  person_u text[] := '{}';
  key_n text;
  key_o text;
  pairing text;
  head text := 'insert into audit_trail (at, actor_kind, actor_id, actor_role, address, operation, request_id, table_name, record_id, action, changes, recipient_id, carer_id, user_id)';
begin
  if hidden is null then
    hidden := coalesce(substring(obj_description(to_regprocedure(fn || '()'), 'pg_proc') from 'masked: ([{].*[}])$')::text[], '{}');
  end if;
  select array_agg(a.attname::text order by array_position(i.indkey::int2[], a.attnum)) into keys
    from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
   where i.indrelid = tbl and i.indisprimary;
  if keys is null then raise exception 'audit_table: % has no primary key', tbl; end if;
  select array_agg(h) into unknown from unnest(hidden) h
   where not exists (select 1 from pg_attribute a where a.attrelid = tbl and a.attname = h and a.attnum > 0 and not a.attisdropped);
  if unknown is not null then raise exception 'audit_table: % has no column %', tbl, unknown; end if;

  for col in select a.attname::text as name, t.typcategory as category,
                    -- json has no equality: its text is compared
                    case when t.typname = 'json' then '::text' else '' end as comparable
               from pg_attribute a join pg_type t on t.oid = a.atttypid
              where a.attrelid = tbl and a.attnum > 0 and not a.attisdropped order by a.attnum loop
    inserted := inserted || format('%L, jsonb_build_array(null, %s)', col.name, audit_kept_sql(format('n.%I', col.name), col.name = any (hidden), col.category));
    inserted_null := inserted_null || format('case when n.%I is null then %L end', col.name, col.name);
    deleted := deleted || format('%L, jsonb_build_array(%s, null)', col.name, audit_kept_sql(format('o.%I', col.name), col.name = any (hidden), col.category));
    deleted_null := deleted_null || format('case when o.%I is null then %L end', col.name, col.name);
    updated := updated || format('%L, jsonb_build_array(%s, %s)', col.name, audit_kept_sql(format('o.%I', col.name), col.name = any (hidden), col.category),
                                 audit_kept_sql(format('n.%I', col.name), col.name = any (hidden), col.category));
    unchanged := unchanged || format('case when o.%1$I%2$s is not distinct from n.%1$I%2$s then %1$L end', col.name, col.comparable);
  end loop;

  -- whom a row is about: a recipients row is its recipient, an orders row names its recipient_id
  foreach who in array array['recipient', 'carer', 'user'] loop
    about := case
      when relname_ = who || 's' then 'id'
      when exists (select 1 from pg_attribute a where a.attrelid = tbl and a.attname = who || '_id' and a.attnum > 0 and not a.attisdropped) then who || '_id'
    end;
    if about is null then
      person_n := person_n || 'null::integer'::text;
      person_o := person_o || 'null::integer'::text;
      person_u := person_u || 'null::integer'::text;
    else
      person_n := person_n || format('n.%I', about);
      person_o := person_o || format('o.%I', about);
      person_u := person_u || format('coalesce(n.%1$I, o.%1$I)', about);
    end if;
  end loop;
  key_n := (select format('concat_ws(%L, %s)', ',', string_agg(format('n.%I', k), ', ')) from unnest(keys) k);
  key_o := (select format('concat_ws(%L, %s)', ',', string_agg(format('o.%I', k), ', ')) from unnest(keys) k);
  pairing := (select string_agg(format('o.%1$I = n.%1$I', k), ' and ') from unnest(keys) k);

  execute format($f$
create or replace function %1$I() returns trigger language plpgsql set jit = off as $body$
declare
  acting jsonb := audit_acting();
  at_ timestamptz := coalesce((acting ->> 'at')::timestamptz, statement_timestamp());
  kind_ text := acting ->> 'kind';
  actor_ integer := (acting ->> 'userId')::integer;
  role_ text := acting ->> 'role';
  address_ text := acting ->> 'address';
  operation_ text := acting ->> 'operation';
  request_ text := acting ->> 'requestId';
begin
  if TG_OP = 'INSERT' then
    %2$s
    select at_, kind_, actor_, role_, address_, operation_, request_, %3$L, %4$s, 'insert', %5$s, %6$s from new_rows n;
  elsif TG_OP = 'DELETE' then
    %2$s
    select at_, kind_, actor_, role_, address_, operation_, request_, %3$L, %7$s, 'delete', %8$s, %9$s from old_rows o;
  else
    -- old and new versions paired by primary key (a changed key pairs with nothing: its halves are recorded apart)
    %2$s
    select at_, kind_, actor_, role_, address_, operation_, request_, %3$L, c.k, 'update', c.changes, c.recipient_id, c.carer_id, c.user_id
      from (select case when n is null then %7$s else %4$s end, %10$s, %11$s
              from old_rows o full join new_rows n on %12$s offset 0) c (k, changes, recipient_id, carer_id, user_id)
     where c.changes <> '{}'::jsonb;
  end if;
  return null;
end $body$
$f$, fn, head, relname_,
     key_n, audit_object_sql(inserted, inserted_null), array_to_string(person_n, ', '),
     key_o, audit_object_sql(deleted, deleted_null), array_to_string(person_o, ', '),
     audit_object_sql(updated, unchanged), array_to_string(person_u, ', '),
     pairing);
  execute format('comment on function %I() is %L', fn, format('The audit trail of %s; masked: %s', relname_, hidden));

  execute format('drop trigger if exists audit_insert on %s', tbl);
  execute format('drop trigger if exists audit_update on %s', tbl);
  execute format('drop trigger if exists audit_delete on %s', tbl);
  execute format('drop trigger if exists audit_truncate on %s', tbl);
  if summarise_by is null then
    execute format('create trigger audit_insert after insert on %s referencing new table as new_rows for each statement execute function %I()', tbl, fn);
  else
    execute format('create trigger audit_insert after insert on %s referencing new table as new_rows for each statement execute function audit_inserts_summarised(%L)', tbl, summarise_by);
  end if;
  execute format('create trigger audit_update after update on %s referencing old table as old_rows new table as new_rows for each statement execute function %I()', tbl, fn);
  execute format('create trigger audit_delete after delete on %s referencing old table as old_rows for each statement execute function %I()', tbl, fn);
  execute format('create trigger audit_truncate after truncate on %s for each statement execute function audit_truncate()', tbl);
end $$;
`.execute(db);

  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c
     where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and c.relname <> all (${notAudited}::text[])
     order by 1`.execute(db);
  for (const { name } of rows) {
    await sql`select audit_table(${name}::regclass, ${masked[name] ?? []}::text[], ${summarised[name] ?? null}::text)`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select distinct c.relname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid
     where t.tgname in ('audit_insert', 'audit_update', 'audit_delete', 'audit_truncate') and c.relnamespace = 'public'::regnamespace`.execute(db);
  for (const { name } of rows) {
    for (const trigger of ['audit_insert', 'audit_update', 'audit_delete', 'audit_truncate']) {
      await sql`drop trigger if exists ${sql.id(trigger)} on ${sql.table(name)}`.execute(db);
    }
  }
  const { rows: functions } = await sql<{ name: string }>`
    select proname as name from pg_proc where pronamespace = 'public'::regnamespace and proname like 'audit!_rows!_%' escape '!'`.execute(db);
  for (const { name } of functions) await sql`drop function ${sql.id(name)}()`.execute(db);
  await sql`
drop function audit_table(regclass, text[], text);
drop function audit_truncate();
drop function audit_inserts_summarised();
drop function audit_object_sql(text[], text[]);
drop function audit_kept_sql(text, boolean, "char");
drop function audit_acting();
drop table audit_trail;
drop function audit_trail_append_only();
`.execute(db);
}
