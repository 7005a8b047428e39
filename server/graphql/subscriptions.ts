// Subscribing a socket to topics of the event bus, after the resolver's access check: the
// bus delivers across instances, and a notice the outbox relayed twice (at least once) is sent
// to the socket once.
import type { GraphQLContext } from './context.js';
import { dropRepeatedNotices } from '../platform/outbox.js';

export const subscribeTo = async <T extends { noticeId?: number }>(ctx: GraphQLContext, topic: string | readonly string[]): Promise<AsyncIterableIterator<T>> =>
  dropRepeatedNotices(
    (await ctx.pubsub.subscribe(typeof topic === 'string' ? ctx.events.topic(topic) : topic.map((t) => ctx.events.topic(t)))) as AsyncIterable<T>,
  );
