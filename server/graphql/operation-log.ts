// A GraphQL request is logged by what it is, never by what it carries: the operation's name
// and type as the document declares them, and a short SHA-256 of the document (the same for
// the same document over GET or POST), bound to every line the request logs. The document
// itself and its variables stay out: an ID number searched for, a phone, a password would
// otherwise sit in the logs in clear.
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Lexer, Source, TokenKind } from 'graphql';
import type { Logger } from 'pino';

type OperationType = 'query' | 'mutation' | 'subscription';

export interface OperationLabel {
  /** The operation's name as the document declares it (null: anonymous, or not found). */
  operation: string | null;
  operationType: OperationType | null;
  /** The first 16 hex digits of the SHA-256 of the document (null: no document was sent). */
  documentHash: string | null;
}

const OPERATION_TYPES = new Set<string>(['query', 'mutation', 'subscription']);
const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/** The short hash a document is logged by. */
export const documentHash = (document: string): string => createHash('sha256').update(document).digest('hex').slice(0, 16);

/**
 * The operation of `document` that runs: the one named `operationName`, or the first. Read
 * with graphql's lexer only as far as that operation (the full parse is mercurius's, cached);
 * a document that does not lex gives nulls, its parse error is the caller's answer.
 */
export function operationIn(document: string, operationName?: unknown): { operation: string | null; operationType: OperationType | null } {
  const wanted = typeof operationName === 'string' && NAME.test(operationName) ? operationName : null;
  try {
    const lexer = new Lexer(new Source(document));
    let depth = 0;
    let atDefinition = true;
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.PAREN_L || token.kind === TokenKind.BRACKET_L) {
        // a selection set at the top of a definition is the shorthand query
        if (depth === 0 && atDefinition && token.kind === TokenKind.BRACE_L && wanted === null) return { operation: null, operationType: 'query' };
        depth++;
        atDefinition = false;
      } else if (token.kind === TokenKind.BRACE_R || token.kind === TokenKind.PAREN_R || token.kind === TokenKind.BRACKET_R) {
        depth--;
        if (depth === 0 && token.kind === TokenKind.BRACE_R) atDefinition = true;
      } else if (depth === 0 && atDefinition && token.kind === TokenKind.NAME) {
        atDefinition = false;
        if (!OPERATION_TYPES.has(token.value)) continue; // a fragment
        const next = lexer.lookahead();
        const name = next.kind === TokenKind.NAME ? next.value : null;
        if (wanted === null || name === wanted) return { operation: name, operationType: token.value as OperationType };
      }
    }
  } catch {
    // a syntax error: mercurius answers it
  }
  return { operation: null, operationType: null };
}

/** How a request to the GraphQL endpoint is named in the logs (GET: its query string; POST: its body). */
export function labelOf(request: FastifyRequest): OperationLabel {
  const params = (request.method === 'GET' ? request.query : request.body) as Record<string, unknown> | undefined;
  const document = params && typeof params === 'object' ? params.query : undefined;
  if (typeof document !== 'string') return { operation: null, operationType: null, documentHash: null };
  return { ...operationIn(document, params?.operationName), documentHash: documentHash(document) };
}

/** Binds the request's label to its logger: every later line (errors, the completed request) carries it. */
export function labelRequestLog(request: FastifyRequest): void {
  // request.log and reply.log are one pino child per request
  (request.log as unknown as Logger).setBindings({ ...labelOf(request) });
}
