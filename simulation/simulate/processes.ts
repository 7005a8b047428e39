// The real product under simulation: the API server and the worker as child processes (the
// same entry points `npm start` runs), with SIMULATED_CLOCK=true, on the simulation's database
// and a Redis prefix of its own. The server listens on a free port and reports its URL.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage } from '../../server/cli/common.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STOP_TIMEOUT_MS = 15_000;

interface Product {
  url: string;
  stop(): Promise<void>;
}

interface ProductOptions {
  databaseUrl: string;
  redisPrefix: string;
  /** Lines of the children's output are kept and shown if one fails; LOG_LEVEL for both. */
  logLevel?: string;
}

function launch(file: string, env: NodeJS.ProcessEnv, output: string[]): { child: ChildProcess; ready: Promise<string | undefined> } {
  const child = fork(path.join(root, file), [], { cwd: root, execArgv: ['--import', 'tsx'], env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const ready = new Promise<string | undefined>((resolve, reject) => {
    child.on('message', (m: ChildMessage) => {
      if (m?.type === 'ready') resolve(m.url);
    });
    child.once('exit', (code, signal) => reject(new Error(`${file} exited (${signal ?? code}) before it was ready:\n${output.slice(-30).join('\n')}`)));
  });
  return { child, ready };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send({ type: 'shutdown' } satisfies ParentMessage);
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** Starts the API server and the worker; resolves when both are ready. */
export async function startProduct({ databaseUrl, redisPrefix, logLevel = 'warn' }: ProductOptions): Promise<Product> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    REDIS_PREFIX: redisPrefix,
    SIMULATED_CLOCK: 'true',
    LOG_LEVEL: logLevel,
    HOST: '127.0.0.1',
    PORT: '0',
    SEED_DEMO: 'false',
    GRAPHIQL: 'false',
    // the thousands of people it plays all sign in from 127.0.0.1
    SIGN_IN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '1000000',
  };
  const output: string[] = [];
  const server = launch('server/cli/server.ts', env, output);
  const worker = launch('worker/main.ts', env, output);
  const stop = async () => {
    await Promise.all([stopChild(server.child), stopChild(worker.child)]);
  };
  try {
    const [url] = await Promise.all([server.ready, worker.ready]);
    if (!url) throw new Error('the API server did not report its URL');
    return { url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
