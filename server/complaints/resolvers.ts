import type { MercuriusContext } from 'mercurius';
import type { Resolvers } from '../graphql/types.generated.js';
import type { Complaint, ComplaintEvent, Order } from '../db/rows.js';
import { guard } from '../graphql/guard.js';
import type { Role } from '../auth/roles.js';
import { fromEnum, toEnum, toId, toOptionalId } from '../platform/enums.js';
import { hasMany, userNames } from '../graphql/loaders.js';
import { rowOf } from '../graphql/row-batches.js';
import { listComplaints, complaintsOfOrders } from './complaint-queries.js';
import { requireVisibleComplaint } from './complaint-scope.js';
import { answerComplaint, assignComplaint, closeComplaint, reopenComplaint, reopenableUntil } from './complaint-steps.js';
import { COUNTY_ESCALATION_TOPIC, townshipEscalationTopic, type EscalationNotice } from './escalation.js';
import { subscribeTo } from '../graphql/subscriptions.js';
import type { GraphQLContext } from '../graphql/context.js';
import { forbidden } from '../platform/errors.js';
import { disputeService, recordComplaint } from './record-complaint.js';
import { verifyComplaint } from './verify-complaint.js';
import type { ComplaintStatus } from './complaint-lifecycle.js';
import type { ComplaintSeverity } from './deadlines.js';
import type { ComplaintCategory, ComplaintRow } from './complaint-rows.js';
import { nowMs } from '../platform/clock.js';

/** Carers and finance see no tickets (complaintVisibility); the guard refuses them outright. */
const readers = [
  'hotline_operator',
  'county_admin',
  'evaluator',
  'recipient',
  'grid_worker',
  'dispatcher',
  'township_staff',
] as const satisfies readonly Role[];
const recorders = ['hotline_operator', 'recipient', 'grid_worker'] as const;
const hotline = ['hotline_operator', 'county_admin'] as const;

