// Every status in Nuanxin (an order, a complaint ticket, a statement, a recipient on the list,
// a monthly score, a return visit, a visit's exception, a contract) moves through one
// mechanism: a lifecycle defined by its table of actions (from which statuses, to which
// status). The table answers `can` and `next`, gives SQL the statuses an action applies from,
// and this module is the only code that writes a status column: one row at a time (`apply`),
// set-based (`applyWhere`, for sweeps such as auto-confirmation; `noteWhere` for events that
// keep the status, such as a late visit), or as a fragment of a
// larger statement (`record`, for placeOrder's one-statement insert). Every transition is
// recorded the same way, in the lifecycle's event table: who, when, through which channel,
// why, from which status to which, by which action.
//
// A test reads the code and fails when a status column is written anywhere else
// (server/platform/lifecycle.test.ts).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.js';
import type { DB } from '../db/tables.js';
import { badInput, conflict, notFound, type RefusalReason } from './errors.js';
import { now } from './clock.js';

/** Where a change came from: the three ordering channels, the consoles, the carer's app, or the system. */
type EventChannel = 'mini_program' | 'hotline' | 'grid_worker' | 'console' | 'carer_app' | 'system';

/** Who makes a change: a user through a channel, or the system (userId null). */
export interface Actor {
  userId: number | null;
  channel: EventChannel;
}

export const systemActor: Actor = { userId: null, channel: 'system' };

/** One action of a lifecycle: the statuses it applies from (none: it creates the row) and the status it leads to. */
interface ActionRule<S extends string> {
  readonly from: readonly S[];
  readonly to: S;
}

/** Where a lifecycle's transitions are recorded: one row per transition, the same columns for every lifecycle. */
interface EventTable {
  table: keyof DB & string;
  /** The column naming the row that changed (order_id, complaint_id …). */
  subject: string;
}

interface LifecycleSpec<S extends string, A extends string> {
  /** What the rows are, for messages: 'order', 'ticket', 'statement' … */
  name: string;
  /** The table holding the rows. */
  table: keyof DB & string;
  /** Its integer key (default `id`). */
  key?: string;
  /** The status column (default `status`). */
  column?: string;
  /** A column set to the time of every transition (default none). */
  changedAt?: string;
  statuses: readonly S[];
  actions: { readonly [K in A]: ActionRule<S> };
  events: EventTable;
  /** The refusal's sentence when `action` does not apply from `status` (a default one otherwise). */
  refusal?: (status: S, action: A) => string | undefined;
  /** The refusal's reason code, for lifecycles whose refusals the apps explain in their own words. */
  refusalReason?: RefusalReason;
  /** The longest reason an event takes (default 500): a complaint's events carry the ticket's texts. */
  maxReason?: number;
}

export interface ApplyOptions<R> {
  reason?: string;
  /** Refuse a blank reason. */
  reasonRequired?: boolean;
  /** Other columns changed with the status (values or SQL expressions). */
  set?: Record<string, unknown>;
  /** Extra facts recorded on the event. */
  data?: Record<string, unknown> | null;
  /** The caller's own checks on the locked row (scope, ownership); throw to refuse. */
  check?: (row: R) => void;
  /** The row as the caller already locked it in this transaction (saves locking it again). */
  locked?: R;
  /** When it happened (default: the clock's now). */
  at?: Date;
  /** Columns of this lifecycle's event table beyond the standard ones (score_events' from_score and to_score), as SQL. */
  event?: Record<string, RawBuilder<unknown>>;
}

export interface Transition<R> {
  before: R;
  after: R;
}

/** What one row of a set-based transition's source gives: the row's id, and optionally per-row event facts. */
interface RecordColumns {
  subject: RawBuilder<number>;
  fromStatus?: RawBuilder<string | null>;
  toStatus?: RawBuilder<string>;
  actor?: RawBuilder<number | null>;
  channel?: RawBuilder<string>;
  reason?: RawBuilder<string>;
  data?: RawBuilder<unknown>;
  at?: RawBuilder<Date>;
  /** Columns of the event table beyond the standard ones, as SQL over the source. */
  extra?: Record<string, RawBuilder<unknown>>;
}

const MAX_REASON = 500;

/** A lifecycle: its table of actions, and the only way its status column is written. */
export class Lifecycle<S extends string, A extends string, R = Record<string, unknown>> {
  readonly actions: readonly A[];
  readonly column: string;
  readonly key: string;

  constructor(readonly spec: LifecycleSpec<S, A>) {
    this.actions = Object.keys(spec.actions) as A[];
    this.column = spec.column ?? 'status';
    this.key = spec.key ?? 'id';
    for (const action of this.actions) {
      const rule = spec.actions[action];
      for (const s of [...rule.from, rule.to]) {
        if (!spec.statuses.includes(s)) throw new Error(`${spec.name} lifecycle: ${action} names unknown status ${s}`);
      }
    }
  }

