import type { MercuriusContext } from 'mercurius';
import type { Resolvers } from '../graphql/types.generated.js';
import type { BudgetAccount, ProgrammeYear, Recipient } from '../db/rows.js';
import { guard } from '../graphql/guard.js';
import { toOptionalId } from '../platform/enums.js';
import { rowOf } from '../graphql/row-batches.js';
import { countyYear } from '../platform/county-time.js';
import { accountCounts, listProgrammeYears, openProgrammeYear } from './programme-years.js';
import { accountScope, accountsFor, confirmedUnsettledFen, listBudgetAccounts } from './accounts.js';
import { availableFen } from './budget-rules.js';

export const budgetResolvers: Resolvers = {
  Query: {
    programmeYears: guard(['county_admin', 'finance', 'evaluator', 'township_staff'], (_p, _a, ctx) => listProgrammeYears(ctx.db)),
    budgetAccounts: guard(['finance', 'county_admin', 'evaluator', 'township_staff'], (_p, { year, first, after, townshipId }, ctx) =>
      listBudgetAccounts(ctx.db, { year, townshipId: accountScope(ctx.viewer, toOptionalId(townshipId, 'townshipId')) }, { first, after }),
    ),
  },
  Mutation: {
    openProgrammeYear: guard(['county_admin'], (_p, { input }, ctx) => openProgrammeYear(ctx.db, input)),
  },
  ProgrammeYear: {
    allocationPerRecipient: (y) => y.allocation_per_recipient_fen,
    countyFund: (y) => y.county_fund_fen,
  },
  BudgetAccount: {
    recipient: rowOf<BudgetAccount>('recipients', (a) => a.recipient_id),
    allocated: (a) => a.allocated_fen,
    held: (a) => a.held_fen,
    spent: (a) => a.spent_fen,
    available: (a) => availableFen(a),
    closedAt: (a) => a.closed_at,
  },
};

export const budgetLoaders = {
  BudgetAccount: {
    confirmedUnsettled: (queries: { obj: BudgetAccount }[], ctx: MercuriusContext) =>
      confirmedUnsettledFen(
        ctx.db,
        queries.map((q) => q.obj),
      ),
  },
  ProgrammeYear: {
    accountCount: async (queries: { obj: ProgrammeYear }[], ctx: MercuriusContext) => {
      const counts = await accountCounts(
        ctx.db,
        queries.map((q) => q.obj.year),
      );
      return queries.map((q) => counts.get(q.obj.year) ?? 0);
    },
  },
  // The only Recipient field this domain owns; whoever resolved the recipient checked scope.
  Recipient: {
    budget: async (queries: { obj: Recipient; params: { year?: number | null } }[], ctx: MercuriusContext) => {
      const current = countyYear();
      return accountsFor(
        ctx.db,
        queries.map((q) => ({ recipientId: q.obj.id, year: q.params.year ?? current })),
      );
    },
  },
};
