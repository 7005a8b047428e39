import type { Resolvers } from '../graphql/types.generated.js';
import type { Message } from '../db/rows.js';
import { guard } from '../graphql/guard.js';
import { rowOf } from '../graphql/row-batches.js';
import { toEnum } from '../platform/enums.js';
import { listMessages } from './messages-list.js';
import { renderMessage, type MessageEvent, type MessageLanguage } from './templates.js';

/** Who reads every message: county admins. */
const messageReaders = ['county_admin'] as const;

export const messageResolvers: Resolvers = {
  Query: {
    messages: guard(messageReaders, (_p, { first, after, filter }, ctx) => listMessages(ctx.db, { first, after, filter })),
  },
  Message: {
    recipient: rowOf<Message>('recipients', (m) => m.recipient_id),
    user: rowOf<Message>('users', (m) => m.user_id),
    channel: (m) => toEnum(m.channel) as never,
    text: (m) => renderMessage(m.event as MessageEvent, m.language as MessageLanguage, m.params as Record<string, string | number>),
    status: (m) => toEnum(m.status) as never,
    notBefore: (m) => m.not_before,
    suppressedReason: (m) => (m.suppressed_reason as never) ?? null,
    createdAt: (m) => m.created_at,
    sentAt: (m) => m.sent_at,
  },
};
