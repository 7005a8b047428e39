// The evening before (issue 15, item 3): each recipient with a visit tomorrow hears who comes
// and when, and each carer how many jobs they have tomorrow and when the first starts. Sent
// by the worker at 18:00 county time, before quiet hours; safe to run again (each reminder's
// key names the visit, or the carer and the day), so a second run queues nothing new.
import type { Database } from '../db/database.js';
import { addDays, countyMidnight, countyToday } from '../platform/county-time.js';
import { spokenTime } from './county-words.js';
import { queueMessages, type NewMessage } from './queue-messages.js';

/** Messages queued per transaction: a province's evening is tens of thousands. */
const CHUNK = 1000;

/** Queues tomorrow's reminders (tomorrow as the county's calendar has it at `now`); returns how many are new. */
export async function remindOfTomorrow(db: Database, now: Date): Promise<number> {
  const tomorrow = addDays(countyToday(now), 1);
  const from = countyMidnight(tomorrow);
  const to = countyMidnight(addDays(tomorrow, 1));
  // the visits a carer holds (sent and not started), with what the messages say
  const visits = await db
    .selectFrom('orders as o')
    .innerJoin('carers as c', 'c.id', 'o.carer_id')
    .innerJoin('service_items as i', 'i.id', 'o.service_item_id')
    .leftJoin('users as u', (join) => join.onRef('u.carer_id', '=', 'c.id').on('u.active', '=', true))
    .select(['o.id', 'o.recipient_id', 'o.window_start', 'c.id as carerId', 'c.name as carer', 'i.name_zh as item', 'u.id as carerUserId'])
    .where('o.status', 'in', ['dispatched', 'accepted'])
    .where('o.window_start', '>=', from)
    .where('o.window_start', '<', to)
    .orderBy('o.window_start')
    .orderBy('o.id')
    .execute();
  const messages: NewMessage[] = visits.map((v) => ({
    event: 'visit_tomorrow',
    to: { recipientId: v.recipient_id },
    about: `${v.id}-${v.window_start.getTime()}`,
    params: { time: spokenTime(v.window_start), carer: v.carer, item: v.item },
  }));
  const byCarer = new Map<number, typeof visits>();
  for (const v of visits) if (v.carerUserId !== null) byCarer.set(v.carerUserId, [...(byCarer.get(v.carerUserId) ?? []), v]);
  for (const [userId, jobs] of byCarer)
    messages.push({
      event: 'jobs_tomorrow',
      to: { userId },
      about: tomorrow,
      params: { count: jobs.length, time: spokenTime(jobs[0].window_start) },
    });
  let queued = 0;
  for (let i = 0; i < messages.length; i += CHUNK) {
    const chunk = messages.slice(i, i + CHUNK);
    queued += (await db.transaction().execute((trx) => queueMessages(trx, chunk))).length;
  }
  return queued;
}
