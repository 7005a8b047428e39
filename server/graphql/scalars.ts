import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import type { RefusalReason } from '../platform/errors.js';

const invalid = (message: string, reason: RefusalReason, figures: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', reason, ...figures } });

function literal(ast: ValueNode): unknown {
  if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return Number(ast.value);
  if (ast.kind === Kind.STRING) return ast.value;
  return undefined;
}

function parseMoney(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw invalid('Money is a whole number of fen (1 yuan = 100 fen).', 'MONEY_FORMAT');
  }
  return value;
}

/** Integer fen, as a JSON number; fractions of a fen are refused, never rounded. */
export const Money = new GraphQLScalarType({
  name: 'Money',
  serialize: (v) => parseMoney(typeof v === 'bigint' ? Number(v) : v),
  parseValue: parseMoney,
  parseLiteral: (ast) => parseMoney(literal(ast)),
});

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The years a date of this programme can fall in: births from 1900, prices, contracts and
 * windows until 2100. Anything beyond is a typing slip (a price taking effect in 275760), and
 * JavaScript and PostgreSQL disagree on such dates anyway.
 */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;
const inYears = (year: number) => year >= FIRST_YEAR && year <= LAST_YEAR;

function parseDate(value: unknown): string {
  const m = typeof value === 'string' ? isoDate.exec(value) : null;
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  if (!m || !d || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
    throw invalid('A date is written YYYY-MM-DD and must exist on the calendar.', 'DATE_FORMAT');
  }
  if (!inYears(+m[1])) throw invalid(`A date falls in the years ${FIRST_YEAR} to ${LAST_YEAR}.`, 'DATE_RANGE', { firstYear: FIRST_YEAR, lastYear: LAST_YEAR });
  return value as string;
}

/** A calendar date, YYYY-MM-DD. */
const DateScalar = new GraphQLScalarType({
  name: 'Date',
  serialize: (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : parseDate(v)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(literal(ast)),
});

function parseDateTime(value: unknown): Date {
  const d = typeof value === 'string' && /\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
  if (!d || Number.isNaN(d.getTime())) throw invalid('A date-time is ISO 8601, e.g. 2026-03-01T09:00:00+08:00.', 'DATE_FORMAT');
  if (!inYears(d.getUTCFullYear()))
    throw invalid(`A date-time falls in the years ${FIRST_YEAR} to ${LAST_YEAR}.`, 'DATE_RANGE', { firstYear: FIRST_YEAR, lastYear: LAST_YEAR });
  return d;
}

/** An instant, ISO 8601. */
export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (v) => (v instanceof Date ? v : new Date(v as string)).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(literal(ast)),
});

export const scalarResolvers = { Money, Date: DateScalar, DateTime };
