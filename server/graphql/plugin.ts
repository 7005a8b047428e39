// Mercurius, set up once: schema from schema.graphql, resolvers and loaders from each
// domain folder, authentication in the context, depth and cost limits, and errors that
// always carry a stable extensions.code while hiding unexpected failures.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import mercurius, { type IResolvers, type MercuriusLoaders } from 'mercurius';
import { BREAK, GraphQLError, Kind, parse, visit, type DocumentNode, type SelectionSetNode } from 'graphql';
import { authenticate, bearerToken } from '../auth/sessions.js';
import { accessOf } from './guard.js';
import type { RequestContext, Services } from './context.js';
import { DomainError, fromDatabaseError, unauthenticated } from '../platform/errors.js';
import { LiveSessions } from '../auth/live-sessions.js';
import { scalarResolvers } from './scalars.js';
import { cleanTextInput } from './text-input.js';
import { closeRefusedConnections } from './subscriptions.js';
import { queryCost, queryDepth, wholeSchemaSize } from './cost.js';
import { assertSignInAlone } from './sign-in-alone.js';
import { labelRequestLog } from './operation-log.js';
import { checkParameters, mediaTypeOf, negotiateMediaType, statusFor, withNegotiatedType, GRAPHQL_RESPONSE_JSON } from './over-http.js';

const schemaFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schema.graphql');
export const schemaSource = readFileSync(schemaFile, 'utf8');

const rootTypes = ['Query', 'Mutation', 'Subscription'];

/**
 * Refuses to start when a root field has no resolver or one not wrapped in guard():
 * deny by default, enforced by construction.
 */
export function assertEveryRootFieldGuarded(resolvers: Record<string, Record<string, unknown>>): void {
  const doc = parse(schemaSource);
  const missing: string[] = [];
  for (const def of doc.definitions) {
    if (def.kind !== 'ObjectTypeDefinition' || !rootTypes.includes(def.name.value)) continue;
    for (const field of def.fields ?? []) {
      const resolver = resolvers[def.name.value]?.[field.name.value];
      const fn = typeof resolver === 'object' && resolver ? (resolver as { subscribe?: unknown }).subscribe : resolver;
      if (!accessOf(fn)) missing.push(`${def.name.value}.${field.name.value}`);
    }
  }
  if (missing.length) throw new Error(`Root fields without a guarded resolver: ${missing.join(', ')}`);
}

/** The root fields a document's operations select (through fragments too); introspection's are public. */
function rootFieldsOf(document: DocumentNode): string[] {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
  const names: string[] = [];
  const walk = (selectionSet: SelectionSetNode, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) names.push(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        const inner = fragments.get(selection.name.value);
        if (inner) walk(inner, new Set([...seen, selection.name.value]));
      }
    }
  };
  for (const d of document.definitions) if (d.kind === Kind.OPERATION_DEFINITION) walk(d.selectionSet, new Set());
  return names;
}

