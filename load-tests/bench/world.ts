// What `npm run bench` runs against: a throw-away database seeded with the demo county, the
// real API server (`server/cli/server.ts`) as a process of its own on a free port with a Redis
// prefix of its own, and the clean-up (server stopped, Redis keys and database dropped).
// Also the readings of processes the report needs: resident memory and CPU time from /proc.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Config } from '../../server/config.js';
import { createDatabase, dropDatabase, ensureDatabase, poolOptions, withDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { loadReferenceData } from '../../server/seed/reference.js';
import { seedDemo } from '../../server/seed/demo.js';
import { createRedis, deleteRedisPrefix } from '../../server/platform/redis.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface BenchDatabase {
  name: string;
  url: string;
  drop: () => Promise<void>;
}

/** Creates `nuanxin_bench_<pid>_<random>`, migrated, with the reference data and the demo county. */
export async function createBenchDatabase(config: Config): Promise<BenchDatabase> {
  const name = `nuanxin_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const url = withDatabase(config.DATABASE_URL, name);
  const drop = () => dropDatabase(url);
  await ensureDatabase(url);
  const db = createDatabase(url, 2);
  try {
    await migrateToLatest(db);
    await loadReferenceData(db);
    const seeded = await seedDemo(db, config);
    if (!seeded.seeded) throw new Error(`the demo county was not seeded: ${seeded.reason}`);
  } catch (err) {
    await db.destroy();
    await drop();
    throw err;
  }
  await db.destroy();
  return { name, url, drop };
}

/** Deletes every Redis key under `prefix` (the server's queues and events). */
export async function clearRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = createRedis(redisUrl);
  try {
    await deleteRedisPrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

interface ServerProcess {
  child: ChildProcess;
  url: string;
  stop: () => Promise<void>;
}

/**
 * Starts a TypeScript entry point as a child process (node --import tsx) and waits for its
 * `ready` message, which carries its URL. `stop` asks it over IPC to shut down gracefully.
 */
export function startProcess(entry: string, env: NodeJS.ProcessEnv, label: string, logFile?: string): Promise<ServerProcess> {
  // the server logs every request: to a file, so the bench's own output stays readable
  const out = logFile ? openSync(logFile, 'a') : 'inherit';
  // BENCH_PROFILE_DIR: a V8 CPU profile of the API server, written there when it stops
  const profile = process.env.BENCH_PROFILE_DIR && entry.startsWith('server/') ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = fork(path.join(root, entry), [], { cwd: root, execArgv: ['--import', 'tsx', ...profile], env, stdio: ['ignore', out, 'inherit', 'ipc'] });
  if (typeof out === 'number') closeSync(out);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      if (child.connected) child.send({ type: 'shutdown' });
      else child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { type?: string; url?: string }) => {
      if (m?.type === 'ready' && m.url) resolve({ child, url: m.url.replace(/\/+$/, ''), stop });
      else reject(new Error(`${label} said ${JSON.stringify(m)}`));
    });
    child.once('exit', (code, signal) => reject(new Error(`${label} exited (${signal ?? `code ${code}`}) before it was ready`)));
  });
}

/** The API server on the bench database: a free port, its own Redis prefix, no GraphiQL. */
export function startApiServer(databaseUrl: string, redisPrefix: string, logLevel: string, logFile: string): Promise<ServerProcess> {
  return startProcess(
    'server/cli/server.ts',
    {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_PREFIX: redisPrefix,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: logLevel,
      GRAPHIQL: 'false',
      NODE_ENV: 'development',
      // every simulated client signs in from 127.0.0.1
      SIGN_IN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '1000000',
    },
    'the API server',
    logFile,
  );
}

// ---------------------------------------------------------------------------------------
// /proc readings

/** A process's memory in MB: resident now (VmRSS) or its peak so far (VmHWM); NaN when it is gone. */
export function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU time (user + system) a process has used, in seconds; 0 when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    // the command name (field 2) may hold spaces: count fields after its closing parenthesis
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Samples a process's resident memory every 100 ms; `stop` returns the peak seen. */
export function watchMemory(pid: number | undefined): { stop: () => number } {
  if (!pid) return { stop: () => NaN };
  let peak = memoryMb(pid);
  const timer = setInterval(() => {
    const now = memoryMb(pid);
    if (now > peak) peak = now;
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, memoryMb(pid));
    },
  };
}

/** PostgreSQL backends serving the bench database (their CPU is the database's share of a row). */
export async function backendPids(databaseUrl: string): Promise<number[]> {
  const client = new pg.Client(poolOptions(databaseUrl));
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}
