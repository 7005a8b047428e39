import { isIP } from 'node:net';
import { z } from 'zod';

const boolean = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Hex-encoded 32-byte key. */
const key32 = z.string().regex(/^[0-9a-f]{64}$/i, 'must be 64 hex characters (32 bytes)');

// Development keys: fine on a laptop, refused in production so real ID numbers are never
// protected by a key that is published in the repository.
const DEV_DATA_KEY = '6e75616e78696e2d646576656c6f706d656e742d646174612d6b65792d303031';

/** An IPv4 or IPv6 address, or a CIDR range of one. */
function isAddressOrRange(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}
/** A comma-separated list of origins (scheme://host[:port]), each checked; empty: none. */
const origins = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().refine((o) => URL.canParse(o) && new URL(o).origin === o, 'each must be an origin, e.g. https://nuanxin.example.gov.cn')));

/** A JSON object in one variable (SMS_TEMPLATE_IDS='{"order_taken":"1234567"}'); empty: {}. */
const jsonObject = <T extends z.ZodTypeAny>(values: T) =>
  z
    .string()
    .default('{}')
    .transform((v, ctx) => {
      try {
        return JSON.parse(v || '{}') as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), values));

/** The government service hotline, which answers in every county. */
export const DEFAULT_HOTLINE_PHONE = '12345';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z.string().url().default('postgres://127.0.0.1:5432/nuanxin'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Prefix for every Redis key (queues, pub/sub), so several deployments or tests can share a Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('nuanxin'),
  /** Encrypts resident ID numbers (AES-256-GCM) and keys their lookup digest (HMAC-SHA256). */
  DATA_KEY: key32.default(DEV_DATA_KEY),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  /** How often each API instance closes the websockets whose session expired, ended or changed while a notice of it was lost. */
  SESSION_RECHECK_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /**
   * Sign-in limits (server/auth/sign-in-throttle.ts). A username is locked after this many
   * failures within SIGN_IN_FAILURE_WINDOW_MINUTES, known or not, so a lock says nothing of
   * which usernames exist.
   */
  SIGN_IN_FAILURES_PER_USERNAME: z.coerce.number().int().min(1).max(100).default(5),
  /** A client address is locked after this many failures (any usernames) within the window: guessing one password across many accounts. */
  SIGN_IN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000).default(20),
  /** How long failures are remembered; an address stays locked this long after its last refused attempt. */
  SIGN_IN_FAILURE_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** A username's first lock; each further lock within a day lasts twice as long, up to SIGN_IN_MAX_LOCK_SECONDS. */
  SIGN_IN_LOCK_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(60),
  SIGN_IN_MAX_LOCK_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(3600),
  /**
   * Sign-in attempts (right or wrong) one client address may make per minute: a ceiling on a
   * flood, above what an office behind one address needs. Simulations and load tests, whose
   * thousands of people all come from 127.0.0.1, raise it.
   */
  SIGN_IN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /**
   * The reverse proxies whose X-Forwarded-For is believed (fastify's trustProxy): their
   * addresses or CIDR ranges, comma-separated (proxy-addr's names loopback, linklocal and
   * uniquelocal too). Unset: the socket's address is the client's, so a client cannot choose
   * its own address for the sign-in limits. Neither "every sender" nor a hop count is offered
   * (fastify 5 trusts no one on a hop count: it cannot tell a proxy from a client).
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx): string | false => {
      if (!v) return false;
      const entries = v.split(',').map((e) => e.trim());
      const bad = entries.filter((e) => !['loopback', 'linklocal', 'uniquelocal'].includes(e) && !isAddressOrRange(e));
      if (bad.length) {
        ctx.addIssue({ code: 'custom', message: `not an address or a CIDR range: ${bad.join(', ')}` });
        return z.NEVER;
      }
      return entries.join(',');
    }),
  SEED_DEMO: boolean.default(true),
  /**
   * Other origins whose pages may call the API from a browser (CORS). None by default: the web
   * app is served from the API's own origin.
   */
  CORS_ORIGINS: origins,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** GraphiQL at /graphiql; off by default in production. */
  GRAPHIQL: boolean.optional(),
  /** Largest accepted cost of a signed-in request: about the fields of its answer (server/graphql/cost.ts). */
  MAX_QUERY_COMPLEXITY: z.coerce.number().int().positive().default(20_000),
  /** The same for a request without a sign-in: it may read only public data, and anyone may send it. */
  MAX_QUERY_COMPLEXITY_ANONYMOUS: z.coerce.number().int().positive().default(2_000),
  /** Largest accepted document, in GraphQL tokens: parsing and validating stay cheap. */
  MAX_QUERY_TOKENS: z.coerce.number().int().positive().default(5000),
  /** Largest GraphQL answer sent, in bytes; a larger one is replaced by RESPONSE_TOO_LARGE. */
  MAX_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
  /** Whether a request without a sign-in may read the schema (`__schema`, `__type`); off by default in production. */
  ANONYMOUS_INTROSPECTION: boolean.optional(),
  MAX_QUERY_DEPTH: z.coerce.number().int().positive().default(10),
  /** How far ahead an order's time window may start. */
  BOOKING_HORIZON_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** A check-in or check-out farther than this from the order's place is flagged. */
  VISIT_MAX_DISTANCE_M: z.coerce.number().int().min(10).default(500),
  /** A visit shorter than this share of the item's standard duration is flagged. */
  VISIT_MIN_DURATION_RATIO: z.coerce.number().min(0).max(1).default(0.5),
  /** A visit longer than this multiple of the standard duration is flagged. */
  VISIT_MAX_DURATION_RATIO: z.coerce.number().min(1).default(3),
  /** How long before its arrival an offline check-in or check-out may have been taken. */
  VISIT_BACKDATE_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(15),
  /** A carer may check in this long before the window starts (arriving a little early is normal; hours early is not a visit). */
  VISIT_EARLY_CHECK_IN_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(30),
  /**
   * Grace after the window starts before a visit with no check-in is late (the carer and the
   * dispatcher are told), and after it ends before it is missed; the latest check-in is the
   * window's end plus this.
   */
  VISIT_GRACE_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(15),
  /** The county's 24-hour hotline, as messages to recipients give it (the web app's is VITE_HOTLINE_PHONE); 12345 answers in every county. */
  HOTLINE_PHONE: z
    .string()
    .regex(/^[0-9-]{3,20}$/, 'digits and dashes, e.g. 0796-1234567')
    .default(DEFAULT_HOTLINE_PHONE),
  /** An order still unmatched this long after it went to matching is told to its organisation's dispatchers (the county's desk when none took it). */
  UNMATCHED_ALERT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  // Providers of messages (server/messages/providers/). Each channel sends through its
  // provider once that provider's settings are given; until then its messages go to the log
  // sender (and the admins' list of messages), so the product runs without any.
  /** Tencent Cloud API keys (the SDKs' own variable names), for SMS and voice. */
  TENCENTCLOUD_SECRET_ID: z.string().optional(),
  TENCENTCLOUD_SECRET_KEY: z.string().optional(),
  TENCENTCLOUD_REGION: z.string().default('ap-guangzhou'),
  /** Tencent Cloud SMS: the application's SdkAppId, the registered signature name (签名), the approved template ID of each event. */
  SMS_SDK_APP_ID: z.string().optional(),
  SMS_SIGN_NAME: z.string().optional(),
  SMS_TEMPLATE_IDS: jsonObject(z.string().regex(/^\d+$/, 'template IDs are digits')),
  SMS_ENDPOINT: z.string().url().default('https://sms.tencentcloudapi.com'),
  /** Tencent Cloud voice messaging (VMS): the application's VoiceSdkAppid and the approved text-to-speech template ID of each event. */
  VOICE_SDK_APP_ID: z.string().optional(),
  VOICE_TEMPLATE_IDS: jsonObject(z.string().regex(/^\d+$/, 'template IDs are digits')),
  VOICE_ENDPOINT: z.string().url().default('https://vms.tencentcloudapi.com'),
  /** The county's WeChat mini-program, for subscription messages: its AppID and AppSecret, and for each event the template and which parameter fills each field. */
  WECHAT_APP_ID: z.string().optional(),
  WECHAT_APP_SECRET: z.string().optional(),
  WECHAT_TEMPLATES: jsonObject(z.object({ id: z.string().min(1), fields: z.record(z.string(), z.string()) })),
  WECHAT_MINIPROGRAM_STATE: z.enum(['formal', 'trial', 'developer']).default('formal'),
  WECHAT_API_URL: z.string().url().default('https://api.weixin.qq.com'),
  /** How long a provider may take to answer before the send counts as failed and is tried again. */
  MESSAGE_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** The complainant (or the hotline for them) may reopen an answered ticket for this many days after its answer. */
  COMPLAINT_REOPEN_DAYS: z.coerce.number().int().min(0).max(365).default(15),
  /** A completed service nobody confirms or disputes is confirmed automatically after this. */
  AUTO_CONFIRM_HOURS: z.coerce.number().int().min(1).default(72),
  /** Share of the previous day's confirmed services that get a return visit. */
  RETURN_VISIT_SAMPLE_PERCENT: z.coerce.number().min(0).max(100).default(10),
  /** A worker holds a running job this long between renewals; a job whose worker died is retried after it lapses. */
  WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(1000).default(30_000),
  /** How often a worker looks for jobs whose worker died (BullMQ's stalled-job check). */
  WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
  /**
   * Rules read a clock that a simulation moves forward (server/platform/clock.ts), shared
   * through Redis under REDIS_PREFIX, and the county admin may move it (advanceSimulatedClock).
   * For `npm run simulate` and tests only: refused in production.
   */
  SIMULATED_CLOCK: boolean.default(false),
  OUTBOX_RELAY: boolean.default(true),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /**
   * Where this process's clock starts (an ISO instant with its offset), running on from there:
   * for tests' child processes and for trying a development server on another day
   * (server/platform/clock.ts reads it). Refused in production.
   */
  CLOCK_STARTS_AT: z
    .string()
    .refine((v) => Number.isFinite(Date.parse(v)), 'must be an ISO instant, e.g. 2027-03-08T10:00:00+08:00')
    .optional(),
});

