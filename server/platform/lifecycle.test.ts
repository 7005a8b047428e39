// Every lifecycle of Nuanxin, checked the same way: its table of actions against the moves
// written out here (every pair of states), `can` and `next` against the table, every status
// reachable from a creating action, its tables against the database; and the code read for
// status columns and event tables written anywhere but through server/platform/lifecycle.ts.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDatabase, type Database } from '../db/database.js';
import { createTestDatabase } from '../testing/harness.js';
import { DomainError } from './errors.js';
import type { Lifecycle } from './lifecycle.js';
import { orderLifecycle } from '../orders/order-lifecycle.js';
import { complaintLifecycle } from '../complaints/complaint-lifecycle.js';
import { settlementLifecycle } from '../settlement/settlement-lifecycle.js';
import { recipientLifecycle } from '../registry/recipient-lifecycle.js';
import { scoreLifecycle } from '../scoring/score-lifecycle.js';
import { returnVisitLifecycle } from '../return-visits/return-visit-lifecycle.js';
import { visitExceptionLifecycle } from '../visits/visit-exception-lifecycle.js';
import { contractLifecycle } from '../organisations/contract-lifecycle.js';

// biome-ignore lint/suspicious/noExplicitAny: lifecycles of every row type
type AnyLifecycle = Lifecycle<any, any, any>;

const lifecycles: Record<string, AnyLifecycle> = {
  order: orderLifecycle,
  complaint: complaintLifecycle,
  settlement: settlementLifecycle,
  recipient: recipientLifecycle,
  score: scoreLifecycle,
  returnVisit: returnVisitLifecycle,
  visitException: visitExceptionLifecycle,
  contract: contractLifecycle,
};

// Written out again here, not derived from the modules, so a change to a table shows up:
// from each status, the statuses one action leads to.
const moves: Record<keyof typeof lifecycles, Record<string, string[]>> = {
  order: {
    placed: ['assigned', 'cancelled', 'missed'],
    assigned: ['dispatched', 'cancelled', 'missed'],
    dispatched: ['dispatched', 'accepted', 'assigned', 'cancelled', 'missed'],
    accepted: ['dispatched', 'in_service', 'cancelled', 'missed', 'assigned'],
    in_service: ['completed'],
    completed: ['confirmed', 'disputed'],
    confirmed: [],
    cancelled: [],
    disputed: ['confirmed', 'cancelled'],
    missed: ['assigned'],
  },
  complaint: { recorded: ['assigned'], assigned: ['verified'], verified: ['answered'], answered: ['closed', 'assigned'], closed: ['assigned'] },
  settlement: { draft: ['approved'], approved: ['paid'], paid: [] },
  recipient: {
    candidate: ['verified', 'exited'],
    verified: ['active', 'exited'],
    active: ['suspended', 'exited'],
    suspended: ['active', 'exited'],
    exited: ['candidate'],
  },
  score: { draft: ['signed_off'], signed_off: [] },
  returnVisit: { scheduled: ['done', 'missed'], done: [], missed: [] },
  visitException: { none: ['open'], open: ['resolved'], resolved: [] },
  contract: { active: ['terminated'], terminated: [] },
};

const entries = Object.entries(lifecycles);

