// Serves the built web app (web/dist) with an SPA fallback: a browser asking for a page the
// server does not have (/m, /dispatch/orders/12) gets index.html and the app routes it. The
// fallback never covers the server's own paths: /graphql, /admin, /disclosure and every other
// first path segment a route is registered under (collected as routes register), so an API
// typo still answers 404. Without web/dist the server runs as the API alone. The build writes
// a brotli and a gzip copy beside each text file (web/build-plugins.ts): they are sent as they
// are to a browser that takes them, never compressed again per request.
import path from 'node:path';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { webAppBuilt, webDistDir } from './build.js';

/** Paths the app never takes over, even before their routes register. */
const SERVER_PATHS = ['graphql', 'graphiql', 'admin', 'disclosure', 'settlements', 'healthz', 'readyz', 'assets'];

interface WebAppOptions {
  distDir?: string;
}

export const webApp = fp<WebAppOptions>(async (app, options) => {
  const distDir = options.distDir ?? webDistDir;
  const reserved = new Set(SERVER_PATHS);
  app.addHook('onRoute', (route) => {
    const first = route.url.split('/')[1];
    if (first && !/^[:*]/.test(first)) reserved.add(first);
  });
  if (!webAppBuilt(distDir)) {
    app.log.info({ distDir }, 'web app not built: serving the API only (npm start builds it; or npm run build:web)');
    return;
  }

  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    index: 'index.html',
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply: FastifyReply, file: string) => {
      // hashed asset names change with their content; index.html and the service worker
      // (sw.js, which decides what the phone keeps) must be asked for every time
      const hashed = path.resolve(file).startsWith(path.resolve(distDir, 'assets') + path.sep);
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  const isAppPage = (request: FastifyRequest) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const pathname = request.url.split('?')[0];
    const segments = pathname.split('/');
    if (reserved.has(segments[1] ?? '')) return false;
    if (/\.[a-z0-9]+$/i.test(segments.at(-1) ?? '')) return false; // a missing file, not a page
    return (request.headers.accept ?? '').includes('text/html');
  };

  app.setNotFoundHandler((request, reply) => {
    if (isAppPage(request)) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return reply.code(404).send({ message: `Route ${request.method}:${request.url} not found`, error: 'Not Found', statusCode: 404 });
  });
});
