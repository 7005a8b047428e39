import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Role, Viewer } from './roles.js';
import { checkPassword } from './passwords.js';
import { unauthenticated } from '../platform/errors.js';

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

// Sessions live on this process's real time, not on the rules' clock (a simulation moving that
// clock a month ahead must not sign everybody out), and bind it into SQL like the clock: never
// PostgreSQL's now(), which may differ (another machine, or faketime on the tests' processes).
const DAY_MS = 86_400_000;

/** Signs a user in: a new bearer token (returned once, stored only as a digest). */
export async function signIn(db: Database, username: string, password: string, ttlHours: number) {
  const user = await db.selectFrom('users').selectAll().where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
  const ok = await checkPassword(user?.active ? user.password_hash : null, password);
  if (!user || !ok) throw unauthenticated('Wrong username or password.');
  const token = randomBytes(32).toString('base64url');
  const at = new Date();
  const expiresAt = new Date(at.getTime() + ttlHours * 3_600_000);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({ user_id: user.id, token_digest: digest(token), expires_at: expiresAt, created_at: at })
      .execute();
    await trx.updateTable('users').set({ last_signed_in_at: at }).where('id', '=', user.id).execute();
  });
  return { token, expiresAt, user };
}

/** Revokes one session. */
export async function signOut(db: Database, sessionId: number): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: new Date() }).where('id', '=', sessionId).execute();
}

/** Deletes sessions that expired more than a day ago (the worker runs this daily). */
export async function purgeExpiredSessions(db: Database): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('expires_at', '<', new Date(Date.now() - DAY_MS))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Reads `Authorization: Bearer <token>`; undefined when absent. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}

/**
 * The viewer behind a token, in one query: the user, the carer's employer and a grid
 * worker's villages. Throws UNAUTHENTICATED for an unknown, revoked or expired token.
 */
export async function authenticate(db: Database, token: string): Promise<Viewer> {
  if (!token) throw unauthenticated('The Authorization header must be "Bearer <token>".');
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('carers as c', 'c.id', 'u.carer_id')
    .select([
      's.id as session_id',
      's.expires_at',
      's.revoked_at',
      'u.id as user_id',
      'u.role',
      'u.active',
      'u.recipient_id',
      'u.carer_id',
      'u.township_id',
      sql<number | null>`coalesce(u.organisation_id, c.organisation_id)`.as('organisation_id'),
      sql<number[]>`array(select g.village_id from grid_worker_villages g where g.user_id = u.id order by 1)`.as('village_ids'),
    ])
    .where('s.token_digest', '=', digest(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || !row.active) throw unauthenticated('The token is not valid: sign in again.');
  if (row.expires_at <= new Date()) throw unauthenticated('The token has expired: sign in again.');
  return {
    userId: row.user_id,
    sessionId: row.session_id,
    role: row.role as Role,
    recipientId: row.recipient_id,
    organisationId: row.organisation_id,
    carerId: row.carer_id,
    townshipId: row.township_id,
    villageIds: row.village_ids,
  };
}
