// The admins' list of messages, newest first (issue 15): what was said to whom, and how its
// delivery went.
import type { Database } from '../db/database.js';
import { newestFirst, readPage, type PageArgs } from '../db/pagination.js';
import { toOptionalId } from '../platform/enums.js';

export interface MessageListFilter {
  recipientId?: string | null;
  status?: string | null;
}

export async function listMessages(db: Database, args: PageArgs & { filter?: MessageListFilter | null }) {
  const page = readPage(args);
  let query = db.selectFrom('messages');
  const recipientId = toOptionalId(args.filter?.recipientId, 'recipientId');
  if (recipientId !== undefined) query = query.where('recipient_id', '=', recipientId);
  if (args.filter?.status) query = query.where('status', '=', args.filter.status.toLowerCase());
  return newestFirst(query.selectAll(), page);
}
