import { countyMonth } from '../../app/format';

/** The scoring policy version in force in `month` (default this month): the newest that has started. */
export function policyInForce<P extends { version: number; effectiveFrom: string }>(policies: P[], month = countyMonth()): P | undefined {
  return policies
    .filter((p) => p.effectiveFrom.slice(0, 7) <= month)
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || b.version - a.version)[0];
}
