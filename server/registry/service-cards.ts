// Service cards (服务卡): the number a recipient quotes on the phone to order. Numbers are
// XJFW + a sequence (the demo county's format, XJFW00001…), never reused: a lost card is
// replaced by a new number, so an old card cannot order for anyone.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import type { Recipient } from '../graphql/models.js';
import { conflict } from '../graphql/errors.js';
import { lockRecipientForWrite } from './scope.js';

export const CARD_PREFIX = 'XJFW';
const CARD_DIGITS = 5;

/** Statuses in which a recipient may hold a card. */
export const cardStatuses: readonly string[] = ['verified', 'active', 'suspended'];

/** XJFW00042 for 42; longer when the sequence outgrows five digits. */
export function formatCardNumber(sequence: number): string {
  return `${CARD_PREFIX}${String(sequence).padStart(CARD_DIGITS, '0')}`;
}

/** Gives the recipient the next card number, inside the caller's transaction. */
export async function assignCardNumber(trx: Database, recipientId: number): Promise<Recipient> {
  // No database sequence (migrations are frozen): the highest number in use plus one, under
  // a transaction advisory lock so two issues at once cannot compute the same number. The
  // highest number never disappears (a re-issue removes one but adds a higher one), so a
  // number is never handed out twice.
  await sql`select pg_advisory_xact_lock(hashtext('nuanxin:service-card-number'))`.execute(trx);
  const { highest } = await trx
    .selectFrom('recipients')
    .select(sql<number>`coalesce(max(substring(service_card_number from ${sql.lit(CARD_PREFIX.length + 1)})::bigint), 0)`.as('highest'))
    .where('service_card_number', '~', `^${CARD_PREFIX}[0-9]{1,15}$`)
    .executeTakeFirstOrThrow();
  return trx
    .updateTable('recipients')
    .set({ service_card_number: formatCardNumber(Number(highest) + 1), service_card_issued_at: sql`now()` })
    .where('id', '=', recipientId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Issues a card, or re-issues one (lost card) with a new number; verified, active or suspended only. */
export async function issueServiceCard(db: Database, viewer: Viewer, recipientId: number): Promise<Recipient> {
  return db.transaction().execute(async (trx) => {
    const recipient = await lockRecipientForWrite(trx, viewer, recipientId, 'manage');
    if (!cardStatuses.includes(recipient.status)) {
      throw conflict(`The recipient is ${recipient.status}: only verified, active or suspended recipients hold a service card.`, { status: recipient.status });
    }
    return assignCardNumber(trx, recipientId);
  });
}
