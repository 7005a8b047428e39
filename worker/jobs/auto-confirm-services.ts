// Every ten minutes: confirm the completed services nobody confirmed or disputed within
// AUTO_CONFIRM_HOURS, in bounded set-based batches (their notices go out through the outbox). Idempotent: a
// second run finds only orders that are still completed.
import { autoConfirmServices } from '../../server/visits/auto-confirm.js';
import { COUNTY_TIME_ZONE } from '../../server/platform/county-time.js';
import type { JobDefinition } from '../queues.js';

const BATCH = 500;
/** A run stops after this many batches; the next run takes the rest. */
const MAX_BATCHES = 20;

export const autoConfirmServicesJob: JobDefinition<Record<string, never>, { confirmed: number }> = {
  name: 'auto-confirm-services',
  queue: 'maintenance',
  schedule: { pattern: '0 */10 * * * *', tz: COUNTY_TIME_ZONE },
  async run(_data, { db, config, log }) {
    let confirmed = 0;
    for (let i = 0; i < MAX_BATCHES; i++) {
      const batch = await autoConfirmServices(db, config.AUTO_CONFIRM_HOURS, BATCH);
      confirmed += batch.length;
      if (batch.length < BATCH) break;
    }
    if (confirmed) log.info({ confirmed }, 'confirmed services automatically');
    return { confirmed };
  },
};
