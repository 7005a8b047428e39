import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { DomainError } from '../platform/errors.js';
import { countyYear } from '../platform/county-time.js';
import { actionBetween, recipientLifecycle, recipientStatuses, type RecipientStatus } from './recipient-lifecycle.js';
import { CHANGE_STATUS, expiredToken, insertRecipient, registryCounts } from './test-support.js';

// Written out again here, not derived from the module, so a change to the table shows up.
const allowed = new Set([
  'candidate>verified',
  'candidate>exited',
  'verified>active',
  'verified>exited',
  'active>suspended',
  'active>exited',
  'suspended>active',
  'suspended>exited',
  'exited>candidate',
]);

describe('the recipient lifecycle', () => {
  const pairs = recipientStatuses.flatMap((from) => recipientStatuses.map((to) => [from, to] as [RecipientStatus, RecipientStatus]));

  it('covers all 25 pairs of the 5 statuses', () => expect(pairs).toHaveLength(25));

  it.each(pairs)('%s → %s', (from, to) => {
    const expected = allowed.has(`${from}>${to}`);
    expect(recipientLifecycle.actionBetween(from, to) !== undefined).toBe(expected);
    if (expected) {
      expect(() => actionBetween(from, to)).not.toThrow();
    } else {
      let thrown: unknown;
      try {
        actionBetween(from, to);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      expect((thrown as DomainError).code).toBe('CONFLICT');
    }
  });
});

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
});
afterAll(() => world?.close());

const move = (id: number, status: string, reason = '核实', token = fx.tokens.townshipA) => world.gql(CHANGE_STATUS, { id: String(id), status, reason }, token);
const statusOf = async (id: number) =>
  await world.db.selectFrom('recipients').select(['status', 'status_changed_at', 'service_card_number']).where('id', '=', id).executeTakeFirstOrThrow();
const accountsOf = (id: number) => world.db.selectFrom('budget_accounts').selectAll().where('recipient_id', '=', id).execute();

describe('changeRecipientStatus', () => {
  it('walks the whole cycle, recording each move with who made it and why', async () => {
    const id = await insertRecipient(world, fx);
    const steps: [string, string][] = [
      ['VERIFIED', '入户核实'],
      ['ACTIVE', '纳入清单'],
      ['SUSPENDED', '外出务工'],
      ['ACTIVE', '返乡'],
      ['EXITED', '死亡'],
      ['CANDIDATE', '重新申请'],
    ];
    for (const [status, reason] of steps) {
      const res = await move(id, status, reason);
      expect(res.errors).toBeUndefined();
      expect(res.data!.changeRecipientStatus.status).toBe(status);
    }
    const history = (await move(id, 'VERIFIED', '再次核实')).data!.changeRecipientStatus.statusHistory;
    expect(history.map((h: { fromStatus: string; toStatus: string }) => `${h.fromStatus}>${h.toStatus}`)).toEqual([
      'CANDIDATE>VERIFIED',
      'VERIFIED>ACTIVE',
      'ACTIVE>SUSPENDED',
      'SUSPENDED>ACTIVE',
      'ACTIVE>EXITED',
      'EXITED>CANDIDATE',
      'CANDIDATE>VERIFIED',
    ]);
    expect(history[4]).toMatchObject({ reason: '死亡', changedBy: 'townshipA' });
    const admin = await move(id, 'EXITED', '不符合条件', fx.tokens.admin);
    expect(admin.data!.changeRecipientStatus.statusHistory.at(-1)).toMatchObject({ changedBy: 'admin', reason: '不符合条件' });
  });

  it('issues a card on activation and opens a budget account once the programme year exists', async () => {
    const id = await insertRecipient(world, fx, { status: 'verified' });
    await move(id, 'ACTIVE');
    const first = await statusOf(id);
    expect(first.status).toBe('active');
    expect(first.service_card_number).toMatch(/^XJFW\d{5,}$/);
    expect(await accountsOf(id)).toHaveLength(0); // no programme year open yet

    const year = countyYear();
    await world.db.insertInto('programme_years').values({ year, allocation_per_recipient_fen: 200_000, county_fund_fen: 40_000_000 }).execute();
    await move(id, 'SUSPENDED');
    await move(id, 'ACTIVE');
    const accounts = await accountsOf(id);
    expect(accounts).toMatchObject([{ year, allocated_fen: 200_000, held_fen: 0, spent_fen: 0 }]);
    expect((await statusOf(id)).service_card_number).toBe(first.service_card_number); // kept, not re-issued

    const fresh = await insertRecipient(world, fx, { status: 'verified' });
    await move(fresh, 'ACTIVE');
    expect(await accountsOf(fresh)).toMatchObject([{ year, allocated_fen: 200_000 }]);
  });

  it('refuses a move not in the table, to the same status, or without a reason: nothing written', async () => {
    const id = await insertRecipient(world, fx);
    const before = await registryCounts(world.db);
    const was = await statusOf(id);
    for (const status of ['ACTIVE', 'SUSPENDED', 'CANDIDATE']) {
      const res = await move(id, status);
      expect(res.errors?.[0].extensions?.code).toBe('CONFLICT');
    }
    expect((await move(id, 'VERIFIED', '   ')).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await move(id, 'VERIFIED', '')).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await move(999_999, 'VERIFIED')).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await registryCounts(world.db)).toEqual(before);
    expect(await statusOf(id)).toEqual(was);
  });

  it('refuses other roles and other townships, a missing or expired token: nothing written', async () => {
    const id = await insertRecipient(world, fx);
    const before = await registryCounts(world.db);
    for (const who of ['townshipB', 'gridA', 'hotline', 'evaluator', 'finance', 'dispatcherA', 'carerA', 'recipientA'] as const) {
      expect((await move(id, 'VERIFIED', '核实', fx.tokens[who])).errors?.[0].extensions?.code, who).toBe('FORBIDDEN');
    }
    expect((await world.gql(CHANGE_STATUS, { id: String(id), status: 'VERIFIED', reason: 'x' })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const expired = await expiredToken(world, 'townshipa', FIXTURE_PASSWORD);
    expect((await move(id, 'VERIFIED', '核实', expired)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await registryCounts(world.db)).toEqual(before);
    expect((await statusOf(id)).status).toBe('candidate');
  });

  it('lets only one of three racing changes pass', async () => {
    await world.db
      .insertInto('programme_years')
      .values({ year: countyYear(), allocation_per_recipient_fen: 200_000, county_fund_fen: 40_000_000 })
      .onConflict((oc) => oc.column('year').doNothing())
      .execute();
    const id = await insertRecipient(world, fx, { status: 'verified' });
    const before = await registryCounts(world.db);
    const results = await Promise.all([move(id, 'ACTIVE', '甲'), move(id, 'ACTIVE', '乙'), move(id, 'ACTIVE', '丙')]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors![0].extensions?.code).toBe('CONFLICT');
    const after = await registryCounts(world.db);
    expect(after.recipient_status_changes).toBe(before.recipient_status_changes + 1);
    expect(after.budget_accounts).toBe(before.budget_accounts + 1);
  });
});
