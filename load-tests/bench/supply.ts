// The work `npm run bench` hands out: sign-ins, the orders placeOrder sends (spread over the
// recipients with budget left, cheapest everyday items, one-hour windows in the coming weeks)
// and the carers' jobs that checkIn and checkOut consume. Jobs are made through the domain
// functions the API and the worker run (placeOrder, matchOrder, acceptJob), directly on the
// bench database: setting up is not what is measured.
import { sql } from 'kysely';
import type { Database } from '../../server/db/database.js';
import type { Viewer } from '../../server/auth/roles.js';
import { authenticate, signIn } from '../../server/auth/sessions.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { DEMO_ORGANISATION, DEMO_PASSWORD } from '../../server/seed/demo.js';
import { placeOrder, type PlaceOrderRequest } from '../../server/orders/place-order.js';
import { matchOrder } from '../../server/matching/match-order.js';
import { acceptJob } from '../../server/orders/order-actions.js';
import { addDays, countyToday, countyYear } from '../../server/platform/county-time.js';

interface SignedIn {
  token: string;
  viewer: Viewer;
}

export async function signInAs(db: Database, username: string): Promise<SignedIn> {
  const { token } = await signIn(db, username, DEMO_PASSWORD, 12);
  return { token, viewer: await authenticate(db, token) };
}

/**
 * The demo county has one carer sign-in; the bench gives every active carer of the demo
 * organisation one (`bench-carer-<id>`), so jobs can be spread over all of them, and signs
 * each in. Returns the sign-ins by carer id.
 */
export async function signInCarers(db: Database): Promise<Map<number, SignedIn>> {
  const hash = await hashPassword(DEMO_PASSWORD);
  await sql`
    insert into users (username, password_hash, display_name, role, carer_id)
    select 'bench-carer-' || c.id, ${hash}, c.name, 'carer', c.id
      from carers c join organisations o on o.id = c.organisation_id
     where o.name = ${DEMO_ORGANISATION} and c.active
       and not exists (select 1 from users u where u.carer_id = c.id)`.execute(db);
  const users = await db.selectFrom('users').select(['username', 'carer_id']).where('role', '=', 'carer').where('carer_id', 'is not', null).execute();
  const out = new Map<number, SignedIn>();
  for (const u of users) out.set(u.carer_id!, await signInAs(db, u.username));
  return out;
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
    /** The next order's input, or null when no recipient has budget left for it. */
    next(): (PlaceOrderRequest & { recipientId: number }) | null {
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
        const start = starts[(n * 2_654_435_761) % starts.length];
        return {
          recipientId: recipients[k].id,
          serviceItemId: item.id,
          quantity: 1,
          windowStart: new Date(start),
          windowEnd: new Date(start + 3_600_000),
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
 */
export async function makeJobs(
  db: Database,
  count: number,
  accept: boolean,
  hotline: Viewer,
  orders: Awaited<ReturnType<typeof orderSupply>>,
  carers: Map<number, SignedIn>,
  horizonDays: number,
): Promise<Job[]> {
  const jobs: Job[] = [];
  let attempts = 0;
  const one = async (): Promise<void> => {
    while (jobs.length < count && attempts < count * 2) {
      attempts++;
      const req = orders.next();
      if (!req) return;
      const { order } = await placeOrder(db, hotline, req, horizonDays);
      const outcome = await matchOrder(db, order.id);
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

/** Carers with at least one job, for the myJobs row (each request asks as one of them). */
export const carersWithJobs = (jobs: Job[]) => [...new Map(jobs.map((j) => [j.carer.viewer.carerId!, j.carer])).values()];
