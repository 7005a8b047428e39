// Status colours and the lifecycle's moves as the server's transition table has them
// (server/registry/lifecycle.ts), so the page offers only the moves the API will accept.
import type { RecipientStatus } from '../operations';

import { TAG_COLOURS as tagColour } from '../../../app/page-parts';

export { tagColour };

export const statusColour: Record<RecipientStatus, string> = {
  CANDIDATE: tagColour.gold, VERIFIED: tagColour.blue, ACTIVE: tagColour.green, SUSPENDED: tagColour.orange, EXITED: tagColour.grey,
};

export const recipientStatuses: RecipientStatus[] = ['CANDIDATE', 'VERIFIED', 'ACTIVE', 'SUSPENDED', 'EXITED'];

export const lifecycleMoves: Record<RecipientStatus, RecipientStatus[]> = {
  CANDIDATE: ['VERIFIED', 'EXITED'],
  VERIFIED: ['ACTIVE', 'EXITED'],
  ACTIVE: ['SUSPENDED', 'EXITED'],
  SUSPENDED: ['ACTIVE', 'EXITED'],
  EXITED: ['CANDIDATE'],
};
