// The headers every answer carries, whatever the route: a Content-Security-Policy that lets
// the web app load only from its own origin (scripts without exception; styles inline too,
// since antd writes its CSS-in-JS into <style> elements; images and fonts also as data: and
// blob: URLs, which echarts' image export and antd's icons use; the API and its websocket
// on the same origin), no framing, no content sniffing, no referrer, HSTS, and a CORS policy
// that answers only the origins in CORS_ORIGINS (none by default: the web app is served from
// the API's own origin and needs none). Pages that set a stricter policy of their own (the
// disclosure page, the admin sign-in) keep theirs.
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import type { Config } from '../config.js';

/** The web app's policy (helmet's directive names). */
export const APP_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  // 'self' covers ws: and wss: to the same host (CSP level 3), which the subscriptions use
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // no upgrade-insecure-requests: on http://127.0.0.1 (development, tests) it would send the
  // app's own scripts to https and break it; HSTS covers deployments behind TLS
};

/**
 * GraphiQL (development only) is mercurius's page, which loads React and GraphiQL from
 * unpkg.com: its own policy allows that origin for scripts and styles, nothing more.
 */
export const GRAPHIQL_CSP = {
  ...APP_CSP,
  scriptSrc: ["'self'", 'https://unpkg.com'],
  styleSrc: ["'self'", "'unsafe-inline'", 'https://unpkg.com'],
  fontSrc: ["'self'", 'data:', 'https://unpkg.com'],
};

/** Bull Board (the queue board, /admin/queues) resolves its assets against a <base href> of its own. */
export const QUEUE_BOARD_CSP = { ...APP_CSP, baseUri: ["'self'"] };

/** Routes whose page needs another policy than the app's, by the start of their path. */
const ROUTE_POLICIES: [prefix: string, directives: typeof APP_CSP][] = [
  ['/graphiql', GRAPHIQL_CSP],
  ['/admin/queues', QUEUE_BOARD_CSP],
];

/** Browser features the app may use: the carer's check-in reads the location; nothing uses the rest. */
const PERMISSIONS_POLICY = 'geolocation=(self), camera=(), microphone=(), payment=(), usb=(), interest-cohort=()';

/** Registers the security headers and the CORS policy; first, so every route gets them. */
export const httpSecurity = fp<{ config: Config }>(async (app, { config }) => {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: APP_CSP },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
  });
  app.addHook('onRoute', (route) => {
    const own = ROUTE_POLICIES.find(([prefix]) => route.url === prefix || route.url.startsWith(`${prefix}/`));
    if (own) route.config = { ...route.config, helmet: { contentSecurityPolicy: { useDefaults: false, directives: own[1] } } } as typeof route.config;
  });

  const allowed = new Set(config.CORS_ORIGINS);
  await app.register(cors, {
    // an origin not on the list gets no Access-Control-Allow-Origin: the browser keeps the answer from its page
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: ['authorization', 'content-type', 'accept', 'x-request-id'],
    exposedHeaders: ['x-request-id'],
    // the API takes bearer tokens, not cookies: another origin never rides on a browser's session
    credentials: false,
    maxAge: 600,
  });
});
