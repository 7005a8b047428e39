import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { addRecipients, seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { countyYear } from '../platform/county-time.js';
import { countQueries } from './count-queries.js';
import { openProgrammeYear } from './programme-years.js';
import { openBudgetAccount } from './accounts.js';

let world: TestWorld;
let fx: Fixtures;
let idsA: number[];
let idsB: number[];
const Y = countyYear();

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  idsA = [fx.recipientA, ...(await addRecipients(world, 25, { villageId: fx.villageA2, townshipId: fx.townshipA }))];
  idsB = [fx.recipientB, ...(await addRecipients(world, 4, { villageId: fx.villageB1, townshipId: fx.townshipB }))];
  await openProgrammeYear(world.db, { year: Y });
});
afterAll(() => world?.close());

const ACCOUNTS = `query($year: Int!, $first: Int, $after: String, $townshipId: ID) {
  budgetAccounts(year: $year, first: $first, after: $after, townshipId: $townshipId) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id year allocated held spent available recipient { id } } } } }`;
const MY_BUDGET = '{ me { recipient { id budget { id year allocated held spent available } } } }';

type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string; recipient: { id: string } } }[] };

async function allPages(token: string, vars: Record<string, unknown> = {}, first = 10) {
  const pages: Page[] = [];
  let after: string | null = null;
  do {
    const data: { budgetAccounts: Page } = await world.ok(ACCOUNTS, { year: Y, first, after, ...vars }, token);
    pages.push(data.budgetAccounts);
    after = data.budgetAccounts.pageInfo.hasNextPage ? data.budgetAccounts.pageInfo.endCursor : null;
  } while (after);
  return { pages, nodes: pages.flatMap((p) => p.edges.map((e) => e.node)) };
}

const recipientIds = (nodes: { recipient: { id: string } }[]) => nodes.map((n) => Number(n.recipient.id)).sort((a, b) => a - b);
const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

describe('budgetAccounts', () => {
  it('pages through every account of the year with keyset cursors, newest first', async () => {
    const { pages, nodes } = await allPages(fx.tokens.finance);
    expect(pages.map((p) => p.edges.length)).toEqual([10, 10, 10, 1]);
    expect(pages.every((p) => p.totalCount === 31)).toBe(true);
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, true, false]);
    const ids = nodes.map((n) => Number(n.id));
    expect(new Set(ids).size).toBe(31);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(recipientIds(nodes)).toEqual(sorted([...idsA, ...idsB]));
  });

  it('filters by township for finance, admins and evaluators', async () => {
    for (const who of ['finance', 'admin', 'evaluator'] as const) {
      const { nodes, pages } = await allPages(fx.tokens[who], { townshipId: String(fx.townshipB) }, 3);
      expect(pages[0].totalCount).toBe(5);
      expect(recipientIds(nodes)).toEqual(sorted(idsB));
    }
  });

  it('shows township staff their own township only', async () => {
    const own = await allPages(fx.tokens.townshipA, {}, 100);
    expect(own.pages[0].totalCount).toBe(26);
    expect(recipientIds(own.nodes)).toEqual(sorted(idsA));
    const named = await world.ok(ACCOUNTS, { year: Y, first: 1, townshipId: String(fx.townshipA) }, fx.tokens.townshipA);
    expect(named.budgetAccounts.totalCount).toBe(26);
    expect(recipientIds((await allPages(fx.tokens.townshipB)).nodes)).toEqual(sorted(idsB));
    expect(await world.errorCode(ACCOUNTS, { year: Y, townshipId: String(fx.townshipB) }, fx.tokens.townshipA)).toBe('FORBIDDEN');
    expect(await world.errorCode(ACCOUNTS, { year: Y, townshipId: String(fx.townshipA) }, fx.tokens.townshipB)).toBe('FORBIDDEN');
  });

  it('is refused to every other role', async () => {
    for (const who of ['hotline', 'gridA', 'dispatcherA', 'carerA', 'recipientA'] as const) {
      expect([who, await world.errorCode(ACCOUNTS, { year: Y }, fx.tokens[who])]).toEqual([who, 'FORBIDDEN']);
    }
    expect(await world.errorCode(ACCOUNTS, { year: Y })).toBe('UNAUTHENTICATED');
  });

  it('refuses an unknown year or township, a bad cursor and a page over 100', async () => {
    expect(await world.errorCode(ACCOUNTS, { year: Y + 7 }, fx.tokens.finance)).toBe('NOT_FOUND');
    expect(await world.errorCode(ACCOUNTS, { year: Y, townshipId: String(fx.villageA1) }, fx.tokens.finance)).toBe('NOT_FOUND');
    expect(await world.errorCode(ACCOUNTS, { year: Y, townshipId: 'x' }, fx.tokens.finance)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(ACCOUNTS, { year: Y, after: 'bm9wZQ' }, fx.tokens.finance)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(ACCOUNTS, { year: Y, first: 101 }, fx.tokens.finance)).toBe('BAD_USER_INPUT');
  });

  it('loads the recipients of a page in one query', async () => {
    const count = (first: number) => countQueries(/from "recipients" where "id" in/, () => world.ok(ACCOUNTS, { year: Y, first }, fx.tokens.finance));
    expect((await count(2)).count).toBe(1);
    expect((await count(30)).count).toBe(1);
  });
});

