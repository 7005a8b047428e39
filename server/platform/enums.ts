// GraphQL enum values are the stored values upper-cased (ACTIVE ↔ 'active'); one place converts.
import { badInput } from './errors.js';

/** 'assisted_employment' → 'ASSISTED_EMPLOYMENT' */
export const toEnum = <T extends string>(value: T): Uppercase<T> => value.toUpperCase() as Uppercase<T>;
/** 'ASSISTED_EMPLOYMENT' → 'assisted_employment' */
export const fromEnum = <T extends string>(value: T): Lowercase<T> => value.toLowerCase() as Lowercase<T>;

/**
 * Parses an ID argument: a positive integer written the one way it is given out ("12", never
 * "012", "+12" or " 12"), so one record has one ID. An ID that cannot exist is bad input, not
 * a crash in SQL.
 */
export function toId(value: string | number, what = 'id'): number {
  const n = typeof value === 'number' ? value : /^[1-9]\d{0,9}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0 || n > 2_147_483_647) throw badInput(`${what} is not a valid ID.`, { field: what, reason: 'INVALID_ID' });
  return n;
}

/** Same, for optional arguments. */
export const toOptionalId = (value: string | number | null | undefined, what?: string) =>
  value === null || value === undefined ? undefined : toId(value, what);
