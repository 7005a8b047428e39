// Finance approves a draft statement (four eyes: not whoever ran it; a statement of 0 yuan
// only with a note saying why nothing is paid) and later records its payment (four eyes
// again: not whoever approved it); the payment moves the statement's payable to the organisation's paid account in
// the ledger, once (its reference is the statement's). Both go through the statement's
// lifecycle, which records who did it and when.
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import type { Settlement } from '../db/rows.js';
import { badInput, forbidden, notFound } from '../platform/errors.js';
import { ledgerAccounts, postTransfers } from '../ledger/ledger.js';
import { actorOf } from '../orders/order-actions.js';
import { settlementLifecycle } from './settlement-lifecycle.js';
import { sqlNow } from '../platform/clock.js';

const MAX_REFERENCE_LENGTH = 200;

/** The statement, locked for the rest of the transaction; NOT_FOUND when there is none. */
async function lockStatement(trx: Database, settlementId: number): Promise<Settlement> {
  const statement = await trx.selectFrom('settlements').selectAll().where('id', '=', settlementId).forUpdate().executeTakeFirst();
  if (!statement) throw notFound('Settlement', settlementId);
  return statement;
}

/**
 * Approves a draft statement. FORBIDDEN for whoever ran it, CONFLICT unless it is a draft;
 * a statement of 0 yuan needs `zeroNote` (BAD_USER_INPUT without), kept as the event's reason.
 */
export function approveSettlement(db: Database, viewer: Viewer, settlementId: number, zeroNote?: string | null): Promise<Settlement> {
  return db.transaction().execute(async (trx) => {
    const statement = await lockStatement(trx, settlementId);
    const note = zeroNote?.trim() ?? '';
    const { after } = await settlementLifecycle.apply(trx, settlementId, 'approve', actorOf(viewer), {
      locked: statement,
      check: (s) => {
        if (s.run_by === viewer.userId) throw forbidden('You ran this statement: another finance officer approves it.', { reason: 'RUNNER_CANNOT_APPROVE' });
        if (s.payable_fen === 0 && !note)
          throw badInput('This statement pays 0 yuan: say why nothing is paid for the month before approving it (zeroNote).', {
            field: 'zeroNote',
            reason: 'ZERO_STATEMENT_NEEDS_NOTE',
          });
      },
      reason: note,
      set: { approved_by: viewer.userId, approved_at: sqlNow() },
    });
    return after;
  });
}

/** Records an approved statement as paid, with the payment's reference, and posts the payment. */
export function markSettlementPaid(db: Database, viewer: Viewer, settlementId: number, paymentReference: string): Promise<Settlement> {
  const reference = paymentReference.trim();
  if (!reference) throw badInput("Give the payment's reference (the bank transfer's number).", { field: 'paymentReference', reason: 'FIELD_REQUIRED' });
  if (reference.length > MAX_REFERENCE_LENGTH)
    throw badInput(`A payment reference is at most ${MAX_REFERENCE_LENGTH} characters.`, {
      field: 'paymentReference',
      reason: 'TEXT_TOO_LONG',
      maxLength: MAX_REFERENCE_LENGTH,
    });
  return db.transaction().execute(async (trx) => {
    const statement = await lockStatement(trx, settlementId);
    const { after: paid } = await settlementLifecycle.apply(trx, settlementId, 'pay', actorOf(viewer), {
      locked: statement,
      check: (s) => {
        if (s.approved_by === viewer.userId)
          throw forbidden('You approved this statement: another finance officer records its payment.', { reason: 'APPROVER_CANNOT_PAY' });
      },
      set: { paid_by: viewer.userId, paid_at: sqlNow(), payment_reference: reference },
      data: { paymentReference: reference },
    });
    if (paid.payable_fen > 0) {
      await postTransfers(trx, [
        {
          debit: ledgerAccounts.organisationPayable(paid.organisation_id),
          credit: ledgerAccounts.organisationPaid(paid.organisation_id),
          amountFen: paid.payable_fen,
          kind: 'pay',
          reference: `pay:settlement:${paid.id}`,
        },
      ]);
    }
    return paid;
  });
}
