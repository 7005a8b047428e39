// Every evening at 18:00 county time, before quiet hours: tomorrow's visits to recipients and
// tomorrow's jobs to carers (server/messages/reminders.ts). Run twice, it queues nothing new.
import { remindOfTomorrow } from '../../server/messages/reminders.js';
import { now } from '../../server/platform/clock.js';
import { COUNTY_TIME_ZONE } from '../../server/platform/county-time.js';
import type { JobDefinition } from '../queues.js';

export const remindTomorrowJob: JobDefinition<Record<string, never>, { queued: number }> = {
  name: 'remind-tomorrow',
  queue: 'maintenance',
  schedule: { pattern: '0 0 18 * * *', tz: COUNTY_TIME_ZONE },
  async run(_data, { db, log }) {
    const queued = await remindOfTomorrow(db, now());
    if (queued) log.info({ queued }, "queued tomorrow's reminders");
    return { queued };
  },
};
