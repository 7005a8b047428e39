// The record of sign-in locks (sign_in_locks) for county admins, and lifting a user's lock.
import type { Database } from '../db/database.js';
import { readPage, newestFirst, type PageArgs } from '../db/pagination.js';
import { notFound } from '../platform/errors.js';
import type { SignInThrottle } from './sign-in-throttle.js';

/** Sign-in locks, newest first; only one user's with `userId`. */
export async function listSignInLocks(db: Database, args: PageArgs & { userId?: number }) {
  const page = readPage(args, 20);
  let query = db.selectFrom('sign_in_locks');
  if (args.userId !== undefined) query = query.where('user_id', '=', args.userId);
  return newestFirst(query.selectAll(), page);
}

/**
 * Lets a user sign in again at once: their username's lock is lifted, its failures and earlier
 * locks forgotten, and the running lock's record says who lifted it. True when it was locked.
 * (An address lock is not lifted: it may be an attacker's.)
 */
export async function unlockUser(db: Database, throttle: SignInThrottle, adminId: number, userId: number): Promise<boolean> {
  const user = await db.selectFrom('users').select(['id', 'username']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('User', userId);
  const lifted = await throttle.unlock(user.username);
  // real time, as the locks run on (sign-in-throttle.ts)
  const at = new Date();
  const recorded = await db
    .updateTable('sign_in_locks')
    .set({ unlocked_by: adminId, unlocked_at: at })
    .where('user_id', '=', user.id)
    .where('unlocked_at', 'is', null)
    .where('locked_until', '>', at)
    .executeTakeFirst();
  return lifted || Number(recorded.numUpdatedRows) > 0;
}