  get statuses(): readonly S[] {
    return this.spec.statuses;
  }

  /** Whether `action` applies to a row in `status`. */
  can(status: S, action: A): boolean {
    return this.spec.actions[action].from.includes(status);
  }

  /** The status `action` leads to from `status`; CONFLICT when the table does not allow it. */
  next(status: S, action: A): S {
    if (!this.can(status, action)) {
      const message = this.spec.refusal?.(status, action) ?? `A ${this.spec.name} that is ${status.replace(/_/g, ' ')} cannot be ${action.replace(/_/g, ' ')}.`;
      throw conflict(message, { reason: this.spec.refusalReason ?? 'STATUS_DOES_NOT_ALLOW', status, action });
    }
    return this.spec.actions[action].to;
  }

  /** The statuses `action` applies from. */
  from(action: A): readonly S[] {
    return this.spec.actions[action].from;
  }

  /** The actions that apply from `status`, in table order. */
  actionsFrom(status: S): A[] {
    return this.actions.filter((a) => this.can(status, a));
  }

  /** The statuses reachable in one action from `status`. */
  movesFrom(status: S): S[] {
    return [...new Set(this.actionsFrom(status).map((a) => this.spec.actions[a].to))];
  }

  /** The action leading from `from` to `to` (the first in table order), or undefined when the table has none. */
  actionBetween(from: S, to: S): A | undefined {
    return this.actionsFrom(from).find((a) => this.spec.actions[a].to === to);
  }

  /** Actions that create a row (they apply from no status). */
  get creating(): A[] {
    return this.actions.filter((a) => this.spec.actions[a].from.length === 0);
  }

  /**
   * SQL: `<alias.>status in ('a', 'b')` for the statuses `action` applies from (or the given
   * statuses), with the values written as literals so a partial index on them can be used.
   */
  in(statuses: A | readonly S[], alias?: string): RawBuilder<boolean> {
    const list = typeof statuses === 'string' ? this.from(statuses) : statuses;
    const ref = sql.ref(alias ? `${alias}.${this.column}` : this.column);
    if (!list.length) return sql<boolean>`false`;
    return sql<boolean>`${ref} in (${sql.join(list.map((s) => sql.lit(s)))})`;
  }

