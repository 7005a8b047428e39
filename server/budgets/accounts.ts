// Yearly budget accounts (one per recipient per programme year): allocated, held by open
// orders, spent by settled services. The database refuses held + spent > allocated.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import type { BudgetAccount } from '../db/rows.js';
import { forbidden, notFound } from '../platform/errors.js';
import { readPage, toConnection, type PageArgs } from '../db/pagination.js';
import { countyYear } from '../platform/county-time.js';
import { requireProgrammeYear } from './programme-years.js';
import { postAllocations } from '../ledger/ledger.js';

/**
 * Opens the recipient's budget account for `year` (default: the county's current year) at
 * that year's allocation, when the programme year is open and the account does not exist
 * yet. Safe to call twice. Returns true when an account was opened.
 */
export async function openBudgetAccount(db: Database, recipientId: number, year = countyYear()): Promise<boolean> {
  const result = await db
    .insertInto('budget_accounts')
    .columns(['recipient_id', 'year', 'allocated_fen'])
    .expression((eb) =>
      eb
        .selectFrom('programme_years')
        .select([sql<number>`${recipientId}::int`.as('recipient_id'), 'year', 'allocation_per_recipient_fen'])
        .where('year', '=', year),
    )
    .onConflict((oc) => oc.columns(['recipient_id', 'year']).doNothing())
    .executeTakeFirst();
  const opened = Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  if (opened) await postAllocations(db, year, recipientId);
  return opened;
}

/** Which township a viewer's budget account listing is limited to (undefined: all); FORBIDDEN outside their scope. */
export function accountScope(viewer: Viewer, townshipId?: number): number | undefined {
  if (viewer.role !== 'township_staff') return townshipId;
  if (townshipId !== undefined && townshipId !== viewer.townshipId) throw forbidden('Township staff see the budget accounts of their own township only.');
  // a township user without a township would otherwise see every account
  if (viewer.townshipId === null) throw forbidden('This sign-in has no township.');
  return viewer.townshipId;
}

interface AccountListing {
  year: number;
  townshipId?: number;
}

/** A page of one year's budget accounts (newest id first), optionally of one township, with the total. */
export async function listBudgetAccounts(db: Database, { year, townshipId }: AccountListing, pageArgs: PageArgs) {
  const page = readPage(pageArgs, 50);
  await requireProgrammeYear(db, year);
  if (townshipId !== undefined) {
    const township = await db.selectFrom('regions').select('id').where('id', '=', townshipId).where('level', '=', 'township').executeTakeFirst();
    if (!township) throw notFound('Township', townshipId);
  }
  let base = db.selectFrom('budget_accounts as a').where('a.year', '=', year);
  if (townshipId !== undefined) {
    base = base.where((eb) =>
      eb.exists(eb.selectFrom('recipients as r').select('r.id').whereRef('r.id', '=', 'a.recipient_id').where('r.township_id', '=', townshipId)),
    );
  }
  const [rows, total] = await Promise.all([
    (page.before === null ? base : base.where('a.id', '<', page.before)).selectAll('a').orderBy('a.id', 'desc').limit(page.limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return toConnection(rows, page, Number(total.n), (a) => a.id);
}

/**
 * Budget accounts for (recipient, year) pairs, in the pairs' order (null where none): one
 * query for any number of recipients and years.
 */
export async function accountsFor(db: Database, pairs: { recipientId: number; year: number }[]): Promise<(BudgetAccount | null)[]> {
  if (!pairs.length) return [];
  const rows = await db
    .selectFrom('budget_accounts')
    .selectAll()
    .where('recipient_id', 'in', [...new Set(pairs.map((p) => p.recipientId))])
    .where('year', 'in', [...new Set(pairs.map((p) => p.year))])
    .execute();
  const byPair = new Map(rows.map((r) => [`${r.recipient_id}:${r.year}`, r]));
  return pairs.map((p) => byPair.get(`${p.recipientId}:${p.year}`) ?? null);
}

/**
 * For each account, in their order, the price of its services already confirmed that no
 * settlement has taken yet: still in held_fen until their month is settled, though the
 * recipient has had them (their app shows it as spent).
 */
export async function confirmedUnsettledFen(db: Database, accounts: Pick<BudgetAccount, 'recipient_id' | 'year'>[]): Promise<number[]> {
  if (!accounts.length) return [];
  const rows = await db
    .selectFrom('orders as o')
    .select(['o.recipient_id', 'o.budget_year', (eb) => eb.fn.sum<string>('o.amount_fen').as('fen')])
    .where('o.recipient_id', 'in', [...new Set(accounts.map((a) => a.recipient_id))])
    .where('o.budget_year', 'in', [...new Set(accounts.map((a) => a.year))])
    .where('o.status', '=', 'confirmed')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('settlement_lines as l').select('l.order_id').whereRef('l.order_id', '=', 'o.id'))))
    .groupBy(['o.recipient_id', 'o.budget_year'])
    .execute();
  const byAccount = new Map(rows.map((r) => [`${r.recipient_id}:${r.budget_year}`, Number(r.fen)]));
  return accounts.map((a) => byAccount.get(`${a.recipient_id}:${a.year}`) ?? 0);
}
