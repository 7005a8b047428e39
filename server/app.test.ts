import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { createRedis } from './platform/redis.js';
import { createTestWorld, type TestWorld } from './testing/harness.js';

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world?.close());

describe('health', () => {
  it('/healthz answers while the process is alive', async () => {
    const res = await world.app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz checks the database and Redis', async () => {
    const res = await world.app.inject('/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json().checks).toEqual({ database: 'ok', redis: 'ok' });
  });

  it('/readyz answers 503 naming Redis when Redis is unreachable', async () => {
    const deadRedis = createRedis('redis://127.0.0.1:1', { lazy: true });
    deadRedis.on('error', () => {});
    const app = await buildApp({ config: world.config, db: world.db, redis: deadRedis });
    try {
      const res = await app.inject('/readyz');
      expect(res.statusCode).toBe(503);
      expect(res.json().checks).toEqual({ database: 'ok', redis: 'down' });
    } finally {
      await app.close();
      deadRedis.disconnect();
    }
  });

  it('tags every response with a request id, keeping a caller-supplied one', async () => {
    const own = await world.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    expect(own.headers['x-request-id']).toBe('trace-123');
    const generated = await world.app.inject('/healthz');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
