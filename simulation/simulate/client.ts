// The simulation's GraphQL client: each person it plays signs in once (lazily) with the
// generated password and sends operations as themselves. Refusals come back as values with
// their code, so the simulation can count them; anything unexpected throws.
import { GENERATED_PASSWORD } from '../generate/sizes.js';

export interface GraphQLError {
  message: string;
  extensions?: { code?: string; [k: string]: unknown };
}
export type Outcome<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

/** Codes of expected refusals (domain rules); others are failures of the simulation or the product. */
const REFUSALS = new Set(['BAD_USER_INPUT', 'CONFLICT', 'FORBIDDEN', 'NOT_FOUND']);

export class Client {
  private readonly tokens = new Map<string, Promise<string>>();
  requests = 0;

  constructor(private readonly url: string) {}

  private async post<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<{ data?: T; errors?: GraphQLError[] }> {
    this.requests++;
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    if (res.status >= 500) throw new Error(`HTTP ${res.status} from the API: ${await res.text()}`);
    return res.json() as Promise<{ data?: T; errors?: GraphQLError[] }>;
  }

  private token(username: string): Promise<string> {
    let token = this.tokens.get(username);
    if (!token) {
      token = this.post<{ signIn: { token: string } }>('mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', {
        u: username,
        p: GENERATED_PASSWORD,
      }).then((r) => {
        if (!r.data?.signIn) throw new Error(`${username} could not sign in: ${JSON.stringify(r.errors)}`);
        return r.data.signIn.token;
      });
      this.tokens.set(username, token);
      token.catch(() => this.tokens.delete(username));
    }
    return token;
  }

  /** Runs an operation as `username`; a refusal by a domain rule is returned, anything else throws. */
  async as<T>(username: string, query: string, variables: Record<string, unknown> = {}): Promise<Outcome<T>> {
    const res = await this.post<T>(query, variables, await this.token(username));
    const error = res.errors?.[0];
    if (!error) return { ok: true, data: res.data as T };
    const code = error.extensions?.code ?? 'UNKNOWN';
    if (code === 'UNAUTHENTICATED') {
      // a session outlived (sessions run on real time): sign in again once
      this.tokens.delete(username);
      return this.as(username, query, variables);
    }
    if (!REFUSALS.has(code)) throw new Error(`${username}: ${error.message} (${code}) for ${query.slice(0, 80)}`);
    return { ok: false, code, message: error.message };
  }

  /** Same, and throws on a refusal too (for steps the simulation expects to succeed). */
  async must<T>(username: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const out = await this.as<T>(username, query, variables);
    if (!out.ok) throw new Error(`${username} was refused (${out.code}): ${out.message} — ${query.slice(0, 80)} ${JSON.stringify(variables)}`);
    return out.data;
  }
}

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function eachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
