import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Role, Viewer } from './roles.js';
import { checkPassword } from './passwords.js';
import type { SignInGate } from './sign-in-throttle.js';
import type { User } from '../db/rows.js';
import { unauthenticated } from '../platform/errors.js';
import { recordEffects } from '../platform/outbox.js';
import type { Effect } from '../platform/outbox.js';

/** The deployment-local topic of session ends and access changes (live-sessions.ts closes sockets on it). */
export const SESSIONS_TOPIC = 'sessions';

export type SessionChange = 'signed-out' | 'deactivated' | 'password-reset' | 'access-changed';

export interface SessionNotice {
  change: SessionChange;
  sessionIds?: number[];
  userIds?: number[];
}

/** The outbox effect announcing a change to every instance. */
export const sessionNotice = (notice: SessionNotice): Effect => ({ kind: 'notice', topic: SESSIONS_TOPIC, payload: { ...notice } });

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

// Sessions live on this process's real time, not on the rules' clock (a simulation moving that
// clock a month ahead must not sign everybody out), and bind it into SQL like the clock: never
// PostgreSQL's now(), which may differ (another machine, or faketime on the tests' processes).
const DAY_MS = 86_400_000;

/**
 * Signs a user in under the sign-in limits (sign-in-throttle.ts): a new bearer token. An
 * unknown user, an inactive one and a wrong password get the same answer after the same work
 * (a decoy hash is checked when there is no stored one); a locked one gets SIGN_IN_LOCKED
 * before any password is checked.
 */
export async function signIn(db: Database, limits: SignInGate, username: string, password: string, ttlHours: number) {
  const name = username.trim().toLowerCase();
  const attempt = await limits.begin(name);
  const user = await db.selectFrom('users').selectAll().where('username', '=', name).executeTakeFirst();
  const ok = await checkPassword(user?.active ? user.password_hash : null, password);
  if (!user || !ok) {
    await attempt.failed();
    throw unauthenticated('Wrong username or password.');
  }
  await attempt.succeeded();
  return openSession(db, user, ttlHours);
}

/** A new session for a user whose sign-in was checked: the bearer token (returned once, stored only as a digest). */
export async function openSession(db: Database, user: User, ttlHours: number) {
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

/** Revokes one session; its sockets on every instance are closed. */
export async function signOut(db: Database, sessionId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('sessions').set({ revoked_at: new Date() }).where('id', '=', sessionId).execute();
    await recordEffects(trx, [sessionNotice({ change: 'signed-out', sessionIds: [sessionId] })]);
  });
}

/**
 * Revokes every open session of a user (deactivated, or given a new password), in the
 * caller's transaction; their sockets on every instance are closed once it commits.
 */
export async function endSessionsOf(trx: Database, userId: number, change: 'deactivated' | 'password-reset'): Promise<void> {
  await trx.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  await recordEffects(trx, [sessionNotice({ change, userIds: [userId] })]);
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

type SessionQuery = ReturnType<typeof sessionQuery>;

const sessionQuery = (db: Database) =>
  db
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
    ]);

/**
 * Sessions as they are now, in one query, each with its viewer (the user, the carer's employer
 * and a grid worker's villages) and whether it has ended (revoked, expired, or its user
 * deactivated). `where` picks them.
 */
export async function sessionViewers(db: Database, where: (query: SessionQuery) => SessionQuery) {
  const rows = await where(sessionQuery(db)).execute();
  const now = Date.now();
  return rows.map((row) => ({
    ended: row.revoked_at !== null || !row.active ? ('revoked' as const) : row.expires_at.getTime() <= now ? ('expired' as const) : null,
    viewer: {
      userId: row.user_id,
      sessionId: row.session_id,
      sessionExpiresAt: row.expires_at,
      role: row.role as Role,
      recipientId: row.recipient_id,
      organisationId: row.organisation_id,
      carerId: row.carer_id,
      townshipId: row.township_id,
      villageIds: row.village_ids,
    } satisfies Viewer,
  }));
}

/**
 * The viewer behind a token. Throws UNAUTHENTICATED for an unknown, revoked or expired token.
 */
export async function authenticate(db: Database, token: string): Promise<Viewer> {
  if (!token) throw unauthenticated('The Authorization header must be "Bearer <token>".');
  const [session] = await sessionViewers(db, (q) => q.where('s.token_digest', '=', digest(token)));
  if (!session || session.ended === 'revoked') throw unauthenticated('The token is not valid: sign in again.');
  if (session.ended === 'expired') throw unauthenticated('The token has expired: sign in again.');
  return session.viewer;
}
