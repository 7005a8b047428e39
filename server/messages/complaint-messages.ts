// Who hears of a complaint ticket (issue 15, item 3): its answer goes to the recipient it is
// about (what was said back to them, as a message they can keep); an overdue ticket escalated
// goes to whoever it now rests with, as the live notices of complaints/escalation.ts say: the
// township station when an organisation has not verified it in time, else the county's desk
// (the hotline and the county admins).
import type { Database } from '../db/database.js';
import type { ComplaintRow } from '../complaints/complaint-rows.js';
import type { NewMessage } from './queue-messages.js';
import { countyDesk, townshipStaffOf } from './staff-to-tell.js';

/** An answer longer than this is cut, and the message says where the rest is: an SMS is short. */
const ANSWER_IN_MESSAGE = 60;

/** The message a ticket's answer calls for: to the recipient it is about, if any. */
export function answerMessages(answered: ComplaintRow): NewMessage[] {
  if (answered.recipient_id === null || answered.answer === null) return [];
  const answer = answered.answer.length > ANSWER_IN_MESSAGE ? `${answered.answer.slice(0, ANSWER_IN_MESSAGE)}…（全文请问热线）` : answered.answer;
  // answered again after a reopening: a new message
  return [{ event: 'complaint_answered', to: { recipientId: answered.recipient_id }, about: `${answered.id}-${answered.reopen_count}`, params: { answer } }];
}

/** As escalation.ts's organisationLateOnce: an organisation late to verify, escalated the first time, goes to the township station. */
const toTownship = (c: ComplaintRow) => c.escalation_level === 1 && c.township_id !== null && c.status === 'assigned' && c.assigned_organisation_id !== null;

/** The messages of escalated tickets: to the township station or the county's desk, once per level. */
export async function escalationMessages(trx: Database, escalated: readonly ComplaintRow[]): Promise<NewMessage[]> {
  if (!escalated.length) return [];
  const [township, desk] = await Promise.all([
    townshipStaffOf(
      trx,
      escalated.filter(toTownship).map((c) => c.township_id!),
    ),
    escalated.some((c) => !toTownship(c)) ? countyDesk(trx) : Promise.resolve([]),
  ]);
  return escalated.flatMap((c) =>
    (toTownship(c) ? (township.get(c.township_id!) ?? []) : desk).map(
      (userId): NewMessage => ({
        event: 'complaint_escalated',
        to: { userId },
        about: `${c.id}-${c.escalation_level}`,
        params: { complaint: c.id, level: c.escalation_level },
      }),
    ),
  );
}
