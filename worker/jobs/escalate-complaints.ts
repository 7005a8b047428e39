// Escalation of overdue complaint tickets (rules in server/complaints/escalation.ts). The
// delayed job escalates the one ticket it was enqueued for and enqueues its next deadline;
// the sweep every 15 minutes catches tickets whose delayed job was lost. Both are safe to run
// twice: the update's guard (status, level, past due) escalates a ticket once per deadline.
import { escalateOverdue, enqueueEscalation, ESCALATE_COMPLAINT_JOB, type EscalateComplaintJob } from '../../server/complaints/escalation.js';
import type { ComplaintRow } from '../../server/complaints/complaint-rows.js';
import { COUNTY_TIME_ZONE } from '../../server/platform/county-time.js';
import type { JobDefinition } from '../queues.js';

export const escalateComplaintJob: JobDefinition<EscalateComplaintJob, { escalated: boolean }> = {
  name: ESCALATE_COMPLAINT_JOB,
  queue: 'maintenance',
  async run(data, { db, jobs, log }) {
    const [escalated] = await escalateOverdue(db, data);
    // enqueue for the ticket as it is now, also when this run escalated nothing: a retry
    // after a failed enqueue still hands on the next deadline (its job id deduplicates)
    const now = await db.selectFrom('complaints').select(['id', 'status', 'escalation_level', 'due_at'])
      .where('id', '=', data.complaintId).executeTakeFirst();
    if (now) await enqueueEscalation(jobs, now as Pick<ComplaintRow, 'id' | 'status' | 'escalation_level' | 'due_at'>);
    if (escalated) log.info({ complaintId: escalated.id, level: escalated.escalation_level }, 'escalated an overdue ticket');
    return { escalated: escalated !== undefined };
  },
};

export const sweepOverdueComplaintsJob: JobDefinition<Record<string, never>, { escalated: number }> = {
  name: 'escalate-overdue-complaints',
  queue: 'maintenance',
  schedule: { pattern: '0 */15 * * * *', tz: COUNTY_TIME_ZONE },
  async run(_data, { db, jobs, log }) {
    const escalated = await escalateOverdue(db);
    for (const complaint of escalated) await enqueueEscalation(jobs, complaint);
    if (escalated.length) log.info({ escalated: escalated.length }, 'escalated overdue tickets whose job was lost');
    return { escalated: escalated.length };
  },
};
