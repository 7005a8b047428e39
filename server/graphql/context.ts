import type { Database } from '../db/database.js';
import type { Config } from '../config.js';
import type { Viewer } from '../auth/roles.js';
import type { DomainError } from './errors.js';

/** What every resolver gets. */
export interface GraphQLContext {
  db: Database;
  config: Config;
  /** Null when no token was sent (or it was refused: see authError). */
  viewer: Viewer | null;
  /** Set when a token was sent but refused; every operation answers with it. */
  authError: DomainError | null;
}

export type SignedInContext = GraphQLContext & { viewer: Viewer };
