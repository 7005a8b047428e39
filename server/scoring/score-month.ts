// Scoring a month (第三方评价): one statement gathers the facts of every organisation scored
// that month, computes the three dimensions, the composite and the grade with the policy in
// force on the month's first day, and writes the scores and their events. The rules are the
// ones of score-rules.ts, said in SQL (a test holds the two together).
//
// Who is scored: every organisation with a contract in force at some time in the month, and
// every organisation that delivered a service in it.
// The facts, per organisation:
// - delivered: the month's delivered services (delivered.ts); verified and standard minutes
//   are summed over them, and their ratings give rating_count and rating_average;
// - accepted: its orders whose window starts in the month and that reached 'accepted' (an
//   'accept' order event), together with the delivered ones (a service can be delivered
//   without a recorded acceptance, e.g. one assigned by hand), and each miss of the month
//   (taken, and nobody came: it counts against it whether or not a carer had accepted, and
//   a missed order the organisation rebooked counts once for the miss and once for its new
//   booking);
// - missed: the misses of the month (the 'miss' events, by when nobody had come), shown on
//   their own too;
// - planned: the sum of monthly_service_plan over its contracts in force (null when none has one);
// - return visits: done in the month and judging it, with their mean satisfaction;
// - upheld complaints about it, counted in the month they were first verified (核实): a
//   complaint recorded late in a month is usually verified in the next, and counting it
//   then means it is counted once even when the earlier month is already signed off.
//
// Rescoring: a draft whose facts (or policy version) changed is updated and gets a
// 'recompute' event; one whose facts are the same is left alone (running it twice changes
// nothing); a signed-off score is never touched. An evaluator's adjustment survives a
// recompute: the grade follows the adjusted score.
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.js';
import type { OrganisationScore } from '../db/rows.js';
import { badInput } from '../platform/errors.js';
import { COUNTY_TIME_ZONE } from '../platform/county-time.js';
import { parseMonth, type CountyMonth } from './months.js';
import { requireClosedMonth } from './month-close.js';
import { deliveredServices } from './delivered.js';
import { policyInForce } from './policies.js';
import { NEUTRAL_QUALITY } from './score-rules.js';
import { now as clockNow, sqlNow } from '../platform/clock.js';
import { systemActor, type Actor } from '../platform/lifecycle.js';
import { scoreLifecycle, scoreNotes } from './score-lifecycle.js';
import { orderLifecycle } from '../orders/order-lifecycle.js';

/** The facts compared to decide whether a draft needs recomputing. */
const FACT_COLUMNS = [
  'policy_version',
  'services_accepted',
  'services_delivered',
  'services_missed',
  'planned_services',
  'verified_minutes',
  'standard_minutes',
  'rating_count',
  'rating_average',
  'return_visit_count',
  'satisfaction_average',
  'upheld_complaints',
] as const;
const SCORE_COLUMNS = ['duration_score', 'volume_score', 'quality_score', 'computed_score', 'grade', 'coefficient'] as const;

const columns = (names: readonly string[], prefix = '') => sql.raw(names.map((n) => prefix + n).join(', '));

/** The grade (and its coefficient) a score expression reaches under policy `p`, as score-rules.gradeOf says. */
function gradeSql(score: RawBuilder<unknown>): RawBuilder<unknown> {
  const byGrade = (excellent: string, good: string, pass: string, fail: string) => sql`
    case when ${score} >= p.excellent_from then ${sql.raw(excellent)} when ${score} >= p.good_from then ${sql.raw(good)}
         when ${score} >= p.pass_from then ${sql.raw(pass)} else ${sql.raw(fail)} end`;
  return sql`${byGrade("'excellent'", "'good'", "'pass'", "'fail'")} as grade,
             ${byGrade('p.coefficient_excellent', 'p.coefficient_good', 'p.coefficient_pass', 'p.coefficient_fail')} as coefficient`;
}