describe.each(entries)('the %s lifecycle', (name, lifecycle) => {
  const expected = moves[name];

  it('has the statuses written out here', () => {
    expect([...lifecycle.statuses].sort()).toEqual(Object.keys(expected).sort());
  });

  const pairs = lifecycle.statuses.flatMap((from) => lifecycle.statuses.map((to) => [from, to] as const));
  it.each(pairs)('%s → %s', (from, to) => {
    expect(lifecycle.movesFrom(from).includes(to)).toBe(expected[from].includes(to));
  });

  const steps = lifecycle.statuses.flatMap((status) => lifecycle.actions.map((action) => [status, action] as const));
  it.each(steps)('%s --%s-->', (status, action) => {
    const applies = lifecycle.from(action).includes(status);
    expect(lifecycle.can(status, action)).toBe(applies);
    if (applies) {
      expect(lifecycle.next(status, action)).toBe(lifecycle.target(action));
    } else {
      let error: unknown;
      try {
        lifecycle.next(status, action);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('CONFLICT');
    }
  });

  it('reaches every status from an action that creates a row', () => {
    expect(lifecycle.creating.length).toBeGreaterThan(0);
    const reached = new Set(lifecycle.creating.map((a) => lifecycle.target(a)));
    for (const status of reached) for (const next of lifecycle.movesFrom(status)) reached.add(next);
    expect([...reached].sort()).toEqual([...lifecycle.statuses].sort());
  });
});

describe("the lifecycles' tables in the database", () => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    db = createDatabase(database.url, 2);
  });
  afterAll(async () => {
    await db?.destroy();
    await drop?.();
  });

  const columnsOf = async (table: string) => {
    const { rows } = await sql<{ column_name: string; data_type: string }>`
      select column_name, data_type from information_schema.columns
       where table_schema = 'public' and table_name = ${table}`.execute(db);
    return Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]));
  };

  it.each(entries)('%s: its event table has the standard columns', async (_name, lifecycle) => {
    const { table, subject } = lifecycle.spec.events;
    expect(await columnsOf(table)).toMatchObject({
      [subject]: 'integer',
      action: 'text',
      from_status: 'text',
      to_status: 'text',
      actor_id: 'integer',
      channel: 'text',
      reason: 'text',
      data: 'jsonb',
      at: 'timestamp with time zone',
    });
  });

  it.each(entries)('%s: its table has the key, the status column and the time of change it names', async (_name, lifecycle) => {
    const columns = await columnsOf(lifecycle.spec.table);
    expect(columns[lifecycle.key]).toBe('integer');
    expect(columns[lifecycle.column]).toBe('text');
    if (lifecycle.spec.changedAt) expect(columns[lifecycle.spec.changedAt]).toBe('timestamp with time zone');
  });

  it.each(entries)("%s: the status column's CHECK allows exactly its statuses", async (_name, lifecycle) => {
    const { rows } = await sql<{ definition: string }>`
      select pg_get_constraintdef(c.oid) as definition from pg_constraint c
       where c.conrelid = ${lifecycle.spec.table}::regclass and c.contype = 'c'`.execute(db);
    const own = rows.map((r) => r.definition).filter((d) => new RegExp(`^CHECK \\(\\(${lifecycle.column} = ANY`).test(d));
    expect(own, `the CHECK on ${lifecycle.spec.table}.${lifecycle.column}`).toHaveLength(1);
    const allowed = [...own[0].matchAll(/'([^']+)'::text/g)].map((m) => m[1]);
    expect(allowed.sort()).toEqual([...lifecycle.statuses].sort());
  });
});

// ---------------------------------------------------------------------------------------
// Reading the code: no status column or event table is written but through the lifecycle
// module. What is looked for, in every file of server/ and worker/ but those excused below:
// - SQL `update <lifecycle table> … set … <status column> =`;
// - SQL `insert into <lifecycle table> (… <status column> …)` whose statement does not take
//   the status from the lifecycle (`<x>Lifecycle.target(…)`, or return visits'
//   `scheduledStatus`, which is that);
// - kysely `.updateTable('<lifecycle table>') … .set({ … status: … })`;
// - kysely `.insertInto('<lifecycle table>') … .values({ … status: … })`, and `.columns([… 'status' …])`
//   without the lifecycle's target;
// - any insert into an event table (SQL or kysely).

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Files that may write statuses or events themselves, each with why. */
const excused: Record<string, string> = {
  'server/platform/lifecycle.ts': 'the lifecycle module itself',
  'server/seed/demo.ts': "bulk-inserts the demo county's recipients in their statuses, for speed, with an import event each",
  'server/settlement/served-month.ts': 'a fixture: a month of confirmed services written set-based for tests and the settlement bench',
  'server/db/tables.ts': 'generated types',
  'server/graphql/types.generated.ts': 'generated types',
};
/** Tests and their shared set-up write rows in any status they need. */
const isTestFile = (file: string) => /\.test\.ts$/.test(file) || /(^|\/)test-support\.ts$/.test(file) || file.startsWith('server/testing/');

const tables = entries.map(([, l]) => ({ table: l.spec.table, column: l.column }));
const eventTables = entries.map(([, l]) => l.spec.events.table);
const lifecycleTarget = /Lifecycle\.target\(|scheduledStatus/;

async function sourceFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const dir of ['server', 'worker']) {
    const found = await readdir(path.join(root, dir), { recursive: true, withFileTypes: true });
    for (const e of found) {
      if (!e.isFile() || !e.name.endsWith('.ts')) continue;
      files.push(path.relative(root, path.join(e.parentPath, e.name)).replace(/\\/g, '/'));
    }
  }
  return files.sort();
}

/** The source without comments (strings are left alone: SQL lives in them). */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** The text from `start` to the end of its call: up to the parenthesis that closes the first one opened. */
function callFrom(source: string, start: number): string {
  const open = source.indexOf('(', start);
  if (open < 0) return '';
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '(') depth++;
    else if (source[i] === ')' && --depth === 0) return source.slice(open, i + 1);
  }
  return source.slice(open);
}

const lineOf = (source: string, index: number) => source.slice(0, index).split('\n').length;

