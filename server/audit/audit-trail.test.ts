// The audit trail: who changed what, when and from where, written by the database in the
// change's own transaction, append-only, personal data masked, attributed right when requests
// share the pool, and read by county admins alone, by record, person and time, in pages.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { pino } from 'pino';
import type { Job } from 'bullmq';
import type { TestWorld } from '../testing/harness.js';
import { FIXTURE_PASSWORD, type Fixtures, type FixtureUser } from '../testing/fixtures.js';
import { ADMIN_COOKIE } from '../admin/admin-session.js';
import { orderingWorld } from '../orders/test-support.js';
import { deleteRedisPrefix } from '../platform/redis.js';
import { setClockForTests } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';
import { QUEUES } from '../../worker/queues.js';
import { startWorker } from '../../worker/worker.js';
import { actingAs } from './acting.js';

setClockForTests(ORDINARY_MORNING);

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  ({ world, fx } = await orderingWorld());
});
afterAll(() => world?.close());

const TRAIL = `query($first: Int, $after: String, $filter: AuditFilter) {
  auditTrail(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id at actorKind actor { id username } actorRole address operation requestId databaseUser
      table recordId action changes { column before after } } } } }`;
const CONTACT = 'mutation($id: ID!, $input: RecipientContactInput!) { updateRecipientContact(recipientId: $id, input: $input) { id } }';
const ACTIVE = 'mutation($id: ID!, $active: Boolean!) { setCarerActive(carerId: $id, active: $active) { id active } }';

interface Entry {
  id: string;
  at: string;
  actorKind: string;
  actor: { id: string; username: string } | null;
  actorRole: string | null;
  address: string | null;
  operation: string | null;
  requestId: string | null;
  databaseUser: string;
  table: string;
  recordId: string;
  action: string;
  changes: { column: string; before: string | null; after: string | null }[];
}
const trail = async (filter: Record<string, unknown>, first = 20, after?: string) =>
  (await world.ok(TRAIL, { first, after, filter }, fx.tokens.admin)).auditTrail as {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: Entry }[];
  };
const userId = async (username: string) => (await world.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
const lastId = async () => Number((await sql<{ max: number | null }>`select max(id) as max from audit_trail`.execute(world.db)).rows[0].max ?? 0);

/** A mutation sent from `address`, as a client there would; its request id. */
async function from(address: string, query: string, variables: Record<string, unknown>, token: string): Promise<string> {
  const res = await world.app.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: address,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    payload: { query, variables },
  });
  expect(res.json().errors).toBeUndefined();
  return String(res.headers['x-request-id']);
}

