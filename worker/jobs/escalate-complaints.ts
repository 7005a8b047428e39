// Escalation of overdue complaint tickets (rules in server/complaints/escalation.ts). The
// delayed job escalates the one ticket it was enqueued for; the sweep every 15 minutes
// catches tickets whose delayed job was lost. The statement that escalates also records the
// next deadline's job in the outbox, so it is handed on exactly when the escalation commits.
// Both are safe to run twice: the update's guard (status, level, past due) escalates a
// ticket once per deadline.
import { escalateOverdue, ESCALATE_COMPLAINT_JOB, type EscalateComplaintJob } from '../../server/complaints/escalation.js';
import { COUNTY_TIME_ZONE } from '../../server/platform/county-time.js';
import type { JobDefinition } from '../queues.js';

export const escalateComplaintJob: JobDefinition<EscalateComplaintJob, { escalated: boolean }> = {
  name: ESCALATE_COMPLAINT_JOB,
  queue: 'maintenance',
  async run(data, { db, log }) {
    const [escalated] = await escalateOverdue(db, data);
    if (escalated) log.info({ complaintId: escalated.id, level: escalated.escalation_level }, 'escalated an overdue ticket');
    return { escalated: escalated !== undefined };
  },
};

export const sweepOverdueComplaintsJob: JobDefinition<Record<string, never>, { escalated: number }> = {
  name: 'escalate-overdue-complaints',
  queue: 'maintenance',
  schedule: { pattern: '0 */15 * * * *', tz: COUNTY_TIME_ZONE },
  async run(_data, { db, log }) {
    const escalated = await escalateOverdue(db);
    if (escalated.length) log.info({ escalated: escalated.length }, 'escalated overdue tickets whose job was lost');
    return { escalated: escalated.length };
  },
};
