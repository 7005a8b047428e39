// Belongs-to fields (an order's recipient, a visit's carer …) batched by table and id. Not
// mercurius loaders: those key each call by serialising the whole parent row (single-user-cache
// with safe-stable-stringify), which on a dispatcher board of 350 orders was half the
// request's CPU. Here the key is the id alone. Ids asked for in the same tick (graphql-js
// resolves a list's fields in one pass) become one `id in (…)` query; nothing is kept
// after it runs, so a long-lived subscription context never serves a stale row.
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import type { GraphQLContext } from './context.js';

/** The database seen with a table named at run time: any table, keyed by id, other values unknown. */
type AnyDb = Kysely<Record<string, { id: number; [column: string]: unknown }>>;

interface Batch {
  ids: Map<number, { resolve: (row: unknown) => void; reject: (err: unknown) => void }[]>;
}

/** Pending batches per request context, per table. */
const pending = new WeakMap<object, Map<string, Batch>>();

function load(ctx: GraphQLContext, table: keyof DB, id: number): Promise<unknown> {
  let tables = pending.get(ctx);
  if (!tables) {
    tables = new Map();
    pending.set(ctx, tables);
  }
  let batch = tables.get(table);
  if (!batch) {
    const fresh: Batch = { ids: new Map() };
    batch = fresh;
    tables.set(table, fresh);
    process.nextTick(() => {
      tables.delete(table);
      void run(ctx, table, fresh);
    });
  }
  const waiting = batch.ids.get(id) ?? [];
  batch.ids.set(id, waiting);
  return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
}

async function run(ctx: GraphQLContext, table: keyof DB, batch: Batch): Promise<void> {
  try {
    const rows = await (ctx.db as unknown as AnyDb)
      .selectFrom(table)
      .selectAll()
      .where('id', 'in', [...batch.ids.keys()])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const [id, waiting] of batch.ids) for (const w of waiting) w.resolve(byId.get(id) ?? null);
  } catch (err) {
    for (const waiting of batch.ids.values()) for (const w of waiting) w.reject(err);
  }
}

/**
 * A field resolver for the row of `table` a parent's foreign key points at (null key → null).
 * Typed `never` so it fits any field's generated resolver type: the row is the field's model.
 */
export function rowOf<P>(table: keyof DB, foreignKey: (parent: P) => number | null) {
  return (parent: P, _args: unknown, ctx: GraphQLContext): Promise<never> => {
    const id = foreignKey(parent);
    return (id === null ? Promise.resolve(null) : load(ctx, table, id)) as Promise<never>;
  };
}
