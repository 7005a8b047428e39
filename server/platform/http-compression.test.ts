// The API's answers travel compressed to a client that takes it: brotli before gzip, nothing
// for one that asks for neither or for a small answer; GraphQL keeps its media types and
// statuses, the answer size backstop still measures the answer itself, and the websocket
// still upgrades for a browser that sends Accept-Encoding (every browser does).
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';

let world: TestWorld;
let fx: Fixtures;
let url: string;
// the catalog is a few KB; twelve copies of it are over the answer size limit set here
const LIMIT = 20_000;
const CATALOG = '{ serviceCatalog { nameZh nameEn items { code nameZh nameEn unit standardMinutes price } } }';

beforeAll(async () => {
  world = await createTestWorld({ MAX_RESPONSE_BYTES: String(LIMIT) });
  fx = await seedFixtures(world);
  url = await world.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => world?.close());

const post = (body: unknown, headers: Record<string, string>) =>
  world.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });

describe('compressed API answers', () => {
  it('sends brotli to a browser that takes it, gzip to one that takes only gzip, and plain text otherwise', async () => {
    const plain = await post({ query: CATALOG }, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    const answer = plain.json();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);

    const br = await post({ query: CATALOG }, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(answer);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);

    const gz = await post({ query: CATALOG }, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(answer);

    // GET is GraphQL-over-HTTP too
    const get = await world.app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(CATALOG)}`, headers: { 'accept-encoding': 'br' } });
    expect(get.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(get.rawPayload).toString())).toEqual(answer);
  });

  it('leaves a small answer as it is', async () => {
    const res = await post({ query: '{ __typename }' }, { 'accept-encoding': 'br' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('keeps the media type and status GraphQL-over-HTTP asks for', async () => {
    const accept = { accept: 'application/graphql-response+json', 'accept-encoding': 'br' };
    const ok = await post({ query: CATALOG }, accept);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
    expect(ok.headers['content-encoding']).toBe('br');
    // a document that never ran: 400 in this media type, compressed or not
    const unknownFields = `{ ${Array.from({ length: 40 }, (_, i) => `nothingNamed${i}`).join(' ')} }`;
    const refused = await post({ query: unknownFields }, accept);
    expect(refused.statusCode).toBe(400);
    const body = JSON.parse((refused.headers['content-encoding'] === 'br' ? brotliDecompressSync(refused.rawPayload) : refused.rawPayload).toString());
    expect(body.data).toBeUndefined();
    expect(body.errors.length).toBe(40);
  });

  it('measures the answer before compressing it: one over the limit is not sent, whatever the client takes', async () => {
    const twelve = `{ ${Array.from({ length: 12 }, (_, i) => `c${i}: serviceCatalog { nameZh nameEn items { code nameZh nameEn unit standardMinutes price } }`).join(' ')} }`;
    // signed in: a stranger's cost budget would refuse the twelve copies before they ran
    const res = await post({ query: twelve }, { 'accept-encoding': 'br', authorization: `Bearer ${fx.tokens.carerA}` });
    const body = JSON.parse((res.headers['content-encoding'] === 'br' ? brotliDecompressSync(res.rawPayload) : res.rawPayload).toString());
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'RESPONSE_TOO_LARGE', limit: LIMIT });
    expect(body.data).toBeNull();
  });

  it('still upgrades the subscriptions websocket of a browser that sends Accept-Encoding', async () => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    const messages: { type: string; payload?: unknown }[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${fx.tokens.carerA}` } }));
    await expect.poll(() => messages.map((m) => m.type)).toContain('connection_ack');
    socket.close();
  });
});
