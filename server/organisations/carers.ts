import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import { badInput, conflict, forbidden, notFound } from '../platform/errors.js';
import { readPage, newestFirst, type PageArgs } from '../db/pagination.js';
import { requireRegion } from '../regions/regions.js';
import { requireOrganisation } from './organisations.js';
import { validateWorkingHours, type WorkingHoursInput } from './working-hours.js';
import { validateQualification, validateQualifications, type QualificationInput } from './qualifications.js';

export type CarerKind = 'professional' | 'assisted_employment';
const hardshipCategories = ['dibao', 'dibao_edge', 'rigid_expenditure', 'relapse_monitoring', 'other_low_income'] as const;

/** The carers a viewer may see: a query over `carers` narrowed to their scope. */
function carersInScope(db: Database, viewer: Viewer) {
  const all = db.selectFrom('carers');
  switch (viewer.role) {
    case 'county_admin':
    case 'evaluator':
    case 'finance':
    case 'hotline_operator':
      return all;
    case 'dispatcher':
      if (viewer.organisationId === null) break;
      return all.where('organisation_id', '=', viewer.organisationId);
    case 'carer':
      if (viewer.carerId === null) break;
      return all.where('id', '=', viewer.carerId);
    case 'township_staff':
      if (viewer.townshipId === null) break;
      return all.where('home_village_id', 'in', db.selectFrom('regions').select('id').where('parent_id', '=', viewer.townshipId));
    case 'grid_worker':
      return viewer.villageIds.length ? all.where('home_village_id', 'in', viewer.villageIds) : all.where(sql<boolean>`false`);
    default:
      break;
  }
  // recipients see their carers through Recipient.pairedCarers, never the carer list
  throw forbidden('Your role does not see the carer list.');
}

interface CarerListArgs extends PageArgs {
  organisationId?: number;
  filter?: { kind?: CarerKind | null; villageId?: number | null; active?: boolean | null } | null;
}

/** A page of the carers the viewer may see, newest first; a dispatcher only sees their own organisation's. */
export async function listCarers(db: Database, viewer: Viewer, args: CarerListArgs) {
  const page = readPage(args, 50);
  if (viewer.role === 'dispatcher' && args.organisationId !== undefined && args.organisationId !== viewer.organisationId) {
    throw forbidden('A dispatcher sees only their own organisation’s carers.');
  }
  let query = carersInScope(db, viewer);
  const { filter } = args;
  if (args.organisationId !== undefined) query = query.where('organisation_id', '=', args.organisationId);
  if (filter?.kind) query = query.where('kind', '=', filter.kind);
  if (filter?.villageId) query = query.where('home_village_id', '=', filter.villageId);
  if (typeof filter?.active === 'boolean') query = query.where('active', '=', filter.active);
  return newestFirst(query.selectAll(), page);
}

/** One carer the viewer may see: NOT_FOUND when there is none, FORBIDDEN when outside their scope. */
export async function findCarer(db: Database, viewer: Viewer, id: number) {
  const row = await carersInScope(db, viewer).selectAll().where('id', '=', id).executeTakeFirst();
  if (row) return row;
  const exists = await db.selectFrom('carers').select('id').where('id', '=', id).executeTakeFirst();
  throw exists ? forbidden('This carer is outside your scope.') : notFound('Carer', id);
}

/** Refuses unless the viewer manages this organisation's carers: a county admin, or its own dispatcher. */
function assertManagesCarersOf(viewer: Viewer, organisationId: number): void {
  if (viewer.role === 'county_admin') return;
  if (viewer.role === 'dispatcher' && viewer.organisationId === organisationId) return;
  throw forbidden('Only a county admin or the organisation’s own dispatcher manages its carers.');
}

/** The carer, when the viewer manages it (locked for the rest of the transaction when `lock`). */
export async function requireManagedCarer(db: Database, viewer: Viewer, carerId: number, lock = false) {
  let query = db.selectFrom('carers').selectAll().where('id', '=', carerId);
  if (lock) query = query.forUpdate();
  const carer = await query.executeTakeFirst();
  if (!carer) throw notFound('Carer', carerId);
  assertManagesCarersOf(viewer, carer.organisation_id);
  return carer;
}

