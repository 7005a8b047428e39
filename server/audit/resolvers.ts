import type { Resolvers } from '../graphql/types.generated.js';
import type { AuditEntry } from '../db/rows.js';
import type { Role } from '../auth/roles.js';
import { guard } from '../graphql/guard.js';
import { rowOf } from '../graphql/row-batches.js';
import { toEnum } from '../platform/enums.js';
import { changesOf, listAuditTrail } from './audit-trail.js';

/** Who reads the trail: county admins, who answer for the whole county's data. */
const auditReaders = ['county_admin'] as const;

export const auditResolvers: Resolvers = {
  Query: {
    auditTrail: guard(auditReaders, (_p, { first, after, filter }, ctx) => listAuditTrail(ctx.db, { first, after, filter })),
  },
  AuditEntry: {
    actorKind: (e) => toEnum(e.actor_kind) as never,
    actor: rowOf<AuditEntry>('users', (e) => e.actor_id),
    actorRole: (e) => (e.actor_role ? (toEnum(e.actor_role as Role) as never) : null),
    address: (e) => e.address,
    operation: (e) => e.operation,
    requestId: (e) => e.request_id,
    databaseUser: (e) => e.database_user,
    table: (e) => e.table_name,
    recordId: (e) => e.record_id,
    action: (e) => toEnum(e.action) as never,
    changes: (e) => changesOf(e),
  },
};
