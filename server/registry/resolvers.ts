import type { MercuriusContext } from 'mercurius';
import type { Resolvers } from '../graphql/types.generated.js';
import type { AssessedNeed, NeedsAssessment, Recipient, RecipientMove, RecipientStatusChange } from '../db/rows.js';
import { guard } from '../graphql/guard.js';
import { toEnum, toId } from '../platform/enums.js';
import { hasMany, userNames } from '../graphql/loaders.js';
import { rowOf } from '../graphql/row-batches.js';
import { registerRecipient, updateRecipientContact, listRecipients, revealIdNumber } from './recipients.js';
import { toRecipientStatus } from './recipient-lifecycle.js';
import { changeRecipientStatus } from './change-status.js';
import { moveRecipient } from './moving.js';
import { recordNeedsAssessment } from './assessments.js';
import { issueServiceCard } from './service-cards.js';
import { registryWriters, requireVisibleRecipient } from './scope.js';

// Every role may read recipients, each within recipientScope (a recipient sees only
// themselves); ID numbers leave the server only through revealIdNumber, which is logged.
const everyone = ['county_admin', 'hotline_operator', 'evaluator', 'finance', 'township_staff', 'grid_worker', 'recipient', 'dispatcher', 'carer'] as const;

export const registryResolvers: Resolvers = {
  Query: {
    recipients: guard(everyone, (_p, { first, after, filter }, ctx) => listRecipients(ctx.db, ctx.config, ctx.viewer, { first, after, filter })),
    recipient: guard(everyone, (_p, { id }, ctx) => requireVisibleRecipient(ctx.db, ctx.viewer, toId(id))),
  },
  Mutation: {
    registerRecipient: guard(registryWriters.register, (_p, { input }, ctx) => registerRecipient(ctx.db, ctx.config, ctx.viewer, input)),
    updateRecipientContact: guard(registryWriters.contact, (_p, { recipientId, input }, ctx) =>
      updateRecipientContact(ctx.db, ctx.viewer, toId(recipientId, 'recipientId'), input),
    ),
    moveRecipient: guard(registryWriters.manage, (_p, { recipientId, input }, ctx) =>
      moveRecipient(ctx.db, ctx.viewer, toId(recipientId, 'recipientId'), { ...input, villageId: toId(input.villageId, 'villageId') }),
    ),
    changeRecipientStatus: guard(registryWriters.manage, (_p, { recipientId, status, reason }, ctx) =>
      changeRecipientStatus(ctx.db, ctx.config, ctx.viewer, toId(recipientId, 'recipientId'), toRecipientStatus(status), reason),
    ),
    recordNeedsAssessment: guard(registryWriters.manage, (_p, { input }, ctx) => recordNeedsAssessment(ctx.db, ctx.viewer, input)),
    issueServiceCard: guard(registryWriters.manage, (_p, { recipientId }, ctx) =>
      issueServiceCard(ctx.db, ctx.config, ctx.viewer, toId(recipientId, 'recipientId')),
    ),
    revealIdNumber: guard(registryWriters.manage, (_p, { recipientId, reason }, ctx) =>
      revealIdNumber(ctx.db, ctx.config, ctx.viewer, toId(recipientId, 'recipientId'), reason),
    ),
  },
  Recipient: {
    household: rowOf<Recipient>('households', (r) => r.household_id),
    // batched by id, not as loaders: recipients come in long lists (graphql/row-batches.ts)
    village: rowOf<Recipient>('regions', (r) => r.village_id),
    township: rowOf<Recipient>('regions', (r) => r.township_id),
    gender: (r) => toEnum(r.gender) as never,
    birthDate: (r) => r.birth_date,
    idNumberMasked: (r) => r.id_number_masked,
    eligibilityCategory: (r) => toEnum(r.eligibility_category) as never,
    disabilityLevel: (r) => toEnum(r.disability_level) as never,
    serviceCardNumber: (r) => r.service_card_number,
    serviceCardIssuedAt: (r) => r.service_card_issued_at,
    status: (r) => toEnum(r.status) as never,
    statusChangedAt: (r) => r.status_changed_at,
    createdAt: (r) => r.created_at,
  },
  Household: {
    householdNumber: (h) => h.household_number,
    headName: (h) => h.head_name,
  },
  RecipientMove: {
    fromVillage: rowOf<RecipientMove>('regions', (m) => m.from_village_id),
    toVillage: rowOf<RecipientMove>('regions', (m) => m.to_village_id),
    fromAddress: (m) => m.from_address,
    toAddress: (m) => m.to_address,
  },
  RecipientStatusChange: {
    fromStatus: (c) => (c.from_status ? (toEnum(c.from_status) as never) : null),
    toStatus: (c) => toEnum(c.to_status) as never,
    changedBy: (c) => c.changed_by_name,
    changedAt: (c) => c.at,
  },
  NeedsAssessment: {
    assessedOn: (a) => a.assessed_on,
  },
  AssessedNeed: {
    serviceItem: rowOf<AssessedNeed>('service_items', (n) => n.service_item_id),
    timesPerMonth: (n) => n.times_per_month,
  },
};

export const registryLoaders = {
  RecipientMove: {
    movedByName: userNames<RecipientMove>((m) => m.moved_by, ''),
  },
  Recipient: {
    moves: hasMany<Recipient>('recipient_moves', 'recipient_id', (r) => r.id, ['id']),
    // one query for the page, with who made each change (a name, not a user id)
    statusHistory: async (queries: { obj: Recipient }[], ctx: MercuriusContext): Promise<RecipientStatusChange[][]> => {
      const ids = [...new Set(queries.map((q) => q.obj.id))];
      const rows = await ctx.db
        .selectFrom('recipient_status_changes as c')
        .leftJoin('users as u', 'u.id', 'c.actor_id')
        .selectAll('c')
        .select('u.display_name as changed_by_name')
        .where('c.recipient_id', 'in', ids)
        .orderBy('c.at')
        .orderBy('c.id')
        .execute();
      const byRecipient = new Map<number, RecipientStatusChange[]>();
      for (const r of rows) byRecipient.set(r.recipient_id, [...(byRecipient.get(r.recipient_id) ?? []), r]);
      return queries.map((q) => byRecipient.get(q.obj.id) ?? []);
    },
    latestAssessment: async (queries: { obj: Recipient }[], ctx: MercuriusContext): Promise<(NeedsAssessment | null)[]> => {
      const ids = [...new Set(queries.map((q) => q.obj.id))];
      const rows = await ctx.db
        .selectFrom('needs_assessments')
        .distinctOn('recipient_id')
        .selectAll()
        .where('recipient_id', 'in', ids)
        .orderBy('recipient_id')
        .orderBy('assessed_on', 'desc')
        .orderBy('id', 'desc')
        .execute();
      const byRecipient = new Map(rows.map((r) => [r.recipient_id, r]));
      return queries.map((q) => byRecipient.get(q.obj.id) ?? null);
    },
  },
  NeedsAssessment: {
    needs: hasMany<NeedsAssessment, AssessedNeed>('assessed_needs', 'assessment_id', (a) => a.id, ['service_item_id']),
  },
};
