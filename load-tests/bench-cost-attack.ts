// `npm run bench:cost-attack` (issue 13): what expensive requests without a sign-in do to the
// server. A measurement, not a test. It starts the real API server on a throw-away database,
// sends each attack from several clients at once for a while, asks /readyz every 100 ms
// meanwhile, and prints per attack: what the server answered, how many requests it took,
// /readyz's latency (p50, p99, max) and the server's peak memory. Everything it started or
// made is stopped and dropped at the end. Figures: BENCHMARKS.md.
//
//   npm run bench:cost-attack                  # 10 s per attack, 6 clients
//   npm run bench:cost-attack -- --seconds 3   # to check it works
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getIntrospectionQuery } from 'graphql';
import { loadConfig } from '../server/config.js';
import { preflight } from '../server/platform/preflight.js';
import { clearRedisPrefix, createBenchDatabase, memoryMb, startApiServer, watchMemory } from './bench/world.js';
import { latencyPercentiles } from './bench/drive.js';

const summary = (ms: number[]) => ({ ...latencyPercentiles(ms), max: Math.max(...ms) });

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '6' },
  },
});
const seconds = Number(args.seconds);
const clients = Number(args.clients);

const aliased = (n: number, selection: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${selection}`).join(' ')} }`;

const attacks: { name: string; query: string }[] = [
  { name: '1,000 aliased __schema (the issue’s)', query: aliased(1000, '__schema { types { name fields { name args { name } } } }') },
  { name: '550 aliased __schema, within the token limit', query: aliased(550, '__schema { types { name } }') },
  { name: 'the whole introspection, once (allowed)', query: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }) },
  { name: '100 region trees, over the anonymous budget', query: aliased(100, 'regions { children { children { id name } } }') },
  { name: '2,400 aliased __typename, over the token limit', query: aliased(2400, '__typename') },
];

interface Outcome {
  requests: number;
  codes: Map<string, number>;
  bytes: number;
}

async function attack(url: string, query: string, until: number): Promise<Outcome> {
  const outcome: Outcome = { requests: 0, codes: new Map(), bytes: 0 };
  const body = JSON.stringify({ query });
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < until) {
        const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const text = await res.text();
        outcome.requests++;
        outcome.bytes += text.length;
        let code = `HTTP ${res.status}`;
        try {
          code = (JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code ?? 'answered';
        } catch {}
        outcome.codes.set(code, (outcome.codes.get(code) ?? 0) + 1);
      }
    }),
  );
  return outcome;
}

/** Asks /readyz every 100 ms until `until`; the latencies in ms. */
async function probeReadiness(url: string, until: number): Promise<number[]> {
  const latencies: number[] = [];
  while (Date.now() < until) {
    const started = performance.now();
    const res = await fetch(`${url}/readyz`);
    await res.text();
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 100));
  }
  return latencies;
}

const config = loadConfig();
await preflight(config.DATABASE_URL, config.REDIS_URL);
const database = await createBenchDatabase(config);
const prefix = `nuanxin_bench_${randomBytes(3).toString('hex')}`;
const logFile = path.join(os.tmpdir(), `${prefix}.log`);
const server = await startApiServer(database.url, prefix, 'warn', logFile);
try {
  const pid = server.child.pid!;
  console.log(`${os.cpus().length} cores, ${clients} clients, ${seconds} s per attack; server log ${logFile}\n`);
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  const quiet = summary(await probeReadiness(server.url, Date.now() + 2000));
  console.log(`at rest: /readyz p50 ${fmt(quiet.p50)}, p99 ${fmt(quiet.p99)}, max ${fmt(quiet.max)}; memory ${memoryMb(pid).toFixed(0)} MB\n`);
  for (const { name, query } of attacks) {
    const until = Date.now() + seconds * 1000;
    const memory = watchMemory(pid);
    const [outcome, latencies] = await Promise.all([attack(server.url, query, until), probeReadiness(server.url, until)]);
    const peak = memory.stop();
    const ready = summary(latencies);
    const codes = [...outcome.codes].map(([code, n]) => `${code} ×${n}`).join(', ');
    console.log(`${name} (${(query.length / 1024).toFixed(0)} KB document)`);
    console.log(`  answers: ${codes}; ${(outcome.requests / seconds).toFixed(0)} requests/s, ${(outcome.bytes / outcome.requests / 1024).toFixed(1)} KB each`);
    console.log(
      `  /readyz: p50 ${fmt(ready.p50)}, p99 ${fmt(ready.p99)}, max ${fmt(ready.max)} (${latencies.length} probes); peak memory ${peak.toFixed(0)} MB\n`,
    );
  }
} finally {
  await server.stop();
  await clearRedisPrefix(config.REDIS_URL, prefix);
  await database.drop();
}
