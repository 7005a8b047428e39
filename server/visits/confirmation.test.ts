import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { addRecipients, seedFixtures, type Fixtures, type FixtureUser } from '../testing/fixtures.js';
import { prepareOrdering } from '../orders/test-support.js';
import { ISSUE_CARD, CHANGE_STATUS } from '../registry/test-support.js';
import { expectRefused, nextSlot, orderState, serveOrder } from './test-support.js';
import { MAX_CARD_CODE_FAILURES } from './confirmation.js';

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
});
afterAll(() => world?.close());

const served = (until: 'accepted' | 'completed' | 'confirmed' = 'completed') => serveOrder(world, fx, { until, ...nextSlot() });

const CONFIRM = `mutation($id: ID!, $code: String) { confirmService(orderId: $id, cardCode: $code) {
  id status visit { confirmedVia confirmedAt } events { action channel actorName } } }`;
const RATE =
  'mutation($id: ID!, $stars: Int!, $comment: String) { rateService(orderId: $id, stars: $stars, comment: $comment) { stars comment ratedByName channel createdAt } }';
const CARD_CODE = 'query($id: ID!) { recipient(id: $id) { serviceCardNumber serviceCardCode } }';

const confirm = (id: number, who: FixtureUser, code?: string) => world.gql(CONFIRM, { id: String(id), code }, fx.tokens[who]);
const rate = (id: number, who: FixtureUser, stars = 5, comment?: string) => world.gql(RATE, { id: String(id), stars, comment }, fx.tokens[who]);
const cardCode = async (who: FixtureUser, recipientId = fx.recipientA) =>
  (await world.ok(CARD_CODE, { id: String(recipientId) }, fx.tokens[who])).recipient.serviceCardCode as string | null;

const refused = (code: string, orderId: number, attempt: Parameters<typeof expectRefused>[3]) => expectRefused(world, code, orderId, attempt);

/** A six-digit code that is not `code`. */
const wrong = (code: string, n = 1) => String((Number(code) + n) % 1_000_000).padStart(6, '0');

describe("the service card's code", () => {
  it('is missing on cards issued before codes: the carer cannot confirm with such a card', async () => {
    expect(await cardCode('townshipA')).toBeNull();
    const id = await served();
    await refused('CONFLICT', id, () => confirm(id, 'carerA', '123456'));
  });

  it('is made when a card is issued (again), kept encrypted, and shown only to card-issuing staff', async () => {
    const { issueServiceCard } = await world.ok(ISSUE_CARD, { id: String(fx.recipientA) }, fx.tokens.townshipA);
    const code = await cardCode('townshipA');
    expect(code).toMatch(/^\d{6}$/);
    expect(await cardCode('admin')).toBe(code);
    for (const who of ['hotline', 'gridA', 'dispatcherA', 'evaluator', 'finance', 'recipientA'] as const) expect(await cardCode(who)).toBeNull();
    const stored = await world.db
      .selectFrom('recipients')
      .select(['card_code_encrypted', 'service_card_number'])
      .where('id', '=', fx.recipientA)
      .executeTakeFirstOrThrow();
    expect(stored.service_card_number).toBe(issueServiceCard.serviceCardNumber);
    expect(stored.card_code_encrypted).not.toContain(code);
  });

  it('comes with the card a recipient gets on becoming active', async () => {
    const [id] = await addRecipients(world, 1, { villageId: fx.villageB1, townshipId: fx.townshipB }, 'verified');
    await world.ok(CHANGE_STATUS, { id: String(id), status: 'ACTIVE', reason: '核实通过' }, fx.tokens.townshipB);
    expect((await world.ok(CARD_CODE, { id: String(id) }, fx.tokens.townshipB)).recipient.serviceCardCode).toMatch(/^\d{6}$/);
    // township staff of another township do not see it (they do not see the recipient at all)
    expect(await world.errorCode(CARD_CODE, { id: String(id) }, fx.tokens.townshipA)).toBe('FORBIDDEN');
  });
});

