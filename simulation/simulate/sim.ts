// What every step of the simulation shares: the database (read only, to observe; every action
// goes through the API), the client, the cast, one seeded random stream, the worker's jobs, the
// simulated clock, and the tallies the progress lines and the report print.
import { sql } from 'kysely';
import type { Database } from '../../server/db/database.js';
import type { makeRandom } from '../../server/seed/demo.js';
import { addDays } from '../../server/platform/county-time.js';
import type { Client } from './client.js';
import type { Cast } from './cast.js';
import type { WorkerJobs } from './worker-jobs.js';
import { ADVANCE_CLOCK } from './operations.js';

export type Random = ReturnType<typeof makeRandom>;

export interface Tally {
  orders: number;
  byChannel: Record<string, number>;
  refused: Record<string, number>;
  budgetSkipped: number;
  unmatched: number;
  declined: number;
  checkIns: number;
  completed: number;
  flagged: number;
  confirmed: Record<string, number>;
  disputes: number;
  ratings: number;
  complaints: number;
  returnVisits: number;
  returnVisitsMissed: number;
  exceptionsResolved: number;
  /** A bad day's events, by kind: no_show, rebooked, forgotten_check_out, rescheduled, reopened, suspended, reinstated, exited, moved. */
  mishaps: Record<string, number>;
}

export const emptyTally = (): Tally => ({
  orders: 0,
  byChannel: {},
  refused: {},
  budgetSkipped: 0,
  unmatched: 0,
  declined: 0,
  checkIns: 0,
  completed: 0,
  flagged: 0,
  confirmed: {},
  disputes: 0,
  ratings: 0,
  complaints: 0,
  returnVisits: 0,
  returnVisitsMissed: 0,
  exceptionsResolved: 0,
  mishaps: {},
});

export const bump = (map: Record<string, number>, key: string, by = 1) => {
  map[key] = (map[key] ?? 0) + by;
};

export interface Sim {
  db: Database;
  client: Client;
  cast: Cast;
  rnd: Random;
  jobs: WorkerJobs;
  year: number;
  /** Multiplies the number of orders (1: Xiajiang's yearly volume). */
  scale: number;
  /** Tallies by month (YYYY-MM). */
  tallies: Map<string, Tally>;
  /** Budget the simulation has committed per recipient (its own view; the API is the authority). */
  committedFen: Map<number, number>;
  clockAdvances: number;
  /** Moves the simulated clock to `to` (a no-op when it is there already). */
  clock(to: Date): Promise<void>;
  now(): Date;
}

export function tallyOf(sim: Sim, month: string): Tally {
  let t = sim.tallies.get(month);
  if (!t) {
    t = emptyTally();
    sim.tallies.set(month, t);
  }
  return t;
}

/** The instant of a county date and time (Asia/Shanghai has no daylight saving: +08:00 always). */
export const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

export function makeClock(client: Client): Pick<Sim, 'clock' | 'now'> & { advances: () => number } {
  let current = new Date(0);
  let advances = 0;
  return {
    async clock(to) {
      if (to.getTime() <= current.getTime()) return;
      const { advanceSimulatedClock: c } = await client.must<{ advanceSimulatedClock: { now: string; waitingFor: string[] } }>('admin', ADVANCE_CLOCK, {
        to: to.toISOString(),
      });
      if (c.waitingFor.length) throw new Error(`the worker did not apply the clock: ${c.waitingFor.join(', ')}`);
      advances++;
      current = to;
    },
    now: () => current,
    advances: () => advances,
  };
}

/** Orders whose window starts on county date `date`, in a status. */
export async function ordersOn(db: Database, date: string, statuses: string[]) {
  const { rows } = await sql<{
    id: number;
    recipient_id: number;
    carer_id: number | null;
    organisation_id: number | null;
    service_item_id: number;
    quantity: number;
    window_start: Date;
    place_latitude: number | null;
    place_longitude: number | null;
    status: string;
  }>`
    select id, recipient_id, carer_id, organisation_id, service_item_id, quantity, window_start, place_latitude, place_longitude, status
      from orders
     where window_start >= ${at(date, '00:00')} and window_start < ${at(addDays(date, 1), '00:00')} and status = any(${statuses})
     order by window_start, id`.execute(db);
  return rows;
}
