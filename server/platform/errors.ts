// The few errors the API promises, each with a stable extensions.code. Domain functions
// throw these; anything else is an unexpected failure and is hidden from clients.

// SIGN_IN_LOCKED is a code of its own, not UNAUTHENTICATED: a client that signs in again on
// UNAUTHENTICATED must stop and wait here (extensions.retryAfterSeconds).
type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'SIGN_IN_LOCKED';

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
  // an admin's own sign-in (auth/users.ts)
  'USER_SELF_DEACTIVATION',
  'USER_SELF_ROLE_CHANGE',
  // too many failed sign-ins (auth/sign-in-throttle.ts), with retryAfterSeconds
  'SIGN_IN_LOCKED',
  // issue 14: every refusal a person can meet says why. `field` names the input at fault (a
  // client words it as the field's label); figures are named as errors.ts in the web reads them
  // (…Fen in fen, …At an instant, weekday 1 to 7).
  'FIELD_REQUIRED',
  'REASON_REQUIRED',
  'UNKNOWN_VALUE',
  'INVALID_ID',
  'PAGE_SIZE',
  'BAD_CURSOR',
  'ALREADY_EXISTS',
  'REFERENCE_MISSING',
  'RULE_BROKEN',
  'VALUE_OUT_OF_RANGE',
  'PHONE_FORMAT',
  'COORDINATES_INVALID',
  'CLOCK_NOT_SIMULATED',
  'CLOCK_BACKWARDS',
  'STATUS_DOES_NOT_ALLOW',
  // catalog
  'PRICE_NOT_POSITIVE',
  'PRICE_TOO_HIGH',
  'PRICE_IN_PAST',
  'PRICE_SAME_INSTANT',
  // sign-ins and users
  'SIGN_IN_FIELDS',
  'USER_SCOPE_MISSING',
  'USER_SCOPE_EXTRA',
  'VILLAGE_NOT_IN_TOWNSHIP',
  'USERNAME_TAKEN',
  'PASSWORD_TOO_SHORT',
  'PASSWORD_TOO_LONG',
  'USERNAME_INVALID',
  'SIGN_IN_EXISTS',
  // orders and dispatch
  'ORDER_NOT_TAKEN',
  'JOB_NOT_YOURS',
  'NO_VILLAGES',
  'CARER_OF_OTHER_ORGANISATION',
  'CARER_NOT_ACTIVE',
  'ALREADY_WITH_CARER',
  'CARER_BUSY',
  'CARER_NOT_QUALIFIED',
  'OTHER_PROGRAMME_YEAR',
  'NO_ORGANISATION_TOOK',
  'QUANTITY_OUT_OF_RANGE',
  'CALLER_PHONE_REQUIRED',
  'CALLER_PHONE_NOT_HOTLINE',
  'IDEMPOTENCY_KEY',
  'IDEMPOTENCY_KEY_REUSED',
  'RANGE_REVERSED',
  'RANGE_TOO_LONG',
  // the registry
  'ID_NUMBER_FORMAT',
  'ID_NUMBER_BIRTH_DATE',
  'ID_NUMBER_CHECK_DIGIT',
  'ID_NUMBER_REGISTERED',
  'NOT_A_VILLAGE',
  'SAME_VILLAGE_MOVE',
  'RECIPIENT_MOVE_NOT_ALLOWED',
  'DISABILITY_REQUIRED',
  'HOUSEHOLD_IN_OTHER_VILLAGE',
  'NOTHING_TO_CHANGE',
  'CARD_NOT_FOR_STATUS',
  'ASSESSMENT_IN_FUTURE',
  'NEEDS_LIST_EMPTY',
  'NEED_TIMES_PER_MONTH',
  'NEED_LISTED_TWICE',
  'UNKNOWN_SERVICE_ITEM',
  // scoring
  'MONTH_FORMAT',
  'SCORE_SIGNED_OFF',
  'TEXT_LENGTH',
  'NOT_IN_SAMPLE',
  'ALREADY_REVIEWED',
  'POLICY_CHANGED',
  'NO_POLICY',
  'POLICY_VALUE_RANGE',
  'WEIGHTS_SUM',
  'GRADES_DESCEND',
  'COEFFICIENTS_DESCEND',
  'POLICY_AFTER_SIGNED_OFF',
  'POLICY_SAME_START',
  // settlement and budgets
  'RUNNER_CANNOT_APPROVE',
  'CARER_SHARE_RANGE',
  'PROGRAMME_YEAR_OUT_OF_RANGE',
  'PROGRAMME_YEAR_TOO_EARLY',
  'PROGRAMME_YEAR_OPEN',
  'AMOUNT_NOT_WHOLE',
  'AMOUNT_NOT_POSITIVE',
  'DISCLOSURE_YEAR',
  // complaints
  'ORDER_OF_OTHER_RECIPIENT',
  'ORDER_OF_OTHER_ORGANISATION',
  'ASSIGN_ONE',
  'NOT_ASSIGNED_TO_YOU',
  // organisations and carers
  'CREDIT_CODE_FORMAT',
  'CREDIT_CODE_CHECK',
  'ORGANISATION_EXISTS',
  'CERTIFICATE_EXPIRES_BEFORE_ISSUE',
  'CERTIFICATE_TWICE',
  'CERTIFICATE_HELD',
  'HARDSHIP_REQUIRED',
  'HARDSHIP_NOT_PROFESSIONAL',
  'LIST_EMPTY',
  'LISTED_TWICE',
  'CONTRACT_ENDS_BEFORE_START',
  'CONTRACT_NUMBER_USED',
  'WEEKDAY_RANGE',
  'TIME_FORMAT',
  'WORKING_HOURS_REVERSED',
  'WORKING_HOURS_OVERLAP',
  'RECIPIENT_NOT_PAIRABLE',
  'TOWNSHIP_NOT_COVERED',
  'ALREADY_PAIRED',
  // visits
  'CARD_CODE_FORMAT',
  'CARD_CODE_TRIES_USED',
  'CARD_HAS_NO_CODE',
  'NO_VERIFIED_VISIT',
  'DEVICE_TIME_FUTURE',
  'DEVICE_TIME_TOO_OLD',
  'ACCURACY_INVALID',
  'WORK_DONE_NOT_CORRECTABLE',
  'STARS_RANGE',
  'NO_END_TO_CORRECT',
  'CORRECTED_END_NEEDED',
  'CORRECTED_END_ONLY_WITH_CODE',
  'CORRECTED_END_IN_FUTURE',
  // return visits
  'ANSWERS_COUNT',
  'ANSWER_RANGE',
  // values the schema's scalars refuse (graphql/scalars.ts)
  'MONEY_FORMAT',
  'DATE_FORMAT',
  'DATE_RANGE',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