describe('an entry', () => {
  it('says who, in which role, from which address, through which operation and request, when by the project’s clock, and what changed', async () => {
    const requestId = await from('203.0.113.7', ACTIVE, { id: String(fx.carerA), active: false }, fx.tokens.dispatcherA);
    const { edges } = await trail({ table: 'carers', recordId: String(fx.carerA) });
    const entry = edges[0].node;
    expect(entry).toMatchObject({
      actorKind: 'USER',
      actor: { id: String(await userId('dispatchera')), username: 'dispatchera' },
      actorRole: 'DISPATCHER',
      address: '203.0.113.7',
      operation: 'setCarerActive',
      requestId,
      table: 'carers',
      recordId: String(fx.carerA),
      action: 'UPDATE',
      changes: [{ column: 'active', before: 'true', after: 'false' }],
    });
    // the project's clock (set to a morning of 2027 here), not the database's
    expect(Math.abs(Date.parse(entry.at) - Date.parse(ORDINARY_MORNING))).toBeLessThan(600_000);
    await world.ok(ACTIVE, { id: String(fx.carerA), active: true }, fx.tokens.dispatcherA);
  });

  it('records an insert with its values and a delete with what was removed, columns that did not change left out', async () => {
    const HOURS = 'mutation($id: ID!, $hours: [WorkingHoursInput!]!) { setCarerWorkingHours(carerId: $id, hours: $hours) { id } }';
    await world.ok(HOURS, { id: String(fx.carerB), hours: [{ weekday: 1, startsAt: '08:00', endsAt: '12:00' }] }, fx.tokens.admin);
    await world.ok(HOURS, { id: String(fx.carerB), hours: [{ weekday: 2, startsAt: '09:00', endsAt: '17:00' }] }, fx.tokens.admin);
    const { edges } = await trail({ table: 'carer_working_hours', carerId: String(fx.carerB), operation: 'setCarerWorkingHours' }, 100);
    const deleted = edges.find((e) => e.node.action === 'DELETE' && e.node.recordId === `${fx.carerB},1,08:00:00`)!.node;
    expect(deleted.changes).toEqual([
      { column: 'carer_id', before: String(fx.carerB), after: null },
      { column: 'ends_at', before: '12:00:00', after: null },
      { column: 'starts_at', before: '08:00:00', after: null },
      { column: 'weekday', before: '1', after: null },
    ]);
    expect(edges.find((e) => e.node.action === 'INSERT' && e.node.recordId === `${fx.carerB},2,09:00:00`)).toBeDefined();
    // an update that changes nothing is no change
    const before = await lastId();
    await world.db.updateTable('carers').set({ active: true }).where('id', '=', fx.carerB).execute();
    expect(await lastId()).toBe(before);
  });

  it('masks personal data: a name, a phone, an address read ***, and a phone inside other text too', async () => {
    const phone = '13598761234';
    await world.ok(CONTACT, { id: String(fx.recipientA), input: { phone, address: '峡江县某村3组12号' } }, fx.tokens.hotline);
    const { edges } = await trail({ table: 'recipients', recordId: String(fx.recipientA), operation: 'updateRecipientContact' });
    expect(edges[0].node.changes).toEqual([
      { column: 'address', before: '', after: '***' },
      { column: 'phone', before: '***', after: '***' },
    ]);
    // business text is kept, with any phone or ID number in it masked
    const id = (await world.db.selectFrom('contracts').select('id').where('id', '=', fx.contractA).executeTakeFirstOrThrow()).id;
    await world.ok(
      'mutation($id: ID!, $reason: String!) { terminateContract(contractId: $id, reason: $reason) { id } }',
      { id: String(id), reason: `机构申请解约，联系人电话 ${phone}，身份证 360823194801011234` },
      fx.tokens.admin,
    );
    const contract = (await trail({ table: 'contracts', recordId: String(id) })).edges[0].node;
    expect(contract.changes.find((c) => c.column === 'termination_reason')).toEqual({
      column: 'termination_reason',
      before: null,
      after: '机构申请解约，联系人电话 ***，身份证 ***',
    });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_trail t where t::text like ${`%${phone}%`}`.execute(world.db);
    expect(rows[0].n).toBe(0);
  });

  it('names whom a record is about: a recipient’s entries include their orders, accounts and contact, whoever made them', async () => {
    const { edges, totalCount } = await trail({ recipientId: String(fx.recipientA) }, 100);
    const tables = new Set(edges.map((e) => e.node.table));
    expect([...tables]).toEqual(expect.arrayContaining(['recipients', 'budget_accounts']));
    expect(totalCount).toBeGreaterThanOrEqual(edges.length);
    expect((await trail({ recipientId: String(fx.recipientB), table: 'recipients' })).edges.every((e) => e.node.recordId === String(fx.recipientB))).toBe(true);
  });
});

describe('who is acting, when requests share the pool', () => {
  it('attributes each change to its own request among many at once, mutations and reads interleaved on five connections', async () => {
    const hotline = await userId('hotline');
    const township = await userId('townshipa');
    const sent: Promise<[string, number]>[] = [];
    for (let i = 0; i < 40; i++) {
      const [token, actor] = i % 2 ? [fx.tokens.hotline, hotline] : [fx.tokens.townshipA, township];
      const phone = `1370000${String(1000 + i)}`;
      sent.push(from(`198.51.100.${i + 1}`, CONTACT, { id: String(fx.recipientA), input: { phone } }, token).then((r) => [r, actor]));
      sent.push(world.ok('query($id: ID!) { recipient(id: $id) { id phone } }', { id: String(fx.recipientA) }, fx.tokens.admin).then(() => ['', 0]));
    }
    const requests = (await Promise.all(sent)).filter(([r]) => r);
    const { rows } = await sql<{ request_id: string; actor_id: number; address: string }>`
      select request_id, actor_id, address from audit_trail where operation = 'updateRecipientContact' and request_id = any(${requests.map(([r]) => r)})`.execute(
      world.db,
    );
    expect(rows).toHaveLength(40);
    const actorOf = new Map(requests);
    for (const row of rows) expect(row.actor_id).toBe(actorOf.get(row.request_id));
    expect(new Set(rows.map((r) => r.address)).size).toBe(40);

    // afterwards no connection still carries anyone: a change made directly is the database's own
    for (let i = 0; i < 10; i++)
      await world.db
        .updateTable('recipients')
        .set({ relation_to_head: `self${i}` })
        .where('id', '=', fx.recipientB)
        .execute();
    const direct = await sql<{ actor_kind: string; operation: string | null; database_user: string; current_user: string }>`
      select actor_kind, operation, database_user, current_user from audit_trail where table_name = 'recipients' and record_id = ${String(fx.recipientB)}
       order by id desc limit 10`.execute(world.db);
    for (const row of direct.rows) expect(row).toMatchObject({ actor_kind: 'database', operation: null, database_user: row.current_user });
  });

  it('attributes the queue dashboard’s cookie sign-in and sign-out, outside GraphQL, to the admin and their address', async () => {
    const before = await lastId();
    const signedIn = await world.app.inject({
      method: 'POST',
      url: '/admin/sign-in',
      remoteAddress: '192.0.2.44',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username: 'admin', password: FIXTURE_PASSWORD }).toString(),
    });
    expect(signedIn.statusCode).toBe(303);
    const cookie = signedIn.cookies.find((c) => c.name === ADMIN_COOKIE)!.value;
    await world.app.inject({ method: 'POST', url: '/admin/sign-out', remoteAddress: '192.0.2.44', cookies: { [ADMIN_COOKIE]: cookie } });
    const { rows } = await sql<{ operation: string; actor_kind: string; actor_id: number | null; address: string; table_name: string; action: string }>`
      select operation, actor_kind, actor_id, address, table_name, action from audit_trail where id > ${before} order by id`.execute(world.db);
    const admin = await userId('admin');
    expect(rows).toEqual([
      { operation: 'admin-sign-in', actor_kind: 'anonymous', actor_id: null, address: '192.0.2.44', table_name: 'sessions', action: 'insert' },
      { operation: 'admin-sign-in', actor_kind: 'anonymous', actor_id: null, address: '192.0.2.44', table_name: 'users', action: 'update' },
      { operation: 'admin-sign-out', actor_kind: 'user', actor_id: admin, address: '192.0.2.44', table_name: 'sessions', action: 'update' },
    ]);
  });

  it('records a worker job as the job, with its id', async () => {
    const prefix = `nuanxin_test_${randomBytes(4).toString('hex')}`;
    const worker = await startWorker({ ...world.config, REDIS_PREFIX: prefix }, { log: pino({ level: 'silent' }) });
    try {
      const user = await userId('finance');
      const { id: session } = await world.db
        .insertInto('sessions')
        .values({ user_id: user, token_digest: 'audit-expired', expires_at: new Date(Date.now() - 3 * 86_400_000) })
        .returning('id')
        .executeTakeFirstOrThrow();
      const job = await worker.queues.get(QUEUES.maintenance)!.add('purge-expired-sessions', {});
      await settled(job);
      const { edges } = await trail({ table: 'sessions', recordId: String(session) });
      expect(edges.map((e) => e.node)).toEqual([
        expect.objectContaining({ actorKind: 'JOB', actor: null, operation: 'purge-expired-sessions', requestId: job.id, action: 'DELETE' }),
        expect.objectContaining({ actorKind: 'DATABASE', operation: null, action: 'INSERT' }),
      ]);
    } finally {
      await worker.close();
      await deleteRedisPrefix(world.redis, prefix);
    }
  });

  it('writes nothing for a change that is rolled back: the entry is in the change’s own transaction', async () => {
    const before = await lastId();
    await expect(
      actingAs({ kind: 'system', operation: 'audit-test' }, () =>
        world.db.transaction().execute(async (trx) => {
          await trx.updateTable('carers').set({ active: false }).where('id', '=', fx.carerB).execute();
          throw new Error('changed my mind');
        }),
      ),
    ).rejects.toThrow('changed my mind');
    expect(await lastId()).toBe(before);
    // and a refused mutation leaves none either
    expect(await world.errorCode(CONTACT, { id: String(fx.recipientB), input: { phone: '13500001111' } }, fx.tokens.townshipA)).toBe('FORBIDDEN');
    expect(await lastId()).toBe(before);
  });
});

async function settled(job: Job, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const state = await job.getState();
    if (state === 'completed') return;
    if (state === 'failed' || Date.now() > until) throw new Error(`job ${job.name} ${state}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the trail is append-only', () => {
  it('refuses to change, remove or truncate an entry, even for the table’s owner', async () => {
    const count = async () => Number((await sql<{ n: number }>`select count(*)::int as n from audit_trail`.execute(world.db)).rows[0].n);
    const n = await count();
    for (const statement of [
      sql`update audit_trail set operation = 'nothing happened' where id = (select max(id) from audit_trail)`,
      sql`delete from audit_trail where id = (select max(id) from audit_trail)`,
      sql`delete from audit_trail where false`,
      sql`truncate audit_trail`,
    ]) {
      await expect(statement.execute(world.db)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/append-only/) });
    }
    expect(await count()).toBe(n);
  });

  it('covers every table but the outbox and the migrator’s, each with its four triggers', async () => {
    const { rows } = await sql<{ table: string; triggers: string[] }>`
      select c.relname as table, coalesce(array_agg(t.tgname::text order by t.tgname) filter (where t.tgname like 'audit\\_%'), '{}') as triggers
        from pg_class c left join pg_trigger t on t.tgrelid = c.oid and not t.tgisinternal
       where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' group by 1 order by 1`.execute(world.db);
    const without = rows.filter((r) => r.triggers.join() !== 'audit_delete,audit_insert,audit_truncate,audit_update').map((r) => r.table);
    expect(without).toEqual(['audit_trail', 'kysely_migration', 'kysely_migration_lock', 'outbox']);
  });

  it('records every column of every audited table: a column added without audit_table() fails here', async () => {
    const { rows } = await sql<{ column: string }>`
      select c.relname || '.' || a.attname as column
        from pg_class c
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        join pg_proc p on p.proname = 'audit_rows_' || c.relname
       where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
         and position(quote_literal(a.attname::text) || ', jsonb_build_array(' in p.prosrc) = 0
       order by 1`.execute(world.db);
    expect(rows.map((r) => r.column)).toEqual([]);
    await sql`alter table carers add column nickname text`.execute(world.db);
    try {
      const { rows: stale } = await sql<{ n: number }>`
        select count(*)::int as n from pg_proc p where p.proname = 'audit_rows_carers' and position('''nickname''' in p.prosrc) = 0`.execute(world.db);
      expect(stale[0].n).toBe(1);
      await sql`select audit_table('carers')`.execute(world.db);
      await world.db.updateTable('carers').set({ name: '新名字' }).where('id', '=', fx.carerB).execute();
      await sql`update carers set nickname = 'x' where id = ${fx.carerB}`.execute(world.db);
      const { rows: last } = await sql<{ changes: Record<string, unknown> }>`
        select changes from audit_trail where table_name = 'carers' order by id desc limit 2`.execute(world.db);
      // the masked columns were kept (name still ***), and the new column is recorded
      expect(last.map((r) => r.changes)).toEqual([{ nickname: [null, 'x'] }, { name: ['***', '***'] }]);
    } finally {
      await sql`alter table carers drop column nickname`.execute(world.db);
      await sql`select audit_table('carers')`.execute(world.db);
    }
  });

  it('masks every column that by its name may hold personal data, unless it is listed here as not personal', async () => {
    // kept in clear, and why
    const notPersonal: Record<string, string> = {
      'regions.name': 'a place name',
      'regions.latitude': 'a village, not a home',
      'regions.longitude': 'a village, not a home',
      'service_categories.name_zh': 'the catalog',
      'service_categories.name_en': 'the catalog',
      'service_items.name_zh': 'the catalog',
      'service_items.name_en': 'the catalog',
      'service_items.description_zh': 'the catalog',
      'organisations.name': 'a registered organisation',
      'recipients.service_card_issued_at': 'a date of issue',
      'contracts.termination_reason': "the organisation's business (phones and ID numbers in it are masked)",
      'service_item_prices.reason': 'a price decision',
      'scoring_policies.note': 'a policy decision',
      'organisation_scores.adjustment_justification': "the organisation's score",
      'contract_events.reason': "the organisation's contract",
      'score_events.reason': "the organisation's score",
      'settlement_events.reason': "the organisation's statement",
      'return_visits.reason': 'one of quarterly, service_sample, complaint',
      'complaints.answered_at': 'a time',
      'visits.card_code_failures': 'a count',
      'messages.suppressed_reason': 'one of OPTED_OUT, DAILY_CAP, NO_ADDRESS',
    };
    const personal =
      /name|phone|address|latitude|longitude|id_number|birth|note|comment|summary|description|participants|reason|answer|finding|work_done|certificate|password|token|card|household_number/;
    const { rows } = await sql<{ column: string }>`
      select table_name || '.' || column_name as column from information_schema.columns
       where table_schema = 'public' and table_name not in ('audit_trail', 'outbox') and table_name not like 'kysely%' order by 1`.execute(world.db);
    // each table's masked columns, as audit_table() noted them on its trail function
    const { rows: functions } = await sql<{ table: string; comment: string }>`
      select c.relname as table, obj_description(p.oid, 'pg_proc') as comment
        from pg_class c join pg_proc p on p.proname = 'audit_rows_' || c.relname
       where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'`.execute(world.db);
    const masked = new Set<string>();
    for (const f of functions) {
      const hidden = /masked: \{(.*)\}$/.exec(f.comment)?.[1] ?? '';
      for (const column of hidden.split(',').filter(Boolean)) masked.add(`${f.table}.${column}`);
    }
    expect(masked.has('recipients.phone')).toBe(true);
    const unmasked = rows.map((r) => r.column).filter((c) => personal.test(c.split('.')[1]) && !masked.has(c) && !(c in notPersonal));
    expect(unmasked).toEqual([]);
  });
});

