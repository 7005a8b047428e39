// A websocket lives as long as its session, not longer. The token is checked once, at
// connection_init; after that the socket is this instance's to watch:
// - a session that ends (signed out, its user deactivated or given a new password) is
//   announced on the event bus through the outbox, in the transaction that ends it, and
//   every instance closes that session's sockets (4401) as the notice arrives;
// - a user whose role or scope changed gets their sockets closed with 4205, so the client
//   connects again and is read afresh (its session is still good);
// - every SESSION_RECHECK_MS the instance closes the sockets whose session expired and reads
//   the sessions of all its sockets in one query, closing those that ended or changed while a
//   notice was lost (Redis down for a moment);
// - and before each event, and each operation a socket sends, the socket's session is
//   checked as this instance knows it: nothing is sent to a socket whose session is known to
//   have ended. The end notice and the events share one Redis connection, so an event
//   published after a sign-out answered arrives after the sign-out's notice.
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.js';
import type { EventBus } from '../platform/events.js';
import type { Viewer } from './roles.js';
import { SESSIONS_TOPIC, sessionViewers, type SessionNotice } from './sessions.js';

/** Close codes the client reads: 4401 signs it out; 4205 has it connect again with the same token. */
export const CLOSE_SESSION_ENDED = 4401;
export const CLOSE_ACCESS_CHANGED = 4205;
/** graphql-transport-ws's code for a refused connection_init (a token signed out, expired or unknown): the client signs out. */
export const CLOSE_FORBIDDEN = 4403;

/** A socket as this registry needs it (a `ws` WebSocket). */
export interface LiveSocket {
  readonly readyState: number;
  close(code?: number, reason?: string): void;
  once(event: 'close', listener: () => void): unknown;
}

const OPEN = 1;

interface Watched {
  viewer: Viewer;
  /** Set once the socket is being closed: nothing more is sent to it. */
  closed: boolean;
}

/** Whether two readings of one session give the same access. */
const sameAccess = (a: Viewer, b: Viewer) =>
  a.role === b.role &&
  a.recipientId === b.recipientId &&
  a.organisationId === b.organisationId &&
  a.carerId === b.carerId &&
  a.townshipId === b.townshipId &&
  a.villageIds.join() === b.villageIds.join();

export class LiveSessions {
  private readonly sockets = new Map<LiveSocket, Watched>();
  private readonly timer: NodeJS.Timeout;
  private readonly onNotice = (message: { topic: string; payload?: unknown }, done: () => void) => {
    this.apply(message.payload as SessionNotice);
    done();
  };
  private rechecking: Promise<void> | null = null;
  /** Settles once this instance hears session notices (the bus's connection is ready). */
  readonly listening: Promise<void>;
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
    private readonly log: FastifyBaseLogger,
    recheckMs: number,
  ) {
    this.listening = events.ready().then(
      () =>
        new Promise<void>((resolve) => {
          if (this.closed) return resolve();
          events.emitter.on(events.topic(SESSIONS_TOPIC), this.onNotice, () => resolve());
        }),
    );
    this.timer = setInterval(() => void this.recheck(), recheckMs);
    this.timer.unref();
  }

  /** Watches a socket for the session it was opened with (again and again: once counts). */
  watch(socket: LiveSocket, viewer: Viewer): void {
    if (this.sockets.has(socket)) return;
    this.sockets.set(socket, { viewer, closed: false });
    socket.once('close', () => this.sockets.delete(socket));
  }

  /** Whether the socket may still be sent events and run operations for its session. */
  isLive(socket: LiveSocket): boolean {
    const watched = this.sockets.get(socket);
    if (!watched) return socket.readyState === OPEN;
    if (watched.closed || socket.readyState !== OPEN) return false;
    if (watched.viewer.sessionExpiresAt.getTime() <= Date.now()) {
      this.end(socket, watched, CLOSE_SESSION_ENDED, 'session expired');
      return false;
    }
    return true;
  }

  /** How many sockets this instance watches (for tests and the log). */
  get size(): number {
    return this.sockets.size;
  }

  private end(socket: LiveSocket, watched: Watched, code: number, reason: string) {
    if (watched.closed) return;
    watched.closed = true;
    socket.close(code, reason);
  }

  private apply(notice: SessionNotice) {
    const sessions = new Set(notice.sessionIds ?? []);
    const users = new Set(notice.userIds ?? []);
    const [code, reason] = notice.change === 'access-changed' ? [CLOSE_ACCESS_CHANGED, 'access changed'] : [CLOSE_SESSION_ENDED, notice.change];
    for (const [socket, watched] of this.sockets) {
      if (sessions.has(watched.viewer.sessionId) || users.has(watched.viewer.userId)) this.end(socket, watched, code, reason);
    }
  }

  /** Closes the sockets whose session expired, ended or changed, as the database says now. */
  recheck(): Promise<void> {
    this.rechecking ??= this.readSessions().finally(() => {
      this.rechecking = null;
    });
    return this.rechecking;
  }

  private async readSessions() {
    const watched = [...this.sockets].filter(([socket]) => this.isLive(socket));
    if (!watched.length) return;
    try {
      const now = await sessionViewers(this.db, (q) => q.where('s.id', 'in', [...new Set(watched.map(([, w]) => w.viewer.sessionId))]));
      const byId = new Map(now.map((s) => [s.viewer.sessionId, s]));
      for (const [socket, w] of watched) {
        const current = byId.get(w.viewer.sessionId);
        if (!current || current.ended) this.end(socket, w, CLOSE_SESSION_ENDED, 'session ended');
        else if (!sameAccess(current.viewer, w.viewer)) this.end(socket, w, CLOSE_ACCESS_CHANGED, 'access changed');
      }
    } catch (err) {
      this.log.warn({ err }, 'live sessions: could not read the sessions of open sockets; trying again later');
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.listening;
    await new Promise<void>((resolve) => this.events.emitter.removeListener(this.events.topic(SESSIONS_TOPIC), this.onNotice, () => resolve()));
  }
}
