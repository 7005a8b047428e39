// The day's services: each accepted order of the day gets a check-in a little after its window
// opens (a few late) and a check-out after a realistic duration (a few far too short or too
// long), from near the recipient's home (a few far from it, a few sent late from offline).
// The clock moves in five-minute ticks to each reading, since a reading must arrive within two
// minutes of being taken; a reading's time is the tick. Some carers have the card code typed
// in right after checking out.
import { eachLimit } from './client.js';
import { durationFactor, offsetPoint, RATES } from './behaviour.js';
import { CHECK_IN, CHECK_OUT, CONFIRM } from './operations.js';
import { bump, ordersOn, tallyOf, type Sim } from './sim.js';

const TICK_MS = 5 * 60_000;
const roundUp = (ms: number) => Math.ceil(ms / TICK_MS) * TICK_MS;

interface Reading {
  kind: 'in' | 'out';
  orderId: number;
  carer: string;
  tick: number;
  point: { latitude: number; longitude: number };
  /** Sent from offline: taken ten minutes before it arrives. */
  late: boolean;
  cardCode: string | null;
}

/** Serves every accepted order whose window starts on `today`; returns the ids checked out. */
export async function serveDay(sim: Sim, today: string): Promise<number[]> {
  const { rnd, cast } = sim;
  const tally = tallyOf(sim, today.slice(0, 7));
  const recipients = new Map(cast.recipients.map((r) => [r.id, r]));
  const readings: Reading[] = [];
  const jobs = await ordersOn(sim.db, today, ['accepted']);
  // a carer forgets to check out only on the day's last job: the simulation sweeps once a day
  // (06:00), so a visit left open earlier would keep them "in service" through their next jobs
  const lastJob = new Map<number, { id: number; start: number }>();
  for (const o of jobs) {
    const seen = lastJob.get(o.carer_id!);
    if (!seen || o.window_start.getTime() >= seen.start) lastJob.set(o.carer_id!, { id: o.id, start: o.window_start.getTime() });
  }
  for (const o of jobs) {
    const recipient = recipients.get(o.recipient_id)!;
    const item = cast.itemById.get(o.service_item_id)!;
    const place = { latitude: o.place_latitude ?? recipient.latitude, longitude: o.place_longitude ?? recipient.longitude };
    const lateness = rnd.random() < RATES.lateArrival ? rnd.int(30, 60) : rnd.int(0, 20);
    const checkIn = roundUp(o.window_start.getTime() + lateness * 60_000);
    const { factor } = durationFactor(rnd.random);
    const checkOut = checkIn + Math.max(TICK_MS, roundUp(item.standardMinutes * o.quantity * factor * 60_000));
    const far = rnd.random() < RATES.farFromPlace;
    const carer = cast.carerUsername.get(o.carer_id!)!;
    const card = rnd.random() < RATES.confirmByCard ? recipient.cardCode : null;
    const mishap = rnd.random();
    // nobody comes: the morning sweep finds the window over and marks the visit missed
    if (mishap < RATES.noShow) {
      bump(tally.mishaps, 'no_show');
      continue;
    }
    // checked in, never out: the sweep closes it into the dispatcher's exception queue
    const forgotten = mishap < RATES.noShow + RATES.forgottenCheckOut && lastJob.get(o.carer_id!)?.id === o.id;
    if (forgotten) bump(tally.mishaps, 'forgotten_check_out');
    readings.push(
      {
        kind: 'in',
        orderId: o.id,
        carer,
        tick: checkIn,
        point: offsetPoint(place, far ? rnd.int(700, 3000) : rnd.int(5, 150), rnd.random),
        late: rnd.random() < RATES.lateSubmission,
        cardCode: null,
      },
      { kind: 'out', orderId: o.id, carer, tick: checkOut, point: offsetPoint(place, rnd.int(5, 150), rnd.random), late: false, cardCode: card },
    );
    if (forgotten) readings.pop();
  }
  const ticks = [...new Set(readings.map((r) => r.tick))].sort((a, b) => a - b);
  const served: number[] = [];
  for (const tick of ticks) {
    await sim.clock(new Date(tick));
    const due = readings.filter((r) => r.tick === tick);
    // check-ins first: an order checked in and out in one tick needs its check-in before
    for (const kind of ['in', 'out'] as const) {
      await eachLimit(
        due.filter((r) => r.kind === kind),
        4,
        async (r) => {
          const input = {
            orderId: String(r.orderId),
            ...r.point,
            accuracyMeters: 15,
            ...(r.late ? { at: new Date(tick - 10 * 60_000).toISOString() } : {}),
            ...(kind === 'out' ? { workDone: '按服务项目要求完成服务，服务对象在场' } : {}),
          };
          if (kind === 'in') {
            const done = await sim.client.as<{ checkIn: { flags: string[] } }>(r.carer, CHECK_IN, { input });
            if (done.ok) tally.checkIns++;
            else bump(tally.refused, `check-in ${done.code}`);
            return;
          }
          const done = await sim.client.as<{ checkOut: { flags: string[] } }>(r.carer, CHECK_OUT, { input });
          if (!done.ok) {
            bump(tally.refused, `check-out ${done.code}`);
            return;
          }
          tally.completed++;
          served.push(r.orderId);
          if (done.data.checkOut.flags.length) tally.flagged++;
          if (r.cardCode) {
            const confirmed = await sim.client.as(r.carer, CONFIRM, { id: String(r.orderId), code: r.cardCode });
            if (confirmed.ok) bump(tally.confirmed, 'service_card');
          }
        },
      );
    }
  }
  return served;
}
