// `npm start` end to end: a fresh database is created, migrated and seeded, the API server and
// the worker come up as two processes, a demo user signs in, and SIGTERM stops everything.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it, inject } from 'vitest';
import { dropDatabase, withDatabase } from '../db/database.js';
import { createRedis, deleteRedisPrefix } from '../platform/redis.js';
import { DEMO_PASSWORD } from '../seed/demo.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const id = randomBytes(4).toString('hex');
const database = `nuanxin_test_start_${id}`;
const prefix = `nuanxin_test_${id}`;

afterAll(async () => {
  await dropDatabase(withDatabase(inject('baseDatabaseUrl'), database));
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  await deleteRedisPrefix(redis, prefix);
  redis.disconnect();
});

it('migrates, seeds, serves and stops on SIGTERM', { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: withDatabase(inject('baseDatabaseUrl'), database),
      REDIS_PREFIX: prefix,
      PORT: '0',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  try {
    const until = Date.now() + 45_000;
    while (!/Ready in/.test(output)) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`npm start did not get ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(output).toMatch(/created database/);
    expect(output).toMatch(/421 recipients/);
    expect(output).toMatch(/password: nuanxin-demo/);
    const url = /Nuanxin API\s+(http:\/\/\S+)\/graphql/.exec(output)![1];

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
    const signIn = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($p: String!) { signIn(username: "admin", password: $p) { token } }', variables: { p: DEMO_PASSWORD } }),
    });
    expect(((await signIn.json()) as { data: { signIn: { token: string } } }).data.signIn.token).toBeTruthy();
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});
