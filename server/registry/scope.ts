// Which recipients a viewer may see and change. Reads are a SQL condition, so lists,
// counts and joins in any domain filter in the database; writes are checked on the row
// itself (locked first), so a change cannot slip past a concurrent move of the recipient.
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.js';
import type { Recipient } from '../db/rows.js';
import { forbidden, notFound } from '../platform/errors.js';
import type { Role, Viewer } from '../auth/roles.js';
import { countyToday } from '../platform/county-time.js';

/** Which recipients `viewer` may see, as a condition on the recipients row `alias`: `.where(recipientScope(viewer, 'r'))`. */
export function recipientScope(viewer: Viewer, alias = 'recipients', today = countyToday()): RawBuilder<boolean> {
  // raw SQL over a named alias, so any domain can use it in its own joins, lists and counts
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const none = sql<boolean>`false`;
  switch (viewer.role) {
    case 'county_admin':
    case 'hotline_operator':
    case 'evaluator':
    case 'finance':
      return sql<boolean>`true`;
    case 'township_staff':
      return viewer.townshipId === null ? none : sql<boolean>`${col('township_id')} = ${viewer.townshipId}`;
    case 'grid_worker':
      return viewer.villageIds.length ? sql<boolean>`${col('village_id')} in (${sql.join(viewer.villageIds)})` : none;
    case 'recipient':
      return viewer.recipientId === null ? none : sql<boolean>`${col('id')} = ${viewer.recipientId}`;
    case 'dispatcher':
      // only while a contract is in force: an ended contract ends the organisation's access
      return viewer.organisationId === null
        ? none
        : sql<boolean>`exists (
        select 1 from contract_townships ct join contracts c on c.id = ct.contract_id
        where ct.township_id = ${col('township_id')} and c.organisation_id = ${viewer.organisationId}
          and c.status = 'active' and c.starts_on <= ${today}::date and c.ends_on >= ${today}::date)`;
    case 'carer':
      return viewer.carerId === null
        ? none
        : sql<boolean>`exists (
        select 1 from carer_pairings p
        where p.recipient_id = ${col('id')} and p.carer_id = ${viewer.carerId} and p.ended_on is null)`;
    default:
      return none;
  }
}

/** Roles that may make each kind of registry change (the resolvers' guards use these too). */
export const registryWriters = {
  register: ['grid_worker', 'township_staff', 'county_admin'],
  contact: ['grid_worker', 'township_staff', 'county_admin', 'hotline_operator'],
  manage: ['township_staff', 'county_admin'],
} as const satisfies Record<string, readonly Role[]>;

type RegistryWrite = keyof typeof registryWriters;

/** Where a recipient is (or is to be) registered. */
export interface Place {
  township_id: number;
  village_id: number;
}

/** Whether `viewer` may make a change of kind `action` to a recipient at `place`. */
function mayWrite(viewer: Viewer, action: RegistryWrite, place: Place): boolean {
  if (!(registryWriters[action] as readonly Role[]).includes(viewer.role)) return false;
  switch (viewer.role) {
    case 'county_admin':
    case 'hotline_operator':
      return true;
    case 'township_staff':
      return viewer.townshipId === place.township_id;
    case 'grid_worker':
      return viewer.villageIds.includes(place.village_id);
    default:
      return false;
  }
}

/** Throws FORBIDDEN unless `viewer` may make the change at `place`. */
export function assertMayWrite(viewer: Viewer, action: RegistryWrite, place: Place): void {
  if (!mayWrite(viewer, action, place)) throw forbidden('This recipient is outside your scope.');
}

/** A recipient the viewer may see; NOT_FOUND if there is none, FORBIDDEN if out of scope. */
export async function requireVisibleRecipient(db: Database, viewer: Viewer, id: number): Promise<Recipient> {
  const row = await db.selectFrom('recipients').selectAll().select(recipientScope(viewer).as('visible')).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Recipient', id);
  const { visible, ...recipient } = row;
  if (!visible) throw forbidden('This recipient is outside your scope.');
  return recipient;
}

/** Locks a recipient row (inside a transaction) and checks `viewer` may change it. */
export async function lockRecipientForWrite(trx: Database, viewer: Viewer, id: number, action: RegistryWrite): Promise<Recipient> {
  // for update: of two racing changes, the second waits and is checked against what the first left
  const row = await trx.selectFrom('recipients').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('Recipient', id);
  assertMayWrite(viewer, action, row);
  return row;
}
