import type { Database } from '../db/database.js';
import { badInput } from '../platform/errors.js';

/** The counties (roots of the region tree). */
export function listCounties(db: Database) {
  return db.selectFrom('regions').selectAll().where('level', '=', 'county').orderBy('sort_order').orderBy('id').execute();
}

/** One region by id, or null. */
export async function findRegion(db: Database, id: number) {
  return (await db.selectFrom('regions').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** A region of the expected level, or a clear BAD_USER_INPUT naming what was wrong. */
export async function requireRegion(db: Database, id: number, level: 'county' | 'township' | 'village') {
  const region = await db.selectFrom('regions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!region) throw badInput(`Unknown region ${id}.`, { field: `${level}Id`, reason: 'UNKNOWN_VALUE' });
  if (region.level !== level) throw badInput(`Region ${id} is a ${region.level}, not a ${level}.`, { field: `${level}Id`, reason: 'UNKNOWN_VALUE' });
  return region;
}

/** Townships by id; all must exist. */
export async function requireTownships(db: Database, ids: number[]) {
  const rows = ids.length ? await db.selectFrom('regions').select(['id']).where('id', 'in', ids).where('level', '=', 'township').execute() : [];
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw badInput(`Unknown township(s): ${missing.join(', ')}.`, { field: 'townshipIds', reason: 'UNKNOWN_VALUE' });
}
