// GraphQL errors → a message a person can act on. The server's errors carry a stable
// extensions.code; its messages are English sentences safe to show, so English readers get
// them as they are. Chinese readers get the refusal's own sentence when the server names it
// (extensions.reason), else the message of the code (or the caller's own).
import type { CombinedError } from '@urql/core';
import { i18next } from './i18n';
import { formatTime, formatYuan } from './format';

/** The extensions.code of the first GraphQL error, 'network' when the request did not get through, else undefined. */
export function errorCode(error: unknown): string | undefined {
  const combined = error as Partial<CombinedError> | null | undefined;
  const code = combined?.graphQLErrors?.[0]?.extensions?.code;
  if (typeof code === 'string') return code;
  if (combined?.networkError) return 'network';
  return undefined;
}

/**
 * A refusal's extensions as interpolation values: each whole `…Fen` amount also as yuan, each
 * `…At` instant also as the county's clock time, under the name without the suffix, and each
 * `…Seconds` also in whole minutes, rounded up, as `…Minutes`; the field at fault as its label
 * (`fieldName`), a weekday 1 to 7 as its name (`weekdayName`).
 */
function reasonValues(extensions: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = { ...extensions };
  const field = typeof extensions.field === 'string' ? extensions.field.replace(/\[\d+\]$/, '') : '';
  values.fieldName = i18next.t(i18next.exists(`common:errors.fields.${field}`) ? `common:errors.fields.${field}` : 'common:errors.fields.this');
  if (Number.isInteger(extensions.weekday)) values.weekdayName = i18next.t(`common:slot.weekday.${extensions.weekday}`);
  for (const [key, value] of Object.entries(extensions)) {
    if (key.endsWith('Fen') && Number.isSafeInteger(value)) values[key.slice(0, -3)] = formatYuan(value as number);
    if (key.endsWith('At') && typeof value === 'string' && !Number.isNaN(Date.parse(value))) values[key.slice(0, -2)] = formatTime(value);
    if (key.endsWith('Seconds') && Number.isFinite(value)) values[`${key.slice(0, -7)}Minutes`] = Math.max(1, Math.ceil((value as number) / 60));
  }
  return values;
}

/**
 * What to show for a failed query or mutation. `messages` overrides by code, in the current
 * language (e.g. `{ CONFLICT: t('budgetTooLow') }`), for refusals a page knows how to explain.
 */
export function errorMessage(error: unknown, messages: Partial<Record<string, string>> = {}): string {
  const code = errorCode(error);
  if (code && messages[code]) return messages[code];
  const serverMessage = (error as Partial<CombinedError> | null)?.graphQLErrors?.[0]?.message;
  const known = code && i18next.exists(`common:errors.${code}`);
  if (i18next.language === 'en' && serverMessage && code && code !== 'INTERNAL_SERVER_ERROR') return serverMessage;
  // a refusal the server names (extensions.reason) is said in the reader's language, with its figures
  const extensions = (error as Partial<CombinedError> | null)?.graphQLErrors?.[0]?.extensions ?? {};
  const reason = extensions.reason;
  if (typeof reason === 'string' && i18next.exists(`common:errors.reasons.${reason}`)) {
    return i18next.t(`common:errors.reasons.${reason}`, reasonValues(extensions));
  }
  return i18next.t(known ? `common:errors.${code}` : 'common:errors.unknown');
}

/**
 * The server's figures when an order was refused for too little budget left (details.reason
 * BUDGET_EXCEEDED), so a page can say them in the reader's language; null for other errors.
 */
export function budgetShortfall(error: unknown): { availableFen: number; amountFen: number } | null {
  const extensions = (error as Partial<CombinedError> | null | undefined)?.graphQLErrors?.[0]?.extensions;
  if (extensions?.reason !== 'BUDGET_EXCEEDED') return null;
  const { availableFen, amountFen } = extensions;
  return typeof availableFen === 'number' && typeof amountFen === 'number' ? { availableFen, amountFen } : null;
}
