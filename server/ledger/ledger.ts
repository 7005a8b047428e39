// The ledger: every movement of money is one transfer from a debit account to a credit
// account, so the books balance by construction (TigerBeetle's model). Budget accounts'
// held and spent columns are the fast projection; the ledger is the record they must match.
// A transfer's reference names the business fact it records ("hold:order:12"): posting the
// same fact twice is refused by a unique index, so nothing is ever moved twice.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';

/**
 * allocate: fund → available; hold: available → held (an order placed); release: held →
 * available (cancelled); spend: held → spent (settled); payable: county settlement →
 * organisation payable (a statement run); pay: payable → paid (the county paid it); return:
 * available → fund (a recipient left the list during the year: what they never used).
 */
type TransferKind = 'allocate' | 'hold' | 'release' | 'spend' | 'payable' | 'pay' | 'return';

/** Account names. The balance of an account is its credits minus its debits. */
export const ledgerAccounts = {
  /** The county's fund for a programme year: the source of every allocation. */
  countyFund: (year: number) => `county:${year}:fund`,
  /** A recipient's budget not yet ordered with (allocated − held − spent). */
  budgetAvailable: (recipientId: number, year: number) => `recipient:${recipientId}:${year}:available`,
  /** Held by orders placed and not yet settled (budget_accounts.held_fen). */
  budgetHeld: (recipientId: number, year: number) => `recipient:${recipientId}:${year}:held`,
  /** Services settled on a statement, at their value (budget_accounts.spent_fen). */
  budgetSpent: (recipientId: number, year: number) => `recipient:${recipientId}:${year}:spent`,
  /**
   * What the county owes organisations on the year's statements: its balance is minus the
   * payable of every statement run (the value withheld by grade and cap is never owed).
   */
  countySettlement: (year: number) => `county:${year}:settlement`,
  /** Owed to an organisation on statements run and not yet paid. */
  organisationPayable: (organisationId: number) => `organisation:${organisationId}:payable`,
  /** Paid to an organisation, all statements together. */
  organisationPaid: (organisationId: number) => `organisation:${organisationId}:paid`,
};

interface Transfer {
  debit: string;
  credit: string;
  amountFen: number;
  kind: TransferKind;
  reference: string;
  orderId?: number | null;
}

/** The row a transfer is stored as (for inserting it inside a larger statement). */
function transferRow(t: Transfer) {
  return {
    debit_account: t.debit,
    credit_account: t.credit,
    amount_fen: t.amountFen,
    kind: t.kind,
    reference: t.reference,
    order_id: t.orderId ?? null,
  };
}

/** Posts transfers; a reference already posted is skipped (returns how many were new). */
export async function postTransfers(db: Database, transfers: Transfer[]): Promise<number> {
  if (!transfers.length) return 0;
  const result = await db
    .insertInto('ledger_transfers')
    .values(transfers.map(transferRow))
    .onConflict((oc) => oc.column('reference').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Balances (credits − debits) of the named accounts; absent accounts are 0. */
export async function balances(db: Database, accounts: string[]): Promise<Map<string, number>> {
  if (!accounts.length) return new Map();
  const rows = await sql<{ account: string; balance: string }>`
    select account, sum(amount)::bigint as balance from (
      select credit_account as account, amount_fen as amount from ledger_transfers where credit_account = any(${accounts})
      union all
      select debit_account, -amount_fen from ledger_transfers where debit_account = any(${accounts})
    ) t group by account`.execute(db);
  const out = new Map(accounts.map((a) => [a, 0]));
  for (const r of rows.rows) out.set(r.account, Number(r.balance));
  return out;
}

/**
 * Records the allocation of every budget account of `year` (or one recipient's) as a
 * transfer from the county fund, set-based; accounts already recorded are skipped. Account
 * names are built as ledgerAccounts builds them.
 */
export async function postAllocations(db: Database, year: number, recipientId?: number): Promise<number> {
  const result = await sql`
    insert into ledger_transfers (debit_account, credit_account, amount_fen, kind, reference)
    select 'county:' || year || ':fund', 'recipient:' || recipient_id || ':' || year || ':available',
           allocated_fen, 'allocate', 'allocate:' || year || ':' || recipient_id
    from budget_accounts
    where year = ${year} and allocated_fen > 0 and (${recipientId ?? null}::int is null or recipient_id = ${recipientId ?? null}::int)
    on conflict (reference) do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
