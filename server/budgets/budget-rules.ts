// Holding and releasing money on a yearly budget account. An order holds its price when it
// is placed and releases it when cancelled. Each move is one conditional UPDATE, so however
// many orders race, the row lock serialises them and the condition is re-checked on the
// latest row: the account is never overdrawn (and the CHECK constraint backs that up).
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { BudgetAccount } from '../db/rows.js';
import { badInput, conflict } from '../platform/errors.js';
import { formatYuan } from '../platform/money.js';

type Amounts = Pick<BudgetAccount, 'allocated_fen' | 'held_fen' | 'spent_fen'>;

/** What is left to order with: allocated − held − spent, in fen. */
export function availableFen(account: Amounts): number {
  return account.allocated_fen - account.held_fen - account.spent_fen;
}

function requireAmount(amountFen: number): void {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) {
    throw badInput('An amount to hold or release is a positive whole number of fen.', { reason: 'AMOUNT_NOT_POSITIVE', amountFen });
  }
}

const findAccount = (trx: Database, recipientId: number, year: number) =>
  trx.selectFrom('budget_accounts').selectAll().where('recipient_id', '=', recipientId).where('year', '=', year);

/** The refusal for a recipient without an account for the year. */
export const noBudgetAccount = (recipientId: number, year: number) =>
  badInput(`Recipient ${recipientId} has no budget account for ${year}.`, { reason: 'NO_BUDGET_ACCOUNT', recipientId, year });

function tryHold(trx: Database, recipientId: number, year: number, amountFen: number) {
  return trx
    .updateTable('budget_accounts')
    .set((eb) => ({ held_fen: eb('held_fen', '+', amountFen) }))
    .where('recipient_id', '=', recipientId)
    .where('year', '=', year)
    .where(sql<number>`allocated_fen - held_fen - spent_fen`, '>=', amountFen)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Holds `amountFen` on the recipient's account for `year` in one statement and returns the
 * account; BAD_USER_INPUT (details.availableFen) when too little is left or there is no account.
 */
export async function holdBudget(trx: Database, recipientId: number, year: number, amountFen: number): Promise<BudgetAccount> {
  requireAmount(amountFen);
  const held = await tryHold(trx, recipientId, year, amountFen);
  if (held) return held;
  // Refused: find out why. Locked, so a release that landed meanwhile is seen and the retry
  // is decided on a row nobody else can move (inside the caller's transaction).
  const account = await findAccount(trx, recipientId, year).forUpdate().executeTakeFirst();
  if (!account) throw noBudgetAccount(recipientId, year);
  let left = availableFen(account);
  if (left >= amountFen) {
    const retried = await tryHold(trx, recipientId, year, amountFen);
    if (retried) return retried;
    left = availableFen(await findAccount(trx, recipientId, year).executeTakeFirstOrThrow());
  }
  throw budgetExceeded(year, left, amountFen, recipientId);
}

/** The refusal for too little budget left; it says how much is left. */
export const budgetExceeded = (year: number, availableFen: number, amountFen: number, recipientId: number) =>
  badInput(`Not enough budget left for ${year}: ${formatYuan(availableFen)} yuan available, ${formatYuan(amountFen)} yuan needed.`, {
    reason: 'BUDGET_EXCEEDED',
    availableFen,
    amountFen,
    recipientId,
    year,
  });

/**
 * Gives back `amountFen` held on the account and returns it. Never takes held below zero:
 * releasing more than is held (a release done twice) is refused with CONFLICT.
 */
export async function releaseHold(trx: Database, recipientId: number, year: number, amountFen: number): Promise<BudgetAccount> {
  requireAmount(amountFen);
  const released = await trx
    .updateTable('budget_accounts')
    .set((eb) => ({ held_fen: eb('held_fen', '-', amountFen) }))
    .where('recipient_id', '=', recipientId)
    .where('year', '=', year)
    .where('held_fen', '>=', amountFen)
    .returningAll()
    .executeTakeFirst();
  if (released) return released;
  const account = await findAccount(trx, recipientId, year).executeTakeFirst();
  if (!account) throw noBudgetAccount(recipientId, year);
  throw conflict(`Only ${formatYuan(account.held_fen)} yuan is held for ${year}; ${formatYuan(amountFen)} yuan cannot be released.`, {
    reason: 'RELEASE_EXCEEDS_HOLD',
    heldFen: account.held_fen,
    amountFen,
    recipientId,
    year,
  });
}

/**
 * Gives back many holds at once (a sweep's orders), summed per account, in one statement;
 * an account that holds too little (or none) is refused as releaseHold refuses it.
 */
export async function releaseHolds(trx: Database, holds: readonly { recipientId: number; year: number; amountFen: number }[]): Promise<void> {
  const sums = new Map<string, { recipientId: number; year: number; amountFen: number }>();
  for (const h of holds) {
    requireAmount(h.amountFen);
    const key = `${h.recipientId}:${h.year}`;
    const sum = sums.get(key);
    if (sum) sum.amountFen += h.amountFen;
    else sums.set(key, { ...h });
  }
  if (!sums.size) return;
  const accounts = [...sums.values()];
  const { rows } = await sql<{ recipient_id: number; year: number }>`
    update budget_accounts b set held_fen = b.held_fen - r.amount
      from (values ${sql.join(accounts.map((a) => sql`(${a.recipientId}::int, ${a.year}::int, ${a.amountFen}::bigint)`))}) as r(recipient_id, year, amount)
     where b.recipient_id = r.recipient_id and b.year = r.year and b.held_fen >= r.amount
    returning b.recipient_id, b.year`.execute(trx);
  if (rows.length === accounts.length) return;
  // one at a time for the accounts the statement left alone: each says why it is refused
  const released = new Set(rows.map((r) => `${r.recipient_id}:${r.year}`));
  for (const a of accounts) if (!released.has(`${a.recipientId}:${a.year}`)) await releaseHold(trx, a.recipientId, a.year, a.amountFen);
}