describe('reading the trail', () => {
  it('is for county admins only', async () => {
    expect(await world.errorCode(TRAIL, {})).toBe('UNAUTHENTICATED');
    for (const who of Object.keys(fx.tokens).filter((w) => w !== 'admin') as FixtureUser[]) {
      expect(await world.errorCode(TRAIL, {}, fx.tokens[who])).toBe('FORBIDDEN');
    }
  });

  it('pages newest first, every entry once, with the same total on each page', async () => {
    const filter = { operation: 'updateRecipientContact' };
    const seen: string[] = [];
    let after: string | undefined;
    let total: number | undefined;
    for (;;) {
      const page = await trail(filter, 7, after);
      total ??= page.totalCount;
      expect(page.totalCount).toBe(total);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen.length).toBe(total);
    expect(total).toBeGreaterThan(40);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));
  });

  it('finds by the person acting, by time and by operation', async () => {
    const hotline = await userId('hotline');
    const mine = await trail({ actorId: String(hotline) }, 100);
    expect(mine.totalCount).toBeGreaterThan(0);
    expect(mine.edges.every((e) => e.node.actor?.id === String(hotline))).toBe(true);

    const all = await trail({ operation: 'setCarerActive' }, 100);
    const at = all.edges.map((e) => Date.parse(e.node.at));
    const [newest, oldest] = [Math.max(...at), Math.min(...at)];
    const before = await trail({ operation: 'setCarerActive', to: new Date(newest).toISOString() }, 100);
    expect(before.edges.every((e) => Date.parse(e.node.at) < newest)).toBe(true);
    expect(before.totalCount).toBe(all.edges.filter((e) => Date.parse(e.node.at) < newest).length);
    const since = await trail({ operation: 'setCarerActive', from: new Date(oldest).toISOString() }, 100);
    expect(since.totalCount).toBe(all.totalCount);
    expect((await trail({ from: '2099-01-01T00:00:00Z' })).totalCount).toBe(0);
  });

  it('refuses a record without its table, a time range backwards, an ID that is none and a page too large', async () => {
    const refused = async (variables: Record<string, unknown>) => (await world.gql(TRAIL, variables, fx.tokens.admin)).errors?.[0].extensions;
    expect(await refused({ filter: { recordId: '1' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'table', reason: 'FIELD_REQUIRED' });
    expect(await refused({ filter: { from: '2027-05-12T00:00:00Z', to: '2027-05-11T00:00:00Z' } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'from',
      reason: 'RANGE_REVERSED',
    });
    expect(await refused({ filter: { actorId: '01' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'actorId' });
    expect(await refused({ first: 101 })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await refused({ after: 'not-a-cursor' })).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
