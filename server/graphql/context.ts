import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.js';
import type { Config } from '../config.js';
import type { Viewer } from '../auth/roles.js';
import type { EventBus } from '../platform/events.js';
import type { Jobs } from '../platform/jobs.js';
import type { DomainError } from './errors.js';

/** The services every request (and every subscription) works with. */
export interface Services {
  db: Database;
  config: Config;
  /** Live notices to subscribers on every API instance. */
  events: EventBus;
  /** Work handed to the worker. */
  jobs: Jobs;
}

/** What every resolver gets. */
export interface GraphQLContext extends Services {
  log: FastifyBaseLogger;
  /** Null when no token was sent (or it was refused: see authError). */
  viewer: Viewer | null;
  /** Set when a token was sent but refused; every operation answers with it. */
  authError: DomainError | null;
  /** In subscriptions: mercurius's subscription context, whose subscribe() opens a topic. */
  pubsub?: { subscribe(topic: string | string[]): Promise<AsyncIterable<unknown>> };
}

export type SignedInContext = GraphQLContext & { viewer: Viewer };
