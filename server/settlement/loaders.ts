// Batched fields of statements and their lines: one query per field per request, however
// many statements a list returns (no N+1).
import type { MercuriusContext } from 'mercurius';
import type { Settlement } from '../db/rows.js';
import type { PageArgs } from '../db/pagination.js';
import { userNames } from '../graphql/loaders.js';
import { itemSubtotals, linePages, recipientSubtotals } from './statements.js';
import { fundPacesAsOf } from './fund-pace.js';

type Queries<P, A = unknown> = { obj: P; params: A }[];

export const settlementLoaders = {
  Settlement: {
    runByName: userNames<Settlement>((s) => s.run_by, null),
    approvedByName: userNames<Settlement>((s) => s.approved_by, null),
    paidByName: userNames<Settlement>((s) => s.paid_by, null),
    lines: (queries: Queries<Settlement, PageArgs>, ctx: MercuriusContext) =>
      linePages(
        ctx.db,
        queries.map((q) => ({ statement: q.obj, page: q.params })),
      ),
    byRecipient: (queries: Queries<Settlement>, ctx: MercuriusContext) =>
      recipientSubtotals(
        ctx.db,
        queries.map((q) => q.obj),
      ),
    byItem: (queries: Queries<Settlement>, ctx: MercuriusContext) =>
      itemSubtotals(
        ctx.db,
        queries.map((q) => q.obj),
      ),
    fundWarning: async (queries: Queries<Settlement>, ctx: MercuriusContext) =>
      (
        await fundPacesAsOf(
          ctx.db,
          queries.map((q) => q.obj),
        )
      ).map((pace) => pace.warning),
    fundPace: (queries: Queries<Settlement>, ctx: MercuriusContext) =>
      fundPacesAsOf(
        ctx.db,
        queries.map((q) => q.obj),
      ),
  },
};
