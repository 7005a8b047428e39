// Every refusal answers with its code and writes nothing: no ticket, no event, no change to
// the order, its budget hold or the ledger, no return visit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { prepareOrdering } from '../orders/test-support.js';
import { serveOrder } from '../visits/test-support.js';
import { ANSWER, ASSIGN, CLOSE, COMPLAINT, COMPLAINTS, DISPUTE, RECORD, VERIFY, expectRefused, hotlineInput, ticketAt } from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
let completedOrder: number;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  completedOrder = await serveOrder(world, fx, { daysAhead: 1, hour: 9 });
});
afterAll(async () => {
  await world?.close();
});

describe('a step out of order', () => {
  it('is refused with CONFLICT in every status it does not follow', async () => {
    const recorded = String(await ticketAt(world, fx, 'recorded'));
    const assigned = String(await ticketAt(world, fx, 'assigned'));
    const verified = String(await ticketAt(world, fx, 'verified'));
    const closed = String(await ticketAt(world, fx, 'closed'));
    // verifying a recorded ticket
    await expectRefused(world, 'CONFLICT', VERIFY, { id: recorded, upheld: true, findings: 'Checked.' }, fx.tokens.admin);
    // answering before verification
    await expectRefused(world, 'CONFLICT', ANSWER, { id: assigned, answer: 'Told them.' }, fx.tokens.hotline);
    // closing before answering
    await expectRefused(world, 'CONFLICT', CLOSE, { id: verified }, fx.tokens.hotline);
    // assigning twice
    await expectRefused(world, 'CONFLICT', ASSIGN, { id: assigned, townshipId: String(fx.townshipA) }, fx.tokens.hotline);
    // nothing follows closed
    await expectRefused(world, 'CONFLICT', ASSIGN, { id: closed, organisationId: String(fx.orgB) }, fx.tokens.admin);
    await expectRefused(world, 'CONFLICT', VERIFY, { id: closed, upheld: true, findings: 'Again.' }, fx.tokens.admin);
    await expectRefused(world, 'CONFLICT', CLOSE, { id: closed }, fx.tokens.admin);
  });
});

describe('verifying', () => {
  it('is refused to anyone but the assignee or a county admin', async () => {
    const toOrgA = String(await ticketAt(world, fx, 'assigned'));
    const findings = { upheld: true, findings: 'Checked.' };
    // another organisation does not even see it
    await expectRefused(world, 'FORBIDDEN', VERIFY, { id: toOrgA, ...findings }, fx.tokens.dispatcherB);
    // the recipient's township station sees it, but it was given to the organisation
    await expectRefused(world, 'FORBIDDEN', VERIFY, { id: toOrgA, ...findings }, fx.tokens.townshipA);
    // the hotline records and answers; it does not verify
    await expectRefused(world, 'FORBIDDEN', VERIFY, { id: toOrgA, ...findings }, fx.tokens.hotline);

    const { recordComplaint } = await world.ok(RECORD, { input: hotlineInput(fx, { organisationId: String(fx.orgA) }) }, fx.tokens.hotline);
    await world.ok(ASSIGN, { id: recordComplaint.id, townshipId: String(fx.townshipA) }, fx.tokens.hotline);
    // the organisation complained about sees the ticket, but the station was asked to verify it
    await expectRefused(world, 'FORBIDDEN', VERIFY, { id: recordComplaint.id, ...findings }, fx.tokens.dispatcherA);
    await expectRefused(world, 'FORBIDDEN', VERIFY, { id: recordComplaint.id, ...findings }, fx.tokens.townshipB);
  });

  it('needs findings that are not blank', async () => {
    const id = String(await ticketAt(world, fx, 'assigned'));
    await expectRefused(world, 'BAD_USER_INPUT', VERIFY, { id, upheld: true, findings: '   ' }, fx.tokens.dispatcherA);
  });
});

