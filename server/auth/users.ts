import type { Database } from '../db/database.js';
import { readPage, newestFirst, type PageArgs } from '../db/pagination.js';
import { badInput, conflict, notFound } from '../platform/errors.js';
import { recordEffects } from '../platform/outbox.js';
import { endSessionsOf, sessionNotice } from './sessions.js';
import { fromEnum, toId, toOptionalId } from '../platform/enums.js';
import { requireRegion } from '../regions/regions.js';
import { hashPassword, passwordProblem } from './passwords.js';
import type { Role, Viewer } from './roles.js';

type Id = string | number;

/** What a sign-in may do, as an admin gives it: a role and the scope that role needs. */
interface Access {
  /** The role as the API spells it (DISPATCHER) or as stored (dispatcher). */
  role: string;
  recipientId?: Id | null;
  organisationId?: Id | null;
  carerId?: Id | null;
  townshipId?: Id | null;
  villageIds?: Id[] | null;
}

/** A new sign-in as an admin describes it (the API's CreateUserInput has this shape). */
interface NewUser extends Access {
  username: string;
  password: string;
  displayName: string;
  phone?: string | null;
}

/** The scope column each role must carry, and only that one. */
const scopeOf: Partial<Record<Role, keyof Access>> = {
  recipient: 'recipientId',
  dispatcher: 'organisationId',
  carer: 'carerId',
  township_staff: 'townshipId',
  grid_worker: 'townshipId',
};
const scopeFields = ['recipientId', 'organisationId', 'carerId', 'townshipId'] as const;

/** An access checked: the role, the one scope column it needs, a grid worker's villages. Refuses a missing or stray scope. */
async function checkAccess(db: Database, input: Access, userId: number | null = null) {
  const role = fromEnum(input.role) as Role;
  for (const field of scopeFields) {
    const needed = scopeOf[role] === field;
    if (needed && !input[field]) throw badInput(`A ${role} needs ${field}.`, { field, reason: 'USER_SCOPE_MISSING' });
    if (!needed && input[field]) throw badInput(`A ${role} has no ${field}.`, { field, reason: 'USER_SCOPE_EXTRA' });
  }
  const villageIds = (input.villageIds ?? []).map((v) => toId(v, 'villageIds'));
  if (role !== 'grid_worker' && villageIds.length) throw badInput('Only grid workers have villages.', { field: 'villageIds', reason: 'USER_SCOPE_EXTRA' });
  if (role === 'grid_worker' && !villageIds.length)
    throw badInput('A grid worker needs the villages of their grid.', { field: 'villageIds', reason: 'USER_SCOPE_MISSING' });

  const townshipId = toOptionalId(input.townshipId, 'townshipId') ?? null;
  const recipientId = toOptionalId(input.recipientId, 'recipientId') ?? null;
  const carerId = toOptionalId(input.carerId, 'carerId') ?? null;
  // a recipient or a carer has one sign-in (users_recipient_idx, users_carer_idx): say so before the index does
  for (const [field, column, id] of [
    ['recipientId', 'recipient_id', recipientId],
    ['carerId', 'carer_id', carerId],
  ] as const) {
    if (id === null) continue;
    const holder = await db.selectFrom('users').select('id').where(column, '=', id).executeTakeFirst();
    if (holder && holder.id !== userId) throw conflict(`That ${field.slice(0, -2)} has a sign-in already.`, { field, reason: 'SIGN_IN_EXISTS' });
  }
  if (townshipId) await requireRegion(db, townshipId, 'township');
  for (const v of villageIds) {
    const village = await requireRegion(db, v, 'village');
    if (village.parent_id !== townshipId)
      throw badInput(`Village ${v} is not in township ${townshipId}.`, { field: 'villageIds', reason: 'VILLAGE_NOT_IN_TOWNSHIP' });
  }
  return {
    columns: {
      role,
      recipient_id: recipientId,
      organisation_id: toOptionalId(input.organisationId, 'organisationId') ?? null,
      carer_id: carerId,
      township_id: townshipId,
    },
    villageIds,
  };
}

async function setVillages(trx: Database, userId: number, villageIds: number[]) {
  await trx.deleteFrom('grid_worker_villages').where('user_id', '=', userId).execute();
  if (villageIds.length) {
    await trx
      .insertInto('grid_worker_villages')
      .values(villageIds.map((village_id) => ({ user_id: userId, village_id })))
      .execute();
  }
}

