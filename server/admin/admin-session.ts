// The admin pages' sign-in: a browser navigating to a page cannot send a bearer header, so
// the session token rides in a cookie instead, only to /admin, HttpOnly (no script reads
// it) and SameSite=Strict (no other site can make the browser send it, which is what keeps
// the dashboard's buttons safe from cross-site requests).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import { authenticate } from '../auth/sessions.js';
import { DomainError } from '../platform/errors.js';

export const ADMIN_COOKIE = 'nuanxin_admin';
const COOKIE_PATH = '/admin';

const cookieOptions = (request: FastifyRequest): CookieSerializeOptions => ({
  path: COOKIE_PATH,
  httpOnly: true,
  sameSite: 'strict',
  // behind TLS the cookie never travels in clear; plain http (development, tests) would drop a Secure cookie
  secure: request.protocol === 'https',
});

/** Hands the browser the session token, for as long as the session lasts. */
export function setAdminCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(ADMIN_COOKIE, token, { ...cookieOptions(request), expires: expiresAt });
}

/** Tells the browser to forget the token. */
export function clearAdminCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(ADMIN_COOKIE, cookieOptions(request));
}

/** The viewer behind the request's cookie, or null when there is none or it is no longer valid. */
export async function cookieViewer(db: Database, request: FastifyRequest): Promise<Viewer | null> {
  const token = request.cookies[ADMIN_COOKIE];
  if (!token) return null;
  try {
    return await authenticate(db, token);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'UNAUTHENTICATED') return null;
    throw err;
  }
}
