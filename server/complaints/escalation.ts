// A ticket that misses the deadline of its step escalates: its escalation level goes up, an
// 'escalate' event is recorded (no actor: the system acted), and the step gets the same time
// again, counted from the missed deadline or from now if that is already past (a late run
// does not escalate a ticket several times in a row), up to MAX_ESCALATION_LEVEL in all.
// Each step enqueues a delayed BullMQ job for its deadline; a sweep every 15 minutes
// escalates tickets whose job was lost. Both go through escalateOverdue, whose guard
// (still in that status, at that level, past due) makes a second run escalate nothing.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { QUEUES, type Jobs } from '../platform/jobs.js';
import type { ComplaintStatus } from './complaint-states.js';
import { deadlinePolicyRows, MAX_ESCALATION_LEVEL } from './deadlines.js';
import type { ComplaintRow } from './complaint-rows.js';
import { nowMs, sqlNow } from '../platform/clock.js';

export const ESCALATE_COMPLAINT_JOB = 'escalate-complaint';

/** What one delayed escalation is about: the ticket in the status and at the level it was enqueued for. */
export interface EscalateComplaintJob {
  complaintId: number;
  status: ComplaintStatus;
  level: number;
}

/** One job per ticket, step and level: enqueuing it twice runs it once. */
export const escalationJobId = (complaintId: number, status: ComplaintStatus, level: number) =>
  `escalate-complaint-${complaintId}-${status}-${level}`;

type Deadline = Pick<ComplaintRow, 'id' | 'status' | 'escalation_level' | 'due_at'>;

/** Enqueues the delayed escalation of the ticket's current deadline (none once closed or at the cap). */
export async function enqueueEscalation(jobs: Jobs, c: Deadline, now = nowMs()): Promise<void> {
  if (c.due_at === null || c.escalation_level >= MAX_ESCALATION_LEVEL) return;
  const data: EscalateComplaintJob = { complaintId: c.id, status: c.status, level: c.escalation_level };
  await jobs.queue(QUEUES.maintenance).add(ESCALATE_COMPLAINT_JOB, data, {
    jobId: escalationJobId(c.id, c.status, c.escalation_level),
    delay: Math.max(0, new Date(c.due_at).getTime() - now),
  });
}

/** After a commit: a failure to enqueue is logged, not thrown (the sweep escalates the ticket anyway). */
export async function enqueueEscalationAfterCommit(jobs: Jobs, log: { warn: (obj: object, msg: string) => void }, c: Deadline): Promise<void> {
  await enqueueEscalation(jobs, c).catch((err: unknown) =>
    log.warn({ err, complaintId: c.id }, 'could not enqueue the ticket\'s escalation; the sweep will escalate it if overdue'));
}

const SWEEP_LIMIT = 500;

/**
 * Escalates overdue open tickets below the cap, in one statement: the one a job names (if it
 * is still in that status and at that level), or up to 500 of any (the sweep). Returns them
 * as they are now.
 */
export async function escalateOverdue(db: Database, target?: EscalateComplaintJob): Promise<ComplaintRow[]> {
  const policy = sql.join(deadlinePolicyRows().map((p) => sql`(${p.severity}::text, ${p.status}::text, ${p.hours}::int)`));
  const only = target
    ? sql`and c.id = ${target.complaintId} and c.status = ${target.status} and c.escalation_level = ${target.level}`
    : sql``;
  const { rows } = await sql<ComplaintRow>`
    with policy (severity, status, hours) as (values ${policy}),
    clock (now) as (values (${sqlNow()})),
    due as (
      select c.id, p.hours
        from complaints c join policy p on p.severity = c.severity and p.status = c.status, clock
       where c.due_at <= clock.now and c.escalation_level < ${MAX_ESCALATION_LEVEL} ${only}
       order by c.due_at
       limit ${SWEEP_LIMIT}
         for update of c skip locked
    ),
    changed as (
      update complaints c
         set escalation_level = c.escalation_level + 1,
             due_at = greatest(c.due_at, clock.now) + make_interval(hours => due.hours)
        from due, clock
       where c.id = due.id
      returning c.*
    ),
    event as (
      insert into complaint_events (complaint_id, action, from_status, to_status, actor_id, note, data, at)
      select id, 'escalate', status, status, null, 'Deadline missed: escalated to level ' || escalation_level,
             jsonb_build_object('level', escalation_level, 'dueAt', due_at), clock.now
        from changed, clock
    )
    select * from changed order by id`.execute(db);
  return rows;
}
