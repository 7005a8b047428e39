// Status colours and the lifecycle's moves as the server's transition table has them
// (server/registry/recipient-lifecycle.ts), so the page offers only the moves the API will accept.
import type { RecipientStatus } from '../operations';

import { TAG_COLOURS } from '../../../app/page-parts';

export const statusColour: Record<RecipientStatus, string> = {
  CANDIDATE: TAG_COLOURS.gold,
  VERIFIED: TAG_COLOURS.blue,
  ACTIVE: TAG_COLOURS.green,
  SUSPENDED: TAG_COLOURS.orange,
  EXITED: TAG_COLOURS.grey,
};

export const recipientStatuses: RecipientStatus[] = ['CANDIDATE', 'VERIFIED', 'ACTIVE', 'SUSPENDED', 'EXITED'];

export const lifecycleMoves: Record<RecipientStatus, RecipientStatus[]> = {
  CANDIDATE: ['VERIFIED', 'EXITED'],
  VERIFIED: ['ACTIVE', 'EXITED'],
  ACTIVE: ['SUSPENDED', 'EXITED'],
  SUSPENDED: ['ACTIVE', 'EXITED'],
  EXITED: ['CANDIDATE'],
};
