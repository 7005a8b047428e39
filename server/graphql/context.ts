import type { FastifyBaseLogger } from 'fastify';
import type { MercuriusContext } from 'mercurius';
import type { Database } from '../db/database.js';
import type { Config } from '../config.js';
import type { Viewer } from '../auth/roles.js';
import type { EventBus } from '../platform/events.js';
import type { Jobs } from '../platform/jobs.js';
import type { OutboxRelay } from '../platform/outbox.js';
import type { DomainError } from '../platform/errors.js';
import type { LiveSessions, LiveSocket } from '../auth/live-sessions.js';
import type { SignInThrottle } from '../auth/sign-in-throttle.js';

/** The services every request (and every subscription) works with. */
export interface Services {
  db: Database;
  config: Config;
  /** Live notices to subscribers on every API instance. */
  events: EventBus;
  /** Work handed to the worker. */
  jobs: Jobs;
  /** This instance's outbox relay (none when OUTBOX_RELAY is off: another process delivers). */
  outbox: OutboxRelay | null;
  /** The sign-in limits, shared with every instance through Redis. */
  signInThrottle: SignInThrottle;
}

/** What the API adds to mercurius's own context for every request and subscription. */
export interface RequestContext extends Services {
  log: FastifyBaseLogger;
  /** Null when no token was sent (or it was refused: see authError). */
  viewer: Viewer | null;
  /** Set when a token was sent but refused; every operation answers with it. */
  authError: DomainError | null;
  /** Set for a mutation: its effects are delivered before it answers. */
  mutates?: boolean;
  /** This instance's watch over the sockets' sessions. */
  live: LiveSessions;
  /** The websocket an operation or subscription came on (none over HTTP). */
  socket?: LiveSocket;
}

// Declared once: every resolver, loader and hook sees the API's context on mercurius's own
// (which brings app, reply and, in subscriptions, pubsub), with no cast.
declare module 'mercurius' {
  interface MercuriusContext extends RequestContext {}
}

/** What every resolver gets. */
export type GraphQLContext = MercuriusContext;

export type SignedInContext = GraphQLContext & { viewer: Viewer };
