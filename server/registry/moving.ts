// A recipient moves to another village (搬迁). Assistance is per household, so the household
// moves together: its village and address, and every member's village, township, address and
// coordinates, in one statement. From then on the new village's grid worker and the new
// township's staff see them, and matching looks from the new home. What came before stays
// where it was: past orders keep the village they were placed from (statistics count them
// there), visits and tickets are untouched. Orders still waiting for their visit were booked
// at the old home: they are cancelled with the reason (carers and dispatchers told, holds back
// through the ledger), and the recipient orders again for the new address; return visits not
// yet done go to a grid worker of the new village. Each member's move is recorded.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import type { Recipient } from '../db/rows.js';
import { badInput } from '../platform/errors.js';
import { now } from '../platform/clock.js';
import { actorOf } from '../orders/order-actions.js';
import { gridWorkerFor } from '../return-visits/schedule.js';
import { lockRecipientForWrite } from './scope.js';
import { cancelWaitingOrders } from './leaving.js';

export interface RecipientMove {
  villageId: number;
  /** The new home's address. */
  address: string;
  latitude?: number | null;
  longitude?: number | null;
  reason: string;
}

const MAX_ADDRESS = 200;
const MAX_REASON = 500;

/** The move, checked at the edge: an address and a reason, coordinates both or neither and on the globe. */
function checkMove(input: RecipientMove): RecipientMove & { latitude: number | null; longitude: number | null } {
  const address = input.address.trim();
  const reason = input.reason.trim();
  if (!address) throw badInput(`Give the new address: 1 to ${MAX_ADDRESS} characters.`, { field: 'address', reason: 'FIELD_REQUIRED' });
  if (address.length > MAX_ADDRESS)
    throw badInput(`Give the new address: 1 to ${MAX_ADDRESS} characters.`, { field: 'address', reason: 'TEXT_TOO_LONG', maxLength: MAX_ADDRESS });
  if (!reason) throw badInput(`Say why they move: 1 to ${MAX_REASON} characters.`, { field: 'reason', reason: 'REASON_REQUIRED' });
  if (reason.length > MAX_REASON)
    throw badInput(`Say why they move: 1 to ${MAX_REASON} characters.`, { field: 'reason', reason: 'TEXT_TOO_LONG', maxLength: MAX_REASON });
  const latitude = input.latitude ?? null;
  const longitude = input.longitude ?? null;
  if ((latitude === null) !== (longitude === null))
    throw badInput('Give both coordinates of the new home, or neither.', { field: 'latitude', reason: 'COORDINATES_INVALID' });
  if (latitude !== null && !(Math.abs(latitude) <= 90))
    throw badInput('A latitude is between -90 and 90.', { field: 'latitude', reason: 'COORDINATES_INVALID' });
  if (longitude !== null && !(Math.abs(longitude) <= 180))
    throw badInput('A longitude is between -180 and 180.', { field: 'longitude', reason: 'COORDINATES_INVALID' });
  return { ...input, address, reason, latitude, longitude };
}

/**
 * Moves a recipient, with their household, to another village; returns the recipient as they
 * are now. Township staff of the township they leave, or a county admin (FORBIDDEN otherwise);
 * BAD_USER_INPUT for a place that is not a village, or the village they live in.
 */
export async function moveRecipient(db: Database, viewer: Viewer, recipientId: number, input: RecipientMove): Promise<Recipient> {
  const move = checkMove(input);
  return db.transaction().execute(async (trx) => {
    const recipient = await lockRecipientForWrite(trx, viewer, recipientId, 'manage');
    const village = await trx.selectFrom('regions').select(['id', 'parent_id', 'level']).where('id', '=', move.villageId).executeTakeFirst();
    if (village?.level !== 'village' || village.parent_id === null)
      throw badInput(`${move.villageId} is not a village.`, { field: 'villageId', reason: 'NOT_A_VILLAGE' });
    if (village.id === recipient.village_id)
      throw badInput('They already live in that village: change the address alone (updateRecipientContact).', {
        field: 'villageId',
        reason: 'SAME_VILLAGE_MOVE',
      });
    const at = now();
    // one statement, so the household and its members never disagree on the village (the foreign key between them is checked at its end)
    const { rows: members } = await sql<{ id: number; from_village_id: number; from_address: string }>`
      with members as (
        select r.id, r.village_id as from_village_id, r.address as from_address
          from recipients r where r.household_id = ${recipient.household_id} for update),
      household as (
        update households set village_id = ${village.id}, address = ${move.address} where id = ${recipient.household_id}),
      moved as (
        update recipients r
           set village_id = ${village.id}, township_id = ${village.parent_id}, address = ${move.address},
               latitude = ${move.latitude}::float8, longitude = ${move.longitude}::float8
          from members m where r.id = m.id
        returning r.id),
      recorded as (
        insert into recipient_moves (recipient_id, from_village_id, to_village_id, from_address, to_address, reason, moved_by, at)
        select m.id, m.from_village_id, ${village.id}, m.from_address, ${move.address}, ${move.reason}, ${viewer.userId}, ${at}::timestamptz
          from members m)
      select m.* from members m join moved using (id) order by m.id`.execute(trx);
    // return visits still to make: a grid worker of the new village makes them
    await sql`
      update return_visits rv set village_id = ${village.id}, assigned_to = ${gridWorkerFor(sql<number>`${village.id}::int`)}
       where rv.recipient_id = any(${members.map((m) => m.id)}::int[]) and rv.status = 'scheduled'`.execute(trx);
    const actor = actorOf(viewer);
    for (const m of members) {
      await cancelWaitingOrders(trx, m.id, actor, `Moved to another village: order again for the new home. (${move.reason})`, { movedAway: true });
    }
    return trx.selectFrom('recipients').selectAll().where('id', '=', recipientId).executeTakeFirstOrThrow();
  });
}
