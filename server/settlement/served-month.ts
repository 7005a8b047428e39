// A month of served and confirmed services written straight into the database, set-based,
// and the score a statement is run against: the fixture of the scoring, settlement and
// export tests and the data of the settlement benchmark (1,000,000 services). Each service
// is what the API would have left behind: an order confirmed with its budget hold (account
// columns and ledger transfer), its 'confirm' event and a countable, verified visit of the
// item's standard duration.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { parseMonth } from '../scoring/months.js';
import { now } from '../platform/clock.js';

export interface ServedMonth {
  organisationId: number;
  /** YYYY-MM */
  month: string;
  services: number;
  /** Who placed the orders (any user; the hotline in practice). */
  placedBy: number;
  /** Recipients to serve, round-robin (default: every active recipient with a budget account for the year). */
  recipientIds?: number[];
  /** Carers who served, round-robin (default: the organisation's active carers). */
  carerIds?: number[];
  /** Catalog items ordered, round-robin (default: the active items that need no qualification). */
  serviceItemIds?: number[];
}

/**
 * Writes `services` confirmed services of an organisation in a month, spread over its days
 * (08:00–18:00 county time); returns how many were written. Holds never exceed a budget:
 * the statement fails as a whole (CHECK constraint) if the recipients cannot afford them.
 */
export async function insertServedMonth(db: Database, m: ServedMonth): Promise<number> {
  const { year, firstDay, lastDay } = parseMonth(m.month);
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ n: number }>`
      with recipients_ as (
        select r.id, r.address, r.latitude, r.longitude, r.village_id, row_number() over (order by r.id) - 1 as k
          from recipients r join budget_accounts b on b.recipient_id = r.id and b.year = ${year}
         where (${m.recipientIds ?? null}::int[] is null and r.status = 'active') or r.id = any(${m.recipientIds ?? null}::int[])),
      carers_ as (
        select c.id, row_number() over (order by c.id) - 1 as k from carers c
         where (${m.carerIds ?? null}::int[] is null and c.organisation_id = ${m.organisationId} and c.active)
            or c.id = any(${m.carerIds ?? null}::int[])),
      items_ as (
        select i.id, i.standard_minutes, i.is_urgent,
               (select p.price_fen from service_item_prices p where p.service_item_id = i.id
                 order by p.effective_from desc limit 1) as price_fen,
               row_number() over (order by i.id) - 1 as k
          from service_items i
         where (${m.serviceItemIds ?? null}::int[] is null and i.active and i.required_qualification is null and not i.is_urgent)
            or i.id = any(${m.serviceItemIds ?? null}::int[])),
      month_ as (
        select ${firstDay}::date as first_day, ${Number(lastDay.slice(8))}::int as days),
      plan as (
        select g, r.id as recipient_id, r.address, r.latitude, r.longitude, r.village_id, c.id as carer_id,
               i.id as service_item_id, i.price_fen, i.standard_minutes, i.is_urgent,
               ((month_.first_day + (g % month_.days)) + make_interval(hours => 8 + (g / month_.days) % 10)) at time zone 'Asia/Shanghai' as window_start
          from generate_series(0, ${m.services} - 1) g
          cross join month_
          join recipients_ r on r.k = g % (select count(*) from recipients_)
          join carers_ c on c.k = g % (select count(*) from carers_)
          join items_ i on i.k = (g / (select count(*) from recipients_)) % (select count(*) from items_)),
      o as (
        insert into orders (recipient_id, service_item_id, quantity, unit_price_fen, amount_fen, budget_year,
                            window_start, window_end, place_address, place_latitude, place_longitude, channel, placed_by,
                            is_urgent, status, organisation_id, carer_id, status_changed_at, placed_at, village_id)
        select recipient_id, service_item_id, 1, price_fen, price_fen, ${year}, window_start, window_start + interval '1 hour',
               coalesce(nullif(address, ''), '家中'), latitude, longitude, 'mini_program', ${m.placedBy}, is_urgent, 'confirmed',
               ${m.organisationId}, carer_id, window_start + interval '1 day', window_start - interval '2 days', village_id
          from plan
        returning id, recipient_id, service_item_id, carer_id, window_start, amount_fen, place_address, place_latitude, place_longitude),
      v as (
        insert into visits (order_id, carer_id, recipient_id, service_item_id, organisation_id, service_date, place_address,
                            place_latitude, place_longitude, checked_in_at, check_in_received_at, check_in_latitude,
                            check_in_longitude, check_in_distance_m, checked_out_at, check_out_received_at, check_out_latitude,
                            check_out_longitude, check_out_distance_m, duration_minutes, standard_minutes, work_done, countable,
                            confirmed_via, confirmed_at)
        select o.id, o.carer_id, o.recipient_id, o.service_item_id, ${m.organisationId},
               (o.window_start at time zone 'Asia/Shanghai')::date, o.place_address, o.place_latitude, o.place_longitude,
               o.window_start, o.window_start, coalesce(o.place_latitude, 0), coalesce(o.place_longitude, 0), 0,
               o.window_start + make_interval(mins => i.standard_minutes), o.window_start + make_interval(mins => i.standard_minutes),
               coalesce(o.place_latitude, 0), coalesce(o.place_longitude, 0), 0, i.standard_minutes, i.standard_minutes,
               'served', true, 'automatic', o.window_start + interval '1 day'
          from o join service_items i on i.id = o.service_item_id),
      e as (
        insert into order_events (order_id, action, from_status, to_status, channel, at, data)
        select o.id, 'confirm', 'completed', 'confirmed', 'system', o.window_start + interval '1 day', '{"automatic":true}'::jsonb from o),
      t as (
        insert into ledger_transfers (debit_account, credit_account, amount_fen, kind, reference, order_id)
        select 'recipient:' || o.recipient_id || ':' || ${year} || ':available', 'recipient:' || o.recipient_id || ':' || ${year} || ':held',
               o.amount_fen, 'hold', 'hold:order:' || o.id, o.id from o),
      h as (
        update budget_accounts b set held_fen = b.held_fen + s.amount
          from (select recipient_id, sum(amount_fen) as amount from o group by recipient_id) s
         where b.recipient_id = s.recipient_id and b.year = ${year})
      select count(*)::int as n from o`.execute(trx);
    return rows[0].n;
  });
}