/** The configuration, with the defaults that depend on NODE_ENV filled in. */
export type Config = Omit<z.infer<typeof schema>, 'GRAPHIQL' | 'ANONYMOUS_INTROSPECTION'> & { GRAPHIQL: boolean; ANONYMOUS_INTROSPECTION: boolean };

/** Reads and validates configuration from the environment; throws one message naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const development = parsed.data.NODE_ENV !== 'production';
  const config: Config = {
    ...parsed.data,
    GRAPHIQL: parsed.data.GRAPHIQL ?? development,
    ANONYMOUS_INTROSPECTION: parsed.data.ANONYMOUS_INTROSPECTION ?? development,
  };
  if (config.NODE_ENV === 'production' && config.DATA_KEY === DEV_DATA_KEY) {
    throw new Error('Invalid configuration:\n  DATA_KEY: set a secret key in production (openssl rand -hex 32)');
  }
  // a clock anyone with an admin sign-in can move would let them age orders, deadlines and budgets
  if (config.NODE_ENV === 'production' && config.SIMULATED_CLOCK) {
    throw new Error('Invalid configuration:\n  SIMULATED_CLOCK: a simulated clock is for simulations and tests, never production');
  }
  if (config.NODE_ENV === 'production' && config.CLOCK_STARTS_AT !== undefined) {
    throw new Error('Invalid configuration:\n  CLOCK_STARTS_AT: a clock set to another time is for tests and development, never production');
  }
  return config;
}
