// Subscribing a socket to topics of the event bus, after the resolver's access check: the
// bus delivers across instances, a notice the outbox relayed twice (at least once) is sent to
// the socket once, and nothing is sent once the socket's session has ended (live-sessions.ts).
import type { GraphQLContext } from './context.js';
import { dropRepeatedNotices } from '../platform/outbox.js';
import { unauthenticated } from '../platform/errors.js';
import { CLOSE_FORBIDDEN } from '../auth/live-sessions.js';

export async function subscribeTo<T extends { noticeId?: number }>(ctx: GraphQLContext, topic: string | readonly string[]): Promise<AsyncIterableIterator<T>> {
  const { socket, live } = ctx;
  if (socket && ctx.viewer) {
    live.watch(socket, ctx.viewer);
    if (!live.isLive(socket)) throw unauthenticated('The session has ended: sign in again.');
  }
  const notices = dropRepeatedNotices(
    (await ctx.pubsub.subscribe(typeof topic === 'string' ? ctx.events.topic(topic) : topic.map((t) => ctx.events.topic(t)))) as AsyncIterable<T>,
  );
  if (!socket) return notices;
  const finish = (): Promise<IteratorResult<T>> => notices.return?.() ?? Promise.resolve({ done: true, value: undefined });
  const whileLive: AsyncIterableIterator<T> = {
    async next() {
      const step = await notices.next();
      if (step.done || live.isLive(socket)) return step;
      return finish();
    },
    return: finish,
    throw: (err?: unknown) => notices.throw?.(err) ?? Promise.reject(err),
    [Symbol.asyncIterator]: () => whileLive,
  };
  return whileLive;
}

interface ProtocolSocket {
  readonly protocol: string;
  send(data: unknown, callback?: (err?: Error) => void): void;
  close(code?: number, reason?: string): void;
}

/**
 * A refused connection_init (a token signed out, expired or unknown) closes the socket with
 * 4403, as graphql-transport-ws says. Mercurius sends the older protocol's `connection_error`
 * message instead, which a graphql-transport-ws client takes for a broken server and retries
 * for ever; so that one message becomes the close it should have been.
 */
export function closeRefusedConnections(socket: ProtocolSocket): void {
  if (socket.protocol !== 'graphql-transport-ws') return;
  const send = socket.send.bind(socket);
  socket.send = (data, callback) => {
    if (typeof data === 'string' && data.startsWith('{"type":"connection_error"')) {
      socket.close(CLOSE_FORBIDDEN, 'Forbidden');
      callback?.();
      return;
    }
    send(data, callback);
  };
}