describe('confirming a completed service', () => {
  it('by the recipient in the app', async () => {
    const id = await served();
    const { confirmService } = (await confirm(id, 'recipientA')).data!;
    expect(confirmService).toMatchObject({ status: 'CONFIRMED', visit: { confirmedVia: 'RECIPIENT_APP' } });
    expect(confirmService.events.at(-1)).toEqual({ action: 'confirm', channel: 'mini_program', actorName: 'recipientA' });
    const visit = await world.db.selectFrom('visits').select(['confirmed_by', 'confirmed_at']).where('order_id', '=', id).executeTakeFirstOrThrow();
    expect(visit.confirmed_at).not.toBeNull();
    const user = await world.db.selectFrom('users').select('id').where('username', '=', 'recipienta').executeTakeFirstOrThrow();
    expect(visit.confirmed_by).toBe(user.id);
    await refused('CONFLICT', id, () => confirm(id, 'recipientA'));
  });

  it('by a grid worker for a recipient of their villages', async () => {
    const id = await served();
    expect((await confirm(id, 'gridA')).data!.confirmService).toMatchObject({ status: 'CONFIRMED', visit: { confirmedVia: 'GRID_WORKER' } });
  });

  it('not by another recipient, nor roles that do not confirm, nor before the service is completed', async () => {
    const id = await served();
    await refused('FORBIDDEN', id, () => confirm(id, 'recipientB'));
    await refused('FORBIDDEN', id, () => confirm(id, 'hotline'));
    await refused('FORBIDDEN', id, () => confirm(id, 'dispatcherA'));
    // (accepted, not in service: the fixture carer is in service on one job at a time, and the next tests serve theirs)
    const accepted = await served('accepted');
    await refused('CONFLICT', accepted, () => confirm(accepted, 'recipientA'));
  });

  it('by the carer with the right code from the service card', async () => {
    const code = (await cardCode('townshipA'))!;
    const id = await served();
    await refused('BAD_USER_INPUT', id, () => confirm(id, 'carerA'));
    await refused('BAD_USER_INPUT', id, () => confirm(id, 'carerA', '12ab56'));
    expect((await confirm(id, 'carerA', ` ${code} `)).data!.confirmService).toMatchObject({ status: 'CONFIRMED', visit: { confirmedVia: 'SERVICE_CARD' } });
  });

  it(`counts wrong codes, and after ${MAX_CARD_CODE_FAILURES} refuses even the right one`, async () => {
    const code = (await cardCode('townshipA'))!;
    const id = await served();
    for (let n = 1; n <= MAX_CARD_CODE_FAILURES; n++) {
      const before = await orderState(world, id);
      const res = await confirm(id, 'carerA', wrong(code, n));
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'WRONG_CARD_CODE', triesLeft: MAX_CARD_CODE_FAILURES - n });
      // only the count of failures changed, and it stayed changed although the attempt was refused
      expect(await orderState(world, id)).toEqual({ ...before, visit: { ...before.visit, card_code_failures: n } });
    }
    const res = await refused('CONFLICT', id, () => confirm(id, 'carerA', code));
    expect(res.errors![0].message).toMatch(/ask the recipient/);
    // the recipient can still confirm
    expect((await confirm(id, 'recipientA')).data!.confirmService.status).toBe('CONFIRMED');
  });

  it('not by a carer whose job it is not', async () => {
    const code = (await cardCode('townshipA'))!;
    const id = await served();
    await world.db.updateTable('orders').set({ carer_id: fx.carerB }).where('id', '=', id).execute();
    await refused('FORBIDDEN', id, () => confirm(id, 'carerA', code));
  });
});

describe('rating a service', () => {
  it('once per confirmed service, by the recipient or on their behalf', async () => {
    const [mine, byGrid, byHotline] = [await served('confirmed'), await served('confirmed'), await served('confirmed')];
    const { rateService } = (await rate(mine, 'recipientA', 4, '  阿姨很细心 ')).data!;
    expect(rateService).toMatchObject({ stars: 4, comment: '阿姨很细心', ratedByName: 'recipientA', channel: 'MINI_PROGRAM' });
    expect((await refused('CONFLICT', mine, () => rate(mine, 'hotline', 1))).errors?.[0].extensions).toMatchObject({ reason: 'ALREADY_RATED' });
    expect((await rate(byGrid, 'gridA', 5)).data!.rateService).toMatchObject({ channel: 'GRID_WORKER', comment: '', ratedByName: 'gridA' });
    expect((await rate(byHotline, 'hotline', 3, '电话回访')).data!.rateService).toMatchObject({ channel: 'HOTLINE', stars: 3 });

    const { order } = await world.ok(
      'query($id: ID!) { order(id: $id) { rating { stars comment channel ratedByName } } }',
      { id: String(mine) },
      fx.tokens.dispatcherA,
    );
    expect(order.rating).toEqual({ stars: 4, comment: '阿姨很细心', channel: 'MINI_PROGRAM', ratedByName: 'recipientA' });
  });

  it('not before the service is confirmed (CONFLICT, as every action out of turn)', async () => {
    const id = await served('completed');
    expect((await refused('CONFLICT', id, () => rate(id, 'recipientA'))).errors?.[0].extensions).toMatchObject({ reason: 'NOT_CONFIRMED_YET' });
  });

  it("not with stars outside 1 to 5 or a long comment, nor for someone else's service", async () => {
    const id = await served('confirmed');
    await refused('BAD_USER_INPUT', id, () => rate(id, 'recipientA', 0));
    await refused('BAD_USER_INPUT', id, () => rate(id, 'recipientA', 6));
    await refused('BAD_USER_INPUT', id, () => rate(id, 'recipientA', 5, '好'.repeat(1001)));
    await refused('FORBIDDEN', id, () => rate(id, 'recipientB'));
    await refused('FORBIDDEN', id, () => rate(id, 'carerA'));
  });
});
