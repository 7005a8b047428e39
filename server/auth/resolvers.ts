import type { MercuriusContext } from 'mercurius';
import type { Resolvers } from '../graphql/types.generated.js';
import type { SignInLock, User } from '../db/rows.js';
import { rowOf } from '../graphql/row-batches.js';
import { guard } from '../graphql/guard.js';
import { signIn, signOut } from './sessions.js';
import { changeUserAccess, createUser, listUsers, resetUserPassword, setUserActive } from './users.js';
import { listSignInLocks, unlockUser } from './sign-in-locks.js';
import { toEnum, toId, toOptionalId } from '../platform/enums.js';
import { badInput } from '../platform/errors.js';

export const authResolvers: Resolvers = {
  Query: {
    me: guard('public', async (_p, _a, ctx) =>
      ctx.viewer ? ctx.db.selectFrom('users').selectAll().where('id', '=', ctx.viewer.userId).executeTakeFirstOrThrow() : null,
    ),
    users: guard(['county_admin'], (_p, args, ctx) => listUsers(ctx.db, args)),
    signInLocks: guard(['county_admin'], (_p, { userId, ...page }, ctx) => listSignInLocks(ctx.db, { ...page, userId: toOptionalId(userId, 'userId') })),
  },
  Mutation: {
    signIn: guard('public', async (_p, { username, password }, ctx) => {
      if (!username.trim() || !password) throw badInput('Give a username and a password.', { reason: 'SIGN_IN_FIELDS' });
      return signIn(ctx.db, ctx.signInThrottle.at(ctx.reply.request), username, password, ctx.config.SESSION_TTL_HOURS);
    }),
    signOut: guard('signed-in', async (_p, _a, ctx) => {
      await signOut(ctx.db, ctx.viewer.sessionId);
      return true;
    }),
    createUser: guard(['county_admin'], (_p, { input }, ctx) => createUser(ctx.db, input)),
    setUserActive: guard(['county_admin'], (_p, { userId, active }, ctx) => setUserActive(ctx.db, ctx.viewer, toId(userId, 'userId'), active)),
    changeUserAccess: guard(['county_admin'], (_p, { userId, input }, ctx) => changeUserAccess(ctx.db, ctx.viewer, toId(userId, 'userId'), input)),
    resetUserPassword: guard(['county_admin'], (_p, { userId, password }, ctx) => resetUserPassword(ctx.db, toId(userId, 'userId'), password)),
    unlockUser: guard(['county_admin'], (_p, { userId }, ctx) => unlockUser(ctx.db, ctx.signInThrottle, ctx.viewer.userId, toId(userId, 'userId'))),
  },
  SignInLock: {
    kind: (l) => toEnum(l.kind) as never,
    user: rowOf<SignInLock>('users', (l) => l.user_id),
    lockedAt: (l) => l.locked_at,
    lockedUntil: (l) => l.locked_until,
    unlockedAt: (l) => l.unlocked_at,
    unlockedBy: rowOf<SignInLock>('users', (l) => l.unlocked_by),
  },
  User: {
    recipient: rowOf<User>('recipients', (u) => u.recipient_id),
    organisation: rowOf<User>('organisations', (u) => u.organisation_id),
    carer: rowOf<User>('carers', (u) => u.carer_id),
    township: rowOf<User>('regions', (u) => u.township_id),
    displayName: (u) => u.display_name,
    lastSignedInAt: (u) => u.last_signed_in_at,
    role: (u) => toEnum(u.role) as never,
  },
};

export const authLoaders = {
  User: {
    villages: async (queries: { obj: User }[], ctx: MercuriusContext) => {
      const db = ctx.db;
      const ids = queries.map((q) => q.obj.id);
      const rows = await db
        .selectFrom('grid_worker_villages as g')
        .innerJoin('regions as r', 'r.id', 'g.village_id')
        .selectAll('r')
        .select('g.user_id')
        .where('g.user_id', 'in', ids)
        .orderBy('r.sort_order')
        .execute();
      return queries.map((q) => rows.filter((r) => r.user_id === q.obj.id));
    },
  },
};
