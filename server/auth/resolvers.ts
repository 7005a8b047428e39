import type { MercuriusContext } from 'mercurius';
import type { Resolvers } from '../graphql/types.generated.js';
import type { User } from '../db/rows.js';
import { rowOf } from '../graphql/row-batches.js';
import { guard } from '../graphql/guard.js';
import { signIn, signOut } from './sessions.js';
import { createUser } from './users.js';
import { toEnum } from '../platform/enums.js';
import { badInput } from '../platform/errors.js';

export const authResolvers: Resolvers = {
  Query: {
    me: guard('public', async (_p, _a, ctx) =>
      ctx.viewer ? ctx.db.selectFrom('users').selectAll().where('id', '=', ctx.viewer.userId).executeTakeFirstOrThrow() : null,
    ),
  },
  Mutation: {
    signIn: guard('public', async (_p, { username, password }, ctx) => {
      if (!username.trim() || !password) throw badInput('Give a username and a password.');
      return signIn(ctx.db, username, password, ctx.config.SESSION_TTL_HOURS);
    }),
    signOut: guard('signed-in', async (_p, _a, ctx) => {
      await signOut(ctx.db, ctx.viewer.sessionId);
      return true;
    }),
    createUser: guard(['county_admin'], (_p, { input }, ctx) => createUser(ctx.db, input)),
  },
  User: {
    recipient: rowOf<User>('recipients', (u) => u.recipient_id),
    organisation: rowOf<User>('organisations', (u) => u.organisation_id),
    carer: rowOf<User>('carers', (u) => u.carer_id),
    township: rowOf<User>('regions', (u) => u.township_id),
    displayName: (u) => u.display_name,
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
