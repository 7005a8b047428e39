// Ratings: once per confirmed service, 1 to 5 stars, by the recipient in the mini-program or
// on their behalf by a grid worker or the hotline. A service not yet confirmed cannot be
// rated: that is a CONFLICT with the order's state, as every action out of turn is.
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import type { Rating } from '../db/rows.js';
import { badInput, conflict, forbidden } from '../platform/errors.js';
import { requireVisibleOrder } from '../orders/order-scope.js';
import { channelOfRole } from '../orders/place-order.js';

const COMMENT_MAX = 1000;

/** Records the one rating of a confirmed order the viewer may see. */
export async function rateService(db: Database, viewer: Viewer, orderId: number, stars: number, comment?: string | null): Promise<Rating> {
  const channel = channelOfRole[viewer.role];
  if (!channel) throw forbidden('Services are rated by the recipient, or for them by a grid worker or the hotline.');
  if (!Number.isInteger(stars) || stars < 1 || stars > 5) throw badInput('Give 1 to 5 stars.', { field: 'stars', reason: 'STARS_RANGE' });
  const text = (comment ?? '').trim();
  if (text.length > COMMENT_MAX)
    throw badInput(`A comment is at most ${COMMENT_MAX} characters.`, { field: 'comment', reason: 'TEXT_TOO_LONG', maxLength: COMMENT_MAX });
  const order = await requireVisibleOrder(db, viewer, orderId);
  // confirmed is final, so the check cannot go stale before the insert
  if (order.status !== 'confirmed') throw conflict('Only a confirmed service can be rated.', { reason: 'NOT_CONFIRMED_YET', status: order.status });
  const rating = await db
    .insertInto('ratings')
    .values({ order_id: orderId, stars, comment: text, rated_by: viewer.userId, channel })
    .onConflict((oc) => oc.column('order_id').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!rating) throw conflict('This service has been rated already.', { reason: 'ALREADY_RATED' });
  return rating;
}
