// Who is acting, for the audit trail. A mutation's resolver (guard()), a worker job and a
// command run their work inside actingAs(); every connection taken from the pool meanwhile
// carries it to PostgreSQL as the setting `nuanxin.acting`, which the audit triggers read
// (migrations/2026-12-04T18-00_audit-trail.ts). One mechanism for every write, whichever
// transaction, statement or helper makes it.
//
// Why a session setting and not a transaction-local one: many writes are one statement in
// PostgreSQL's implicit transaction (placeOrder), with no transaction of ours to set it in.
// It is still never seen by anyone else: a pooled connection serves one holder at a time,
// and every time one is taken (syncActing) its setting is made what the taker's context
// says, cleared when the taker acts for nobody. It is sent only when it differs from what
// that connection already carries: a query after a query sends nothing more.
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { Role, Viewer } from '../auth/roles.js';
import { now } from '../platform/clock.js';

/** Who is acting: a signed-in user, someone not signed in (signIn), a worker job, or a command. */
export type Acting =
  | { kind: 'user'; userId: number; role: Role; address?: string; operation: string; requestId?: string; at: Date }
  | { kind: 'anonymous'; address?: string; operation: string; requestId?: string; at: Date }
  | { kind: 'job' | 'system'; operation: string; requestId?: string; at: Date };

/** What actingAs() takes: `at` is the project's clock as it starts. */
type ActingInput = WithoutAt<Acting>;
type WithoutAt<A> = A extends unknown ? Omit<A, 'at'> : never;

const storage = new AsyncLocalStorage<Acting>();

/** Runs `work` on behalf of `acting`: every change it makes is recorded as theirs, at the project's clock as it starts. */
export function actingAs<T>(acting: ActingInput, work: () => T): T {
  return storage.run({ ...acting, at: now() } as Acting, work);
}

/** Who a request acts for: the signed-in viewer (or nobody yet, signing in), from the client's address. */
export function callerOf(viewer: Viewer | null, operation: string, request?: { ip: string; id: unknown }): ActingInput {
  const from = { operation, address: request?.ip, requestId: request ? String(request.id) : undefined };
  return viewer ? { kind: 'user', userId: viewer.userId, role: viewer.role, ...from } : { kind: 'anonymous', ...from };
}

/** Who is acting here, if anyone. */
export function currentActing(): Acting | undefined {
  return storage.getStore();
}

/** What each pooled connection carries now ('' for nobody): a connection is new with nothing set. */
const carried = new WeakMap<pg.PoolClient, string>();
const encoded = new WeakMap<Acting, string>();

function settingOf(acting: Acting | undefined): string {
  if (!acting) return '';
  let value = encoded.get(acting);
  if (value === undefined) {
    value = JSON.stringify({ ...acting, at: acting.at.toISOString() });
    encoded.set(acting, value);
  }
  return value;
}

/**
 * Makes a connection just taken from the pool carry `acting` (read by the taker before it
 * waited for the connection), or nothing. A connection that cannot be set is not used.
 */
export async function syncActing(client: pg.PoolClient, acting: Acting | undefined): Promise<void> {
  const wanted = settingOf(acting);
  if ((carried.get(client) ?? '') === wanted) return;
  try {
    await client.query("select set_config('nuanxin.acting', $1, false)", [wanted]);
  } catch (err) {
    carried.delete(client);
    client.release(err as Error);
    throw err;
  }
  carried.set(client, wanted);
}