describe('recording', () => {
  it('is refused for another recipient, by order or by id', async () => {
    const input = { orderId: String(completedOrder), category: 'NO_SHOW', severity: 'HIGH', description: 'Nobody came.' };
    await expectRefused(world, 'FORBIDDEN', RECORD, { input }, fx.tokens.recipientB);
    await expectRefused(world, 'FORBIDDEN', RECORD, { input: { ...input, orderId: undefined, recipientId: String(fx.recipientA) } }, fx.tokens.recipientB);
    // a grid worker records only for recipients of their villages
    await expectRefused(world, 'FORBIDDEN', RECORD, { input: { ...input, orderId: undefined, recipientId: String(fx.recipientB) } }, fx.tokens.gridA);
  });

  it('is refused when the order and the recipient or organisation named disagree', async () => {
    const input = hotlineInput(fx, { orderId: String(completedOrder) });
    await expectRefused(world, 'BAD_USER_INPUT', RECORD, { input: { ...input, recipientId: String(fx.recipientB) } }, fx.tokens.hotline);
    await expectRefused(world, 'BAD_USER_INPUT', RECORD, { input: { ...input, recipientId: undefined, organisationId: String(fx.orgB) } }, fx.tokens.hotline);
  });

  it('needs a description that is not blank', async () => {
    await expectRefused(world, 'BAD_USER_INPUT', RECORD, { input: hotlineInput(fx, { description: ' \n ' }) }, fx.tokens.hotline);
    await expectRefused(world, 'BAD_USER_INPUT', RECORD, { input: { category: 'OTHER', severity: 'LOW', description: '' } }, fx.tokens.recipientA);
  });

  it("needs the caller's phone number, in a phone number's shape, on the hotline", async () => {
    await expectRefused(world, 'BAD_USER_INPUT', RECORD, { input: hotlineInput(fx, { complainantPhone: undefined }) }, fx.tokens.hotline);
    await expectRefused(world, 'BAD_USER_INPUT', RECORD, { input: hotlineInput(fx, { complainantPhone: '  ' }) }, fx.tokens.hotline);
    await expectRefused(world, 'BAD_USER_INPUT', RECORD, { input: hotlineInput(fx, { complainantPhone: 'call me' }) }, fx.tokens.hotline);
  });

  it('needs a recipient from a grid worker, and a name from the hotline when there is none', async () => {
    await expectRefused(
      world,
      'BAD_USER_INPUT',
      RECORD,
      { input: { organisationId: String(fx.orgA), category: 'OTHER', severity: 'LOW', description: 'Noise.' } },
      fx.tokens.gridA,
    );
    await expectRefused(
      world,
      'BAD_USER_INPUT',
      RECORD,
      { input: hotlineInput(fx, { recipientId: undefined, complainantName: undefined }) },
      fx.tokens.hotline,
    );
  });

  it('is refused to roles that do not take complaints', async () => {
    await expectRefused(world, 'FORBIDDEN', RECORD, { input: hotlineInput(fx) }, fx.tokens.dispatcherA);
    await expectRefused(world, 'FORBIDDEN', RECORD, { input: hotlineInput(fx) }, fx.tokens.carerA);
  });
});

describe('assigning', () => {
  it('goes to exactly one of an organisation or a township station, that exists', async () => {
    const id = String(await ticketAt(world, fx, 'recorded'));
    await expectRefused(world, 'BAD_USER_INPUT', ASSIGN, { id, organisationId: String(fx.orgA), townshipId: String(fx.townshipA) }, fx.tokens.hotline);
    await expectRefused(world, 'BAD_USER_INPUT', ASSIGN, { id }, fx.tokens.hotline);
    await expectRefused(world, 'BAD_USER_INPUT', ASSIGN, { id, townshipId: String(fx.villageA1) }, fx.tokens.hotline);
    await expectRefused(world, 'BAD_USER_INPUT', ASSIGN, { id, organisationId: '999999' }, fx.tokens.hotline);
    await expectRefused(world, 'FORBIDDEN', ASSIGN, { id, organisationId: String(fx.orgA) }, fx.tokens.dispatcherA);
    await expectRefused(world, 'NOT_FOUND', ASSIGN, { id: '999999', organisationId: String(fx.orgA) }, fx.tokens.hotline);
  });
});

describe('answering', () => {
  it('needs an answer that is not blank', async () => {
    const id = String(await ticketAt(world, fx, 'verified'));
    await expectRefused(world, 'BAD_USER_INPUT', ANSWER, { id, answer: '' }, fx.tokens.hotline);
    await expectRefused(world, 'FORBIDDEN', ANSWER, { id, answer: 'Told them.' }, fx.tokens.dispatcherA);
  });
});

describe('disputing', () => {
  it("is refused for an order that is not completed, or not the disputer's", async () => {
    const accepted = await serveOrder(world, fx, { until: 'accepted', daysAhead: 2, hour: 9 });
    const confirmed = await serveOrder(world, fx, { until: 'confirmed', daysAhead: 3, hour: 9 });
    await expectRefused(world, 'CONFLICT', DISPUTE, { orderId: String(accepted), reason: 'Nobody came.' }, fx.tokens.recipientA);
    await expectRefused(world, 'CONFLICT', DISPUTE, { orderId: String(confirmed), reason: 'Nobody came.' }, fx.tokens.hotline);
    await expectRefused(world, 'FORBIDDEN', DISPUTE, { orderId: String(completedOrder), reason: 'Nobody came.' }, fx.tokens.recipientB);
    await expectRefused(world, 'BAD_USER_INPUT', DISPUTE, { orderId: String(completedOrder), reason: '  ' }, fx.tokens.recipientA);
  });
});

describe('reading', () => {
  it('is refused to carers and finance', async () => {
    const id = String(await ticketAt(world, fx, 'recorded'));
    expect(await world.errorCode(COMPLAINTS, {}, fx.tokens.carerA)).toBe('FORBIDDEN');
    expect(await world.errorCode(COMPLAINT, { id }, fx.tokens.carerA)).toBe('FORBIDDEN');
    expect(await world.errorCode(COMPLAINTS, {}, fx.tokens.finance)).toBe('FORBIDDEN');
  });
});
