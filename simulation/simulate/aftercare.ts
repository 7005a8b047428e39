// Evenings and office hours: recipients confirm in the app or through their grid worker (the
// rest are confirmed automatically after 72 h by the worker), a few dispute; ratings;
// complaints to the hotline, taken round the closed loop one step a day (assign, verify,
// answer, close); dispatchers resolve flagged visits; grid workers make their return visits.
import { sql } from 'kysely';
import { daysBetween } from '../../server/platform/county-time.js';
import { eachLimit } from './client.js';
import { RATES, STARS } from './behaviour.js';
import {
  ANSWER_COMPLAINT,
  ASSIGN_COMPLAINT,
  CLOSE_COMPLAINT,
  CONFIRM,
  DISPUTE,
  MISS_RETURN_VISIT,
  RATE,
  RECORD_COMPLAINT,
  RECORD_RETURN_VISIT,
  REOPEN_COMPLAINT,
  RESOLVE_EXCEPTION,
  VERIFY_COMPLAINT,
} from './operations.js';
import { at, bump, tallyOf, type Sim } from './sim.js';

const CATEGORIES = [
  ['SERVICE_QUALITY', 45],
  ['LATENESS', 30],
  ['CARER_CONDUCT', 10],
  ['BILLING', 5],
  ['OTHER', 10],
] as [string, number][];

/** After the day's services: confirmations, disputes, ratings and complaints about them. */
export async function evening(sim: Sim, today: string, served: number[]): Promise<void> {
  await sim.clock(at(today, '19:00'));
  const { rnd, cast } = sim;
  const tally = tallyOf(sim, today.slice(0, 7));
  const recipients = new Map(cast.recipients.map((r) => [r.id, r]));
  const { rows } = await sql<{ id: number; recipient_id: number; status: string; organisation_id: number }>`
    select id, recipient_id, status, organisation_id from orders where id = any(${served}::int[]) order by id`.execute(sim.db);
  const plans = rows.map((o) => {
    const r = recipients.get(o.recipient_id)!;
    const u = rnd.random();
    const how =
      o.status !== 'completed'
        ? 'done'
        : u < RATES.disputed
          ? 'dispute'
          : u < RATES.disputed + RATES.confirmInApp && r.appUsername
            ? 'app'
            : u < RATES.disputed + RATES.confirmInApp + RATES.confirmByGrid + (r.appUsername ? 0 : RATES.confirmInApp / 2)
              ? 'grid'
              : 'wait';
    const rater = rnd.random() < RATES.rated ? (r.appUsername ?? (rnd.random() < 0.5 ? 'hotline' : r.gridUsername)) : null;
    const complaint = rnd.random() < RATES.complaint ? rnd.weighted(CATEGORIES) : null;
    return { o, r, how, rater, stars: rnd.weighted(STARS), complaint };
  });
  await eachLimit(plans, 4, async ({ o, r, how, rater, stars, complaint }) => {
    const id = String(o.id);
    if (how === 'dispute') {
      const out = await sim.client.as(r.appUsername ?? 'hotline', DISPUTE, { id, reason: '服务人员未按约定完成服务' });
      if (out.ok) tally.disputes++;
      return;
    }
    if (how === 'app' || how === 'grid') {
      const out = await sim.client.as(how === 'app' ? r.appUsername! : r.gridUsername, CONFIRM, { id });
      if (out.ok) bump(tally.confirmed, how === 'app' ? 'recipient_app' : 'grid_worker');
    }
    if (rater && how !== 'wait') {
      const out = await sim.client.as(rater, RATE, { id, stars, comment: stars >= 4 ? '服务很好，谢谢' : '' });
      if (out.ok) tally.ratings++;
    }
    if (complaint) {
      const out = await sim.client.as('hotline', RECORD_COMPLAINT, {
        input: {
          orderId: id,
          category: complaint,
          severity: complaint === 'CARER_CONDUCT' ? 'HIGH' : 'NORMAL',
          description: '家属来电反映服务问题',
          complainantPhone: r.phone,
        },
      });
      if (out.ok) tally.complaints++;
    }
  });
  await resolveExceptions(sim, today);
  await returnVisits(sim, today);
}

