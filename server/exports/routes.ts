// GET /settlements/:id/statement.{xlsx,pdf,csv}: finance downloads a monthly statement with
// the same bearer token as GraphQL. Finance, county admins and the evaluator may download
// every statement, a dispatcher their organisation's; 401 without a valid token, 403 for
// anyone else, 404 for a statement that does not exist.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import { authenticate, bearerToken } from '../auth/sessions.js';
import { DomainError } from '../platform/errors.js';
import { contentDisposition } from './statement-labels.js';
import { openStatement, type StatementReader } from './statement-reader.js';
import { settlementReaders } from '../settlement/statements.js';
import { statementCsv } from './statement-csv.js';
import { statementXlsx } from './statement-xlsx.js';
import { statementPdf } from './statement-pdf.js';
import { MissingFontError, statementFonts, packagedFontDirectory, type StatementFonts } from './statement-font.js';

interface StatementExportOptions {
  db: Database;
  /** Where the PDF's fonts are (default: the font package's); tests point it elsewhere. */
  fontDirectory?: string | null;
}

/**
 * Each download holds a database connection and a snapshot until the client has it all:
 * a few at once, so slow downloads cannot take the pool from the API.
 */
const MAX_DOWNLOADS_AT_ONCE = 3;

interface Format {
  extension: 'xlsx' | 'pdf' | 'csv';
  contentType: string;
  /** Anything the format needs before the statement is opened (the PDF's fonts). */
  prepare?: () => Promise<StatementFonts>;
  render(reader: StatementReader, prepared?: StatementFonts): Readable;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const STATUS_OF: Partial<Record<DomainError['code'], number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 };

async function viewerOf(db: Database, request: FastifyRequest): Promise<Viewer> {
  const token = bearerToken(request.headers.authorization);
  if (token === undefined) throw new Refusal(401, 'Sign in first: send Authorization: Bearer <token>.');
  try {
    return await authenticate(db, token);
  } catch (err) {
    if (err instanceof DomainError && STATUS_OF[err.code]) throw new Refusal(STATUS_OF[err.code]!, err.message);
    throw err;
  }
}

function refuse(reply: FastifyReply, refusal: Refusal) {
  if (refusal.status === 401) reply.header('www-authenticate', 'Bearer');
  if (refusal.status === 503) reply.header('retry-after', '5');
  return reply.status(refusal.status).header('cache-control', 'no-store').send({ error: refusal.message });
}

/** Registers the three statement downloads. */
export const statementExports: FastifyPluginAsync<StatementExportOptions> = async (app, { db, fontDirectory }) => {
  const fonts = fontDirectory === undefined ? packagedFontDirectory() : fontDirectory;
  const formats: Format[] = [
    { extension: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', render: statementXlsx },
    { extension: 'csv', contentType: 'text/csv; charset=utf-8; header=present', render: statementCsv },
    {
      extension: 'pdf',
      contentType: 'application/pdf',
      prepare: () => statementFonts(fonts),
      render: (reader, prepared) => statementPdf(reader, prepared!),
    },
  ];
  let downloading = 0;

  /** Opens the statement the request may download, or refuses; holds a download slot when it succeeds. */
  async function open(request: FastifyRequest<{ Params: { id: string } }>): Promise<StatementReader> {
    const viewer = await viewerOf(db, request);
    if (!settlementReaders.includes(viewer.role)) throw new Refusal(403, 'Your role may not download settlement statements.');
    const id = /^\d{1,9}$/.test(request.params.id) ? Number(request.params.id) : null;
    if (id === null) throw new Refusal(404, `Settlement ${request.params.id} not found.`);
    if (downloading >= MAX_DOWNLOADS_AT_ONCE) {
      throw new Refusal(503, 'Several statements are being downloaded right now: try again in a few seconds.');
    }
    downloading++;
    try {
      const opened = await openStatement(db, viewer, id);
      if (!opened.found) throw new Refusal(404, `Settlement ${id} not found.`);
      if (!opened.visible) throw new Refusal(403, "That statement is another organisation's.");
      return opened.reader;
    } catch (err) {
      downloading--;
      throw err;
    }
  }

  for (const format of formats) {
    app.get<{ Params: { id: string } }>(`/settlements/:id/statement.${format.extension}`, async (request, reply) => {
      let prepared: StatementFonts | undefined;
      let reader: StatementReader;
      try {
        reader = await open(request);
      } catch (err) {
        if (err instanceof Refusal) return refuse(reply, err);
        throw err;
      }
      try {
        prepared = await format.prepare?.();
        const body = format.render(reader, prepared);
        // however the download ends (done, failed, client gone), the snapshot and its slot are given back
        body.once('close', () => {
          downloading--;
          void reader.close();
        });
        body.on('error', (err) => request.log.warn({ err, settlementId: reader.header.id }, 'statement download ended early'));
        return reply
          .type(format.contentType)
          .headers({
            'content-disposition': contentDisposition(reader.header, format.extension),
            'cache-control': 'private, no-store',
            'x-content-type-options': 'nosniff',
          })
          .send(body);
      } catch (err) {
        downloading--;
        await reader.close();
        if (!(err instanceof MissingFontError)) throw err;
        request.log.error({ err }, 'PDF statement font missing');
        return refuse(reply, new Refusal(503, err.message));
      }
    });
  }
};
