import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import type { Carer, Recipient } from '../db/rows.js';
import { conflict, notFound } from '../platform/errors.js';
import { countyToday } from '../platform/county-time.js';
import { coversTownship } from './contracts.js';
import { requireManagedCarer } from './carers.js';

/** Recipient statuses a carer may be paired with: on the list, not suspended or gone. */
const pairableStatuses = ['verified', 'active'] as const;

/**
 * Pairs a carer with a recipient (结对): the carer is active, the recipient verified or active
 * and living in a township an in-force contract of the carer's organisation covers.
 */
export async function pairCarer(db: Database, viewer: Viewer, carerId: number, recipientId: number, today = countyToday()) {
  return db.transaction().execute(async (trx) => {
    // locked, so a carer being deactivated at this moment is not paired on the way out
    const carer = await requireManagedCarer(trx, viewer, carerId, true);
    if (!carer.active) throw conflict('The carer is not active.', { field: 'carerId', reason: 'CARER_NOT_ACTIVE' });
    const recipient = await trx.selectFrom('recipients').select(['id', 'status', 'township_id']).where('id', '=', recipientId).executeTakeFirst();
    if (!recipient) throw notFound('Recipient', recipientId);
    if (!(pairableStatuses as readonly string[]).includes(recipient.status)) {
      throw conflict(`A ${recipient.status} recipient cannot be paired: only verified or active ones.`, {
        field: 'recipientId',
        reason: 'RECIPIENT_NOT_PAIRABLE',
        status: recipient.status,
      });
    }
    if (!(await coversTownship(trx, carer.organisation_id, recipient.township_id, today))) {
      throw conflict('No contract of the carer’s organisation in force today covers the recipient’s township.', {
        field: 'recipientId',
        reason: 'TOWNSHIP_NOT_COVERED',
      });
    }
    const inserted = await trx
      .insertInto('carer_pairings')
      .values({ carer_id: carerId, recipient_id: recipientId, started_on: today })
      .onConflict((oc) => oc.columns(['carer_id', 'recipient_id']).where('ended_on', 'is', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw conflict('The carer and the recipient are already paired.', { field: 'recipientId', reason: 'ALREADY_PAIRED' });
    return carer;
  });
}

/** Ends the open pairing of a carer and a recipient today; NOT_FOUND when none is open. */
export async function unpairCarer(db: Database, viewer: Viewer, carerId: number, recipientId: number, today = countyToday()) {
  const carer = await requireManagedCarer(db, viewer, carerId);
  const ended = await db
    .updateTable('carer_pairings')
    // rows written with the database's current_date (another time zone) may start after the county's today
    .set({ ended_on: sql<string>`greatest(started_on, ${today}::date)` })
    .where('carer_id', '=', carerId)
    .where('recipient_id', '=', recipientId)
    .where('ended_on', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!ended) throw notFound(`An open pairing of carer ${carerId} with recipient ${recipientId}`);
  return carer;
}

/**
 * Whether the viewer sees `recipient` among a carer's paired recipients: the carer's own
 * organisation and the carer themselves do; otherwise the recipient must be in the viewer's
 * own scope, so following recipient → carer → recipients never widens it.
 */
export function seesPairedRecipient(
  viewer: Viewer,
  carer: Pick<Carer, 'id' | 'organisation_id'>,
  recipient: Pick<Recipient, 'id' | 'township_id' | 'village_id'>,
): boolean {
  switch (viewer.role) {
    case 'county_admin':
    case 'hotline_operator':
    case 'evaluator':
    case 'finance':
      return true;
    case 'dispatcher':
      return carer.organisation_id === viewer.organisationId;
    case 'carer':
      return carer.id === viewer.carerId;
    case 'township_staff':
      return recipient.township_id === viewer.townshipId;
    case 'grid_worker':
      return viewer.villageIds.includes(recipient.village_id);
    case 'recipient':
      return recipient.id === viewer.recipientId;
    default:
      return false;
  }
}
