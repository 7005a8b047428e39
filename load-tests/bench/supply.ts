// The work `npm run bench` hands out: sign-ins, the orders placeOrder sends (spread over the
// recipients with budget left, cheapest everyday items, one-hour windows in the coming weeks)
// and the carers' jobs that checkIn and checkOut consume. Jobs are made through the domain
// functions the API and the worker run (placeOrder, matchOrder, acceptJob), directly on the
// bench database: setting up is not what is measured. Check-in jobs start within the hour,
// each with a carer of its own (makeSoonJobs).
import { sql } from 'kysely';
import type { Database } from '../../server/db/database.js';
import type { Viewer } from '../../server/auth/roles.js';
import { authenticate, openSession } from '../../server/auth/sessions.js';
import { checkPassword } from '../../server/auth/passwords.js';
import { hash } from '@node-rs/argon2';
import { DEMO_ORGANISATION, DEMO_PASSWORD } from '../../server/seed/demo.js';
import { placeOrder, type PlaceOrderRequest } from '../../server/orders/place-order.js';
import { matchOrder } from '../../server/matching/match-order.js';
import { acceptJob } from '../../server/orders/order-actions.js';
import { addDays, countyToday, countyYear } from '../../server/platform/county-time.js';
import { nowMs } from '../../server/platform/clock.js';

interface SignedIn {
  token: string;
  viewer: Viewer;
}

/** A session for a demo user, made on the database (setting up is not measured, nor held to the sign-in limits). */
export async function signInAs(db: Database, username: string): Promise<SignedIn> {
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  if (!(await checkPassword(user.password_hash, DEMO_PASSWORD))) throw new Error(`${username} does not have the demo password`);
  const { token } = await openSession(db, user, 12);
  return { token, viewer: await authenticate(db, token) };
}

/**
 * The demo county has one carer sign-in; the bench gives every active carer of the demo
 * organisation one (`bench-carer-<id>`), so jobs can be spread over all of them, and signs
 * each in, but those already in `signedIn`. Returns the sign-ins by carer id.
 */
export async function signInCarers(db: Database, signedIn = new Map<number, SignedIn>()): Promise<Map<number, SignedIn>> {
  // Argon2id at its lightest (a verify reads the parameters from the hash): thousands of
  // sign-ins take seconds, not minutes; these users live in a throw-away database
  const passwordHash = await hash(DEMO_PASSWORD, { algorithm: 2, memoryCost: 64, timeCost: 1, parallelism: 1 });
  await sql`
    insert into users (username, password_hash, display_name, role, carer_id)
    select 'bench-carer-' || c.id, ${passwordHash}, c.name, 'carer', c.id
      from carers c join organisations o on o.id = c.organisation_id
     where o.name = ${DEMO_ORGANISATION} and c.active
       and not exists (select 1 from users u where u.carer_id = c.id)`.execute(db);
  const users = await db.selectFrom('users').select(['username', 'carer_id']).where('role', '=', 'carer').where('carer_id', 'is not', null).execute();
  const todo = users.filter((u) => !signedIn.has(u.carer_id!));
  let k = 0;
  const one = async () => {
    for (let u = todo[k++]; u; u = todo[k++]) signedIn.set(u.carer_id!, await signInAs(db, u.username));
  };
  await Promise.all(Array.from({ length: 4 }, one));
  return signedIn;
}

/**
 * One copy of each of these carers (same organisation, kind, village and qualifications;
 * the name numbered `copy`, no phone), working every day round the clock so that jobs
 * starting within the hour find them whenever the bench runs. Ids come from the identity's
 * sequence first, so qualifications and hours are written in the same statement.
 */
async function copyCarers(db: Database, sourceIds: number[], copy: number): Promise<void> {
  await sql`
    with plan as (
      select nextval(pg_get_serial_sequence('carers', 'id')) as id, s.id as source_id from unnest(${sourceIds}::int[]) s (id)),
    made as (
      insert into carers (id, organisation_id, name, kind, home_village_id, hardship_category)
      select p.id, c.organisation_id, c.name || ' ' || ${copy}::int, c.kind, c.home_village_id, c.hardship_category
        from plan p join carers c on c.id = p.source_id
      returning id),
    qualifications as (
      insert into carer_qualifications (carer_id, kind, certificate_number, issued_on, expires_on)
      select m.id, q.kind, q.certificate_number, q.issued_on, q.expires_on
        from made m join plan p using (id) join carer_qualifications q on q.carer_id = p.source_id)
    insert into carer_working_hours (carer_id, weekday, starts_at, ends_at)
    select m.id, d, '00:00', '24:00' from made m, generate_series(1, 7) d`.execute(db);
}

// ---------------------------------------------------------------------------------------
// orders

