// Service cards (服务卡): the number a recipient quotes on the phone to order. Numbers are
// XJFW + a sequence (the demo county's format, XJFW00001…), never reused: a lost card is
// replaced by a new number, so an old card cannot order for anyone.
// Each card also carries a six-digit confirmation code, so a recipient without a phone can
// confirm a service: the carer types it in. It is kept encrypted like ID numbers, and a new
// card gets a new code.
import { randomInt, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import type { Config } from '../config.js';
import type { Recipient } from '../db/rows.js';
import { conflict } from '../platform/errors.js';
// the ID-number helpers are plain AES-256-GCM of a string under the data key: reused, not copied
import { decryptIdNumber as decrypt, encryptIdNumber as encrypt } from './id-number.js';
import { lockRecipientForWrite } from './scope.js';
import { sqlNow } from '../platform/clock.js';

const CARD_PREFIX = 'XJFW';
const CARD_DIGITS = 5;

/** Statuses in which a recipient may hold a card. */
const cardStatuses: readonly string[] = ['verified', 'active', 'suspended'];

/** XJFW00042 for 42; longer when the sequence outgrows five digits. */
function formatCardNumber(sequence: number): string {
  return `${CARD_PREFIX}${String(sequence).padStart(CARD_DIGITS, '0')}`;
}

/** A fresh six-digit confirmation code, from a cryptographic source. */
const newCardCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** A code as it is stored: encrypted under the data key. */
export const sealCardCode = (code: string, dataKey: string) => encrypt(code, dataKey);

/** Whether `given` is the code sealed in `stored`, compared in constant time. */
export function cardCodeMatches(given: string, stored: string, dataKey: string): boolean {
  const expected = Buffer.from(decrypt(stored, dataKey));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The card's code for the staff who print cards (township staff of its township, county admins); null for anyone else. */
export function visibleCardCode(viewer: Viewer | null, recipient: Recipient, dataKey: string): string | null {
  if (!recipient.card_code_encrypted || !viewer) return null;
  const issuer = viewer.role === 'county_admin' || (viewer.role === 'township_staff' && viewer.townshipId === recipient.township_id);
  return issuer ? decrypt(recipient.card_code_encrypted, dataKey) : null;
}

/** Gives the recipient the next card number and a new confirmation code, inside the caller's transaction. */
export async function assignCardNumber(trx: Database, recipientId: number, dataKey: string): Promise<Recipient> {
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
    .set({
      service_card_number: formatCardNumber(Number(highest) + 1),
      service_card_issued_at: sqlNow(),
      card_code_encrypted: sealCardCode(newCardCode(), dataKey),
    })
    .where('id', '=', recipientId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Issues a card, or re-issues one (lost card) with a new number; verified, active or suspended only. */
export async function issueServiceCard(db: Database, config: Pick<Config, 'DATA_KEY'>, viewer: Viewer, recipientId: number): Promise<Recipient> {
  return db.transaction().execute(async (trx) => {
    const recipient = await lockRecipientForWrite(trx, viewer, recipientId, 'manage');
    if (!cardStatuses.includes(recipient.status)) {
      throw conflict(`The recipient is ${recipient.status}: only verified, active or suspended recipients hold a service card.`, {
        status: recipient.status,
        reason: 'CARD_NOT_FOR_STATUS',
      });
    }
    return assignCardNumber(trx, recipientId, config.DATA_KEY);
  });
}
