// /admin/queues: the Bull Board dashboard of every queue the worker runs, for county admins.
// /admin/sign-in shows a form and signs in (county admins only) into a cookie session;
// /admin/sign-out ends it. Every request under /admin/queues, pages, assets and the
// dashboard's own API alike, must carry the cookie of a county admin's live session.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { QUEUES, type Jobs, type QueueName } from '../platform/jobs.js';
import { signIn, signOut, authenticate } from '../auth/sessions.js';
import type { SignInThrottle } from '../auth/sign-in-throttle.js';
import { DomainError } from '../platform/errors.js';
import { clearAdminCookie, cookieViewer, setAdminCookie } from './admin-session.js';
import { notAllowedPage, pageHeaders, signInPage } from './pages.js';
import { actingAs, callerOf } from '../audit/acting.js';

const BOARD_PATH = '/admin/queues';
const SIGN_IN_PATH = '/admin/sign-in';

interface QueueBoardOptions {
  db: Database;
  config: Config;
  jobs: Jobs;
  signInThrottle: SignInThrottle;
}

const DESCRIPTIONS: Record<QueueName, string> = {
  matching: '派单匹配：新订单与退回订单（加急优先）',
  maintenance: '定时与后台任务：会话清理、自动确认、投诉升级、回访、结算草稿',
};

/** The dashboard's own API answers in JSON; everything else under the board is for a browser. */
const isApiCall = (request: FastifyRequest) => request.url.startsWith(`${BOARD_PATH}/api/`);

/**
 * Bull Board's page links its fonts from fonts.googleapis.com, which is not reachable from
 * mainland China: the page would wait on it, and every admin's visit would be reported to a
 * third party. Dropped from the page; the board falls back to the system's sans-serif.
 */
const EXTERNAL_STYLESHEET = /<link\b[^>]*href="https?:\/\/[^"]*"[^>]*rel="stylesheet"[^>]*>\s*/g;

/** Removes externally hosted stylesheets from the board's HTML; other replies pass as they are. */
function withoutExternalStylesheets(reply: FastifyReply, payload: unknown): unknown {
  const type = String(reply.getHeader('content-type') ?? '');
  return typeof payload === 'string' && type.startsWith('text/html') ? payload.replace(EXTERNAL_STYLESHEET, '') : payload;
}

/** Lets only a county admin's cookie through; browsers are sent to sign in, API calls get 401/403. */
function countyAdminOnly(db: Database) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const viewer = await cookieViewer(db, request);
    if (viewer?.role === 'county_admin') return;
    if (isApiCall(request)) {
      return viewer
        ? reply.status(403).send({ error: 'Only county admins may see the queues.' })
        : reply.status(401).send({ error: `Sign in first at ${SIGN_IN_PATH}.` });
    }
    if (viewer) return reply.status(403).headers(pageHeaders).send(notAllowedPage());
    return reply.redirect(SIGN_IN_PATH, 303);
  };
}

interface SignInForm {
  username?: string;
  password?: string;
}

/** Registers the sign-in pages and the dashboard. */
export const queueBoard: FastifyPluginAsync<QueueBoardOptions> = async (app, { db, config, jobs, signInThrottle }) => {
  await app.register(cookie);
  // the sign-in form posts urlencoded fields; only here, and small
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.get(SIGN_IN_PATH, async (_request, reply) => reply.headers(pageHeaders).send(signInPage()));

  app.post<{ Body: SignInForm }>(SIGN_IN_PATH, async (request, reply) => {
    const username = String(request.body?.username ?? '');
    const password = String(request.body?.password ?? '');
    let session: Awaited<ReturnType<typeof signIn>>;
    try {
      session = await actingAs(callerOf(null, 'admin-sign-in', request), () =>
        signIn(db, signInThrottle.at(request), username, password, config.SESSION_TTL_HOURS),
      );
    } catch (err) {
      if (err instanceof DomainError && err.code === 'SIGN_IN_LOCKED') {
        const minutes = Math.ceil(Number(err.details.retryAfterSeconds) / 60);
        return reply
          .status(429)
          .headers(pageHeaders)
          .send(signInPage(`登录失败次数太多，请 ${minutes} 分钟后再试。`, username));
      }
      if (!(err instanceof DomainError) || err.code !== 'UNAUTHENTICATED') throw err;
      return reply.status(401).headers(pageHeaders).send(signInPage('用户名或密码错误。', username));
    }
    if (session.user.role !== 'county_admin') {
      // the password was right, but this door is not theirs: the session just made is ended at once
      const viewer = await authenticate(db, session.token);
      await actingAs(callerOf(viewer, 'admin-sign-in', request), () => signOut(db, viewer.sessionId));
      return reply.status(403).headers(pageHeaders).send(signInPage('任务队列面板仅限县级管理员。', username));
    }
    setAdminCookie(request, reply, session.token, session.expiresAt);
    return reply.redirect(BOARD_PATH, 303);
  });

  app.post(`/admin/sign-out`, async (request, reply) => {
    const viewer = await cookieViewer(db, request);
    if (viewer) await actingAs(callerOf(viewer, 'admin-sign-out', request), () => signOut(db, viewer.sessionId));
    clearAdminCookie(request, reply);
    return reply.redirect(SIGN_IN_PATH, 303);
  });

  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  const queues = Object.values(QUEUES).map((name) => {
    const queue = jobs.queue(name);
    // The board opens the queues at start, Redis or not: an outage is /readyz's to report
    // (bullmq would print every reconnect error to the console with no listener).
    queue.on('error', (err) => app.log.debug({ err, queue: name }, 'queue connection error'));
    return new BullMQAdapter(queue, { readOnlyMode: false, allowRetries: true, description: DESCRIPTIONS[name] });
  });
  createBullBoard({
    queues,
    serverAdapter,
    options: { uiConfig: { boardTitle: '暖心 · 任务队列' } },
  });
  await app.register(async (board) => {
    board.addHook('onRequest', countyAdminOnly(db));
    board.addHook('onSend', async (_request, reply, payload) => withoutExternalStylesheets(reply, payload));
    await board.register(serverAdapter.registerPlugin(), { prefix: BOARD_PATH });
  });
};
