// Sign-in cannot be guessed: limits per username and per client address, kept in Redis under
// the deployment's prefix so every API instance counts the same attempts.
//
// - A username (known or not, so a lock tells nothing of which names exist) is locked after
//   SIGN_IN_FAILURES_PER_USERNAME failures within the window; each further lock within a day
//   lasts twice as long as the one before, up to SIGN_IN_MAX_LOCK_SECONDS. An attempt counts
//   as a failure from the moment it starts, until its password is found right: 25 wrong
//   passwords sent at once get 5 checked, not 25.
// - A client address (the socket's, or the proxy's X-Forwarded-For when TRUST_PROXY names the
//   proxy) is locked after SIGN_IN_FAILURES_PER_ADDRESS failures across any usernames within
//   the window (one password tried on many accounts), and stays locked while it keeps trying;
//   and it may make at most SIGN_IN_ATTEMPTS_PER_ADDRESS_PER_MINUTE attempts, right or wrong.
//   Both with @fastify/rate-limit's Redis store.
// - While locked, the password is not checked at all: a locked sign-in answers SIGN_IN_LOCKED
//   whether the password is right or not, with the seconds to wait.
//
// Locks run on real time, as sessions do (Redis expires them), not on the rules' clock.
import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { DomainError } from '../platform/errors.js';

/** One sign-in attempt let through the limits: say how it ended. */
export interface SignInAttempt {
  failed(): Promise<void>;
  succeeded(): Promise<void>;
}

/** The limits as one request meets them. */
export interface SignInGate {
  /** Refuses with SIGN_IN_LOCKED while the username or the address is locked; else counts the attempt. */
  begin(username: string): Promise<SignInAttempt>;
}

export interface SignInThrottle {
  /** The limits for a request, by its client address. */
  at(request: FastifyRequest): SignInGate;
  /** Lifts a username's lock and forgets its failures and earlier locks; true when it was locked. */
  unlock(username: string): Promise<boolean>;
}

/** How long a username's earlier locks are remembered for the doubling. */
const LOCK_MEMORY_MS = 24 * 3_600_000;

/** The answer while locked: the same for a username and an address, right password or not. */
export function signInLocked(retryAfterMs: number): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const wait = retryAfterSeconds < 60 ? `${retryAfterSeconds} seconds` : minutes === 1 ? 'a minute' : `${minutes} minutes`;
  return new DomainError('SIGN_IN_LOCKED', `Too many failed sign-ins: try again in ${wait}.`, { reason: 'SIGN_IN_LOCKED', retryAfterSeconds });
}

// One step, so that attempts arriving together cannot all pass before the first is counted:
// refuse while locked; else count the attempt, and past the limit start a lock whose length
// doubles with each lock still remembered. Returns {locked, ms to wait, lock just started}.
const USERNAME_ATTEMPT = `
local wait = redis.call('PTTL', KEYS[2])
if wait > 0 then return {1, wait, 0} end
local failures = redis.call('INCR', KEYS[1])
if failures == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if failures <= tonumber(ARGV[1]) then return {0, 0, 0} end
local locks = redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], ARGV[5])
local ms = math.floor(math.min(tonumber(ARGV[3]) * 2 ^ math.min(locks - 1, 40), tonumber(ARGV[4])))
redis.call('SET', KEYS[2], locks, 'PX', ms)
redis.call('DEL', KEYS[1])
return {1, ms, 1}`;

interface ThrottleDeps {
  db: Database;
  redis: Redis;
  config: Config;
}