/** Creates a sign-in with the scope its role needs; refuses a missing or stray scope. */
export async function createUser(db: Database, input: NewUser) {
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9._-]{3,64}$/.test(username)) {
    throw badInput('A username has 3 to 64 letters, digits, dots, dashes or underscores.', { field: 'username', reason: 'USERNAME_INVALID' });
  }
  const weak = passwordProblem(input.password);
  if (weak) throw weak;
  if (!input.displayName.trim()) throw badInput('Give a display name.', { field: 'displayName', reason: 'FIELD_REQUIRED' });
  const access = await checkAccess(db, input);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
    if (taken) throw conflict(`The username ${username} is taken.`, { field: 'username', reason: 'USERNAME_TAKEN', username });
    const user = await trx
      .insertInto('users')
      .values({ username, password_hash: passwordHash, display_name: input.displayName.trim(), phone: input.phone ?? null, ...access.columns })
      .returningAll()
      .executeTakeFirstOrThrow();
    await setVillages(trx, user.id, access.villageIds);
    return user;
  });
}

/** The user, locked for the change (one admin's change at a time). */
async function lockUser(trx: Database, userId: number) {
  const user = await trx.selectFrom('users').selectAll().where('id', '=', userId).forUpdate().executeTakeFirst();
  if (!user) throw notFound('User', userId);
  return user;
}

/**
 * Turns a sign-in off or on again. Off ends its sessions at once (their sockets close on every
 * instance); an admin cannot turn off their own, which would leave nobody to turn it back on.
 */
export async function setUserActive(db: Database, admin: Viewer, userId: number, active: boolean) {
  if (!active && userId === admin.userId) throw conflict('You cannot turn off your own sign-in.', { reason: 'USER_SELF_DEACTIVATION' });
  return db.transaction().execute(async (trx) => {
    const user = await lockUser(trx, userId);
    if (user.active === active) return user;
    const updated = await trx.updateTable('users').set({ active }).where('id', '=', userId).returningAll().executeTakeFirstOrThrow();
    if (!active) await endSessionsOf(trx, userId, 'deactivated');
    return updated;
  });
}

/**
 * Changes what a sign-in may do: its role and scope, checked as for a new one. Its sessions
 * stay good; their sockets close and connect again, to be read with the new access.
 */
export async function changeUserAccess(db: Database, admin: Viewer, userId: number, input: Access) {
  const access = await checkAccess(db, input, userId);
  if (userId === admin.userId && access.columns.role !== admin.role) {
    throw conflict('You cannot change your own role.', { reason: 'USER_SELF_ROLE_CHANGE' });
  }
  return db.transaction().execute(async (trx) => {
    await lockUser(trx, userId);
    const updated = await trx.updateTable('users').set(access.columns).where('id', '=', userId).returningAll().executeTakeFirstOrThrow();
    await setVillages(trx, userId, access.villageIds);
    await recordEffects(trx, [sessionNotice({ change: 'access-changed', userIds: [userId] })]);
    return updated;
  });
}

/** Gives a sign-in a new password; every session it had ends. */
export async function resetUserPassword(db: Database, userId: number, password: string) {
  const weak = passwordProblem(password);
  if (weak) throw weak;
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    await lockUser(trx, userId);
    const updated = await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).returningAll().executeTakeFirstOrThrow();
    await endSessionsOf(trx, userId, 'password-reset');
    return updated;
  });
}

export interface UserFilter {
  role?: string | null;
  active?: boolean | null;
  search?: string | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A page of sign-ins, newest first, with the total: by role, on or off, and a search of the username or display name. */
export async function listUsers(db: Database, args: PageArgs & { filter?: UserFilter | null }) {
  const page = readPage(args, 20);
  const filter = args.filter ?? {};
  const search = filter.search?.trim() ?? '';
  let query = db.selectFrom('users');
  if (filter.role) query = query.where('role', '=', fromEnum(filter.role) as Role);
  if (typeof filter.active === 'boolean') query = query.where('active', '=', filter.active);
  if (search) {
    const contains = `%${escapeLike(search)}%`;
    query = query.where((eb) => eb.or([eb('username', 'like', contains.toLowerCase()), eb('display_name', 'ilike', contains)]));
  }
  return newestFirst(query.selectAll(), page);
}