/** Scores (or rescores) one month in the caller's transaction; returns how many scores were written. */
async function writeScores(trx: Database, m: CountyMonth, policyVersion: number, actorId: number | null): Promise<number> {
  const from = sql`(${m.firstDay}::timestamp at time zone ${COUNTY_TIME_ZONE})`;
  const until = sql`(${m.nextFirstDay}::timestamp at time zone ${COUNTY_TIME_ZONE})`;
  const actor: Actor = actorId === null ? systemActor : { userId: actorId, channel: 'console' };
  const by = { actor: sql<number | null>`${actor.userId}::int`, channel: sql<string>`${actor.channel}::text`, at: sql<Date>`${sqlNow()}` };
  const { rows } = await sql<{ n: number }>`
    with p as (select * from scoring_policies where version = ${policyVersion}),
    delivered as (${deliveredServices(m)}),
    served as (
      select d.organisation_id, count(*)::int as services_delivered,
             sum(d.duration_minutes)::bigint as verified_minutes, sum(d.standard_minutes)::bigint as standard_minutes,
             count(r.order_id)::int as rating_count, round(avg(r.stars), 2) as rating_average
        from delivered d left join ratings r on r.order_id = d.order_id
       group by d.organisation_id),
    missed as (
      select o.id as order_id, o.organisation_id from order_events e join orders o on o.id = e.order_id
       where e.action = 'miss' and e.at >= ${from} and e.at < ${until} and o.organisation_id is not null),
    accepted as (
      select a.organisation_id, count(*)::int as services_accepted
        from (select o.id as order_id, o.organisation_id from orders o
               where o.organisation_id is not null and o.window_start >= ${from} and o.window_start < ${until}
                 and not ${orderLifecycle.in(['missed'], 'o')}
                 and exists (select 1 from order_events e where e.order_id = o.id and e.action = 'accept')
              union
              select d.order_id, d.organisation_id from delivered d) a
       group by a.organisation_id),
    missed_count as (select organisation_id, count(*)::int as services_missed from missed group by organisation_id),
    surveyed as (
      select rv.organisation_id, count(rv.satisfaction)::int as return_visit_count, round(avg(rv.satisfaction), 2) as satisfaction_average
        from return_visits rv
       where rv.status = 'done' and rv.organisation_id is not null and rv.done_at >= ${from} and rv.done_at < ${until}
       group by rv.organisation_id),
    upheld as (
      select c.organisation_id, count(*)::int as upheld_complaints
        from complaints c
        cross join lateral (select min(e.at) as at from complaint_events e where e.complaint_id = c.id and e.action = 'verify') v
       where c.upheld and c.organisation_id is not null and v.at >= ${from} and v.at < ${until}
       group by c.organisation_id),
    contracted as (
      select c.organisation_id, sum(c.monthly_service_plan)::int as planned_services
        from contracts c
       where c.starts_on < ${m.nextFirstDay}::date and c.ends_on >= ${m.firstDay}::date
         and (c.status = 'active' or c.terminated_at >= ${from})
       group by c.organisation_id),
    facts as (
      select k.organisation_id,
             coalesce(a.services_accepted, 0) + coalesce(mc.services_missed, 0) as services_accepted,
             coalesce(s.services_delivered, 0) as services_delivered,
             coalesce(mc.services_missed, 0) as services_missed,
             c.planned_services, coalesce(s.verified_minutes, 0) as verified_minutes, coalesce(s.standard_minutes, 0) as standard_minutes,
             coalesce(s.rating_count, 0) as rating_count, s.rating_average,
             coalesce(q.return_visit_count, 0) as return_visit_count, q.satisfaction_average,
             coalesce(u.upheld_complaints, 0) as upheld_complaints
        from (select organisation_id from contracted union select organisation_id from served) k
        left join served s using (organisation_id)
        left join accepted a using (organisation_id)
        left join missed_count mc using (organisation_id)
        left join surveyed q using (organisation_id)
        left join upheld u using (organisation_id)
        left join contracted c using (organisation_id)),
    dimensions as (
      select f.*,
             case when f.services_delivered = 0 or f.standard_minutes = 0 then 0
                  else round(100 * least(1, f.verified_minutes::numeric / f.standard_minutes), 2) end as duration_score,
             case when f.services_delivered = 0 then 0
                  when f.planned_services is null then round(100 * least(1, f.services_delivered::numeric / f.services_accepted), 2)
                  else round(100 * (0.5 * least(1, f.services_delivered::numeric / f.services_accepted)
                                  + 0.5 * least(1, f.services_delivered::numeric / f.planned_services)), 2) end as volume_score,
             round(greatest(0, least(100,
               coalesce((coalesce(f.rating_average * 20, 0) + coalesce(f.satisfaction_average * 20, 0))
                          / nullif(num_nonnulls(f.rating_average, f.satisfaction_average), 0), ${NEUTRAL_QUALITY}::numeric)
               - p.complaint_penalty * f.upheld_complaints)), 2) as quality_score
        from facts f cross join p),
    composite as (
      select d.*, round((p.weight_duration * d.duration_score + p.weight_volume * d.volume_score
                         + p.weight_quality * d.quality_score) / 100.0, 2) as computed_score
        from dimensions d cross join p),
    graded as (
      select c.*, ${gradeSql(sql`coalesce(prev.adjusted_score, c.computed_score)`)}
        from composite c cross join p
        left join organisation_scores prev on prev.organisation_id = c.organisation_id and prev.month = ${m.firstDay}::date),
    upserted as (
      insert into organisation_scores (organisation_id, month, ${columns(FACT_COLUMNS)}, ${columns(SCORE_COLUMNS)}, status)
      select organisation_id, ${m.firstDay}::date, ${policyVersion}::int, ${columns(FACT_COLUMNS.slice(1))}, ${columns(SCORE_COLUMNS)},
             ${scoreLifecycle.target('compute')}::text
        from graded
      on conflict (organisation_id, month) do update
         set (${columns(FACT_COLUMNS)}, ${columns(SCORE_COLUMNS)}, computed_at)
           = (${columns(FACT_COLUMNS, 'excluded.')}, ${columns(SCORE_COLUMNS, 'excluded.')}, ${sqlNow()})
       where ${scoreLifecycle.in(['draft'], 'organisation_scores')}
         and (${columns(FACT_COLUMNS, 'organisation_scores.')}) is distinct from (${columns(FACT_COLUMNS, 'excluded.')})
      returning id, computed_score, status),
    written as (
      select u.id, u.computed_score, u.status, prev.id is null as created, prev.computed_score as previous_score
        from upserted u
        -- the statement's snapshot: the score as it was before this statement
        left join organisation_scores prev on prev.id = u.id),
    created as (select * from written where created),
    recomputed as (select * from written where not created),
    compute_event as (
      ${scoreLifecycle.record('compute', sql`created`, {
        subject: sql`created.id`,
        ...by,
        extra: { to_score: sql`created.computed_score` },
      })}),
    recompute_event as (
      ${scoreLifecycle.noteSql(scoreNotes.recompute, sql`recomputed`, {
        subject: sql`recomputed.id`,
        status: sql`recomputed.status`,
        ...by,
        extra: { from_score: sql`recomputed.previous_score`, to_score: sql`recomputed.computed_score` },
      })})
    select count(*)::int as n from written`.execute(trx);
  return rows[0].n;
}