/** Every place in `source` that writes a status column or an event table outside the lifecycle module. */
function statusWrites(source: string): { line: number; what: string }[] {
  const code = withoutComments(source);
  const found: { line: number; what: string }[] = [];
  const add = (index: number, what: string) => found.push({ line: lineOf(code, index), what });

  for (const { table, column } of tables) {
    // a key (`status: …`, `'status': …`) or a shorthand property (`{ status, … }`)
    const statusKey = new RegExp(`(^|[\\s{,])['"]?${column}['"]?\\s*[:,}]`);
    const statusSet = new RegExp(`(^|[\\s,(.])${column}\\s*=(?!=)`, 'i');
    // SQL update … set …
    for (const m of code.matchAll(
      new RegExp(`\\bupdate\\s+${table}\\b(?:\\s+(?:as\\s+)?\\w+)?\\s+set\\b([\\s\\S]*?)(?=\\bwhere\\b|\\bfrom\\b|\\breturning\\b|\`|;)`, 'gi'),
    )) {
      if (statusSet.test(m[1])) add(m.index, `update ${table} set ${column}`);
    }
    // SQL insert naming the status column
    for (const m of code.matchAll(new RegExp(`\\binsert\\s+into\\s+${table}\\s*\\(([^)]*)\\)`, 'gi'))) {
      if (new RegExp(`\\b${column}\\b`).test(m[1]) && !lifecycleTarget.test(code.slice(m.index, m.index + 1500)))
        add(m.index, `insert into ${table} (${column})`);
    }
    // kysely updateTable … set
    for (const m of code.matchAll(new RegExp(`\\.updateTable\\(\\s*['"]${table}(?:\\s+as\\s+\\w+)?['"]\\s*\\)`, 'g'))) {
      const rest = code.slice(m.index + m[0].length, m.index + m[0].length + 400);
      const set = /\.set\(/.exec(rest);
      if (!set) continue;
      const args = callFrom(rest, set.index);
      if (statusKey.test(args) || new RegExp(`^\\(\\s*['"]${column}['"]`).test(args)) add(m.index, `updateTable('${table}').set({ ${column} })`);
    }
    // kysely insertInto … values / columns
    for (const m of code.matchAll(new RegExp(`\\.insertInto\\(\\s*['"]${table}['"]\\s*\\)`, 'g'))) {
      const rest = code.slice(m.index + m[0].length, m.index + m[0].length + 1500);
      const values = /^\s*\.values\(/.exec(rest);
      if (values && statusKey.test(callFrom(rest, values.index))) add(m.index, `insertInto('${table}').values({ ${column} })`);
      const columns = /^\s*\.columns\(/.exec(rest);
      if (columns && new RegExp(`['"]${column}['"]`).test(callFrom(rest, columns.index)) && !lifecycleTarget.test(rest)) {
        add(m.index, `insertInto('${table}').columns([${column}])`);
      }
    }
  }
  const events = eventTables.join('|');
  for (const m of code.matchAll(new RegExp(`\\binsert\\s+into\\s+(${events})\\b`, 'gi'))) add(m.index, `insert into ${m[1]}`);
  for (const m of code.matchAll(new RegExp(`\\.insertInto\\(\\s*['"](${events})['"]`, 'g'))) add(m.index, `insertInto('${m[1]}')`);
  return found;
}

describe('reading the code', () => {
  it('finds what it looks for', () => {
    expect(statusWrites("await db.updateTable('orders').set({ status: 'cancelled' }).execute();")).toHaveLength(1);
    expect(statusWrites("await db.updateTable('orders').set({ carer_id: 3 }).execute();")).toEqual([]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a query is what is read
    expect(statusWrites('sql`update visits v set exception_status = ${x} where v.order_id = 1`')).toHaveLength(1);
    expect(statusWrites('sql`update complaints c set escalation_level = c.escalation_level + 1, status_changed_at = now() where c.status = 1`')).toEqual([]);
    expect(statusWrites("await trx.insertInto('recipients').values({ name, status: 'candidate' })")).toHaveLength(1);
    expect(statusWrites("await trx.updateTable('settlements').set({ status, approved_by: 1 })")).toHaveLength(1);
    expect(statusWrites("await trx.insertInto('score_events').values({ score_id: 1 })")).toHaveLength(1);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a query is what is read
    expect(statusWrites("sql`insert into orders (id, status) select 1, ${orderLifecycle.target('place')}`")).toEqual([]);
    expect(statusWrites("sql`insert into return_visits (id, status) select 1, 'scheduled'`")).toHaveLength(1);
    expect(statusWrites('// update orders set status = 1\n')).toEqual([]);
  });

  it('no status column or event table is written but through the lifecycle module', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles()) {
      if (excused[file] || isTestFile(file)) continue;
      const source = await readFile(path.join(root, file), 'utf8');
      for (const { line, what } of statusWrites(source)) offenders.push(`${file}:${line} ${what}`);
    }
    expect(offenders).toEqual([]);
  });
});
