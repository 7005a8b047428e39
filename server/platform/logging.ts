// What the server's logs may hold. A request line names the method and the path, never the
// query string (GET /graphql?query=… carries the whole document and its variables, and
// /settlements/…?token=… a credential); headers are not logged, and the ones that carry
// credentials are redacted wherever a line would hold them; an error is logged by its kind,
// message, code and stack, without the rows and values PostgreSQL attaches (`detail` quotes
// the failing row, ID numbers and phones included). GraphQL requests are named by their
// operation and a hash of their document (graphql/operation-log.ts).
import type { FastifyServerOptions } from 'fastify';
import { LogController } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Config } from '../config.js';

/** Where a header with a credential could sit in a log line; each is replaced by the censor. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  'authorization',
  'cookie',
  'password',
  '*.password',
  'token',
  '*.token',
  'variables',
  '*.variables',
];

/** The path of a request URL, without its query string. */
export const pathOnly = (url: string | undefined): string => (url ?? '').split('?', 1)[0];

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** A request as its log line shows it: what was asked for and from where, nothing the caller sent in it. */
function serializeRequest(req: LoggedRequest) {
  return { method: req.method, url: pathOnly(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

/** Properties of an error that say what went wrong without quoting data. */
const ERROR_FIELDS = ['code', 'statusCode', 'severity', 'constraint', 'table', 'column', 'dataType', 'routine', 'schema', 'reason', 'field'] as const;

interface SerializedError {
  type: string;
  message: string;
  stack: string;
  cause?: SerializedError;
  [key: string]: unknown;
}

/**
 * An error as a log line holds it: kind, message, stack and the fields in ERROR_FIELDS. The
 * rest is left out on purpose: pg's `detail` ("Failing row contains (…)") and `where`, a
 * GraphQLError's source, an HTTP client's request options.
 */
export function serializeError(err: unknown, depth = 0): SerializedError {
  if (!(err instanceof Error)) return { type: typeof err, message: String(err), stack: '' };
  const out: SerializedError = { type: err.constructor?.name ?? err.name, message: err.message, stack: err.stack ?? '' };
  for (const field of ERROR_FIELDS) {
    const value = (err as unknown as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  if (err.cause !== undefined && depth < 3) out.cause = serializeError(err.cause, depth + 1);
  return out;
}

/** The serializers the API's and the worker's loggers share. */
export const logSerializers = { req: serializeRequest, err: serializeError };

/**
 * Fastify's own request lines, with the one that names a missing route by its path only
 * (the default quotes the raw URL, query string and all).
 */
class PrivateLogController extends LogController {
  override routeNotFound(request: Parameters<LogController['routeNotFound']>[0]): void {
    if (this.isLogDisabled(request)) return;
    request.log.info(`Route ${request.method}:${pathOnly(request.url)} not found`);
  }
}

/**
 * The API's logger options. `stream` is for tests that read what was logged; without it,
 * lines go to stdout as in production.
 */
export function serverLogOptions(config: Config, stream?: DestinationStream): Pick<FastifyServerOptions, 'logger' | 'logController'> {
  return {
    logger: {
      level: config.LOG_LEVEL,
      serializers: logSerializers,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      ...(stream ? { stream } : {}),
    },
    logController: new PrivateLogController(),
  };
}