describe('Recipient.budget', () => {
  it('computes available as allocated − held − spent', async () => {
    await world.db
      .updateTable('budget_accounts')
      .set({ held_fen: 12_345, spent_fen: 6_789 })
      .where('recipient_id', '=', fx.recipientA)
      .where('year', '=', Y)
      .execute();
    const { me } = await world.ok(MY_BUDGET, {}, fx.tokens.recipientA);
    expect(me.recipient.budget).toMatchObject({ year: Y, allocated: 200_000, held: 12_345, spent: 6_789, available: 180_866 });
    const { budgetAccounts } = await world.ok(ACCOUNTS, { year: Y, first: 100 }, fx.tokens.finance);
    const node = budgetAccounts.edges.find((e: Page['edges'][number]) => Number(e.node.recipient.id) === fx.recipientA).node;
    expect(node).toMatchObject({ held: 12_345, spent: 6_789, available: 180_866 });
  });

  it('defaults to the current county year, takes another, and is null where there is no account', async () => {
    await openProgrammeYear(world.db, { year: Y + 1, allocationPerRecipientFen: 100_000 });
    const q = `query($y: Int) { me { recipient { current: budget { allocated } asked: budget(year: $y) { year allocated } } } }`;
    const next = await world.ok(q, { y: Y + 1 }, fx.tokens.recipientB);
    expect(next.me.recipient).toEqual({ current: { allocated: 200_000 }, asked: { year: Y + 1, allocated: 100_000 } });
    const none = await world.ok(q, { y: Y - 1 }, fx.tokens.recipientB);
    expect(none.me.recipient.asked).toBeNull();
  });

  it('loads every recipient of a page, for every year asked, in one query', async () => {
    const q = `query($first: Int) { budgetAccounts(year: ${Y}, first: $first) { edges { node { recipient {
      now: budget { allocated } next: budget(year: ${Y + 1}) { allocated } none: budget(year: 2001) { allocated } } } } } }`;
    const run = (first: number) => countQueries(/from "budget_accounts" where "recipient_id" in/, () => world.ok(q, { first }, fx.tokens.finance));
    const small = await run(2);
    const large = await run(30);
    expect([small.count, large.count]).toEqual([1, 1]);
    const recipients = large.result.budgetAccounts.edges.map((e: { node: { recipient: unknown } }) => e.node.recipient);
    expect(recipients).toHaveLength(30);
    for (const r of recipients) expect(r).toMatchObject({ next: { allocated: 100_000 }, none: null });
  });
});

describe('openBudgetAccount', () => {
  it('opens an account for a recipient activated after the year opened, once', async () => {
    const [late] = await addRecipients(world, 1, { villageId: fx.villageA1, townshipId: fx.townshipA });
    expect(await openBudgetAccount(world.db, late)).toBe(true);
    expect(await openBudgetAccount(world.db, late)).toBe(false);
    expect(await openBudgetAccount(world.db, late, Y + 5)).toBe(false); // that year is not open
    const account = await world.db.selectFrom('budget_accounts').selectAll().where('recipient_id', '=', late).execute();
    expect(account).toMatchObject([{ year: Y, allocated_fen: 200_000, held_fen: 0, spent_fen: 0 }]);
  });
});
