// Daily at 01:30 county time, once yesterday is complete: the return visits the policy asks
// for (quarterly visits, samples of confirmed services). Idempotent: the unique indexes on
// return_visits make a second run add nothing.
import { scheduleByPolicy } from '../../server/return-visits/policy.js';
import { COUNTY_TIME_ZONE } from '../../server/platform/county-time.js';
import type { JobDefinition } from '../queues.js';

export const scheduleReturnVisitsJob: JobDefinition<Record<string, never>, { added: number }> = {
  name: 'schedule-return-visits',
  queue: 'maintenance',
  schedule: { pattern: '0 30 1 * * *', tz: COUNTY_TIME_ZONE },
  async run(_data, { db, config, log }) {
    const added = await scheduleByPolicy(db, { samplePercent: config.RETURN_VISIT_SAMPLE_PERCENT });
    log.info({ added }, 'scheduled return visits');
    return { added };
  },
};
