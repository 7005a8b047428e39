// The settlement of a statement's services: one set-based statement, however many services
// (a million in under a minute), so nothing is ever loaded into the application and nothing
// is half-written. It writes a line per service, moves each recipient's settled value from
// held to spent, records both in the ledger and totals the statement from its lines.
//
// Per line: value = the price the order was placed at; withheld by grade = value −
// round(value × coefficient); withheld by cap = the line's share of what the county fund
// cannot cover; payable = value − both; the carer's pay = round(value × the organisation's
// carer share), paid for the work whatever the organisation's grade or the fund's cap (those
// are the organisation's and the county's). Money is integer fen; numeric only inside products.
//
// The cap: the fund left is the year's county fund minus the payable on the year's other
// statements. What the statement would pay after grade beyond that is withheld, spread over
// the lines in proportion to their payable after grade, exactly to the fen: every line gets
// the floor of its share, and the fen left over go one each to the lines with the largest
// remainders (ties by order id), which are the lines whose share was rounded down most.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Settlement } from '../db/rows.js';

// `spend:settlement:<sid>:recipient:<rid>`; a service of another budget year (December's,
// settled on January's statement) moves that year's account, so its reference names the year.
const spendReference = sql`'spend:settlement:' || st.id || ':recipient:' || a.recipient_id
  || case when a.budget_year = st.year then '' else ':' || a.budget_year end`;

/**
 * Settles every service of the statement's organisation still unsettled up to `lastDay`
 * (county date) onto statement `settlementId`, already inserted with zero totals, and
 * returns the statement with its totals. Run inside the caller's transaction, under its lock.
 * Account names are built as ledgerAccounts builds them (spend and payable transfers).
 */
export async function settleServices(trx: Database, settlementId: number, lastDay: string): Promise<Settlement> {
  const { rows } = await sql<Settlement>`
    with statement_ as (
      select s.id, s.organisation_id, s.year, s.coefficient, o.carer_pay_share_bp,
             greatest(0, y.county_fund_fen - coalesce((select sum(x.payable_fen) from settlements x
                                                        where x.year = s.year and x.id <> s.id), 0)) as fund_left_fen
        from settlements s
        join organisations o on o.id = s.organisation_id
        join programme_years y on y.year = s.year
       where s.id = ${settlementId}),
    service as (
      select o.id as order_id, o.recipient_id, o.service_item_id, o.budget_year, v.carer_id, v.service_date,
             coalesce(v.duration_minutes, 0) as verified_minutes, o.amount_fen as value_fen,
             o.amount_fen - round(o.amount_fen * st.coefficient)::bigint as withheld_grade_fen,
             round(o.amount_fen::numeric * st.carer_pay_share_bp / 10000)::bigint as carer_pay_fen
        from statement_ st
        join orders o on o.organisation_id = st.organisation_id
        join visits v on v.order_id = o.id
       where o.status = 'confirmed' and not o.payment_withheld and v.countable
         and v.service_date <= ${lastDay}::date
         and not exists (select 1 from settlement_lines l where l.order_id = o.id)),
    cap as (
      select t.after_grade_fen, greatest(0, t.after_grade_fen - st.fund_left_fen) as shortfall_fen
        from statement_ st,
             (select coalesce(sum(value_fen - withheld_grade_fen), 0) as after_grade_fen from service) t),
    share as (
      select s.*,
             case when cap.shortfall_fen = 0 then 0
                  else div((s.value_fen - s.withheld_grade_fen)::numeric * cap.shortfall_fen, cap.after_grade_fen)::bigint end as floor_fen,
             case when cap.shortfall_fen = 0 then 0
                  else mod((s.value_fen - s.withheld_grade_fen)::numeric * cap.shortfall_fen, cap.after_grade_fen) end as remainder
        from service s, cap),
    line as (
      select sh.*,
             sh.floor_fen + case when row_number() over (order by sh.remainder desc, sh.order_id)
                                      <= cap.shortfall_fen - sum(sh.floor_fen) over () then 1 else 0 end as withheld_cap_fen
        from share sh, cap),
    inserted as (
      insert into settlement_lines (settlement_id, order_id, recipient_id, service_item_id, carer_id, service_date,
                                    verified_minutes, value_fen, withheld_grade_fen, withheld_cap_fen, payable_fen, carer_pay_fen)
      select ${settlementId}, order_id, recipient_id, service_item_id, carer_id, service_date, verified_minutes, value_fen,
             withheld_grade_fen, withheld_cap_fen, value_fen - withheld_grade_fen - withheld_cap_fen, carer_pay_fen
        from line),
    per_account as (
      select recipient_id, budget_year, sum(value_fen) as value_fen from line group by recipient_id, budget_year),
    spent as (
      -- held_fen >= 0 is a CHECK: a budget that held less than its services' value fails the whole statement
      update budget_accounts b set held_fen = b.held_fen - a.value_fen, spent_fen = b.spent_fen + a.value_fen
        from per_account a
       where b.recipient_id = a.recipient_id and b.year = a.budget_year),
    spend_transfers as (
      insert into ledger_transfers (debit_account, credit_account, amount_fen, kind, reference)
      select 'recipient:' || a.recipient_id || ':' || a.budget_year || ':held',
             'recipient:' || a.recipient_id || ':' || a.budget_year || ':spent',
             a.value_fen, 'spend', ${spendReference}
        from per_account a, statement_ st),
    totals as (
      select count(*)::int as services, coalesce(sum(value_fen), 0) as value_fen,
             coalesce(sum(withheld_grade_fen), 0) as withheld_grade_fen, coalesce(sum(withheld_cap_fen), 0) as withheld_cap_fen,
             coalesce(sum(value_fen - withheld_grade_fen - withheld_cap_fen), 0) as payable_fen,
             coalesce(sum(carer_pay_fen), 0) as carer_pay_fen
        from line),
    payable_transfer as (
      insert into ledger_transfers (debit_account, credit_account, amount_fen, kind, reference)
      select 'county:' || st.year || ':settlement', 'organisation:' || st.organisation_id || ':payable',
             t.payable_fen, 'payable', 'payable:settlement:' || st.id
        from totals t, statement_ st
       where t.payable_fen > 0)
    update settlements s
       set services = t.services, value_fen = t.value_fen, withheld_grade_fen = t.withheld_grade_fen,
           withheld_cap_fen = t.withheld_cap_fen, payable_fen = t.payable_fen, carer_pay_fen = t.carer_pay_fen
      from totals t
     where s.id = ${settlementId}
    returning s.*`.execute(trx);
  return rows[0];
}
