import type { Resolvers } from '../graphql/types.generated.js';
import type { ReturnVisit } from '../db/rows.js';
import { guard } from '../graphql/guard.js';
import { fromEnum, toEnum, toId, toOptionalId } from '../platform/enums.js';
import { userNames } from '../graphql/loaders.js';
import { rowOf } from '../graphql/row-batches.js';
import { scheduleByPolicy } from './policy.js';
import { QUESTIONNAIRE } from './questionnaire.js';
import { findReturnVisit, listReturnVisits, type ReturnVisitStatus } from './queries.js';
import { markReturnVisitMissed, recordReturnVisit } from './record.js';
import { returnVisitReaders } from './scope.js';
import type { ReturnVisitReason } from './schedule.js';

export const returnVisitResolvers: Resolvers = {
  Query: {
    returnVisits: guard(returnVisitReaders, (_p, { first, after, filter }, ctx) =>
      listReturnVisits(
        ctx.db,
        ctx.viewer,
        { first, after },
        {
          status: filter?.status?.map((s) => fromEnum(s) as ReturnVisitStatus),
          villageId: toOptionalId(filter?.villageId, 'villageId'),
          reason: filter?.reason ? (fromEnum(filter.reason) as ReturnVisitReason) : undefined,
          dueBefore: filter?.dueBefore,
          mine: filter?.mine,
        },
      ),
    ),
    returnVisit: guard(returnVisitReaders, async (_p, { id }, ctx) => (await findReturnVisit(ctx.db, ctx.viewer, toId(id))) ?? null),
    returnVisitQuestionnaire: guard('signed-in', () => QUESTIONNAIRE.map(({ number, textZh, textEn }) => ({ number, textZh, textEn }))),
  },
  Mutation: {
    scheduleReturnVisits: guard(['county_admin'], (_p, _a, ctx) => scheduleByPolicy(ctx.db, { samplePercent: ctx.config.RETURN_VISIT_SAMPLE_PERCENT })),
    recordReturnVisit: guard(['grid_worker'], (_p, { returnVisitId, answers, comment }, ctx) =>
      recordReturnVisit(ctx.db, ctx.viewer, toId(returnVisitId, 'returnVisitId'), answers, comment),
    ),
    markReturnVisitMissed: guard(['grid_worker'], (_p, { returnVisitId, reason }, ctx) =>
      markReturnVisitMissed(ctx.db, ctx.viewer, toId(returnVisitId, 'returnVisitId'), reason),
    ),
  },
  ReturnVisit: {
    recipient: rowOf<ReturnVisit>('recipients', (v) => v.recipient_id),
    village: rowOf<ReturnVisit>('regions', (v) => v.village_id),
    order: rowOf<ReturnVisit>('orders', (v) => v.order_id),
    organisation: rowOf<ReturnVisit>('organisations', (v) => v.organisation_id),
    complaint: rowOf<ReturnVisit>('complaints', (v) => v.complaint_id),
    reason: (v) => toEnum(v.reason) as never,
    status: (v) => toEnum(v.status) as never,
    dueOn: (v) => v.due_on,
    // numeric(3,2) arrives as a string; two decimals are exact in a float for display
    satisfaction: (v) => (v.satisfaction === null ? null : Number(v.satisfaction)),
    doneAt: (v) => v.done_at,
  },
};

export const returnVisitLoaders = {
  ReturnVisit: {
    assignedToName: userNames<ReturnVisit>((v) => v.assigned_to, null),
    doneByName: userNames<ReturnVisit>((v) => v.done_by, null),
  },
};
