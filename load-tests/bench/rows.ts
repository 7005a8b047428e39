// Measuring one row of `npm run bench`: warm up, then run the closed loop while watching the
// answering process's memory and the CPU of it, of PostgreSQL's backends and of this process.
// Also the HTTP work for our server and the bare Fastify route, which keep the bodies our
// server was sent and a sample answer, so the bare route gets the same bodies and answers
// the same bytes.
import { closedLoop, graphqlOutcome, httpPoster, summarise, type NextWork, type Outcome } from './drive.js';
import { backendPids, cpuSeconds, watchMemory } from './world.js';
import type { Row, Target } from './report.js';

export interface MeasureOptions {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  databaseUrl: string;
}

/** A GraphQL request as sent: its body and whose token. */
interface SentRequest<T = unknown> {
  body: string;
  token?: string;
  /** What the request was about (a job), handed back with its outcome. */
  tag?: T;
}

const cpuByPid = (pids: number[]) => new Map(pids.map((pid) => [pid, cpuSeconds(pid)]));

/**
 * Starts watching a measurement: the answering process's resident memory and CPU, the CPU of
 * PostgreSQL's backends of the bench database (those there at the end, less what each had at
 * the start: a backend that closed meanwhile is missed, one that opened counts in full) and
 * this process's CPU. `stop(seconds)` gives them in % of one core over `seconds`.
 */
export async function observe(databaseUrl: string, serverPid?: number) {
  const pgBefore = cpuByPid(await backendPids(databaseUrl));
  const serverBefore = serverPid ? cpuSeconds(serverPid) : 0;
  const genBefore = process.cpuUsage();
  const memory = watchMemory(serverPid);
  return async (seconds: number): Promise<Pick<Row, 'rssPeakMb' | 'cpu'>> => {
    const peak = memory.stop();
    const gen = process.cpuUsage(genBefore);
    const pgAfter = cpuByPid(await backendPids(databaseUrl));
    let pg = 0;
    for (const [pid, cpu] of pgAfter) pg += Math.max(0, cpu - (pgBefore.get(pid) ?? 0));
    const share = (cpu: number) => (cpu / seconds) * 100;
    return {
      rssPeakMb: serverPid ? peak : null,
      cpu: {
        server: serverPid ? share(cpuSeconds(serverPid) - serverBefore) : null,
        postgres: share(pg),
        generator: share((gen.user + gen.system) / 1e6),
      },
    };
  };
}

/** Measures one row; `serverPid` is the process answering (none for the SQL rows). */
export async function measureRow(
  o: MeasureOptions,
  operation: string,
  target: Target,
  next: NextWork,
  { serverPid, warmup = true, note }: { serverPid?: number; warmup?: boolean; note?: string } = {},
): Promise<Row> {
  if (warmup && o.warmupSeconds > 0) await closedLoop(o.connections, o.warmupSeconds, next);
  const stop = await observe(o.databaseUrl, serverPid);
  const result = await closedLoop(o.connections, o.seconds, next);
  return { operation, target, ...summarise(result), ...(await stop(result.seconds)), note };
}

/**
 * HTTP work against our server and the bare route. `ours(operation, field, request)` sends a
 * GraphQL request to our server and keeps it; `bare(operation)` replays the kept bodies,
 * round-robin, to the bare Fastify route.
 */
export function httpTargets(connections: number) {
  const poster = httpPoster(connections);
  const sent = new Map<string, SentRequest[]>();
  const answers: Record<string, string> = {};
  const KEEP = 2000;

  const send = async (url: URL, request: SentRequest, field: string): Promise<{ outcome: Outcome; body: string }> => {
    const res = await poster.post(url, request.body, request.token ? { authorization: `Bearer ${request.token}` } : {});
    return { outcome: graphqlOutcome(res.status, res.body, field), body: res.body };
  };

  return {
    answers,
    /** Work for our server: `request()` gives the next request (null when none is left); `after` sees each outcome. */
    ours<T>(
      graphqlUrl: string,
      operation: string,
      field: string,
      request: () => SentRequest<T> | null,
      after?: (outcome: Outcome, request: SentRequest<T>) => void,
    ): NextWork {
      const url = new URL(graphqlUrl);
      const kept = sent.get(operation) ?? [];
      sent.set(operation, kept);
      return () => {
        const r = request();
        if (!r) return null;
        if (kept.length < KEEP) kept.push(r);
        return async () => {
          const { outcome, body } = await send(url, r, field);
          if (outcome.ok && answers[operation] === undefined) answers[operation] = body;
          after?.(outcome, r);
          return outcome;
        };
      };
    },
    /** Work for the bare route: the bodies our server got for `operation`, round-robin. */
    bare(bareUrl: string, operation: string, field: string): NextWork {
      const url = new URL(`${bareUrl}/bare/${encodeURIComponent(operation)}`);
      const kept = sent.get(operation) ?? [];
      if (!kept.length) throw new Error(`no request of ${operation} was kept for the bare route`);
      let i = 0;
      return () => {
        const r = kept[i++ % kept.length];
        return async () => (await send(url, r, field)).outcome;
      };
    },
    /** One GraphQL request, outside any measurement (the fan-out row's triggers). */
    async once(url: string, request: SentRequest, field: string): Promise<Outcome> {
      return (await send(new URL(url), request, field)).outcome;
    },
    /** One plain POST; ok when answered 2xx (the bare route's publish). */
    async post(url: string, body: string): Promise<Outcome> {
      const res = await poster.post(new URL(url), body, {});
      return { ok: res.status >= 200 && res.status < 300, error: `HTTP_${res.status}` };
    },
    close: () => poster.close(),
  };
}

/** Work that calls `run` on each item of `items` once, in order; null once all are used. */
export function eachOnce<T>(items: T[], run: (item: T) => Promise<Outcome>): NextWork {
  let i = 0;
  return () => {
    if (i >= items.length) return null;
    const item = items[i++];
    return () => run(item);
  };
}

/** Work that calls `run` with the next value `supply` gives; null once it gives none. */
export function fromSupply<T>(supply: () => T | null, run: (item: T) => Promise<Outcome>): NextWork {
  return () => {
    const item = supply();
    return item === null ? null : () => run(item);
  };
}