type Details = Record<string, unknown> & { reason?: RefusalReason };
/** A refusal a person can meet names its reason (a bare code would leave their app only "something is wrong"). */
type Reasoned = Details & { reason: RefusalReason };

export const badInput = (message: string, details: Reasoned) => new DomainError('BAD_USER_INPUT', message, details);
export const unauthenticated = (message = 'Sign in first: send Authorization: Bearer <token>.') => new DomainError('UNAUTHENTICATED', message);
// a role or scope refusal needs no reason of its own: the app never offers what is refused, and its sentence is the code's
export const forbidden = (message = 'Your role or scope does not allow this.', details?: Details) => new DomainError('FORBIDDEN', message, details);
export const notFound = (what: string, id?: string | number) =>
  new DomainError('NOT_FOUND', id === undefined ? `${what} not found.` : `${what} ${id} not found.`);
export const conflict = (message: string, details: Reasoned) => new DomainError('CONFLICT', message, details);

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
      return conflict('That already exists.', { reason: 'ALREADY_EXISTS', constraint: e.constraint });
    case '23503':
      return badInput('A referenced record does not exist.', { reason: 'REFERENCE_MISSING', constraint: e.constraint });
    case '23514':
    case '23502':
      return badInput('The data breaks a rule of the registry.', { reason: 'RULE_BROKEN', constraint: e.constraint });
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return badInput('A value has the wrong format or is out of range.', { reason: 'VALUE_OUT_OF_RANGE' });
    default:
      return null;
  }
}
