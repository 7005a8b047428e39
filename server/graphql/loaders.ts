// Batching for fields that gather other rows: mercurius calls a loader once per field per
// request with every parent, so a page of 50 carers costs one query for their qualifications,
// not 50 (no N+1). Belongs-to fields (one row by foreign key) are row-batches.ts's rowOf.
import type { Kysely } from 'kysely';
import type { MercuriusContext } from 'mercurius';
import type { DB } from '../db/tables.js';

type Query<P> = { obj: P; params?: unknown };
type Loader<P, R> = (queries: Query<P>[], ctx: MercuriusContext) => Promise<R[]>;
/** The database seen with tables and columns named at run time: any table, any column, values unknown. */
type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

const dbOf = (ctx: MercuriusContext) => ctx.db as unknown as AnyDb;
const unique = (keys: (number | null)[]) => [...new Set(keys.filter((k): k is number => k !== null))];

/**
 * Loads the display name of the user a key points at (`missing` for a null key): only the
 * name, never the rest of the users row (its password hash has no business in a resolver).
 */
export function userNames<P, M extends string | null = string | null>(userId: (parent: P) => number | null, missing: M): Loader<P, string | M> {
  return async (queries, ctx) => {
    const keys = unique(queries.map((q) => userId(q.obj)));
    const rows: { id: number; display_name: string }[] = keys.length
      ? await ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', keys).execute()
      : [];
    const byId = new Map(rows.map((r) => [r.id, r.display_name]));
    return queries.map((q) => byId.get(userId(q.obj) as number) ?? missing);
  };
}

/** Loads the rows whose `column` equals the parent's key, in `orderBy` order ('col' or 'col desc'). */
export function hasMany<P, R = unknown>(table: keyof DB, column: string, key: (parent: P) => number, orderBy: string[] = ['id']): Loader<P, R[]> {
  return async (queries, ctx) => {
    const keys = unique(queries.map((q) => key(q.obj)));
    let query = dbOf(ctx).selectFrom(table).selectAll().where(column, 'in', keys);
    for (const o of orderBy) {
      const [column, direction] = o.split(' ');
      query = query.orderBy(column, direction === 'desc' ? 'desc' : 'asc');
    }
    const rows: Record<string, unknown>[] = keys.length ? await query.execute() : [];
    const groups = new Map<number, R[]>();
    for (const r of rows) {
      const k = r[column] as number;
      groups.set(k, [...(groups.get(k) ?? []), r as R]);
    }
    return queries.map((q) => groups.get(key(q.obj)) ?? []);
  };
}
