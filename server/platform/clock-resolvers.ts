// The one API of the simulated clock: the county admin moves it forward. It exists in the
// schema always (schema.graphql is the one source) but answers only on a server started with
// SIMULATED_CLOCK, which config refuses in production.
import type { Resolvers } from '../graphql/types.generated.js';
import { guard } from '../graphql/guard.js';
import { badInput, DomainError } from '../platform/errors.js';
import { advanceClock, now } from './clock.js';

export const clockResolvers: Resolvers = {
  Mutation: {
    advanceSimulatedClock: guard(['county_admin'], async (_p, { to }, ctx) => {
      if (!ctx.config.SIMULATED_CLOCK) {
        throw new DomainError('FORBIDDEN', 'The clock is real on this server: it moves only with SIMULATED_CLOCK=true (never in production).', {
          reason: 'CLOCK_NOT_SIMULATED',
        });
      }
      if (to.getTime() < now().getTime())
        throw badInput('The simulated clock only moves forward.', { field: 'to', reason: 'CLOCK_BACKWARDS', now: now().toISOString() });
      return advanceClock(to);
    }),
  },
};
