// A ticket that misses the deadline of its step escalates: its escalation level goes up, an
// 'escalate' event is recorded (no actor: the system acted; the status stays as it is), and
// the step gets the same time again, counted from the missed deadline or from now if that is
// already past (a late run does not escalate a ticket several times in a row), up to
// MAX_ESCALATION_LEVEL in all. Each step records a delayed job for its deadline in the outbox,
// in the step's own transaction, and so does each escalation for the next deadline; a sweep
// every 15 minutes escalates tickets whose job was lost all the same. Both go through
// escalateOverdue, whose guard (still in that status, at that level, past due) makes a second
// run escalate nothing.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { QUEUES } from '../platform/jobs.js';
import { recordEffectsSql, type JobEffect } from '../platform/outbox.js';
import { complaintLifecycle, type ComplaintStatus } from './complaint-lifecycle.js';
import { deadlinePolicyRows, MAX_ESCALATION_LEVEL } from './deadlines.js';
import type { ComplaintRow } from './complaint-rows.js';
import { sqlNow } from '../platform/clock.js';
import { escalationMessages } from '../messages/complaint-messages.js';
import { queueMessages } from '../messages/queue-messages.js';

export const ESCALATE_COMPLAINT_JOB = 'escalate-complaint';

/**
 * Who hears of an escalation, the level above whoever is late: the township station of the
 * ticket when an organisation has not verified it in time (the first escalation), the county
 * (its admins and the hotline) for every later one and whenever the late step was the
 * hotline's (assigning, answering, closing) or the township station's own.
 */
const TOWNSHIP_TOPIC = 'complaints/township/';
export const townshipEscalationTopic = (townshipId: number) => `${TOWNSHIP_TOPIC}${townshipId}`;
export const COUNTY_ESCALATION_TOPIC = 'complaints/county';

/** The notice of one escalation. */
export interface EscalationNotice {
  complaintId: number;
  level: number;
  noticeId?: number;
}

/** What one delayed escalation is about: the ticket in the status and at the level it was enqueued for. */
export interface EscalateComplaintJob {
  complaintId: number;
  status: ComplaintStatus;
  level: number;
}

/** One job per ticket, step and level: enqueuing it twice runs it once. */
export const escalationJobId = (complaintId: number, status: ComplaintStatus, level: number) => `escalate-complaint-${complaintId}-${status}-${level}`;

type Deadline = Pick<ComplaintRow, 'id' | 'status' | 'escalation_level' | 'due_at'>;

/** The delayed escalation of the ticket's current deadline, for the outbox: none once closed or at the cap. */
export function escalationEffects(c: Deadline): JobEffect[] {
  if (c.due_at === null || c.escalation_level >= MAX_ESCALATION_LEVEL) return [];
  const data: EscalateComplaintJob = { complaintId: c.id, status: c.status, level: c.escalation_level };
  return [
    {
      kind: 'job',
      queue: QUEUES.maintenance,
      name: ESCALATE_COMPLAINT_JOB,
      data: { ...data },
      jobId: escalationJobId(c.id, c.status, c.escalation_level),
      runAt: new Date(c.due_at),
    },
  ];
}

const SWEEP_LIMIT = 500;

/** An escalated row (`changed`) whose township is told: its first escalation, an organisation late to verify. */
const organisationLateOnce = sql`(changed.escalation_level = 1 and changed.township_id is not null
  and changed.status = 'assigned' and changed.assigned_organisation_id is not null)`;

/**
 * Escalates overdue open tickets below the cap, in one statement: the one a job names (if it
 * is still in that status and at that level), or up to 500 of any (the sweep). The same
 * statement records each one's event and the delayed job of its next deadline; the messages
 * to whoever the tickets now rest with come in the same transaction. Returns them as they are now.
 */
export async function escalateOverdue(db: Database, target?: EscalateComplaintJob): Promise<ComplaintRow[]> {
  return db.transaction().execute(async (trx) => {
    const escalated = await escalateSql(trx, target);
    await queueMessages(trx, await escalationMessages(trx, escalated));
    return escalated;
  });
}

/** The statement that escalates (see escalateOverdue). */
async function escalateSql(db: Database, target?: EscalateComplaintJob): Promise<ComplaintRow[]> {
  const policy = sql.join(deadlinePolicyRows().map((p) => sql`(${p.severity}::text, ${p.status}::text, ${p.hours}::int)`));
  const only = target ? sql`and c.id = ${target.complaintId} and c.status = ${target.status} and c.escalation_level = ${target.level}` : sql``;
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
      ${complaintLifecycle.noteSql('escalate', sql`changed, clock`, {
        subject: sql`changed.id`,
        status: sql`changed.status`,
        reason: sql`'Deadline missed: escalated to level ' || changed.escalation_level`,
        data: sql`jsonb_build_object('level', changed.escalation_level, 'dueAt', changed.due_at)`,
        at: sql`clock.now`,
      })}
    ),
    next_deadline as (
      -- as escalationEffects and escalationJobId write it; the notices as townshipEscalationTopic says
      ${recordEffectsSql(sql`changed`, [
        {
          kind: 'notice',
          topic: sql<string>`${TOWNSHIP_TOPIC}::text || changed.township_id`,
          payload: sql`jsonb_build_object('complaintId', changed.id, 'level', changed.escalation_level)`,
          when: sql`${organisationLateOnce}`,
        },
        {
          kind: 'notice',
          topic: sql<string>`${COUNTY_ESCALATION_TOPIC}::text`,
          payload: sql`jsonb_build_object('complaintId', changed.id, 'level', changed.escalation_level)`,
          when: sql`not ${organisationLateOnce}`,
        },
        {
          kind: 'job',
          queue: QUEUES.maintenance,
          name: ESCALATE_COMPLAINT_JOB,
          data: sql`jsonb_build_object('complaintId', changed.id, 'status', changed.status, 'level', changed.escalation_level)`,
          jobId: sql<string>`'escalate-complaint-' || changed.id || '-' || changed.status || '-' || changed.escalation_level`,
          runAt: sql`changed.due_at`,
          when: sql`changed.escalation_level < ${MAX_ESCALATION_LEVEL}`,
        },
      ])}
    )
    select * from changed order by id`.execute(db);
  return rows;
}
