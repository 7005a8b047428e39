// Mornings: people order (mini-program, hotline, grid worker) for the days ahead, the worker
// matches, carers accept (a few decline, and the worker matches again), and orders nobody can
// take are cancelled by the hotline so their budget is released.
import { sql } from 'kysely';
import { addDays } from '../../server/platform/county-time.js';
import { eachLimit } from './client.js';
import { channelWeights, itemWeights, LEAD_DAYS, monthFactor, RATES, SERVICES_PER_YEAR } from './behaviour.js';
import type { CastItem, CastRecipient } from './cast.js';
import { ACCEPT_JOB, CANCEL_ORDER, DECLINE_JOB, PLACE_ORDER } from './operations.js';
import { at, bump, tallyOf, type Sim } from './sim.js';

const weekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay(); // 0 Sunday

/** The service day for an order placed on `today`: carers do not work on Sundays, professionals not on Saturdays either. */
function serviceDay(sim: Sim, today: string, item: CastItem): string {
  if (item.urgent) return today;
  let day = addDays(today, sim.rnd.weighted(LEAD_DAYS));
  while (weekday(day) === 0 || (item.professional && weekday(day) === 6)) day = addDays(day, 1);
  return day;
}

/** A window inside the carers' working hours: the standard time and an hour's slack, on the half hour. */
function windowFor(sim: Sim, day: string, item: CastItem, quantity: number, today: string): { start: Date; end: Date } {
  if (item.dayLong) return { start: at(day, '08:00'), end: at(day, '17:30') };
  const minutes = Math.ceil((item.standardMinutes * quantity + 60) / 30) * 30;
  const [open, close] = item.professional ? [8.5 * 60, 17.5 * 60] : [8 * 60, 18 * 60];
  const earliest = day === today ? 9 * 60 : open; // an urgent call at 07:00 is served from 09:00
  const slots = Math.max(1, Math.floor((close - minutes - earliest) / 30) + 1);
  const startMinute = earliest + 30 * sim.rnd.int(0, slots - 1);
  const hhmm = `${String(Math.floor(startMinute / 60)).padStart(2, '0')}:${String(startMinute % 60).padStart(2, '0')}`;
  const start = at(day, hhmm);
  return { start, end: new Date(start.getTime() + minutes * 60_000) };
}

/** How many orders are placed on `date` (the yearly volume spread by season, and by chance). */
function ordersToday(sim: Sim, date: string): number {
  const expected = (sim.scale * SERVICES_PER_YEAR * monthFactor(Number(date.slice(5, 7)))) / 365;
  return Math.floor(expected + sim.rnd.random() * 0.999);
}

interface PlannedOrder {
  who: CastRecipient;
  channel: string;
  username: string;
  input: Record<string, unknown>;
}

/** Decides one order (all the chance draws, before anything is sent, so a seed replays the same orders); null when none is placed. */
function planOne(sim: Sim, today: string, prices: Map<number, number>, n: number): PlannedOrder | null {
  const { rnd, cast } = sim;
  const month = Number(today.slice(5, 7));
  const who: CastRecipient = rnd.weighted(cast.recipients.map((r) => [r, r.away ? 0 : r.appetite] as [CastRecipient, number]));
  const item = cast.items.get(rnd.weighted(itemWeights(who.profile, who.assessed, month).filter(([code]) => cast.items.has(code))))!;
  const quantity = item.code === 'companion_care' ? rnd.int(1, 3) : 1;
  const amount = prices.get(item.id)! * quantity;
  const committed = sim.committedFen.get(who.id) ?? 0;
  if (committed + amount > 200_000) {
    tallyOf(sim, today.slice(0, 7)).budgetSkipped++;
    return null;
  } // they know their budget is spent
  const day = serviceDay(sim, today, item);
  if (day.slice(0, 4) !== String(sim.year)) return null; // next year's budget is not open
  sim.committedFen.set(who.id, committed + amount);
  const { start, end } = windowFor(sim, day, item, quantity, today);
  const channel = rnd.weighted(channelWeights(who.appUsername !== null));
  const input: Record<string, unknown> = {
    serviceItemId: String(item.id),
    quantity,
    windowStart: start.toISOString(),
    windowEnd: end.toISOString(),
    idempotencyKey: `sim-${today}-${n}`,
  };
  if (channel === 'mini_program') return { who, channel, username: who.appUsername!, input };
  input.recipientId = String(who.id);
  if (channel === 'hotline') return { who, channel, username: 'hotline', input: { ...input, callerPhone: who.phone } };
  return { who, channel, username: who.gridUsername, input };
}

