// GraphQL over HTTP (the GraphQL Foundation's spec, audited by graphql-http in graphql.test.ts):
// which media type an answer is sent in, and with which status. A client that accepts
// application/graphql-response+json gets it, with 400 for a request that never ran (a
// document that does not parse or validate, variables that do not fit, text refused at the
// edge) and no `data` entry; a client of application/json (or of anything, or that says
// nothing) gets application/json, with 200 for those failures, as legacy clients expect.
// Either way a request that is not a GraphQL request at all (invalid JSON, no query, a
// parameter of the wrong type) is a 4xx, and an operation that ran answers 200.
import type { FastifyReply, FastifyRequest } from 'fastify';

export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
export const JSON_MEDIA_TYPE = 'application/json';
export type GraphQLMediaType = typeof GRAPHQL_RESPONSE_JSON | typeof JSON_MEDIA_TYPE;

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

function mediaRanges(accept: string): MediaRange[] {
  return accept.split(',').flatMap((part) => {
    const [range, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const [type, subtype] = range.split('/');
    if (!type || !subtype) return [];
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    return [{ type, subtype, q: Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0 }];
  });
}

/** The quality `ranges` give `media`, from the most specific range that covers it, how specific and where that range was. */
function quality(ranges: MediaRange[], media: string): { q: number; specificity: number; position: number } {
  const [type, subtype] = media.split('/');
  let best = { q: 0, specificity: -1, position: ranges.length };
  ranges.forEach((r, position) => {
    const specificity = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === '*' ? 1 : r.type === '*' && r.subtype === '*' ? 0 : -1;
    if (specificity > best.specificity) best = { q: r.q, specificity, position };
  });
  return best;
}

/**
 * The media type to answer in for an Accept header, or null when it accepts neither (406).
 * No header, or only wildcards, is application/json: the spec's default while clients move.
 */
export function negotiate(accept: string | undefined): GraphQLMediaType | null {
  if (accept === undefined || accept.trim() === '') return JSON_MEDIA_TYPE;
  const ranges = mediaRanges(accept);
  const graphql = quality(ranges, GRAPHQL_RESPONSE_JSON);
  const json = quality(ranges, JSON_MEDIA_TYPE);
  if (graphql.q === 0 && json.q === 0) return null;
  if (graphql.q !== json.q) return graphql.q > json.q ? GRAPHQL_RESPONSE_JSON : JSON_MEDIA_TYPE;
  // equally welcome: the one named outright, else the one named first; application/json
  // when both come in by the same wildcard
  if (graphql.specificity !== json.specificity) return graphql.specificity > json.specificity ? GRAPHQL_RESPONSE_JSON : JSON_MEDIA_TYPE;
  return graphql.specificity === 2 && graphql.position < json.position ? GRAPHQL_RESPONSE_JSON : JSON_MEDIA_TYPE;
}

const chosen = new WeakMap<FastifyRequest, GraphQLMediaType>();

/** The media type negotiated for a GraphQL request (application/json until negotiated). */
export const mediaTypeOf = (request: FastifyRequest | undefined): GraphQLMediaType => (request && chosen.get(request)) || JSON_MEDIA_TYPE;

/** Remembers the answer's media type for the request, or answers 406 when the client accepts neither. */
export async function negotiateMediaType(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const media = negotiate(request.headers.accept);
  if (media) {
    chosen.set(request, media);
    return;
  }
  await reply
    .status(406)
    .type(JSON_MEDIA_TYPE)
    .send({
      errors: [
        {
          message: `Ask for ${GRAPHQL_RESPONSE_JSON} or ${JSON_MEDIA_TYPE}: the GraphQL endpoint answers in nothing else.`,
          extensions: { code: 'NOT_ACCEPTABLE' },
        },
      ],
    });
}

/** Sends the answer as the negotiated media type (fastify serialises it as application/json). */
export async function withNegotiatedType(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (mediaTypeOf(request) === GRAPHQL_RESPONSE_JSON && String(reply.getHeader('content-type') ?? '').startsWith(JSON_MEDIA_TYPE)) {
    reply.header('content-type', `${GRAPHQL_RESPONSE_JSON}; charset=utf-8`);
  }
  return payload;
}

/**
 * The status of a GraphQL answer. `ran`: the operation was executed (the answer has `data`,
 * null or not): 200. Otherwise `requestStatus` is the HTTP status of a request that was no
 * GraphQL request (invalid JSON, no query…), kept whatever the media type; and a request
 * that was one but failed before it ran is 400 in application/graphql-response+json, 200 in
 * application/json.
 */
export function statusFor(media: GraphQLMediaType, ran: boolean, requestStatus: number | null): number {
  if (ran) return 200;
  if (requestStatus !== null) return requestStatus;
  return media === GRAPHQL_RESPONSE_JSON ? 400 : 200;
}

/** What a GraphQL-over-HTTP request's parameter may be, besides absent. */
const PARAMETERS: Record<string, { type: string; check: (v: unknown) => boolean }> = {
  query: { type: 'a string: the GraphQL document', check: (v) => typeof v === 'string' },
  operationName: { type: 'a string or null', check: (v) => v === null || typeof v === 'string' },
  variables: { type: 'an object or null', check: (v) => v === null || (typeof v === 'object' && !Array.isArray(v)) },
  extensions: { type: 'an object or null', check: (v) => v === null || (typeof v === 'object' && !Array.isArray(v)) },
};

/**
 * Refuses a POST body whose parameters are of the wrong type (400, before graphql trips over
 * them or fastify's schema coerces `0` into `"0"`), and drops `"extensions": null`, which
 * the spec allows and mercurius would refuse.
 */
export async function checkParameters(request: FastifyRequest): Promise<void> {
  const body = request.body as Record<string, unknown> | undefined;
  if (request.method !== 'POST' || !body || typeof body !== 'object' || Array.isArray(body)) return;
  for (const [name, { type, check }] of Object.entries(PARAMETERS)) {
    if (name in body && body[name] !== undefined && !check(body[name])) {
      throw Object.assign(new Error(`"${name}" is ${type}.`), { statusCode: 400 });
    }
  }
  if (body.extensions === null) delete body.extensions;
}
