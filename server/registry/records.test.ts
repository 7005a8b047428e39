import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MercuriusContext } from 'mercurius';
import type { KyselyPlugin } from 'kysely';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { addDays, countyToday } from '../platform/county-time.js';
import type { Recipient } from '../db/rows.js';
import { registryLoaders } from './resolvers.js';
import { ASSESS, insertRecipient, ISSUE_CARD, RECIPIENT, registryCounts, UPDATE_CONTACT } from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
let items: Record<string, string>;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  const rows = await world.db.selectFrom('service_items').select(['id', 'code']).execute();
  items = Object.fromEntries(rows.map((r) => [r.code, String(r.id)]));
});
afterAll(() => world?.close());

const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;
const refusal = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions;
const row = (id: number) => world.db.selectFrom('recipients').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('updateRecipientContact', () => {
  it('changes the phone and address, and clears the phone with null', async () => {
    const res = await world.ok(UPDATE_CONTACT, { id: String(fx.recipientA), input: { phone: '0796 1234567', address: ' 新屋 3 号 ' } }, fx.tokens.townshipA);
    expect(res.updateRecipientContact).toMatchObject({ phone: '07961234567', address: '新屋 3 号' });
    await world.ok(UPDATE_CONTACT, { id: String(fx.recipientA), input: { phone: null } }, fx.tokens.hotline);
    expect(await row(fx.recipientA)).toMatchObject({ phone: null, address: '新屋 3 号' });
  });

  it('refuses a malformed phone, an empty change and an unknown recipient: nothing written', async () => {
    const before = await row(fx.recipientB);
    expect(refusal(await world.gql(UPDATE_CONTACT, { id: String(fx.recipientB), input: { phone: 'call me' } }, fx.tokens.admin))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'PHONE_FORMAT',
      field: 'phone',
    });
    expect(refusal(await world.gql(UPDATE_CONTACT, { id: String(fx.recipientB), input: {} }, fx.tokens.admin))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NOTHING_TO_CHANGE',
    });
    expect(code(await world.gql(UPDATE_CONTACT, { id: '999999', input: { address: 'x' } }, fx.tokens.admin))).toBe('NOT_FOUND');
    expect(await row(fx.recipientB)).toEqual(before);
  });
});

describe('recordNeedsAssessment', () => {
  const input = (overrides: Record<string, unknown> = {}) => ({
    recipientId: String(fx.recipientA),
    assessedOn: countyToday(),
    participants: '镇民政服务站、网格员、家属',
    summary: '独居，行动不便',
    needs: [
      { serviceItemId: items.bathing, timesPerMonth: 4, note: '冬季' },
      { serviceItemId: items.home_nursing, timesPerMonth: 2 },
    ],
    ...overrides,
  });

  it('records the needs list, and the recipient shows the latest assessment by date', async () => {
    const { recordNeedsAssessment: a } = await world.ok(ASSESS, { input: input() }, fx.tokens.townshipA);
    expect(a).toMatchObject({ assessedOn: countyToday(), participants: '镇民政服务站、网格员、家属', summary: '独居，行动不便' });
    expect(a.needs).toEqual(
      expect.arrayContaining([
        { serviceItem: { code: 'bathing' }, timesPerMonth: 4, note: '冬季' },
        { serviceItem: { code: 'home_nursing' }, timesPerMonth: 2, note: '' },
      ]),
    );
    await world.ok(
      ASSESS,
      { input: input({ assessedOn: addDays(countyToday(), -200), needs: [{ serviceItemId: items.shopping, timesPerMonth: 8 }] }) },
      fx.tokens.admin,
    );
    const { recipient } = await world.ok(RECIPIENT, { id: String(fx.recipientA) }, fx.tokens.recipientA);
    expect(recipient.latestAssessment.assessedOn).toBe(countyToday());
    expect(recipient.latestAssessment.needs).toHaveLength(2);
  });

  it('refuses a future date, no needs, a repeated or unknown item, and times outside 1..62: nothing written', async () => {
    const before = await registryCounts(world.db);
    // the reason, the field and which line of the needs list (index), for the form to say it there
    const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
      ['future', { assessedOn: addDays(countyToday(), 1) }, { reason: 'ASSESSMENT_IN_FUTURE', field: 'assessedOn' }],
      ['not a date', { assessedOn: '2026-02-30' }, {}],
      ['no needs', { needs: [] }, { reason: 'NEEDS_LIST_EMPTY', field: 'needs' }],
      [
        'repeated item',
        {
          needs: [
            { serviceItemId: items.shopping, timesPerMonth: 1 },
            { serviceItemId: items.bathing, timesPerMonth: 1 },
            { serviceItemId: items.bathing, timesPerMonth: 2 },
          ],
        },
        { reason: 'NEED_LISTED_TWICE', field: 'serviceItemId', index: 2 },
      ],
      [
        'unknown item',
        {
          needs: [
            { serviceItemId: items.bathing, timesPerMonth: 1 },
            { serviceItemId: '999999', timesPerMonth: 1 },
          ],
        },
        { reason: 'UNKNOWN_SERVICE_ITEM', field: 'serviceItemId', index: 1 },
      ],
      [
        'zero times',
        { needs: [{ serviceItemId: items.bathing, timesPerMonth: 0 }] },
        { reason: 'NEED_TIMES_PER_MONTH', field: 'timesPerMonth', index: 0, min: 1, max: 62 },
      ],
      [
        '63 times',
        {
          needs: [
            { serviceItemId: items.shopping, timesPerMonth: 2 },
            { serviceItemId: items.bathing, timesPerMonth: 63 },
          ],
        },
        { reason: 'NEED_TIMES_PER_MONTH', field: 'timesPerMonth', index: 1, min: 1, max: 62 },
      ],
    ];
    for (const [what, overrides, expected] of cases) {
      expect(refusal(await world.gql(ASSESS, { input: input(overrides) }, fx.tokens.townshipA)), what).toMatchObject({ code: 'BAD_USER_INPUT', ...expected });
    }
    expect(code(await world.gql(ASSESS, { input: input({ recipientId: '999999' }) }, fx.tokens.admin))).toBe('NOT_FOUND');
    expect(await registryCounts(world.db)).toEqual(before);
  });
});