/** Whether a document reads the schema (`__schema`, `__type`, at any depth of its fragments). */
function readsSchema(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Whether `e` is graphql-js's own error. Not `instanceof` alone: mercurius require()s graphql's
 * CommonJS build and this module imports its ES build, two copies of the class, so an error
 * graphql raised for mercurius (a variable of the wrong type) is no instance of ours.
 */
const isGraphQLError = (e: unknown): boolean => e instanceof GraphQLError || (e instanceof Error && e.name === 'GraphQLError');

/**
 * A variable whose value does not fit its type, or a required one missing or null, in
 * graphql-js's words ("Variable "$x" got invalid value …", "… of required type … was not
 * provided", "… of non-null type … must not be null"): the caller's input.
 */
const VARIABLE_VALUE = /^Variable "\$[_A-Za-z][_0-9A-Za-z]*" (got invalid value|of required type|of non-null type)/;

/**
 * A query that is JSON is no document: mercurius takes a query graphql cannot parse for a JSON
 * syntax tree and validates that, which a hand-made tree crashes (no JSON text is a GraphQL
 * document, so nothing valid is refused).
 */
async function refuseJsonDocuments(request: FastifyRequest): Promise<void> {
  const parameters = (request.method === 'GET' ? request.query : request.body) as Record<string, unknown> | undefined;
  const query = parameters && typeof parameters === 'object' ? parameters.query : undefined;
  if (typeof query === 'string' && isJson(query)) {
    throw Object.assign(new Error('"query" is the GraphQL document as text, not JSON.'), { statusCode: 400 });
  }
}

/** Whether `text` is JSON; a GraphQL document never is. Fails at its first word for one that is. */
function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** graphql-js's words (sic) when a document is over parseOptions.maxTokens. */
const TOKEN_LIMIT = /^Syntax Error: Document contains more th[a-z]+ (\d+) tokens/;

/** The code a failure is reported with, and whether its message may be shown. */
function classify(error: GraphQLError): { code: string; message: string; details?: Record<string, unknown>; unexpected: boolean } {
  const original = error.originalError;
  if (original instanceof DomainError) return { code: original.code, message: original.message, details: original.details, unexpected: false };
  const fromDb = fromDatabaseError(original);
  if (fromDb) return { code: fromDb.code, message: fromDb.message, details: fromDb.details, unexpected: false };
  // the request itself is wrong (invalid JSON, no body, no query, a body over the limit): the
  // HTTP layer said so with a 4xx status, and its sentence holds nothing of ours
  const status = (original as { statusCode?: unknown } | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', message: original!.message, unexpected: false };
  }
  const given = (error.extensions?.code ?? (original as GraphQLError | undefined)?.extensions?.code) as string | undefined;
  if (given) {
    const { code: _code, ...details } = { ...(original as GraphQLError | undefined)?.extensions, ...error.extensions };
    return { code: given, message: error.message, details, unexpected: false };
  }
  // graphql's parser stops at parseOptions.maxTokens: a limit, not a syntax error
  const tokens = TOKEN_LIMIT.exec(error.message);
  if (tokens) {
    return {
      code: 'QUERY_TOO_COMPLEX',
      message: `The document has more than ${tokens[1]} tokens: send a smaller one.`,
      details: { limit: Number(tokens[1]) },
      unexpected: false,
    };
  }
  if (!original || isGraphQLError(original)) {
    return { code: VARIABLE_VALUE.test(error.message) ? 'BAD_USER_INPUT' : 'GRAPHQL_VALIDATION_FAILED', message: error.message, unexpected: false };
  }
  return { code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on our side; it has been logged.', unexpected: true };
}

/** A route's hooks of one kind as a list (fastify takes one function or several). */
const hooksOf = <T>(hooks: T | T[] | undefined): T[] => (hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks]);

const isUpgrade = (request: FastifyRequest) => request.headers.upgrade?.toLowerCase() === 'websocket';

/**
 * The HTTP status of a request that never became a GraphQL request (invalid JSON, no query, a
 * parameter of the wrong type, a mutation over GET), or null when it was one and failed as
 * GraphQL (its document, its variables, its text, its cost) or ran.
 */
function requestStatusOf(errors: readonly GraphQLError[]): number | null {
  for (const e of errors) {
    const original = e.originalError as { statusCode?: unknown; errors?: unknown } | undefined;
    const status = original?.statusCode;
    if (typeof status !== 'number' || status < 400) continue;
    // mercurius bundles the document's parse, validation, depth and variable errors in one 400
    const bundled = original?.errors;
    const documentFailure = Array.isArray(bundled) && bundled.length > 0 && bundled.every((b) => isGraphQLError(b) || b?.code === 'MER_ERR_GQL_QUERY_DEPTH');
    if (!documentFailure) return status;
  }
  return null;
}

interface GraphQLOptions extends Services {
  resolvers: Record<string, Record<string, unknown>>;
  loaders: MercuriusLoaders;
}

/** Registers the GraphQL endpoint (/graphql, and /graphiql in development). */
export async function registerGraphQL(app: FastifyInstance, { resolvers, loaders, ...services }: GraphQLOptions) {
  const { db, config } = services;
  assertEveryRootFieldGuarded(resolvers);

  // Mercurius's two routes (GET and POST /graphql) get the media type negotiated (406 when
  // the client accepts neither), the request named in its log lines, the body's parameters
  // checked, and their answer sent as the negotiated type; other routes are left alone.
  app.addHook('onRoute', (route) => {
    if (route.url !== '/graphql') return;
    route.onRequest = [...hooksOf(route.onRequest), async (request, reply) => (isUpgrade(request) ? undefined : negotiateMediaType(request, reply))];
    route.preValidation = [...hooksOf(route.preValidation), async (request) => labelRequestLog(request), checkParameters, refuseJsonDocuments];
    route.onSend = [...hooksOf(route.onSend), withNegotiatedType];
  });

  const publicRootFields = new Set(
    rootTypes.flatMap((type) =>
      Object.entries(resolvers[type] ?? {})
        .filter(([, r]) => accessOf(typeof r === 'object' && r ? (r as { subscribe?: unknown }).subscribe : r) === 'public')
        .map(([name]) => name),
    ),
  );
  const live = new LiveSessions(db, services.events, app.log, config.SESSION_RECHECK_MS);
  app.addHook('onClose', () => live.close());

  const context = async (request: FastifyRequest): Promise<RequestContext> => {
    const token = bearerToken(request.headers.authorization);
    const base: RequestContext = { ...services, live, log: request.log, viewer: null, authError: null };
    if (token === undefined) return base;
    try {
      return { ...base, viewer: await authenticate(db, token) };
    } catch (err) {
      if (err instanceof DomainError) return { ...base, authError: err };
      throw err;
    }
  };

  await app.register(mercurius, {
    schema: schemaSource,
    resolvers: { ...scalarResolvers, ...resolvers } as IResolvers,
    loaders,
    context,
    path: '/graphql',
    graphiql: config.GRAPHIQL,
    subscription: {
      emitter: services.events.emitter,
      // browsers cannot set headers on a websocket: the token comes in connection_init
      context: (socket, request) => {
        closeRefusedConnections(socket);
        return { ...services, live, socket, log: request.log, viewer: null, authError: null };
      },
      onConnect: async ({ payload }) => {
        const token = bearerToken(typeof payload?.authorization === 'string' ? payload.authorization : payload?.headers?.authorization);
        if (!token) return false;
        try {
          return { viewer: await authenticate(db, token) };
        } catch {
          return false;
        }
      },
      keepAlive: 30_000,
    },
    jit: 1,
    // a document of a million tokens would cost seconds to parse and validate before any limit saw it
    graphql: { parseOptions: { maxTokens: config.MAX_QUERY_TOKENS } },
    errorFormatter: (execution, ctx) => {
      const log = ctx.reply ? ctx.reply.log : ctx.app.log;
      // validation failures arrive bundled in one error; report each on its own
      const flat = (execution.errors ?? []).flatMap((e) => {
        const bundled = (e.originalError as { errors?: unknown } | undefined)?.errors;
        return Array.isArray(bundled) ? (bundled as GraphQLError[]) : [e];
      });
      const classified = flat.map((source) => ({ source, ...classify(source) }));
      // Each failure is logged by its code and place, never its message: "Variable "$idNumber"
      // got invalid value …", a syntax error's token or a JSON parser's excerpt quote the
      // caller's data. (Not mercurius's default formatter: it logs every message.)
      const refused = classified.filter((c) => !c.unexpected);
      if (refused.length) {
        log.info(
          { errors: refused.map((c) => ({ code: c.code, path: c.source.path, field: c.details?.field, reason: c.details?.reason })) },
          'graphql request refused',
        );
      }
      for (const c of classified) if (c.unexpected) log.error({ err: c.source.originalError, path: c.source.path }, 'resolver failed');
      const errors = classified.map(({ source, code, message, details }) => {
        const json = typeof source.toJSON === 'function' ? source.toJSON() : { message: source.message };
        return { ...json, message, extensions: { ...details, code } };
      });
      const media = mediaTypeOf(ctx.reply?.request);
      // execution.data is set, null or not, once the operation ran; never before
      const ran = execution.data !== undefined;
      const requestStatus = requestStatusOf(execution.errors ?? []) ?? (!ran && classified.some((c) => c.unexpected) ? 500 : null);
      const statusCode = statusFor(media, ran, requestStatus);
      // an answer to a request that never ran has no data entry (graphql-response+json); application/json keeps its null
      const data = ran ? execution.data : media === GRAPHQL_RESPONSE_JSON ? undefined : null;
      return { statusCode, response: { ...(data === undefined ? {} : { data }), errors } };
    },
  });

  // Text input is made clean (text-input.ts), then the cost is checked (cost.ts), both before
  // execution with the request's variables (a validation rule would need them too, and
  // mercurius cannot cache queries with per-request rules); and a signIn is alone in its
  // request (sign-in-alone.ts). Anyone can send a request without a sign-in: it gets a tenth
  // of the budget and, in production, no schema.
  app.graphql.addHook('preExecution', async (schema, document, context, variables) => {
    context.mutates = document.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'mutation');
    if (context.mutates) assertSignInAlone(document);
    // a query or mutation sent over a websocket runs as the session the socket opened with
    if (context.socket && context.viewer) {
      context.live.watch(context.socket, context.viewer);
      if (!context.live.isLive(context.socket)) throw unauthenticated('The session has ended: sign in again.');
    }
    const signedIn = context.viewer !== null;
    if (!signedIn && !config.ANONYMOUS_INTROSPECTION && readsSchema(document)) {
      throw new GraphQLError('The schema is shown only to a signed-in user.', { extensions: { code: 'INTROSPECTION_DISABLED' } });
    }
    const cleaned = cleanTextInput(schema, document, variables);
    const depth = queryDepth(cleaned?.document ?? document);
    if (depth > config.MAX_QUERY_DEPTH) {
      throw new GraphQLError(`The query's depth is ${depth}, more than the limit of ${config.MAX_QUERY_DEPTH}.`, {
        extensions: { code: 'QUERY_TOO_COMPLEX', limit: config.MAX_QUERY_DEPTH },
      });
    }
    const limit = signedIn ? config.MAX_QUERY_COMPLEXITY : config.MAX_QUERY_COMPLEXITY_ANONYMOUS;
    const introspectionLimit = 2 * wholeSchemaSize(schema);
    const cost = queryCost(schema, cleaned?.document ?? document, cleaned?.variables ?? variables ?? {}, introspectionLimit);
    if (cost.introspection > introspectionLimit) {
      throw new GraphQLError('The query reads the schema more than twice over: read it once.', {
        extensions: { code: 'QUERY_TOO_COMPLEX', limit: introspectionLimit },
      });
    }
    if (cost.fields > limit) {
      // a request over the budget of a stranger that needs a sign-in anyway is told so: the
      // answer it would have had, and the one a client acts on (an expired token signs out)
      if (!signedIn && context.authError) throw context.authError;
      if (!signedIn && rootFieldsOf(document).some((name) => !publicRootFields.has(name))) throw unauthenticated();
      throw new GraphQLError(
        `The query costs ${cost.fields}, more than the limit of ${limit}${signedIn ? '' : ' without a sign-in'}: ask for fewer fields or smaller pages.`,
        {
          extensions: { code: 'QUERY_TOO_COMPLEX', limit },
        },
      );
    }
    return cleaned;
  });

  // The cost limit bounds an answer before it is made; this is the backstop for what it cannot
  // see (long texts): an answer over the limit is not sent, and the client is told why.
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.routeOptions.url !== '/graphql' || typeof payload !== 'string' || payload.length * 3 < config.MAX_RESPONSE_BYTES) return payload;
    const bytes = Buffer.byteLength(payload);
    if (bytes <= config.MAX_RESPONSE_BYTES) return payload;
    request.log.warn({ bytes, limit: config.MAX_RESPONSE_BYTES }, 'graphql: answer over the size limit, not sent');
    return JSON.stringify({
      data: null,
      errors: [
        {
          message: `The answer would be ${bytes} bytes, more than the limit of ${config.MAX_RESPONSE_BYTES}: ask for fewer fields or smaller pages.`,
          extensions: { code: 'RESPONSE_TOO_LARGE', limit: config.MAX_RESPONSE_BYTES },
        },
      ],
    });
  });

  // A mutation's effects (notices, jobs) were recorded in the outbox with its change; they
  // are delivered before it answers, so its own client hears of them at once. A failure is
  // left to the relay, which retries: the change is committed either way.
  app.graphql.addHook('onResolution', async (_execution, context) => {
    if (context.mutates && context.outbox) {
      await context.outbox.flush().catch((err: unknown) => context.log.warn({ err }, 'outbox: flush after a mutation failed; the relay retries'));
    }
  });
}