/**
 * Scores a month for every organisation that is scored in it, with the policy in force on its
 * first day, in one transaction; returns the month's scores (signed-off ones as they were).
 * Refused while the month is not closed (month-close.ts: not over, or services unfinished);
 * BAD_USER_INPUT for a month that no policy covers.
 */
export async function scoreMonth(db: Database, month: string, actorId: number | null, now = clockNow()): Promise<OrganisationScore[]> {
  const m = parseMonth(month);
  return db.transaction().execute(async (trx) => {
    // one scoring of a month at a time; the month's scores stay locked against an adjustment
    // or a sign-off until commit, so the statement below sees them as they are
    await sql`select pg_advisory_xact_lock(hashtext('nuanxin:scoring:month'), ${Number(m.month.replace('-', ''))}::int)`.execute(trx);
    await requireClosedMonth(trx, m, null, now);
    await trx.selectFrom('organisation_scores').select('id').where('month', '=', m.firstDay).forUpdate().execute();
    const policy = await policyInForce(trx, m.firstDay);
    if (!policy) throw badInput(`No scoring policy is in force in ${m.month}.`, { field: 'month', reason: 'NO_POLICY', month: m.month });
    await writeScores(trx, m, policy.version, actorId);
    return trx.selectFrom('organisation_scores').selectAll().where('month', '=', m.firstDay).orderBy('organisation_id').execute();
  });
}