interface NewCarer {
  organisationId: number;
  name: string;
  phone?: string | null;
  kind: CarerKind;
  homeVillageId: number;
  hardshipCategory?: string | null;
  workingHours?: WorkingHoursInput[] | null;
  qualifications?: QualificationInput[] | null;
}

/** Registers a carer with their weekly hours and certificates, in one transaction. */
export async function registerCarer(db: Database, viewer: Viewer, input: NewCarer) {
  // before any lookup, so a dispatcher learns nothing about other organisations
  assertManagesCarersOf(viewer, input.organisationId);
  const name = input.name.trim();
  if (!name) throw badInput('Give the carer’s name.', { field: 'name', reason: 'FIELD_REQUIRED' });
  const phone = input.phone?.trim() || null;
  if (phone && !/^[0-9+-]{5,20}$/.test(phone)) throw badInput('A phone number has 5 to 20 digits, + or -.', { field: 'phone', reason: 'PHONE_FORMAT' });
  const hardship = input.hardshipCategory ?? null;
  // 以困助困: an assisted-employment carer is hired because they are in hardship themselves
  if (input.kind === 'assisted_employment' && !hardship) {
    throw badInput('An assisted-employment carer needs their hardship category.', { field: 'hardshipCategory', reason: 'HARDSHIP_REQUIRED' });
  }
  if (input.kind === 'professional' && hardship) {
    throw badInput('A professional carer has no hardship category.', { field: 'hardshipCategory', reason: 'HARDSHIP_NOT_PROFESSIONAL' });
  }
  if (hardship && !(hardshipCategories as readonly string[]).includes(hardship)) {
    throw badInput(`Unknown hardship category ${hardship}.`, { field: 'hardshipCategory', reason: 'UNKNOWN_VALUE' });
  }
  const hours = validateWorkingHours(input.workingHours ?? []);
  const qualifications = validateQualifications(input.qualifications ?? []);
  await requireOrganisation(db, input.organisationId);
  await requireRegion(db, input.homeVillageId, 'village');

  return db.transaction().execute(async (trx) => {
    const carer = await trx
      .insertInto('carers')
      .values({ organisation_id: input.organisationId, name, phone, kind: input.kind, home_village_id: input.homeVillageId, hardship_category: hardship })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (hours.length)
      await trx
        .insertInto('carer_working_hours')
        .values(hours.map((h) => ({ ...h, carer_id: carer.id })))
        .execute();
    if (qualifications.length) {
      await trx
        .insertInto('carer_qualifications')
        .values(qualifications.map((q) => ({ ...q, carer_id: carer.id })))
        .execute();
    }
    return carer;
  });
}

/** Adds a certificate to a carer; the same certificate twice is a CONFLICT. */
export async function addCarerQualification(db: Database, viewer: Viewer, carerId: number, input: QualificationInput) {
  const carer = await requireManagedCarer(db, viewer, carerId);
  const row = validateQualification(input);
  const inserted = await db
    .insertInto('carer_qualifications')
    .values({ ...row, carer_id: carerId })
    .onConflict((oc) => oc.columns(['carer_id', 'kind', 'certificate_number']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw conflict('The carer already holds this certificate.', { field: 'certificateNumber', reason: 'CERTIFICATE_HELD' });
  return carer;
}

/** Replaces a carer's weekly hours (an empty list: not available), in one transaction. */
export async function setCarerWorkingHours(db: Database, viewer: Viewer, carerId: number, input: WorkingHoursInput[]) {
  return db.transaction().execute(async (trx) => {
    // the lock keeps two replacements from interleaving their delete and insert
    const carer = await requireManagedCarer(trx, viewer, carerId, true);
    const hours = validateWorkingHours(input);
    await trx.deleteFrom('carer_working_hours').where('carer_id', '=', carerId).execute();
    if (hours.length)
      await trx
        .insertInto('carer_working_hours')
        .values(hours.map((h) => ({ ...h, carer_id: carerId })))
        .execute();
    return carer;
  });
}

/** Turns a carer on or off for new work and pairings. */
export async function setCarerActive(db: Database, viewer: Viewer, carerId: number, active: boolean) {
  await requireManagedCarer(db, viewer, carerId);
  return db.updateTable('carers').set({ active }).where('id', '=', carerId).returningAll().executeTakeFirstOrThrow();
}
