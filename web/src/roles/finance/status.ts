import type { SettlementStatus } from './operations';
import { tagColour } from '../reports/grades';

/** A statement's status as a tag colour: waiting, approved, done. */
export const statusColour: Record<SettlementStatus, string> = { DRAFT: tagColour.orange, APPROVED: tagColour.blue, PAID: tagColour.green };
