import type { Resolvers } from '../graphql/types.generated.js';
import type { Region } from '../db/rows.js';
import { guard } from '../graphql/guard.js';
import { toEnum, toId } from '../platform/enums.js';
import { hasMany } from '../graphql/loaders.js';
import { rowOf } from '../graphql/row-batches.js';
import { findRegion, listCounties } from './regions.js';

// The region tree is public reference data (it is printed on every service card).
export const regionResolvers: Resolvers = {
  Query: {
    regions: guard('public', (_p, _a, ctx) => listCounties(ctx.db)),
    region: guard('public', async (_p, { id }, ctx) => (await findRegion(ctx.db, toId(id))) ?? null),
  },
  Region: {
    parent: rowOf<Region>('regions', (r) => r.parent_id),
    level: (r) => toEnum(r.level) as never,
  },
};

export const regionLoaders = {
  Region: {
    children: hasMany<Region>('regions', 'parent_id', (r) => r.id, ['sort_order', 'id']),
  },
};
