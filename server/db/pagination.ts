// Relay-style cursor pagination over a descending integer key (newest first). Cursors are
// opaque to clients; a keyset (`id < after`) keeps every page one index range scan.
import { type SelectQueryBuilder, sql } from 'kysely';
import { badInput } from '../platform/errors.js';

const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page {
  /** Rows to fetch: one more than asked, to know whether another page follows. */
  limit: number;
  /** Only keys below this one. */
  before: number | null;
  first: number;
}

const encode = (key: number) => Buffer.from(`k:${key}`).toString('base64url');

/** Validates first/after and turns them into a keyset page. */
export function readPage({ first, after }: PageArgs, defaultSize = 20): Page {
  const size = first ?? defaultSize;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 0 and ${MAX_PAGE_SIZE}.`, { field: 'first', reason: 'PAGE_SIZE', maxPageSize: MAX_PAGE_SIZE });
  }
  let before: number | null = null;
  if (after) {
    const match = /^k:(\d{1,15})$/.exec(Buffer.from(after, 'base64url').toString());
    if (!match) throw badInput('after is not a cursor this API gave out.', { field: 'after', reason: 'BAD_CURSOR' });
    before = Number(match[1]);
  }
  return { limit: size + 1, before, first: size };
}

/** Builds a connection from rows fetched with readPage's limit, in descending key order. */
export function toConnection<T>(rows: T[], page: Page, totalCount: number, key: (row: T) => number) {
  const nodes = rows.slice(0, page.first);
  const edges = nodes.map((node) => ({ cursor: encode(key(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > page.first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}

/**
 * One page of what `query` selects, newest first by `id`, with how many rows it matches in
 * all: the page and the count side by side, the count without the page's order and limit.
 */
export async function newestFirst<DB, TB extends keyof DB, Row extends { id: number }>(query: SelectQueryBuilder<DB, TB, Row>, page: Page) {
  const id = sql.ref<number>('id');
  const [rows, total] = await Promise.all([
    query
      .$if(page.before !== null, (q) => q.where(id, '<', page.before!))
      .orderBy(id, 'desc')
      .limit(page.limit)
      .execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      // generic over the table, Kysely cannot tell the count's row from a write's result
      .executeTakeFirstOrThrow() as Promise<{ n: number | string }>,
  ]);
  return toConnection(rows, page, Number(total.n), (row) => row.id);
}