export const complaintResolvers: Resolvers = {
  Query: {
    complaints: guard(readers, (_p, { first, after, filter }, ctx) =>
      listComplaints(
        ctx.db,
        ctx.viewer,
        { first, after },
        {
          status: filter?.status?.map((s) => fromEnum(s) as ComplaintStatus),
          overdue: filter?.overdue,
          escalated: filter?.escalated,
          organisationId: toOptionalId(filter?.organisationId, 'organisationId'),
          recipientId: toOptionalId(filter?.recipientId, 'recipientId'),
          assignedToMe: filter?.assignedToMe,
        },
      ),
    ),
    complaint: guard(readers, (_p, { id }, ctx) => requireVisibleComplaint(ctx.db, ctx.viewer, toId(id))),
  },
  Mutation: {
    recordComplaint: guard(recorders, (_p, { input }, ctx) =>
      recordComplaint(ctx.db, ctx.viewer, {
        recipientId: toOptionalId(input.recipientId, 'recipientId'),
        orderId: toOptionalId(input.orderId, 'orderId'),
        organisationId: toOptionalId(input.organisationId, 'organisationId'),
        category: fromEnum(input.category) as ComplaintCategory,
        severity: fromEnum(input.severity) as ComplaintSeverity,
        description: input.description,
        complainantName: input.complainantName,
        complainantPhone: input.complainantPhone,
      }),
    ),
    disputeService: guard(recorders, (_p, { orderId, reason }, ctx) => disputeService(ctx.db, ctx.viewer, toId(orderId, 'orderId'), reason)),
    assignComplaint: guard(hotline, (_p, { complaintId, organisationId, townshipId, note }, ctx) =>
      assignComplaint(
        ctx.db,
        ctx.viewer,
        toId(complaintId, 'complaintId'),
        {
          organisationId: toOptionalId(organisationId, 'organisationId'),
          townshipId: toOptionalId(townshipId, 'townshipId'),
        },
        note,
      ),
    ),
    verifyComplaint: guard(['dispatcher', 'township_staff', 'county_admin'], (_p, { complaintId, upheld, findings }, ctx) =>
      verifyComplaint(ctx.db, ctx.viewer, toId(complaintId, 'complaintId'), upheld, findings),
    ),
    answerComplaint: guard(hotline, (_p, { complaintId, answer, satisfied }, ctx) =>
      answerComplaint(ctx.db, ctx.viewer, toId(complaintId, 'complaintId'), answer, satisfied ?? null),
    ),
    reopenComplaint: guard(['recipient', 'grid_worker', 'hotline_operator', 'county_admin'], (_p, { complaintId, reason }, ctx) =>
      reopenComplaint(ctx.db, ctx.viewer, toId(complaintId, 'complaintId'), reason, ctx.config.COMPLAINT_REOPEN_DAYS),
    ),
    closeComplaint: guard(hotline, (_p, { complaintId, note }, ctx) => closeComplaint(ctx.db, ctx.viewer, toId(complaintId, 'complaintId'), note)),
  },
  Subscription: {
    complaintEscalated: {
      subscribe: guard(['township_staff', 'county_admin', 'hotline_operator'], async (_p, _a, ctx) => {
        if (ctx.viewer.role !== 'township_staff') return subscribeTo(ctx, COUNTY_ESCALATION_TOPIC);
        if (ctx.viewer.townshipId === null) throw forbidden();
        return subscribeTo(ctx, townshipEscalationTopic(ctx.viewer.townshipId));
      }),
      // read through the viewer's scope, as the socket's session sees it now
      resolve: (notice: EscalationNotice, _a: unknown, ctx: GraphQLContext) => requireVisibleComplaint(ctx.db, ctx.viewer!, notice.complaintId),
    },
  } as never,
  Complaint: {
    recipient: rowOf<Complaint>('recipients', (c) => c.recipient_id),
    order: rowOf<Complaint>('orders', (c) => c.order_id),
    organisation: rowOf<Complaint>('organisations', (c) => c.organisation_id),
    township: rowOf<Complaint>('regions', (c) => c.township_id),
    assignedOrganisation: rowOf<Complaint>('organisations', (c) => c.assigned_organisation_id),
    assignedTownship: rowOf<Complaint>('regions', (c) => c.assigned_township_id),
    category: (c) => toEnum(c.category) as never,
    severity: (c) => toEnum(c.severity) as never,
    complainantName: (c) => c.complainant_name,
    // the organisation complained about has no business with the caller's number
    complainantPhone: (c, _a, ctx) => (ctx.viewer?.role === 'dispatcher' ? null : c.complainant_phone),
    channel: (c) => toEnum(c.channel) as never,
    status: (c) => toEnum(c.status) as never,
    dueAt: (c) => c.due_at,
    overdue: (c) => c.due_at !== null && new Date(c.due_at).getTime() < nowMs(),
    escalationLevel: (c) => c.escalation_level,
    answeredAt: (c) => c.answered_at,
    reopenableUntil: (c, _a, ctx) => reopenableUntil(c as ComplaintRow, ctx.config.COMPLAINT_REOPEN_DAYS),
    reopenCount: (c) => c.reopen_count,
    createdAt: (c) => c.created_at,
    statusChangedAt: (c) => c.status_changed_at,
  },
  ComplaintEvent: {
    fromStatus: (e) => (e.from_status ? (toEnum(e.from_status) as never) : null),
    toStatus: (e) => toEnum(e.to_status) as never,
    note: (e) => e.reason,
  },
  Order: {
    paymentWithheld: (o) => o.payment_withheld,
  },
};

/** Order.complaints for a page of orders in one query, through the viewer's ticket scope. */
async function orderComplaints(queries: { obj: Order }[], ctx: MercuriusContext): Promise<ComplaintRow[][]> {
  const { db, viewer } = ctx;
  if (!viewer) return queries.map(() => []);
  const byOrder = await complaintsOfOrders(db, viewer, [...new Set(queries.map((q) => q.obj.id))]);
  return queries.map((q) => byOrder.get(q.obj.id) ?? []);
}

export const complaintLoaders = {
  Complaint: {
    recordedByName: userNames<Complaint>((c) => c.recorded_by, ''),
    events: hasMany<Complaint>('complaint_events', 'complaint_id', (c) => c.id, ['id']),
  },
  ComplaintEvent: {
    actorName: userNames<ComplaintEvent>((e) => e.actor_id, null),
  },
  Order: {
    complaints: orderComplaints,
  },
};
