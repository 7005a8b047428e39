// A real year's bad days, at 06:30 after the worker's sweep (rates in behaviour.ts RATES, and
// README's "Simulation"): dispatchers make good yesterday's missed visits by rebooking them;
// recipients call the hotline to move a booking a day on; and on Mondays township stations
// change the list: suspensions (reinstated after about four weeks), exits, households moving
// to another village.
import { sql } from 'kysely';
import { addDays, countyToday, daysBetween } from '../../server/platform/county-time.js';
import { eachLimit } from './client.js';
import { RATES } from './behaviour.js';
import { CHANGE_STATUS, MOVE_RECIPIENT, REBOOK_MISSED, RESCHEDULE } from './operations.js';
import { at, bump, tallyOf, type Sim } from './sim.js';

const DAY_MS = 86_400_000;
const weekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay(); // 0 Sunday

/** The next weekday after `date` (carers of every kind work then). */
function nextWorkday(date: string): string {
  let day = addDays(date, 1);
  while (weekday(day) === 0 || weekday(day) === 6) day = addDays(day, 1);
  return day;
}

/** The window moved to `day`, at the same time of day. */
function windowOn(day: string, o: { window_start: Date; window_end: Date }): { start: string; end: string } {
  const shift = daysBetween(countyToday(o.window_start), day) * DAY_MS;
  return { start: new Date(o.window_start.getTime() + shift).toISOString(), end: new Date(o.window_end.getTime() + shift).toISOString() };
}

export async function badDay(sim: Sim, today: string): Promise<void> {
  await sim.clock(at(today, '06:30'));
  await makeGoodMissedVisits(sim, today);
  await moveBookings(sim, today);
  if (weekday(today) === 1) await changeTheList(sim, today);
}

/** Yesterday's misses (this morning's sweep): most are rebooked by their organisation for the next workday. */
async function makeGoodMissedVisits(sim: Sim, today: string): Promise<void> {
  const tally = tallyOf(sim, today.slice(0, 7));
  const { rows } = await sql<{ id: number; organisation_id: number; window_start: Date; window_end: Date }>`
    select id, organisation_id, window_start, window_end from orders
     where status = 'missed' and rebooks = 0 and organisation_id is not null
       and window_end >= ${at(addDays(today, -1), '00:00')} and window_end < ${at(today, '00:00')}
     order by id`.execute(sim.db);
  const day = nextWorkday(today);
  const plans = day.slice(0, 4) === String(sim.year) ? rows.filter(() => sim.rnd.random() < RATES.rebookMissed) : [];
  await eachLimit(plans, 4, async (o) => {
    const { start, end } = windowOn(day, o);
    const out = await sim.client.as(sim.cast.dispatcherUsername.get(o.organisation_id)!, REBOOK_MISSED, {
      id: String(o.id),
      start,
      end,
      reason: '服务人员临时生病未能上门，机构改派补上',
    });
    if (out.ok) bump(tally.mishaps, 'rebooked');
    else bump(tally.refused, `rebook ${out.code}`);
  });
}

/** Bookings placed yesterday for a later day: a few are moved a workday on when the recipient calls. */
async function moveBookings(sim: Sim, today: string): Promise<void> {
  const tally = tallyOf(sim, today.slice(0, 7));
  const { rows } = await sql<{ id: number; window_start: Date; window_end: Date }>`
    select id, window_start, window_end from orders
     where status in ('assigned', 'dispatched', 'accepted') and placed_at >= ${at(addDays(today, -1), '00:00')} and placed_at < ${at(today, '00:00')}
       and window_start >= ${at(addDays(today, 1), '00:00')}
     order by id`.execute(sim.db);
  const plans = rows
    .filter(() => sim.rnd.random() < RATES.rescheduled)
    .map((o) => ({ o, day: nextWorkday(countyToday(o.window_start)) }))
    .filter(({ day }) => day.slice(0, 4) === String(sim.year) && daysBetween(today, day) <= 14);
  await eachLimit(plans, 4, async ({ o, day }) => {
    const { start, end } = windowOn(day, o);
    const out = await sim.client.as('hotline', RESCHEDULE, { id: String(o.id), start, end, reason: '服务对象来电：那天要去医院复查，改到下一个工作日' });
    if (out.ok) bump(tally.mishaps, 'rescheduled');
    else bump(tally.refused, `reschedule ${out.code}`);
  });
}