describe('issueServiceCard', () => {
  it('refuses candidates and exited recipients: nothing written', async () => {
    for (const status of ['candidate', 'exited']) {
      const id = await insertRecipient(world, fx, { status });
      expect(refusal(await world.gql(ISSUE_CARD, { id: String(id) }, fx.tokens.townshipA)), status).toMatchObject({
        code: 'CONFLICT',
        reason: 'CARD_NOT_FOR_STATUS',
      });
      expect((await row(id)).service_card_number).toBeNull();
    }
  });

  it('continues the XJFW sequence of existing cards, and a re-issue replaces the number', async () => {
    await insertRecipient(world, fx, { status: 'active', service_card_number: 'XJFW00041', service_card_issued_at: new Date('2026-01-01T01:00:00Z') });
    const id = await insertRecipient(world, fx, { status: 'verified' });
    const first = (await world.ok(ISSUE_CARD, { id: String(id) }, fx.tokens.townshipA)).issueServiceCard;
    expect(first.serviceCardNumber).toBe('XJFW00042');
    const again = (await world.ok(ISSUE_CARD, { id: String(id) }, fx.tokens.admin)).issueServiceCard;
    expect(again.serviceCardNumber).toBe('XJFW00043');
    expect(Date.parse(again.serviceCardIssuedAt)).toBeGreaterThanOrEqual(Date.parse(first.serviceCardIssuedAt));
    const holders = await world.db.selectFrom('recipients').select('id').where('service_card_number', '=', 'XJFW00042').execute();
    expect(holders).toEqual([]); // the lost card's number is gone and is not handed out again
    const next = await insertRecipient(world, fx, { status: 'suspended' });
    expect((await world.ok(ISSUE_CARD, { id: String(next) }, fx.tokens.townshipA)).issueServiceCard.serviceCardNumber).toBe('XJFW00044');
  });

  it('gives distinct numbers when cards are issued at the same moment', async () => {
    const ids = await Promise.all([1, 2, 3, 4, 5].map(() => insertRecipient(world, fx, { status: 'verified' })));
    const results = await Promise.all(ids.map((id) => world.ok(ISSUE_CARD, { id: String(id) }, fx.tokens.admin)));
    const numbers = results.map((r) => r.issueServiceCard.serviceCardNumber);
    expect(new Set(numbers).size).toBe(5);
    for (const n of numbers) expect(n).toMatch(/^XJFW\d{5}$/);
  });
});

describe("the recipient's own record", () => {
  const MINE = `{ me { recipient { id serviceCardNumber serviceCardCode
    latestAssessment { assessedOn needs { serviceItem { code nameZh } timesPerMonth note } } } } }`;

  it('shows a recipient their service card number and needs list through me, but not the card code', async () => {
    const id = await insertRecipient(world, fx, { status: 'verified' });
    const { issueServiceCard } = await world.ok(ISSUE_CARD, { id: String(id) }, fx.tokens.townshipA);
    await world.ok(
      ASSESS,
      { input: { recipientId: String(id), assessedOn: countyToday(), needs: [{ serviceItemId: items.bathing, timesPerMonth: 4, note: '冬季' }] } },
      fx.tokens.townshipA,
    );
    const user = await world.db.selectFrom('users').select('password_hash').where('username', '=', 'recipienta').executeTakeFirstOrThrow();
    await world.db
      .insertInto('users')
      .values({ username: 'recipient.own', password_hash: user.password_hash, display_name: '本人', role: 'recipient', recipient_id: id })
      .execute();
    const { me } = await world.ok(MINE, {}, await world.signIn('recipient.own', FIXTURE_PASSWORD));
    expect(me.recipient).toEqual({
      id: String(id),
      serviceCardNumber: issueServiceCard.serviceCardNumber,
      serviceCardCode: null,
      latestAssessment: {
        assessedOn: countyToday(),
        needs: [{ serviceItem: { code: 'bathing', nameZh: expect.any(String) }, timesPerMonth: 4, note: '冬季' }],
      },
    });
    expect(issueServiceCard.serviceCardNumber).toMatch(/^XJFW\d{5}$/);
  });
});

describe('Recipient loaders', () => {
  it('load each field for a whole page in one query (no N+1)', async () => {
    let queries = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const ctx = { db: world.db.withPlugin(counting) } as unknown as MercuriusContext;
    const page = (await world.db.selectFrom('recipients').selectAll().execute()) as Recipient[];
    expect(page.length).toBeGreaterThan(10);
    for (const [field, load] of Object.entries(registryLoaders.Recipient)) {
      queries = 0;
      const results = await load(
        page.map((obj) => ({ obj })),
        ctx,
      );
      expect(results, field).toHaveLength(page.length);
      expect(queries, field).toBe(1);
    }
  });
});