interface Item {
  id: number;
  price: number;
}

/** One-hour windows starting 08:00–16:00 county time, on days 1 .. horizon-2 ahead, in this programme year. */
function windowStarts(horizonDays: number): number[] {
  const today = countyToday();
  const year = countyYear();
  const starts: number[] = [];
  for (let d = 1; d <= horizonDays - 2; d++) {
    const date = addDays(today, d);
    if (Number(date.slice(0, 4)) !== year) continue;
    for (let hour = 8; hour <= 16; hour++) starts.push(Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`));
  }
  if (!starts.length) throw new Error(`no day left in programme year ${year} within the booking horizon: run the bench before the last days of December`);
  return starts;
}

/** An order's time window, in ms since the epoch. */
export interface Window {
  start: number;
  end: number;
}

const MINUTE = 60_000;

/**
 * A window a carer can check in for now and for the next hour: one hour starting 20 minutes
 * from now (check-in opens 30 minutes before the window), cut at the county's midnight
 * (matching wants it within one day), or from midnight when little of today would be left.
 */
function soonWindow(at = nowMs()): Window {
  const start = at + 20 * MINUTE;
  // the county is at +08:00 all year
  const midnight = Date.parse(`${addDays(countyToday(new Date(start)), 1)}T00:00:00+08:00`);
  if (midnight - start < 10 * MINUTE) return { start: midnight, end: midnight + 60 * MINUTE };
  return { start, end: Math.min(start + 60 * MINUTE, midnight - 1000) };
}

/**
 * Hands out placeOrder inputs for the hotline: round-robin over the active recipients, the
 * three cheapest everyday items, windows spread by a multiplicative hash. It keeps each
 * recipient's budget left and skips those it could not take, so no order is refused for
 * budget; `next` returns null once nobody has room (the run then ends early, and says so).
 */
export async function orderSupply(db: Database, horizonDays: number, runId: string) {
  const year = countyYear();
  const recipients = await db
    .selectFrom('recipients as r')
    .innerJoin('budget_accounts as b', (j) => j.onRef('b.recipient_id', '=', 'r.id').on('b.year', '=', year))
    .select(['r.id', sql<number>`b.allocated_fen - b.held_fen - b.spent_fen`.as('left')])
    .where('r.status', '=', 'active')
    .orderBy('r.id')
    .execute();
  const items: Item[] = (
    await sql<Item>`
    select i.id, p.price_fen::int as price
      from service_items i
      join lateral (select price_fen from service_item_prices where service_item_id = i.id and effective_from <= now()
                    order by effective_from desc limit 1) p on true
     where i.active and not i.is_urgent and i.required_qualification is null
     order by p.price_fen, i.id limit 3`.execute(db)
  ).rows;
  if (!recipients.length || !items.length) throw new Error('the bench database has no active recipient or no everyday item');
  const starts = windowStarts(horizonDays);
  const left = recipients.map((r) => Number(r.left));
  let i = 0;
  let misses = 0;
  return {
    recipients: recipients.length,
    /** The next order's input (in `window` when given), or null when no recipient has budget left for it. */
    next(window?: Window): (PlaceOrderRequest & { recipientId: number }) | null {
      while (misses < recipients.length) {
        const n = i++;
        const k = n % recipients.length;
        const item = items[Math.floor(n / recipients.length) % items.length];
        if (left[k] < item.price) {
          misses++;
          continue;
        }
        misses = 0;
        left[k] -= item.price;
        const start = window?.start ?? starts[(n * 2_654_435_761) % starts.length];
        return {
          recipientId: recipients[k].id,
          serviceItemId: item.id,
          quantity: 1,
          windowStart: new Date(start),
          windowEnd: new Date(window?.end ?? start + 3_600_000),
          callerPhone: '0796-3600000',
          notes: 'bench',
          idempotencyKey: `bench-${runId}-${n}`,
        };
      }
      return null;
    },
  };
}

/** A placeOrder input as GraphQL variables. */
export const orderVariables = (req: PlaceOrderRequest & { recipientId: number }) => ({
  input: {
    ...req,
    recipientId: String(req.recipientId),
    serviceItemId: String(req.serviceItemId),
    windowStart: req.windowStart.toISOString(),
    windowEnd: req.windowEnd.toISOString(),
  },
});

// ---------------------------------------------------------------------------------------
// carers' jobs

export interface Job {
  orderId: number;
  carer: SignedIn;
  latitude: number;
  longitude: number;
}

/**
 * Makes up to `count` jobs dispatched to carers with a sign-in: the hotline places an order,
 * matching (the worker's function) takes and dispatches it; with `accept`, the carer accepts
 * it too. Orders matching cannot place with a carer are left flagged and not returned.
 * `window` gives each order's window (default: orderSupply's, days ahead).
 */
export async function makeJobs(
  db: Database,
  count: number,
  accept: boolean,
  hotline: Viewer,
  orders: Awaited<ReturnType<typeof orderSupply>>,
  carers: Map<number, SignedIn>,
  horizonDays: number,
  window?: () => Window,
): Promise<Job[]> {
  const jobs: Job[] = [];
  let attempts = 0;
  const one = async (): Promise<void> => {
    while (jobs.length < count && attempts < count * 2) {
      attempts++;
      const req = orders.next(window?.());
      if (!req) return;
      const { order } = await placeOrder(db, hotline, req, horizonDays);
      const outcome = await matchInTurn(db, order.id);
      if (outcome.result !== 'dispatched') continue;
      const dispatched = outcome.changes[outcome.changes.length - 1].after;
      const carer = carers.get(dispatched.carer_id!);
      if (!carer) continue;
      if (accept) await acceptJob(db, carer.viewer, order.id);
      const place = await sql<{ latitude: number; longitude: number }>`
        select coalesce(o.place_latitude, r.latitude, v.latitude)::float8 as latitude,
               coalesce(o.place_longitude, r.longitude, v.longitude)::float8 as longitude
          from orders o join recipients r on r.id = o.recipient_id join regions v on v.id = r.village_id
         where o.id = ${order.id}`.execute(db);
      jobs.push({ orderId: order.id, carer, latitude: place.rows[0]?.latitude ?? 27.58, longitude: place.rows[0]?.longitude ?? 115.32 });
    }
  };
  await Promise.all(Array.from({ length: 4 }, one));
  return jobs.slice(0, count);
}

/**
 * Makes up to `count` accepted jobs for checkIn and checkOut, in windows starting in 20
 * minutes (soonWindow), each with a carer of its own: all are in service at once, and a carer
 * is in service on one job at a time. The carers are copies of the demo organisation's, made a
 * round of one copy each at a time and signed in; a round's carers are inactive while the
 * later rounds match (matching weighs every active carer of the organisation, thousands
 * otherwise), and all are active again at the end.
 */
export async function makeSoonJobs(
  db: Database,
  count: number,
  hotline: Viewer,
  orders: Awaited<ReturnType<typeof orderSupply>>,
  carers: Map<number, SignedIn>,
  horizonDays: number,
): Promise<Job[]> {
  const sources = (
    await db
      .selectFrom('carers as c')
      .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
      .select('c.id')
      .where('o.name', '=', DEMO_ORGANISATION)
      .where('c.active', '=', true)
      .orderBy('c.id')
      .execute()
  ).map((c) => c.id);
  const setActive = async (jobs: Job[], active: boolean) => {
    const ids = jobs.map((j) => j.carer.viewer.carerId!);
    if (ids.length) await db.updateTable('carers').set({ active }).where('id', 'in', ids).execute();
  };
  const jobs: Job[] = [];
  for (let copy = 1; jobs.length < count; copy++) {
    await copyCarers(db, sources, copy);
    await signInCarers(db, carers);
    const round = await makeJobs(db, Math.min(sources.length, count - jobs.length), true, hotline, orders, carers, horizonDays, soonWindow);
    if (!round.length) break;
    jobs.push(...round);
    await setActive(round, false);
  }
  await setActive(jobs, true);
  return jobs;
}

let matching: Promise<unknown> = Promise.resolve();

/**
 * matchOrder, one at a time across the makers: orders at one time all rank the same first
 * free carer of a village, and matched at once they collide on it (exclusion violations
 * beyond matchOrder's three attempts, and deadlocks between the constraint's checks).
 */
function matchInTurn(db: Database, orderId: number): ReturnType<typeof matchOrder> {
  const turn = matching.then(() => matchOrder(db, orderId));
  matching = turn.catch(() => {});
  return turn;
}

/**
 * Moves these jobs' check-ins back by each visit's standard minutes (the service's own
 * length), in one statement, as if the service had taken that long: a check-out seconds after
 * its check-in is refused (CHECK_OUT_TOO_SOON), and one after the standard time is neither
 * too short nor too long.
 */
export async function moveCheckInsBack(db: Database, orderIds: number[]): Promise<void> {
  if (!orderIds.length) return;
  await sql`
    update visits set checked_in_at = checked_in_at - make_interval(mins => standard_minutes),
                      check_in_received_at = check_in_received_at - make_interval(mins => standard_minutes)
     where order_id = any(${orderIds}::int[])`.execute(db);
}

/** Carers with at least one job, for the myJobs row (each request asks as one of them). */
export const carersWithJobs = (jobs: Job[]) => [...new Map(jobs.map((j) => [j.carer.viewer.carerId!, j.carer])).values()];