/** Monday at the township stations: suspensions, reinstatements, exits and moves. */
async function changeTheList(sim: Sim, today: string): Promise<void> {
  const tally = tallyOf(sim, today.slice(0, 7));
  const staff = new Map(
    (
      await sql<{ township_id: number; username: string }>`
      select distinct on (township_id) township_id, username from users where role = 'township_staff' and active order by township_id, id`.execute(sim.db)
    ).rows.map((r) => [r.township_id, r.username]),
  );
  const byId = new Map(sim.cast.recipients.map((r) => [r.id, r]));
  // back home after about four weeks: reinstated, and they order again
  const { rows: due } = await sql<{ id: number; township_id: number }>`
    select r.id, r.township_id from recipients r
     where r.status = 'suspended'
       and (select max(c.at) from recipient_status_changes c where c.recipient_id = r.id) <= ${at(addDays(today, -RATES.suspensionDays), '23:59')}
     order by r.id`.execute(sim.db);
  await eachLimit(due, 4, async (r) => {
    const out = await sim.client.as(staff.get(r.township_id)!, CHANGE_STATUS, { id: String(r.id), status: 'ACTIVE', reason: '出院回家，恢复服务' });
    if (!out.ok) return void bump(tally.refused, `reinstate ${out.code}`);
    bump(tally.mishaps, 'reinstated');
    const cast = byId.get(r.id);
    if (cast) cast.away = false;
  });
  const weekly = (perYear: number) => perYear / 52;
  const villages = (
    await sql<{ id: number; parent_id: number; name: string; latitude: number; longitude: number }>`
    select id, parent_id, name, latitude, longitude from regions where level = 'village' order by id`.execute(sim.db)
  ).rows;
  const gridOf = new Map(
    (
      await sql<{ village_id: number; username: string }>`
      select distinct on (g.village_id) g.village_id, u.username from grid_worker_villages g join users u on u.id = g.user_id
       where u.active order by g.village_id, u.id`.execute(sim.db)
    ).rows.map((r) => [r.village_id, r.username]),
  );
  const plans = sim.cast.recipients
    .filter((r) => !r.away)
    .map((r) => {
      const u = sim.rnd.random();
      const kind =
        u < weekly(RATES.suspendedPerYear)
          ? 'suspend'
          : u < weekly(RATES.suspendedPerYear + RATES.exitedPerYear)
            ? 'exit'
            : u < weekly(RATES.suspendedPerYear + RATES.exitedPerYear + RATES.movedPerYear)
              ? 'move'
              : null;
      return { r, kind, village: villages[sim.rnd.int(0, villages.length - 1)] };
    })
    .filter((p) => p.kind !== null);
  // one at a time: a household may hold two of them
  for (const { r, kind, village } of plans) {
    const township = staff.get(r.townshipId)!;
    if (kind === 'move') {
      if (!gridOf.has(village.id)) continue;
      const out = await sim.client.as(township, MOVE_RECIPIENT, {
        id: String(r.id),
        input: {
          villageId: String(village.id),
          address: `${village.name}新居`,
          latitude: village.latitude,
          longitude: village.longitude,
          reason: '随子女搬迁',
        },
      });
      if (!out.ok) {
        bump(tally.refused, `move ${out.code}`);
        continue;
      }
      bump(tally.mishaps, 'moved');
      // the household moves together: every member on the list gets the new village's people
      const { rows: members } = await sql<{ id: number }>`
        select id from recipients where household_id = (select household_id from recipients where id = ${r.id})`.execute(sim.db);
      for (const m of members) {
        const cast = byId.get(m.id);
        if (!cast) continue;
        Object.assign(cast, { townshipId: village.parent_id, latitude: village.latitude, longitude: village.longitude, gridUsername: gridOf.get(village.id)! });
      }
      continue;
    }
    const out = await sim.client.as(township, CHANGE_STATUS, {
      id: String(r.id),
      status: kind === 'suspend' ? 'SUSPENDED' : 'EXITED',
      reason: kind === 'suspend' ? '住院治疗，暂停服务' : '迁出本县，退出名册',
    });
    if (!out.ok) {
      bump(tally.refused, `${kind} ${out.code}`);
      continue;
    }
    bump(tally.mishaps, kind === 'suspend' ? 'suspended' : 'exited');
    r.away = true;
  }
}
