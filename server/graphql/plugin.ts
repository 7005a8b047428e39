// Mercurius, set up once: schema from schema.graphql, resolvers and loaders from each
// domain folder, authentication in the context, depth and cost limits, and errors that
// always carry a stable extensions.code while hiding unexpected failures.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import mercurius, { type IResolvers, type MercuriusLoaders } from 'mercurius';
import { GraphQLError, parse } from 'graphql';
import { getComplexity, fieldExtensionsEstimator, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { authenticate, bearerToken } from '../auth/sessions.js';
import { accessOf } from './guard.js';
import type { RequestContext, Services } from './context.js';
import { DomainError, fromDatabaseError } from '../platform/errors.js';
import { scalarResolvers } from './scalars.js';
import { cleanTextInput } from './text-input.js';

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

// A list with `first: n` costs n times its items; other fields cost one.
const pagedEstimator: ComplexityEstimator = ({ args, childComplexity }) =>
  typeof args.first === 'number' ? 1 + childComplexity * Math.max(args.first, 1) : undefined;

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
  if (given) return { code: given, message: error.message, unexpected: false };
  if (!original || isGraphQLError(original)) {
    return { code: VARIABLE_VALUE.test(error.message) ? 'BAD_USER_INPUT' : 'GRAPHQL_VALIDATION_FAILED', message: error.message, unexpected: false };
  }
  return { code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on our side; it has been logged.', unexpected: true };
}

interface GraphQLOptions extends Services {
  resolvers: Record<string, Record<string, unknown>>;
  loaders: MercuriusLoaders;
}

/** Registers the GraphQL endpoint (/graphql, and /graphiql in development). */
export async function registerGraphQL(app: FastifyInstance, { resolvers, loaders, ...services }: GraphQLOptions) {
  const { db, config } = services;
  assertEveryRootFieldGuarded(resolvers);

  // graphql-over-http: `"extensions": null` is a valid request body; mercurius would refuse it.
  // A query that is not a string is the caller's mistake, said before graphql trips over it.
  app.addHook('preValidation', async (request) => {
    const body = request.body as Record<string, unknown> | undefined;
    if (body && typeof body === 'object' && body.extensions === null) delete body.extensions;
    if (body && typeof body === 'object' && 'query' in body && typeof body.query !== 'string') {
      throw Object.assign(new Error('"query" is a string: the GraphQL document.'), { statusCode: 400 });
    }
  });

  const context = async (request: FastifyRequest): Promise<RequestContext> => {
    const token = bearerToken(request.headers.authorization);
    const base: RequestContext = { ...services, log: request.log, viewer: null, authError: null };
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
      context: (_socket, request) => ({ ...services, log: request.log, viewer: null, authError: null }),
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
    queryDepth: config.MAX_QUERY_DEPTH,
    errorFormatter: (execution, ctx) => {
      const log = ctx.reply ? ctx.reply.log : ctx.app.log;
      const formatted = mercurius.defaultErrorFormatter(execution, ctx);
      // validation failures arrive bundled in one error; report each on its own
      const flat = (execution.errors ?? []).flatMap((e) => {
        const bundled = (e.originalError as { errors?: unknown } | undefined)?.errors;
        return Array.isArray(bundled) ? (bundled as GraphQLError[]) : [e];
      });
      const errors = flat.map((source) => {
        const { code, message, details, unexpected } = classify(source);
        if (unexpected) log.error({ err: source.originalError, path: source.path }, 'resolver failed');
        const json = typeof source.toJSON === 'function' ? source.toJSON() : { message: source.message };
        return { ...json, message, extensions: { ...details, code } };
      });
      return { statusCode: formatted.statusCode, response: { ...formatted.response, errors } };
    },
  });

  // Text input is made clean (text-input.ts), then the cost is checked, both before execution
  // with the request's variables (a validation rule would need them too, and mercurius cannot
  // cache queries with per-request rules).
  app.graphql.addHook('preExecution', async (schema, document, context, variables) => {
    context.mutates = document.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'mutation');
    const cleaned = cleanTextInput(schema, document, variables);
    const cost = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      estimators: [pagedEstimator, fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
    if (cost > config.MAX_QUERY_COMPLEXITY) {
      throw new GraphQLError(`The query costs ${cost}, more than the limit of ${config.MAX_QUERY_COMPLEXITY}: ask for fewer fields or smaller pages.`, {
        extensions: { code: 'QUERY_TOO_COMPLEX' },
      });
    }
    return cleaned;
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