  /** Locks a row for the rest of the transaction, or NOT_FOUND. */
  async lock(trx: Database, id: number): Promise<R> {
    const row = await untyped(trx).selectFrom(this.spec.table).selectAll().where(this.key, '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound(capitalise(this.spec.name), id);
    return row as R;
  }

  /**
   * Applies `action` to one row, in the caller's transaction: locks it (unless given), runs
   * the caller's check, finds the next status from the table, updates the row and records
   * the event, in one statement. Nothing changes when a check fails.
   */
  async apply(trx: Database, id: number, action: A, actor: Actor, options: ApplyOptions<R> = {}): Promise<Transition<R>> {
    const reason = this.reasonOf(options.reason, options.reasonRequired);
    const before = options.locked ?? (await this.lock(trx, id));
    options.check?.(before);
    const from = (before as unknown as Record<string, S>)[this.column];
    const to = this.next(from, action);
    const at = options.at ?? now();
    const set: Record<string, unknown> = { ...options.set, [this.column]: to };
    if (this.spec.changedAt) set[this.spec.changedAt] = at;
    const after = await untyped(trx)
      .with('changed', (db) => db.updateTable(this.spec.table).set(set).where(this.key, '=', id).returningAll())
      .with(
        'event',
        () =>
          sql`(${this.recordAs(action, sql.table('changed'), {
            subject: sql.ref(`changed.${this.key}`),
            fromStatus: sql`${from}::text`,
            toStatus: sql`${to}::text`,
            ...this.eventFacts(actor, { ...options, reason, at }),
          })})` as never,
      )
      .selectFrom('changed')
      .selectAll()
      .executeTakeFirstOrThrow();
    return { before, after: after as R };
  }

  /**
   * Applies `action` to the rows the condition selects among those it applies from, in one
   * statement, recording one event per row; rows another transaction holds are skipped (a
   * sweep takes them next time). Returns the rows after the change. `where` and `orderBy`
   * are SQL over the table aliased as `t`.
   */
  async applyWhere(
    trx: Database,
    action: A,
    actor: Actor,
    where: RawBuilder<boolean>,
    options: Pick<ApplyOptions<R>, 'reason' | 'data' | 'set' | 'at'> & { orderBy?: RawBuilder<unknown>; limit?: number } = {},
  ): Promise<R[]> {
    const to = this.spec.actions[action].to;
    const at = options.at ?? now();
    const table = sql.table(this.spec.table);
    const column = sql.id(this.column);
    const key = sql.id(this.key);
    const sets = [sql`${column} = ${to}`];
    if (this.spec.changedAt) sets.push(sql`${sql.id(this.spec.changedAt)} = ${at}::timestamptz`);
    for (const [name, value] of Object.entries(options.set ?? {})) sets.push(sql`${sql.id(name)} = ${value}`);
    const { rows } = await sql<R & { previous_status: S }>`
      with picked as (
        select t.${key} as picked_key, t.${column} as previous_status from ${table} t
         where ${this.in(action, 't')} and (${where})
         ${options.orderBy ? sql`order by ${options.orderBy}` : sql``}
         ${options.limit ? sql`limit ${options.limit}` : sql``}
         for update of t skip locked),
      changed as (
        update ${table} t set ${sql.join(sets)}
          from picked where t.${key} = picked.picked_key
        returning t.*, picked.previous_status),
      event as (
        ${this.record(action, sql`changed`, {
          subject: sql`changed.${key}`,
          fromStatus: sql`changed.previous_status`,
          ...this.eventFacts(actor, { ...options, at }),
        })})
      select * from changed`.execute(trx);
    return rows.map(({ previous_status: _p, ...row }) => row as unknown as R);
  }

  /**
   * Records `event`, which leaves the status as it is, on the rows in `statuses` that the
   * condition selects, setting other columns beside it, in one statement with one event per
   * row; rows another transaction holds are skipped (the next sweep takes them). The
   * set-based `note` (a sweep that flags late visits). Returns the rows after the change.
   */
  async noteWhere(
    trx: Database,
    event: string,
    actor: Actor,
    statuses: readonly S[],
    where: RawBuilder<boolean>,
    options: Pick<ApplyOptions<R>, 'reason' | 'data' | 'set' | 'at'> & { orderBy?: RawBuilder<unknown>; limit?: number } = {},
  ): Promise<R[]> {
    const at = options.at ?? now();
    const table = sql.table(this.spec.table);
    const key = sql.id(this.key);
    const sets = Object.entries(options.set ?? {}).map(([name, value]) => sql`${sql.id(name)} = ${value}`);
    if (!sets.length) throw new Error(`${this.spec.name} lifecycle: noteWhere sets at least one column`);
    const { rows } = await sql<R>`
      with picked as (
        select t.${key} as picked_key from ${table} t
         where ${this.in(statuses, 't')} and (${where})
         ${options.orderBy ? sql`order by ${options.orderBy}` : sql``}
         ${options.limit ? sql`limit ${options.limit}` : sql``}
         for update of t skip locked),
      changed as (
        update ${table} t set ${sql.join(sets)} from picked where t.${key} = picked.picked_key returning t.*),
      event as (
        ${this.noteSql(event, sql`changed`, {
          subject: sql`changed.${key}`,
          status: sql`changed.${sql.id(this.column)}`,
          ...this.eventFacts(actor, { ...options, at }),
        })})
      select * from changed`.execute(trx);
    return rows;
  }

  /**
   * SQL for a larger statement: records `action` as an event for each row of `source` (a
   * CTE or table name), with the columns given as SQL over it. Used where the status is
   * written by the same statement (a row created in its first status, inside placeOrder's
   * one statement). The status written must be `lifecycle.target(action)`.
   */
  record(action: A, source: RawBuilder<unknown>, columns: RecordColumns): RawBuilder<unknown> {
    return this.recordAs(action, source, { toStatus: sql`${this.spec.actions[action].to}::text`, ...columns });
  }

  /** The event columns every way of recording fills alike: who, through which channel, why, facts, when. */
  private eventFacts(actor: Actor, options: { reason?: string; data?: Record<string, unknown> | null; at: Date; event?: RecordColumns['extra'] }) {
    return {
      actor: sql<number | null>`${actor.userId}::int`,
      channel: sql<string>`${actor.channel}::text`,
      reason: sql<string>`${this.reasonOf(options.reason, false)}::text`,
      data: sql<unknown>`${options.data ? JSON.stringify(options.data) : null}::jsonb`,
      at: sql<Date>`${options.at}::timestamptz`,
      extra: options.event,
    };
  }

  private recordAs(event: string, source: RawBuilder<unknown>, columns: RecordColumns): RawBuilder<unknown> {
    const { table, subject } = this.spec.events;
    const c = columns;
    const extra = Object.entries(c.extra ?? {});
    return sql`insert into ${sql.table(table)} (${sql.join([subject, ...eventColumns, ...extra.map(([name]) => name)].map((x) => sql.id(x)))})
      select ${sql.join([
        c.subject,
        sql`${event}::text`,
        c.fromStatus ?? sql`null::text`,
        c.toStatus!,
        c.actor ?? sql`null::int`,
        c.channel ?? sql`'system'::text`,
        c.reason ?? sql`''::text`,
        c.data ?? sql`null::jsonb`,
        c.at ?? sql`${now()}::timestamptz`,
        ...extra.map(([, value]) => value),
      ])} from ${source}`;
  }

  /**
   * SQL for a larger statement: records `event`, which leaves each row's status as it is
   * (`status`, SQL over the source), for each row of `source`; the set-based `note` (a sweep
   * of escalations, a month's scores computed again).
   */
  noteSql(
    event: string,
    source: RawBuilder<unknown>,
    columns: Omit<RecordColumns, 'fromStatus' | 'toStatus'> & { status: RawBuilder<string> },
  ): RawBuilder<unknown> {
    const { status, ...rest } = columns;
    return this.recordAs(event, source, { ...rest, fromStatus: status, toStatus: status });
  }

  /**
   * Records an event that leaves the status as it is (matching's flag on an order it could
   * not place, an escalation), with other columns changed beside it, in one statement.
   * `event` is not one of the table's actions: it names what happened.
   */
  async note(trx: Database, row: R, event: string, actor: Actor, options: Pick<ApplyOptions<R>, 'reason' | 'data' | 'set' | 'at' | 'event'> = {}): Promise<R> {
    const status = (row as Record<string, unknown>)[this.column] as S;
    const id = (row as Record<string, unknown>)[this.key] as number;
    const at = options.at ?? now();
    const changed = sql.table('changed');
    const statement =
      options.set && Object.keys(options.set).length
        ? untyped(trx).with('changed', (db) => db.updateTable(this.spec.table).set(options.set!).where(this.key, '=', id).returningAll())
        : untyped(trx).with('changed', (db) => db.selectFrom(this.spec.table).selectAll().where(this.key, '=', id));
    const after = await statement
      .with(
        'event',
        () =>
          sql`(${this.recordAs(event, changed, {
            subject: sql.ref(`changed.${this.key}`),
            fromStatus: sql`${status}::text`,
            toStatus: sql`${status}::text`,
            ...this.eventFacts(actor, { ...options, at }),
          })})` as never,
      )
      .selectFrom('changed')
      .selectAll()
      .executeTakeFirstOrThrow();
    return after as R;
  }

  private reasonOf(reason: string | undefined, required: boolean | undefined): string {
    return checkedReason(reason, required, this.spec.maxReason ?? MAX_REASON);
  }

  /** The status `action` leads to (for the statement that creates a row in it). */
  target(action: A): S {
    return this.spec.actions[action].to;
  }

  /**
   * Inserts a row created by `action` (one that applies from no status) and records its first
   * event, in the caller's transaction.
   */
  async create(
    trx: Database,
    action: A,
    actor: Actor,
    values: Record<string, unknown>,
    options: Pick<ApplyOptions<R>, 'reason' | 'data' | 'at' | 'event'> = {},
  ): Promise<R> {
    if (this.from(action).length) throw new Error(`${this.spec.name} lifecycle: ${action} does not create`);
    const at = options.at ?? now();
    const row: Record<string, unknown> = { ...values, [this.column]: this.target(action) };
    if (this.spec.changedAt) row[this.spec.changedAt] = at;
    const created = await untyped(trx)
      .with('created', (db) => db.insertInto(this.spec.table).values(row).returningAll())
      .with(
        'event',
        () =>
          sql`(${this.record(action, sql`created`, {
            subject: sql.ref(`created.${this.key}`),
            ...this.eventFacts(actor, { ...options, at }),
          })})` as never,
      )
      .selectFrom('created')
      .selectAll()
      .executeTakeFirstOrThrow();
    return created as R;
  }
}

/** Columns every event table has, beside its subject. */
const eventColumns = ['action', 'from_status', 'to_status', 'actor_id', 'channel', 'reason', 'data', 'at'] as const;

/** Defines a lifecycle from its table of actions. */
export function defineLifecycle<R>() {
  return <S extends string, A extends string>(spec: LifecycleSpec<S, A>) => new Lifecycle<S, A, R>(spec);
}

function checkedReason(reason: string | undefined, required: boolean | undefined, max: number): string {
  const why = (reason ?? '').trim();
  if (required && !why) throw badInput('Say why.', { field: 'reason', reason: 'REASON_REQUIRED' });
  if (why.length > max) throw badInput(`A reason is at most ${max} characters.`, { field: 'reason', reason: 'TEXT_TOO_LONG', maxLength: max });
  return why;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// Table names are data here, so the query builder cannot check columns: the lifecycle's spec
// is checked against the schema by its tests instead.
// biome-ignore lint/suspicious/noExplicitAny: a table chosen at run time
const untyped = (db: Database) => db as unknown as Kysely<any>;
