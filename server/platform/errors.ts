// The few errors the API promises, each with a stable extensions.code. Domain functions
// throw these; anything else is an unexpected failure and is hidden from clients.

type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';

/** An expected refusal: its message is safe to show, its code is part of the API. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** graphql-js copies an original error's extensions onto the GraphQLError it wraps it in. */
  get extensions(): Record<string, unknown> {
    return { ...this.details, code: this.code };
  }
}

/**
 * Refusals a client explains in its own words and language (the web app's Chinese): carried
 * as extensions.reason beside the code, with the figures the sentence needs. As stable as codes.
 */
export const REFUSAL_REASONS = [
  'BUDGET_EXCEEDED',
  'NO_BUDGET_ACCOUNT',
  'WINDOW_IN_PAST',
  'BEYOND_BOOKING_HORIZON',
  'WINDOW_REVERSED',
  'WINDOW_TOO_LONG',
  'RECIPIENT_NOT_ACTIVE',
  'ITEM_NOT_OFFERED',
  'ITEM_HAS_NO_PRICE',
  'NOT_CHECKED_IN',
  'CHECK_OUT_BEFORE_CHECK_IN',
  'CHECK_IN_TOO_EARLY',
  'CHECK_IN_TOO_LATE',
  'CHECK_OUT_TOO_SOON',
  'IN_SERVICE_ELSEWHERE',
  'NOT_RESCHEDULABLE',
  'WRONG_CARD_CODE',
  'NOT_CONFIRMED_YET',
  'ALREADY_RATED',
  'RELEASE_EXCEEDS_HOLD',
  'NO_PROGRAMME_YEAR',
  'MONTH_NOT_OVER',
  'MONTH_HAS_OPEN_SERVICES',
  'NOT_SCORED',
  'SCORE_NOT_SIGNED_OFF',
  'SETTLEMENT_STATUS',
  'ZERO_STATEMENT_NEEDS_NOTE',
  'APPROVER_CANNOT_PAY',
  'REOPEN_PERIOD_OVER',
  // text refused at the edge (graphql/text-input.ts)
  'TEXT_CONTROL_CHARACTER',
  'TEXT_ONE_LINE',
  'TEXT_TOO_LONG',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
type Details = Record<string, unknown> & { reason?: RefusalReason };

export const badInput = (message: string, details?: Details) => new DomainError('BAD_USER_INPUT', message, details);
export const unauthenticated = (message = 'Sign in first: send Authorization: Bearer <token>.') => new DomainError('UNAUTHENTICATED', message);
export const forbidden = (message = 'Your role or scope does not allow this.', details?: Details) => new DomainError('FORBIDDEN', message, details);
export const notFound = (what: string, id?: string | number) =>
  new DomainError('NOT_FOUND', id === undefined ? `${what} not found.` : `${what} ${id} not found.`);
export const conflict = (message: string, details?: Details) => new DomainError('CONFLICT', message, details);

/** Whether PostgreSQL refused a row for overlapping another (an exclusion constraint, e.g. a carer's double booking). */
export const isExclusionViolation = (err: unknown): boolean => (err as { code?: string })?.code === '23P01';

/** Whether PostgreSQL refused a row for a unique constraint or index (the one named, when given). */
export const isUniqueViolation = (err: unknown, constraint?: string): boolean => {
  const e = err as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
};

/**
 * Maps a PostgreSQL constraint violation that got past validation to a DomainError, so a
 * race (two registrations of one ID number at once) still answers with a code, not a 500.
 */
export function fromDatabaseError(err: unknown): DomainError | null {
  const e = err as { code?: string; constraint?: string; detail?: string };
  if (typeof e?.code !== 'string') return null;
  switch (e.code) {
    case '23505':
      return conflict('That already exists.', { constraint: e.constraint });
    case '23503':
      return badInput('A referenced record does not exist.', { constraint: e.constraint });
    case '23514':
    case '23502':
      return badInput('The data breaks a rule of the registry.', { constraint: e.constraint });
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return badInput('A value has the wrong format or is out of range.');
    default:
      return null;
  }
}