export interface ScoreFacts {
  organisationId: number;
  /** YYYY-MM */
  month: string;
  grade: 'excellent' | 'good' | 'pass' | 'fail';
  /** As PostgreSQL returns numeric(4,3), e.g. '0.950'. */
  coefficient: string;
  /** The services it counts (default 0): settlement reads only the grade and coefficient. */
  services?: number;
  signedOffBy?: number | null;
  status?: 'signed_off' | 'draft';
}

/**
 * An organisation's score for a month, signed off unless a draft is asked for, with its facts
 * plausible rather than computed: what a statement is run against. Returns its id.
 */
export async function insertScore(db: Database, score: ScoreFacts): Promise<number> {
  const services = score.services ?? 0;
  const signedOff = (score.status ?? 'signed_off') === 'signed_off';
  const row = await db
    .insertInto('organisation_scores')
    .values({
      organisation_id: score.organisationId,
      month: parseMonth(score.month).firstDay,
      policy_version: 1,
      services_accepted: services,
      services_delivered: services,
      verified_minutes: 60 * services,
      standard_minutes: 60 * services,
      rating_count: 0,
      return_visit_count: 0,
      upheld_complaints: 0,
      duration_score: '90',
      volume_score: '85',
      quality_score: '88',
      computed_score: '87.70',
      grade: score.grade,
      coefficient: score.coefficient,
      status: signedOff ? 'signed_off' : 'draft',
      signed_off_by: signedOff ? (score.signedOffBy ?? null) : null,
      signed_off_at: signedOff ? now() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
