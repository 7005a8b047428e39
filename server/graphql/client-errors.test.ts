// Requests that are wrong before any GraphQL is read get a 4xx and a client code, never
// INTERNAL_SERVER_ERROR (which is for the server's own faults, and logged as one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world?.close());

const json = { 'content-type': 'application/json' };

describe('a request that is not a GraphQL request', () => {
  it.each([
    ['invalid JSON', { headers: json, payload: '{"query": ' }, 400, 'BAD_REQUEST'],
    ['an empty body', { headers: json, payload: '' }, 400, 'BAD_REQUEST'],
    ['no query', { payload: { variables: {} } }, 400, 'BAD_REQUEST'],
    ['a query that is a number', { payload: { query: 123 } }, 400, 'BAD_REQUEST'],
    ['a query that is an object', { payload: { query: { serviceCatalog: true } } }, 400, 'BAD_REQUEST'],
    ['a query that is a JSON syntax tree', { payload: { query: JSON.stringify({ kind: 'Document', definitions: [{}] }) } }, 400, 'BAD_REQUEST'],
    ['a query that is JSON text', { payload: { query: '123' } }, 400, 'BAD_REQUEST'],
    ['a body over the limit', { payload: { query: `{ serviceCatalog { id } } # ${'x'.repeat(1_100_000)}` } }, 413, 'PAYLOAD_TOO_LARGE'],
  ] as const)('answers %s with %i and a client code', async (_name, request, status, code) => {
    const res = await world.app.inject({ method: 'POST', url: '/graphql', ...request } as never);
    expect(res.statusCode).toBe(status);
    const { errors } = res.json() as { errors: { message: string; extensions: { code: string } }[] };
    expect(errors[0].extensions.code).toBe(code);
    expect(errors[0].message).not.toMatch(/went wrong on our side/);
  });

  it('answers a JSON syntax tree sent by GET with 400 and a client code', async () => {
    const tree = JSON.stringify({ kind: 'Document', definitions: [{ kind: 'OperationDefinition', operation: 'query' }] });
    const res = await world.app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(tree)}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('still answers a well-formed request', async () => {
    const res = await world.app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ serviceCatalog { id } }' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().errors).toBeUndefined();
  });
});
