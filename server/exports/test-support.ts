// A settlement statement for the export tests, written straight with SQL over a month of
// services from insertServedMonth: a signed-off score, the statement and a line per service
// (some withheld by the grade, some by the county fund's cap), totals summed from the lines.
// Independent of how the settlement itself is computed; only the tables' rules apply.
import { sql } from 'kysely';
import type { Settlement } from '../db/rows.js';
import type { TestWorld } from '../testing/harness.js';
import { insertScore, insertServedMonth, type ScoreFacts } from '../settlement/served-month.js';
import { now } from '../platform/clock.js';

interface StatementSpec {
  organisationId: number;
  /** YYYY-MM */
  month: string;
  services: number;
  recipientIds: number[];
  carerIds: number[];
  grade: ScoreFacts['grade'];
  /** e.g. '0.950' */
  coefficient: string;
  /** Who ran it (null: the worker). */
  runBy: number | null;
  /** Approved by this user when given. */
  approvedBy?: number;
}

/** What the tests compare the files with. */
export type StatementTotals = Pick<Settlement, 'id' | 'services' | 'value_fen' | 'withheld_grade_fen' | 'withheld_cap_fen' | 'payable_fen' | 'carer_pay_fen'>;

/** Writes the services, the score, the statement and its lines; returns the statement's totals. */
export async function insertStatement(world: TestWorld, spec: StatementSpec): Promise<StatementTotals> {
  const db = world.db;
  const placedBy = (await db.selectFrom('users').select('id').where('role', '=', 'hotline_operator').executeTakeFirstOrThrow()).id;
  const evaluator = (await db.selectFrom('users').select('id').where('role', '=', 'evaluator').executeTakeFirstOrThrow()).id;
  await insertServedMonth(db, {
    organisationId: spec.organisationId,
    month: spec.month,
    services: spec.services,
    placedBy,
    recipientIds: spec.recipientIds,
    carerIds: spec.carerIds,
  });
  const firstDay = `${spec.month}-01`;
  const score = await insertScore(db, { ...spec, signedOffBy: evaluator });
  const approved = spec.approvedBy !== undefined;
  const statement = await db
    .insertInto('settlements')
    .values({
      organisation_id: spec.organisationId,
      month: firstDay,
      year: Number(spec.month.slice(0, 4)),
      score_id: score,
      grade: spec.grade,
      coefficient: spec.coefficient,
      status: approved ? 'approved' : 'draft',
      services: 0,
      value_fen: 0,
      withheld_grade_fen: 0,
      withheld_cap_fen: 0,
      payable_fen: 0,
      carer_pay_fen: 0,
      run_by: spec.runBy,
      approved_by: spec.approvedBy ?? null,
      approved_at: approved ? now() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    insert into settlement_lines (settlement_id, order_id, recipient_id, service_item_id, carer_id, service_date,
                                  verified_minutes, value_fen, withheld_grade_fen, withheld_cap_fen, payable_fen, carer_pay_fen)
    select ${statement.id}, o.id, o.recipient_id, o.service_item_id, o.carer_id, v.service_date, v.duration_minutes,
           o.amount_fen, w.grade_fen, w.cap_fen, o.amount_fen - w.grade_fen - w.cap_fen,
           round(o.amount_fen::numeric * g.carer_pay_share_bp / 10000)
      from orders o
      join visits v on v.order_id = o.id
      join organisations g on g.id = o.organisation_id
      cross join lateral (select round(o.amount_fen * (1 - ${spec.coefficient}::numeric))::bigint as grade_fen) r
      cross join lateral (select r.grade_fen,
                                 case when o.id % 4 = 0 then least(123, o.amount_fen - r.grade_fen) else 0 end as cap_fen) w
     where o.organisation_id = ${spec.organisationId} and o.status = 'confirmed'
       and to_char(v.service_date, 'YYYY-MM') = ${spec.month}`.execute(db);
  const { rows } = await sql<StatementTotals>`
    update settlements s
       set services = t.services, value_fen = t.value_fen, withheld_grade_fen = t.grade_fen, withheld_cap_fen = t.cap_fen,
           payable_fen = t.payable_fen, carer_pay_fen = t.carer_pay_fen
      from (select count(*)::int as services, coalesce(sum(value_fen), 0) as value_fen, coalesce(sum(withheld_grade_fen), 0) as grade_fen,
                   coalesce(sum(withheld_cap_fen), 0) as cap_fen, coalesce(sum(payable_fen), 0) as payable_fen,
                   coalesce(sum(carer_pay_fen), 0) as carer_pay_fen
              from settlement_lines where settlement_id = ${statement.id}) t
     where s.id = ${statement.id}
    returning s.id, s.services, s.value_fen, s.withheld_grade_fen, s.withheld_cap_fen, s.payable_fen, s.carer_pay_fen`.execute(db);
  return rows[0];
}
