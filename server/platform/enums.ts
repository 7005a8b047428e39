// GraphQL enum values are the stored values upper-cased (ACTIVE ↔ 'active'); one place converts.
import { badInput } from './errors.js';

/** 'assisted_employment' → 'ASSISTED_EMPLOYMENT' */
export const toEnum = <T extends string>(value: T): Uppercase<T> => value.toUpperCase() as Uppercase<T>;
/** 'ASSISTED_EMPLOYMENT' → 'assisted_employment' */
export const fromEnum = <T extends string>(value: T): Lowercase<T> => value.toLowerCase() as Lowercase<T>;

/** Parses an ID argument; an ID that cannot exist is bad input, not a crash in SQL. */
export function toId(value: string | number, what = 'id'): number {
  const n = typeof value === 'number' ? value : /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0 || n > 2_147_483_647) throw badInput(`${what} is not a valid ID.`);
  return n;
}

/** Same, for optional arguments. */
export const toOptionalId = (value: string | number | null | undefined, what?: string) =>
  value === null || value === undefined ? undefined : toId(value, what);
