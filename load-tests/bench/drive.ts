// The load generator every row of `npm run bench` shares: a closed loop of `connections`
// workers, each sending its next request as soon as the last one answered, for `seconds`
// (or until the work runs out). The same loop drives HTTP requests to our server, to the
// bare Fastify route, and raw SQL through a pg pool, so the rows differ only in what
// answers. Closed loop: it finds the most a target does at this concurrency; latency is
// then mostly queueing (see BENCHMARKS.md for the fixed-rate benchmark of placeOrder).
import http from 'node:http';

/** What one unit of work reports: whether it did what it should, and how many bytes came back. */
export interface Outcome {
  ok: boolean;
  bytes?: number;
  /** A short reason for a failure, counted per kind. */
  error?: string;
}

/** The next unit of work, or null when there is none left (supply ran out). */
export type NextWork = () => (() => Promise<Outcome>) | null;

interface LoopResult {
  requests: number;
  errors: number;
  errorKinds: Record<string, number>;
  /** Seconds from the first request to the last answer. */
  seconds: number;
  latenciesMs: number[];
  /** True when the work ran out before the time was up. */
  exhausted: boolean;
  bytes: number;
}

/** Runs `connections` workers in a closed loop for `seconds`, or until `next` returns null. */
export async function closedLoop(connections: number, seconds: number, next: NextWork): Promise<LoopResult> {
  const latenciesMs: number[] = [];
  const errorKinds: Record<string, number> = {};
  let errors = 0;
  let bytes = 0;
  let exhausted = false;
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const work = next();
      if (!work) {
        exhausted = true;
        return;
      }
      const t0 = performance.now();
      let outcome: Outcome;
      try {
        outcome = await work();
      } catch (err) {
        outcome = { ok: false, error: (err as { code?: string }).code ?? (err as Error).message.slice(0, 60) };
      }
      latenciesMs.push(performance.now() - t0);
      bytes += outcome.bytes ?? 0;
      if (!outcome.ok) {
        errors++;
        const kind = outcome.error ?? 'failed';
        errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return { requests: latenciesMs.length, errors, errorKinds, seconds: (performance.now() - start) / 1000, latenciesMs, exhausted, bytes };
}

/** A keep-alive HTTP client of at most `connections` sockets, posting JSON; a request past `timeoutMs` fails with code TIMEOUT. */
export function httpPoster(connections: number, timeoutMs = 30_000) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const post = (url: URL, body: string, headers: Record<string, string>) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        url,
        {
          method: 'POST',
          agent,
          timeout: timeoutMs,
          headers: { 'content-type': 'application/json', ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
      req.on('error', reject);
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}

/** Judges a GraphQL answer: HTTP 200, no `errors`, and `data.<field>` present. */
export function graphqlOutcome(status: number, body: string, field: string): Outcome {
  if (status !== 200) return { ok: false, bytes: body.length, error: `HTTP_${status}` };
  try {
    const parsed = JSON.parse(body) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
    if (parsed.errors?.length) return { ok: false, bytes: body.length, error: parsed.errors[0].extensions?.code ?? 'GRAPHQL_ERROR' };
    if (!parsed.data || parsed.data[field] === undefined || parsed.data[field] === null) return { ok: false, bytes: body.length, error: 'NO_DATA' };
    return { ok: true, bytes: Buffer.byteLength(body) };
  } catch {
    return { ok: false, bytes: body.length, error: 'NOT_JSON' };
  }
}

/** The p-th percentile (nearest rank) of latencies; NaN when there are none. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

/** p50, p95 and p99 of latencies in any order. */
export function latencyPercentiles(latenciesMs: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

export interface Summary {
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  errorKinds: Record<string, number>;
  exhausted: boolean;
  meanBytes: number;
}

export function summarise(r: LoopResult): Summary {
  return {
    requests: r.requests,
    requestsPerSecond: r.requests / r.seconds,
    ...latencyPercentiles(r.latenciesMs),
    errors: r.errors,
    errorKinds: r.errorKinds,
    exhausted: r.exhausted,
    meanBytes: r.requests ? Math.round(r.bytes / r.requests) : 0,
  };
}