/** Dispatchers look at the day's flagged visits: most are explained (GPS, agreed elsewhere, justified), some are not paid. */
async function resolveExceptions(sim: Sim, today: string): Promise<void> {
  const { rows } = await sql<{ order_id: number; flags: string[]; organisation_id: number; usual_end: Date }>`
    select order_id, flags, organisation_id, checked_in_at + make_interval(mins => standard_minutes) as usual_end
      from visits where exception_status = 'open' order by order_id`.execute(sim.db);
  const plans = rows.map((v) => {
    const accepted = sim.rnd.random() < RATES.exceptionAccepted;
    const flag = v.flags[0];
    // never checked out: the dispatcher calls the carer and records when they really left
    if (v.flags.includes('not_checked_out')) return { v, code: 'CHECK_OUT_CORRECTED', end: v.usual_end.toISOString() };
    const code =
      flag === 'far_from_place'
        ? accepted
          ? 'GPS_INACCURATE'
          : 'NOT_DELIVERED'
        : flag === 'too_short'
          ? accepted
            ? 'VERIFIED_WITH_RECIPIENT'
            : 'DURATION_NOT_JUSTIFIED'
          : flag === 'too_long'
            ? accepted
              ? 'DURATION_JUSTIFIED'
              : 'DURATION_NOT_JUSTIFIED'
            : 'VERIFIED_WITH_RECIPIENT';
    return { v, code, end: null };
  });
  const tally = tallyOf(sim, today.slice(0, 7));
  await eachLimit(plans, 4, async ({ v, code, end }) => {
    const out = await sim.client.as(sim.cast.dispatcherUsername.get(v.organisation_id)!, RESOLVE_EXCEPTION, {
      id: String(v.order_id),
      code,
      note: end ? '服务人员忘记签退，电话核实离开时间' : '电话回访服务对象核实',
      end,
    });
    if (out.ok) tally.exceptionsResolved++;
  });
}

/** Grid workers spread their scheduled visits over the days up to each one's due date. */
async function returnVisits(sim: Sim, today: string): Promise<void> {
  const { rows } = await sql<{ id: number; assigned_to: number; due_on: string; upheld: boolean }>`
    select v.id, v.assigned_to, to_char(v.due_on, 'YYYY-MM-DD') as due_on,
           exists (select 1 from complaints c where c.order_id = v.order_id and c.upheld) as upheld
      from return_visits v where v.status = 'scheduled' and v.assigned_to is not null order by v.id`.execute(sim.db);
  const tally = tallyOf(sim, today.slice(0, 7));
  const plans = rows
    .filter((v) => sim.rnd.random() < 1 / Math.max(1, daysBetween(today, v.due_on) + 1))
    .map((v) => ({
      v,
      missed: sim.rnd.random() < RATES.returnVisitMissed,
      answers: Array.from({ length: 5 }, () =>
        v.upheld
          ? sim.rnd.int(2, 3)
          : sim.rnd.weighted<number>([
              [5, 55],
              [4, 35],
              [3, 8],
              [2, 2],
            ]),
      ),
    }));
  await eachLimit(plans, 4, async ({ v, missed, answers }) => {
    const grid = sim.cast.usernameOf.get(v.assigned_to)!;
    const out = missed
      ? await sim.client.as(grid, MISS_RETURN_VISIT, { id: String(v.id), reason: '服务对象外出就医，多次联系未果' })
      : await sim.client.as(grid, RECORD_RETURN_VISIT, { id: String(v.id), answers, comment: '' });
    if (out.ok) {
      if (missed) tally.returnVisitsMissed++;
      else tally.returnVisits++;
    }
  });
}

/** Office hours: every open ticket moves one step round the loop. */
export async function complaintsOffice(sim: Sim, today: string): Promise<void> {
  await sim.clock(at(today, '07:30'));
  const { rows } = await sql<{
    id: number;
    status: string;
    organisation_id: number | null;
    township_id: number | null;
    assigned_organisation_id: number | null;
    assigned_township_id: number | null;
    reopen_count: number;
  }>`
    select id, status, organisation_id, township_id, assigned_organisation_id, assigned_township_id, reopen_count
      from complaints where status <> 'closed' order by id`.execute(sim.db);
  const townshipStaff = async (townshipId: number) =>
    (
      await sql<{ username: string }>`
    select username from users where role = 'township_staff' and township_id = ${townshipId} order by id limit 1`.execute(sim.db)
    ).rows[0]?.username;
  const tally = tallyOf(sim, today.slice(0, 7));
  const plans = rows.map((c) => ({ c, upheld: sim.rnd.random() < RATES.complaintUpheld, reopen: sim.rnd.random() < RATES.reopened }));
  await eachLimit(plans, 4, async ({ c, upheld, reopen }) => {
    const id = String(c.id);
    if (c.status === 'recorded') {
      await sim.client.must('hotline', ASSIGN_COMPLAINT, c.organisation_id ? { id, org: String(c.organisation_id) } : { id, township: String(c.township_id) });
    } else if (c.status === 'assigned') {
      const verifier = c.assigned_organisation_id ? sim.cast.dispatcherUsername.get(c.assigned_organisation_id)! : await townshipStaff(c.assigned_township_id!);
      await sim.client.must(verifier!, VERIFY_COMPLAINT, { id, upheld, findings: upheld ? '经核实情况属实，已对服务人员批评教育' : '经核实服务已按约定完成' });
    } else if (c.status === 'verified') {
      await sim.client.must('hotline', ANSWER_COMPLAINT, { id, answer: '已将核实结果电话告知投诉人' });
    } else if (c.status === 'answered' && c.reopen_count === 0 && reopen) {
      // the complainant calls back, not satisfied: round the loop once more
      await sim.client.must('hotline', REOPEN_COMPLAINT, { id, reason: '投诉人来电表示对处理结果不满意' });
      bump(tally.mishaps, 'reopened');
    } else if (c.status === 'answered') {
      await sim.client.must('hotline', CLOSE_COMPLAINT, { id });
    }
  });
}
