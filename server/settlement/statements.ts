// Reading statements: who sees which (finance, county admins and the evaluator all of them,
// a dispatcher their organisation's), the list, one statement, its lines a page at a time
// and its subtotals by recipient and by service item, aggregated in SQL.
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.js';
import type { Role, Viewer } from '../auth/roles.js';
import type { ItemSubtotal, RecipientSubtotal, Settlement, SettlementLine } from '../db/rows.js';
import { forbidden, notFound } from '../platform/errors.js';
import { readPage, toConnection, type PageArgs } from '../db/pagination.js';
import { parseMonth } from '../scoring/months.js';
import { scoreReaders, scoreVisibility } from '../scoring/score-scope.js';
import type { SettlementStatus } from './settlement-lifecycle.js';

/**
 * A statement is seen by whoever sees the score it settles: the roles that read statements and
 * the condition on `settlements as s` are the scores' (scoring/score-scope.ts).
 */
export const settlementReaders: readonly Role[] = scoreReaders;
export const settlementVisibility = scoreVisibility;

interface SettlementFilter {
  year?: number | null;
  /** YYYY-MM */
  month?: string | null;
  status?: SettlementStatus | null;
}

/** The statements the viewer may see, newest month first. */
export async function listSettlements(db: Database, viewer: Viewer, filter: SettlementFilter): Promise<Settlement[]> {
  let query = db.selectFrom('settlements as s').selectAll('s').where(settlementVisibility(viewer));
  if (filter.year) query = query.where('s.year', '=', filter.year);
  if (filter.month) query = query.where('s.month', '=', parseMonth(filter.month).firstDay);
  if (filter.status) query = query.where('s.status', '=', filter.status);
  return query.orderBy('s.month', 'desc').orderBy('s.organisation_id').execute();
}

/** The statement if the viewer may see it; NOT_FOUND when it does not exist, FORBIDDEN when out of scope. */
export async function requireVisibleSettlement(db: Database, viewer: Viewer, settlementId: number): Promise<Settlement> {
  const row = await db
    .selectFrom('settlements as s')
    .selectAll('s')
    .select(settlementVisibility(viewer).as('visible'))
    .where('s.id', '=', settlementId)
    .executeTakeFirst();
  if (!row) throw notFound('Settlement', settlementId);
  const { visible, ...statement } = row;
  if (!visible) throw forbidden("That statement is another organisation's.");
  return statement;
}

/**
 * A page of lines for each statement, newest order first: one query per distinct page
 * (usually one), each statement's page an index range scan of its primary key.
 */
export async function linePages(db: Database, requests: { statement: Settlement; page: PageArgs }[]) {
  const pages = requests.map((r) => readPage(r.page, 50));
  const groups = new Map<string, number[]>();
  pages.forEach((p, i) => {
    const key = `${p.limit}:${p.before ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const lines = new Map<number, SettlementLine[]>();
  for (const members of groups.values()) {
    const { limit, before } = pages[members[0]];
    const ids = members.map((i) => requests[i].statement.id);
    const { rows } = await sql<SettlementLine>`
      select l.* from unnest(${ids}::int[]) as s(id)
      cross join lateral (select * from settlement_lines
                           where settlement_id = s.id and (${before}::int is null or order_id < ${before}::int)
                           order by order_id desc limit ${limit}) l`.execute(db);
    for (const row of rows) pushTo(lines, row.settlement_id, row);
  }
  return requests.map((r, i) => toConnection(lines.get(r.statement.id) ?? [], pages[i], r.statement.services, (l) => l.order_id));
}

/** Subtotals per recipient of each statement (services, value, payable), by recipient id. */
export async function recipientSubtotals(db: Database, statements: Settlement[]): Promise<RecipientSubtotal[][]> {
  const rows = await subtotals(db, statements, sql`recipient_id`);
  return groupBy(
    statements,
    rows.map(({ key, ...r }) => ({ ...r, recipient_id: key })),
  );
}

/** Subtotals per service item of each statement, by item id. */
export async function itemSubtotals(db: Database, statements: Settlement[]): Promise<ItemSubtotal[][]> {
  const rows = await subtotals(db, statements, sql`service_item_id`);
  return groupBy(
    statements,
    rows.map(({ key, ...r }) => ({ ...r, service_item_id: key })),
  );
}

type SubtotalRow = { settlement_id: number; key: number; services: number; value_fen: number; payable_fen: number };

async function subtotals(db: Database, statements: Settlement[], column: RawBuilder<unknown>): Promise<SubtotalRow[]> {
  if (!statements.length) return [];
  const { rows } = await sql<SubtotalRow>`
    select settlement_id, ${column} as key, count(*)::int as services,
           sum(value_fen)::bigint as value_fen, sum(payable_fen)::bigint as payable_fen
      from settlement_lines where settlement_id = any(${statements.map((s) => s.id)}::int[])
     group by settlement_id, ${column}
     order by settlement_id, ${column}`.execute(db);
  return rows;
}

function groupBy<R extends { settlement_id: number }>(statements: Settlement[], rows: R[]): Omit<R, 'settlement_id'>[][] {
  const groups = new Map<number, Omit<R, 'settlement_id'>[]>();
  for (const { settlement_id, ...rest } of rows) pushTo(groups, settlement_id, rest);
  return statements.map((s) => groups.get(s.id) ?? []);
}

function pushTo<T>(groups: Map<number, T[]>, key: number, value: T): void {
  const group = groups.get(key);
  if (group) group.push(value);
  else groups.set(key, [value]);
}

/** Where the statement's files are served (by the export routes, with the same Authorization). */
export const statementDownloads = (settlementId: number) => ({
  xlsx: `/settlements/${settlementId}/statement.xlsx`,
  pdf: `/settlements/${settlementId}/statement.pdf`,
  csv: `/settlements/${settlementId}/statement.csv`,
});
