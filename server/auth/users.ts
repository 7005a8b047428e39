import type { Database } from '../db/database.js';
import { badInput, conflict } from '../platform/errors.js';
import { fromEnum, toId, toOptionalId } from '../platform/enums.js';
import { requireRegion } from '../regions/regions.js';
import { hashPassword, passwordProblem } from './passwords.js';
import type { Role } from './roles.js';

type Id = string | number;

/** A new sign-in as an admin describes it (the API's CreateUserInput has this shape). */
interface NewUser {
  username: string;
  password: string;
  displayName: string;
  /** The role as the API spells it (DISPATCHER) or as stored (dispatcher). */
  role: string;
  phone?: string | null;
  recipientId?: Id | null;
  organisationId?: Id | null;
  carerId?: Id | null;
  townshipId?: Id | null;
  villageIds?: Id[] | null;
}

/** The scope column each role must carry, and only that one. */
const scopeOf: Partial<Record<Role, keyof NewUser>> = {
  recipient: 'recipientId',
  dispatcher: 'organisationId',
  carer: 'carerId',
  township_staff: 'townshipId',
  grid_worker: 'townshipId',
};
const scopeFields = ['recipientId', 'organisationId', 'carerId', 'townshipId'] as const;

/** Creates a sign-in with the scope its role needs; refuses a missing or stray scope. */
export async function createUser(db: Database, input: NewUser) {
  const role = fromEnum(input.role) as Role;
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9._-]{3,64}$/.test(username)) {
    throw badInput('A username has 3 to 64 letters, digits, dots, dashes or underscores.', { field: 'username' });
  }
  const weak = passwordProblem(input.password);
  if (weak) throw badInput(weak, { field: 'password' });
  if (!input.displayName.trim()) throw badInput('Give a display name.', { field: 'displayName' });
  for (const field of scopeFields) {
    const needed = scopeOf[role] === field;
    if (needed && !input[field]) throw badInput(`A ${role} needs ${field}.`, { field });
    if (!needed && input[field]) throw badInput(`A ${role} has no ${field}.`, { field });
  }
  const villageIds = (input.villageIds ?? []).map((v) => toId(v, 'villageIds'));
  if (role !== 'grid_worker' && villageIds.length) throw badInput('Only grid workers have villages.', { field: 'villageIds' });
  if (role === 'grid_worker' && !villageIds.length) throw badInput('A grid worker needs the villages of their grid.', { field: 'villageIds' });

  const townshipId = toOptionalId(input.townshipId, 'townshipId');
  if (townshipId) await requireRegion(db, townshipId, 'township');
  for (const v of villageIds) {
    const village = await requireRegion(db, v, 'village');
    if (village.parent_id !== townshipId) throw badInput(`Village ${v} is not in township ${townshipId}.`, { field: 'villageIds' });
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
    if (taken) throw conflict(`The username ${username} is taken.`);
    const user = await trx
      .insertInto('users')
      .values({
        username,
        password_hash: passwordHash,
        display_name: input.displayName.trim(),
        role,
        phone: input.phone ?? null,
        recipient_id: toOptionalId(input.recipientId, 'recipientId') ?? null,
        organisation_id: toOptionalId(input.organisationId, 'organisationId') ?? null,
        carer_id: toOptionalId(input.carerId, 'carerId') ?? null,
        township_id: townshipId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (villageIds.length) {
      await trx
        .insertInto('grid_worker_villages')
        .values(villageIds.map((village_id) => ({ user_id: user.id, village_id })))
        .execute();
    }
    return user;
  });
}