async function placeOne(sim: Sim, today: string, order: PlannedOrder): Promise<void> {
  const tally = tallyOf(sim, today.slice(0, 7));
  const placed = await sim.client.as<{ placeOrder: { id: string; amount: number } }>(order.username, PLACE_ORDER, { input: order.input });
  if (!placed.ok) {
    bump(tally.refused, placed.code);
    return;
  }
  tally.orders++;
  bump(tally.byChannel, order.channel);
}

/** Waits until the worker has matched every order it can (flagged ones stay flagged). */
async function matchingSettled(sim: Sim): Promise<void> {
  for (let i = 0; ; i++) {
    const {
      rows: [{ n }],
    } = await sql<{ n: number }>`
      select count(*)::int as n from orders
       where status = 'placed' or (status = 'assigned' and carer_id is null and match_problem is null)`.execute(sim.db);
    if (n === 0) return;
    if (i > 3000) throw new Error(`${n} orders still wait for matching after a minute: is the worker running?`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The morning of `today`: orders, matching, acceptance. */
export async function morning(sim: Sim, today: string): Promise<void> {
  await sim.clock(at(today, '07:00'));
  const prices = new Map(
    (
      await sql<{ id: number; price: number }>`
    select distinct on (service_item_id) service_item_id as id, price_fen as price from service_item_prices
     where effective_from <= ${sim.now()} order by service_item_id, effective_from desc`.execute(sim.db)
    ).rows.map((r) => [r.id, r.price]),
  );
  const planned = Array.from({ length: ordersToday(sim, today) }, (_, n) => planOne(sim, today, prices, n)).filter((o) => o !== null);
  await eachLimit(planned, 4, (order) => placeOne(sim, today, order));
  await respond(sim, today);
}

/** Carers answer their new jobs; declined ones are matched again and answered in a second round. */
async function respond(sim: Sim, today: string): Promise<void> {
  const tally = tallyOf(sim, today.slice(0, 7));
  for (let round = 0; round < 3; round++) {
    await matchingSettled(sim);
    const { rows } = await sql<{ id: number; carer_id: number }>`select id, carer_id from orders where status = 'dispatched' order by id`.execute(sim.db);
    let declined = 0;
    const declines = new Set(rows.filter(() => round === 0 && sim.rnd.random() < RATES.declined).map((o) => o.id));
    await eachLimit(rows, 4, async (o) => {
      const carer = sim.cast.carerUsername.get(o.carer_id)!;
      if (declines.has(o.id)) {
        declined++;
        await sim.client.must(carer, DECLINE_JOB, { id: String(o.id), reason: '时间冲突，无法前往' });
      } else await sim.client.must(carer, ACCEPT_JOB, { id: String(o.id) });
    });
    tally.declined += declined;
    if (!declined) break;
  }
  const { rows: flagged } = await sql<{ id: number; recipient_id: number; amount_fen: number }>`
    select id, recipient_id, amount_fen from orders where status in ('placed', 'assigned') and match_problem is not null order by id`.execute(sim.db);
  await eachLimit(flagged, 4, async (o) => {
    const out = await sim.client.as('hotline', CANCEL_ORDER, { id: String(o.id), reason: '暂无可派服务人员，已电话告知' });
    if (!out.ok) return;
    tally.unmatched++;
    sim.committedFen.set(o.recipient_id, (sim.committedFen.get(o.recipient_id) ?? 0) - o.amount_fen);
  });
}
