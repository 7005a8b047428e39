// Which members of staff hear of something (issue 15, item 3): the dispatchers of the
// organisation that holds an order, the township station of a ticket, or the county's desk
// (the hotline and the county admins). Only active accounts: a deactivated one hears nothing.
import type { Database } from '../db/database.js';

/** The active dispatchers of each organisation in `organisationIds`. */
export async function dispatchersOf(db: Database, organisationIds: readonly number[]): Promise<Map<number, number[]>> {
  return byKey(
    organisationIds.length
      ? await db
          .selectFrom('users')
          .select(['id', 'organisation_id as key'])
          .where('role', '=', 'dispatcher')
          .where('active', '=', true)
          .where('organisation_id', 'in', [...new Set(organisationIds)])
          .orderBy('id')
          .execute()
      : [],
  );
}

/** The active township staff of each township in `townshipIds`. */
export async function townshipStaffOf(db: Database, townshipIds: readonly number[]): Promise<Map<number, number[]>> {
  return byKey(
    townshipIds.length
      ? await db
          .selectFrom('users')
          .select(['id', 'township_id as key'])
          .where('role', '=', 'township_staff')
          .where('active', '=', true)
          .where('township_id', 'in', [...new Set(townshipIds)])
          .orderBy('id')
          .execute()
      : [],
  );
}

/** The county's desk: active hotline operators and county admins. */
export async function countyDesk(db: Database): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', 'in', ['hotline_operator', 'county_admin'])
    .where('active', '=', true)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

function byKey(rows: readonly { id: number; key: number | null }[]): Map<number, number[]> {
  const users = new Map<number, number[]>();
  for (const { id, key } of rows) if (key !== null) users.set(key, [...(users.get(key) ?? []), id]);
  return users;
}
