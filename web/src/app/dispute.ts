// What a recipient can say was wrong with a completed service (disputeService), for their own
// app and for the grid worker who says it for them: one list and one way to put it into the
// ticket's words, so a hotline operator reads the same reason whoever sent it.
// t of any namespace: the labels live in `common`
type Translate = (key: string) => string;

export const DISPUTE_REASONS = ['NOT_CAME', 'NOT_FINISHED', 'POORLY', 'OTHER'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

/** "Something else" needs a word on what; the other reasons say it already. */
export const disputeDetailsNeeded = (reason: DisputeReason | undefined): boolean => reason === 'OTHER';

export const disputeReasonLabel = (t: Translate, reason: DisputeReason): string => t(`common:disputeReasons.${reason}`);

/** The reason as the ticket reads it: the chosen reason, then what the person said, if anything. */
export function disputeReasonText(t: Translate, reason: DisputeReason, details: string | undefined): string {
  const label = disputeReasonLabel(t, reason);
  const said = details?.trim();
  return said ? `${label}：${said}` : label;
}
