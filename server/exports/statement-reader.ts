// Reads one settlement statement for export: its header, its subtotals and its lines, all
// from one read-only snapshot (the header's totals and the lines always agree, even while
// finance approves the statement mid-download), the long parts through server-side cursors
// so a statement of 100,000+ lines is never held in memory at once.
import { sql, type ControlledTransaction, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.js';
import type { DB } from '../db/tables.js';
import type { Viewer } from '../auth/roles.js';
import type { Settlement } from '../db/rows.js';
import { settlementVisibility } from '../settlement/statements.js';

/** What a statement says about itself, with people and organisation by name. */
export interface StatementHeader {
  id: number;
  organisationName: string;
  /** YYYY-MM */
  month: string;
  grade: 'excellent' | 'good' | 'pass' | 'fail';
  /** As stored, e.g. "0.950". */
  coefficient: string;
  status: 'draft' | 'approved' | 'paid';
  services: number;
  /** The month's missed visits of the organisation (its score's): orders nobody came for, never paid. */
  servicesMissed: number;
  valueFen: number;
  withheldGradeFen: number;
  withheldCapFen: number;
  payableFen: number;
  carerPayFen: number;
  runByName: string | null;
  runAt: Date;
  approvedByName: string | null;
  approvedAt: Date | null;
  paidAt: Date | null;
  paymentReference: string | null;
}

/** One settled service, as finance reads it (no ID numbers: names only). */
export interface StatementLine {
  serviceDate: string;
  orderId: number;
  recipientName: string;
  villageName: string;
  /** The item's category, in Chinese as the item's name is (a code would mean nothing to finance). */
  categoryName: string;
  itemName: string;
  carerName: string;
  minutes: number;
  valueFen: number;
  withheldGradeFen: number;
  withheldCapFen: number;
  payableFen: number;
  carerPayFen: number;
}

/** Services and money of one recipient or one service item on the statement. */
export interface StatementSubtotal {
  name: string;
  /** The recipient's village, or the item's category: tells two of the same name apart. */
  detail: string;
  services: number;
  valueFen: number;
  withheldFen: number;
  payableFen: number;
}

export interface StatementReader {
  header: StatementHeader;
  /** Lines by service date, then order; `limit` stops early. Read one list at a time. */
  lines(limit?: number): AsyncGenerator<StatementLine>;
  byRecipient(limit?: number): AsyncGenerator<StatementSubtotal>;
  byItem(limit?: number): AsyncGenerator<StatementSubtotal>;
  /** Ends the snapshot; safe to call twice. */
  close(): Promise<void>;
}

/** How many rows each FETCH brings: enough to keep round trips few, small enough to stay light. */
const BATCH = 1000;

type Opened = { found: false } | { found: true; visible: false } | { found: true; visible: true; reader: StatementReader };

/**
 * Opens a statement for `viewer`: not found, found but out of the viewer's scope, or a
 * reader that holds one connection until close() (the caller must call it).
 */
export async function openStatement(db: Database, viewer: Viewer, settlementId: number): Promise<Opened> {
  const trx = await db.startTransaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute();
  try {
    const row = await readHeader(trx, viewer, settlementId);
    if (!row) {
      await trx.rollback().execute();
      return { found: false };
    }
    if (!row.visible) {
      await trx.rollback().execute();
      return { found: true, visible: false };
    }
    return { found: true, visible: true, reader: reader(trx, toHeader(row)) };
  } catch (err) {
    await trx
      .rollback()
      .execute()
      .catch(() => {});
    throw err;
  }
}

type HeaderRow = Pick<
  Settlement,
  | 'id'
  | 'services'
  | 'value_fen'
  | 'withheld_grade_fen'
  | 'withheld_cap_fen'
  | 'payable_fen'
  | 'carer_pay_fen'
  | 'run_at'
  | 'approved_at'
  | 'paid_at'
  | 'payment_reference'
> & {
  services_missed: number;
  organisation_name: string;
  month: string;
  grade: StatementHeader['grade'];
  coefficient: string;
  status: StatementHeader['status'];
  run_by_name: string | null;
  approved_by_name: string | null;
  visible: boolean;
};

async function readHeader(trx: Transaction, viewer: Viewer, settlementId: number): Promise<HeaderRow | undefined> {
  const { rows } = await sql<HeaderRow>`
    select s.id, o.name as organisation_name, to_char(s.month, 'YYYY-MM') as month, s.grade, s.coefficient::text as coefficient,
           s.status, s.services, sc.services_missed, s.value_fen, s.withheld_grade_fen, s.withheld_cap_fen, s.payable_fen, s.carer_pay_fen,
           ru.display_name as run_by_name, s.run_at, au.display_name as approved_by_name, s.approved_at, s.paid_at,
           s.payment_reference, ${settlementVisibility(viewer)} as visible
      from settlements s
      join organisations o on o.id = s.organisation_id
      join organisation_scores sc on sc.id = s.score_id
      left join users ru on ru.id = s.run_by
      left join users au on au.id = s.approved_by
     where s.id = ${settlementId}`.execute(trx);
  return rows[0];
}

function toHeader(r: HeaderRow): StatementHeader {
  return {
    id: r.id,
    organisationName: r.organisation_name,
    month: r.month,
    grade: r.grade,
    coefficient: r.coefficient,
    status: r.status,
    services: r.services,
    servicesMissed: r.services_missed,
    valueFen: r.value_fen,
    withheldGradeFen: r.withheld_grade_fen,
    withheldCapFen: r.withheld_cap_fen,
    payableFen: r.payable_fen,
    carerPayFen: r.carer_pay_fen,
    runByName: r.run_by_name,
    runAt: r.run_at,
    approvedByName: r.approved_by_name,
    approvedAt: r.approved_at,
    paidAt: r.paid_at,
    paymentReference: r.payment_reference,
  };
}

type Transaction = ControlledTransaction<DB>;

function reader(trx: Transaction, header: StatementHeader): StatementReader {
  // The id is a whole number read back from the table: inlined, so DECLARE needs no parameters.
  const id = sql.lit(header.id);
  let closed = false;
  return {
    header,
    lines: (limit) =>
      fetchAll<StatementLine>(
        trx,
        sql`
      select l.service_date as "serviceDate", l.order_id as "orderId", r.name as "recipientName", v.name as "villageName",
             k.name_zh as "categoryName", i.name_zh as "itemName", c.name as "carerName", l.verified_minutes as minutes,
             l.value_fen as "valueFen", l.withheld_grade_fen as "withheldGradeFen", l.withheld_cap_fen as "withheldCapFen",
             l.payable_fen as "payableFen", l.carer_pay_fen as "carerPayFen"
        from settlement_lines l
        join recipients r on r.id = l.recipient_id
        join regions v on v.id = r.village_id
        join service_items i on i.id = l.service_item_id
        join service_categories k on k.id = i.category_id
        join carers c on c.id = l.carer_id
       where l.settlement_id = ${id}
       order by l.service_date, l.order_id`,
        limit,
      ),
    byRecipient: (limit) =>
      fetchAll<StatementSubtotal>(
        trx,
        sql`
      select r.name, v.name as detail, t.services, t.value_fen as "valueFen", t.value_fen - t.payable_fen as "withheldFen", t.payable_fen as "payableFen"
        from (select recipient_id, count(*)::int as services, sum(value_fen)::bigint as value_fen, sum(payable_fen)::bigint as payable_fen
                from settlement_lines where settlement_id = ${id} group by recipient_id) t
        join recipients r on r.id = t.recipient_id
        join regions v on v.id = r.village_id
       order by v.name, r.name, r.id`,
        limit,
      ),
    byItem: (limit) =>
      fetchAll<StatementSubtotal>(
        trx,
        sql`
      select i.name_zh as name, k.name_zh as detail, t.services, t.value_fen as "valueFen", t.value_fen - t.payable_fen as "withheldFen", t.payable_fen as "payableFen"
        from (select service_item_id, count(*)::int as services, sum(value_fen)::bigint as value_fen, sum(payable_fen)::bigint as payable_fen
                from settlement_lines where settlement_id = ${id} group by service_item_id) t
        join service_items i on i.id = t.service_item_id
        join service_categories k on k.id = i.category_id
       order by i.sort_order, i.code`,
        limit,
      ),
    async close() {
      if (closed) return;
      closed = true;
      // a client that went away mid-download may have left a FETCH failed: rollback ends either way
      await trx
        .rollback()
        .execute()
        .catch(() => {});
    },
  };
}

/** Rows of a query through a cursor, a batch at a time; the cursor is closed however the loop ends. */
async function* fetchAll<T>(trx: Transaction, query: RawBuilder<unknown>, limit = Infinity): AsyncGenerator<T> {
  const cursor = sql.id('statement_rows');
  await sql`declare ${cursor} no scroll cursor for ${query}`.execute(trx);
  let open = true;
  try {
    let left = limit;
    while (left > 0) {
      const { rows } = await sql<T>`fetch ${sql.lit(Math.min(BATCH, left))} from ${cursor}`.execute(trx);
      for (const row of rows) yield row;
      if (rows.length < BATCH) break;
      left -= rows.length;
    }
  } catch (err) {
    open = false; // a failed statement aborts the transaction: nothing left to close
    throw err;
  } finally {
    if (open) await sql`close ${cursor}`.execute(trx).catch(() => {});
  }
}
