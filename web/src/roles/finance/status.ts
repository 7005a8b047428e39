import type { SettlementStatus } from './operations';
import { TAG_COLOURS } from '../../app/page-parts';

/** A statement's status as a tag colour: waiting, approved, done. */
export const statusColour: Record<SettlementStatus, string> = { DRAFT: TAG_COLOURS.orange, APPROVED: TAG_COLOURS.blue, PAID: TAG_COLOURS.green };
