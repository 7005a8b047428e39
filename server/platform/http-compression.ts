// Answers compressed for clients that take it (brotli, else gzip, by Accept-Encoding): the
// API's JSON, the disclosure page, the statements' CSV; a reply under 1 KB is sent as it is.
// The web app's files were compressed when built and are sent as they are (web/static.ts): a
// reply with a Content-Encoding already is left alone. The GraphQL answer is compressed after
// the size backstop has measured it (an app-level onSend hook, which runs before the route's).
// Request bodies are not inflated: no client of ours compresses them.
import fp from 'fastify-plugin';
import compress from '@fastify/compress';

/** Registers response compression; before the web app's files and every route. */
export const httpCompression = fp(async (app) => {
  await app.register(compress, { encodings: ['br', 'gzip'], globalDecompression: false });
});