/** Registers the address limits on the app and returns the sign-in limits. */
export async function createSignInThrottle(app: FastifyInstance, { db, redis, config }: ThrottleDeps): Promise<SignInThrottle> {
  const prefix = `${config.REDIS_PREFIX}:sign-in`;
  const windowMs = config.SIGN_IN_FAILURE_WINDOW_MINUTES * 60_000;
  // global: false, so no route is limited by itself: only sign-ins are, through the limiters
  // below. continueExceeding: an address that keeps trying while limited stays limited.
  await app.register(rateLimit, { global: false, redis, nameSpace: `${prefix}:`, continueExceeding: true });
  const addressOf = (request: FastifyRequest) => normalizeIP(request.ip);
  // (the store names its keys `<nameSpace>undefinedundefined-<key>`: a limiter made with
  // createRateLimit has no route to add; the key says which limit it is)
  const attempts = app.createRateLimit({
    max: config.SIGN_IN_ATTEMPTS_PER_ADDRESS_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (r) => `attempts:${addressOf(r)}`,
  });
  const failures = app.createRateLimit({ max: config.SIGN_IN_FAILURES_PER_ADDRESS, timeWindow: windowMs, keyGenerator: (r) => `failures:${addressOf(r)}` });

  // usernames are keyed by a keyed digest: what was typed (perhaps a password in the wrong
  // field) is not kept in Redis in clear
  const usernameKeys = (username: string) => {
    const id = createHmac('sha256', config.DATA_KEY).update(username).digest('base64url');
    return { failures: `${prefix}:username:${id}:failures`, lock: `${prefix}:username:${id}:lock`, locks: `${prefix}:username:${id}:locks` };
  };

  const record = async (lock: { kind: 'username' | 'address'; username?: string; address: string; failures: number; ms: number }) => {
    const at = new Date();
    await db
      .insertInto('sign_in_locks')
      .values({
        kind: lock.kind,
        user_id: lock.username ? db.selectFrom('users').select('id').where('username', '=', lock.username) : null,
        address: lock.address,
        failures: lock.failures,
        locked_at: at,
        locked_until: new Date(at.getTime() + lock.ms),
      })
      .execute();
  };

  return {
    at(request) {
      const address = addressOf(request);
      return {
        async begin(username) {
          const attempt = await attempts(request);
          if (!attempt.isAllowed && attempt.isExceeded) {
            request.log.warn('sign-in: an address is over its attempts per minute');
            throw signInLocked(attempt.ttl);
          }
          const seen = await failures(request, { increment: false });
          if (!seen.isAllowed && seen.remaining === 0) {
            // counted, so that trying on keeps the address locked
            const renewed = await failures(request);
            throw signInLocked(renewed.isAllowed ? windowMs : renewed.ttl);
          }
          const keys = usernameKeys(username);
          // the record keeps the address as it came; the limits key IPv6 by its /64
          const from = request.ip;
          const [locked, ms, started] = (await redis.eval(
            USERNAME_ATTEMPT,
            3,
            keys.failures,
            keys.lock,
            keys.locks,
            config.SIGN_IN_FAILURES_PER_USERNAME,
            windowMs,
            config.SIGN_IN_LOCK_SECONDS * 1000,
            config.SIGN_IN_MAX_LOCK_SECONDS * 1000,
            LOCK_MEMORY_MS,
          )) as [number, number, number];
          if (locked) {
            if (started) {
              request.log.warn('sign-in: a username is locked');
              await record({ kind: 'username', username, address: from, failures: config.SIGN_IN_FAILURES_PER_USERNAME, ms });
            }
            throw signInLocked(ms);
          }
          return {
            async failed() {
              const counted = await failures(request);
              if (counted.isAllowed || counted.remaining > 0) return;
              // failures sent together may reach the limit together: one record per lock
              const first = await redis.set(`${prefix}:address-locked:${address}`, '1', 'PX', Math.max(counted.ttl, 1), 'NX');
              if (first) {
                request.log.warn('sign-in: an address is locked');
                await record({ kind: 'address', address: from, failures: config.SIGN_IN_FAILURES_PER_ADDRESS, ms: Math.max(counted.ttl, 1) });
              }
            },
            async succeeded() {
              await redis.del(keys.failures);
            },
          };
        },
      };
    },
    async unlock(username) {
      const keys = usernameKeys(username);
      const [, lifted] = await redis
        .multi()
        .del(keys.failures)
        .del(keys.lock)
        .del(keys.locks)
        .exec()
        .then((r) => (r ?? []).map(([, n]) => Number(n)));
      return lifted > 0;
    },
  };
}
