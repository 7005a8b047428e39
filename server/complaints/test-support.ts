// Shared set-up for the complaints tests: the operations as clients send them, a ticket taken
// to any status through the API, and a snapshot of everything a ticket step may write, to
// prove that a refusal wrote nothing.
import { expect } from 'vitest';
import type { TestWorld } from '../testing/harness.js';
import type { Fixtures } from '../testing/fixtures.js';
import type { ComplaintStatus } from './complaint-lifecycle.js';

const TICKET = `fragment Ticket on Complaint {
  id status category severity channel description complainantName complainantPhone recordedByName
  dueAt overdue escalationLevel upheld findings answer createdAt statusChangedAt
  recipient { id } order { id status paymentWithheld } organisation { id } township { id }
  assignedOrganisation { id } assignedTownship { id }
  events { action fromStatus toStatus actorName note }
}`;
export const RECORD = `mutation($input: RecordComplaintInput!) { recordComplaint(input: $input) { ...Ticket } } ${TICKET}`;
export const DISPUTE = `mutation($orderId: ID!, $reason: String!) { disputeService(orderId: $orderId, reason: $reason) { ...Ticket } } ${TICKET}`;
export const ASSIGN = `mutation($id: ID!, $organisationId: ID, $townshipId: ID, $note: String) {
  assignComplaint(complaintId: $id, organisationId: $organisationId, townshipId: $townshipId, note: $note) { ...Ticket } } ${TICKET}`;
export const VERIFY = `mutation($id: ID!, $upheld: Boolean!, $findings: String!) {
  verifyComplaint(complaintId: $id, upheld: $upheld, findings: $findings) { ...Ticket } } ${TICKET}`;
export const ANSWER = `mutation($id: ID!, $answer: String!) { answerComplaint(complaintId: $id, answer: $answer) { ...Ticket } } ${TICKET}`;
export const CLOSE = `mutation($id: ID!, $note: String) { closeComplaint(complaintId: $id, note: $note) { ...Ticket } } ${TICKET}`;
export const COMPLAINT = `query($id: ID!) { complaint(id: $id) { ...Ticket } } ${TICKET}`;
export const COMPLAINTS = `query($first: Int, $after: String, $filter: ComplaintFilter) {
  complaints(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id status dueAt overdue escalationLevel } } pageInfo { hasNextPage endCursor } totalCount } }`;

/** A hotline ticket about recipient A (no order), normal severity unless told. */
export const hotlineInput = (fx: Fixtures, extra: Record<string, unknown> = {}) => ({
  recipientId: String(fx.recipientA),
  category: 'SERVICE_QUALITY',
  severity: 'NORMAL',
  description: 'The carer left before the floor was done.',
  complainantName: '王大爷的女儿',
  complainantPhone: '13900000011',
  ...extra,
});

/** Records a hotline ticket and takes it through the loop as far as `until`; returns its id. */
export async function ticketAt(world: TestWorld, fx: Fixtures, until: ComplaintStatus, extra: Record<string, unknown> = {}): Promise<number> {
  const { recordComplaint } = await world.ok(RECORD, { input: hotlineInput(fx, extra) }, fx.tokens.hotline);
  const id = recordComplaint.id as string;
  const steps: [ComplaintStatus, string, Record<string, unknown>][] = [
    ['assigned', ASSIGN, { id, organisationId: String(fx.orgA) }],
    ['verified', VERIFY, { id, upheld: false, findings: 'The carer finished the next day.' }],
    ['answered', ANSWER, { id, answer: 'We told the daughter what was found.' }],
    ['closed', CLOSE, { id }],
  ];
  for (const [status, query, variables] of steps) {
    await world.ok(query, variables, status === 'verified' ? fx.tokens.dispatcherA : fx.tokens.hotline);
    if (status === until) break;
  }
  return Number(id);
}

/** Everything a ticket step, a dispute or a verification may write. */
export async function snapshot(world: TestWorld) {
  const count = async (table: 'complaint_events' | 'order_events' | 'return_visits' | 'ledger_transfers') =>
    Number(
      (
        await world.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    complaints: await world.db.selectFrom('complaints').selectAll().orderBy('id').execute(),
    orders: await world.db.selectFrom('orders').select(['id', 'status', 'payment_withheld']).orderBy('id').execute(),
    held: await world.db.selectFrom('budget_accounts').select(['recipient_id', 'year', 'held_fen']).orderBy('recipient_id').orderBy('year').execute(),
    complaintEvents: await count('complaint_events'),
    orderEvents: await count('order_events'),
    returnVisits: await count('return_visits'),
    transfers: await count('ledger_transfers'),
  };
}

/** Asserts that the operation is refused with `code` and that nothing was written; returns the error's extensions. */
export async function expectRefused(
  world: TestWorld,
  code: string,
  query: string,
  variables: Record<string, unknown>,
  token: string,
): Promise<Record<string, unknown>> {
  const before = await snapshot(world);
  const res = await world.gql(query, variables, token);
  expect(res.errors?.[0]?.extensions?.code).toBe(code);
  expect(await snapshot(world)).toEqual(before);
  return res.errors?.[0]?.extensions ?? {};
}
