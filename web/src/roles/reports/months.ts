// Months to choose from: the county's current month and the 17 before it, newest first.
import { countyMonth } from '../../app/format';

/** YYYY-MM months back from the county's current one. */
export function recentMonths(count = 18, from = countyMonth()): string[] {
  const [y, m] = from.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const index = y * 12 + (m - 1) - i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/** The month before the county's current one: the month the worker scores in the first days. */
export const lastMonth = () => recentMonths(2)[1];
