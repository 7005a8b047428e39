// Daily at 03:30 county time: delete sessions that expired more than a day ago.
// Idempotent: running it twice deletes nothing more.
import { purgeExpiredSessions } from '../../server/auth/sessions.js';
import type { JobDefinition } from '../queues.js';

export const purgeExpiredSessionsJob: JobDefinition<Record<string, never>, { deleted: number }> = {
  name: 'purge-expired-sessions',
  queue: 'maintenance',
  schedule: { pattern: '0 30 3 * * *', tz: 'Asia/Shanghai' },
  async run(_data, { db, log }) {
    const deleted = await purgeExpiredSessions(db);
    log.info({ deleted }, 'purged expired sessions');
    return { deleted };
  },
};
