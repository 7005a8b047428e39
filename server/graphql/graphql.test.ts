// The API's contract as a whole: GraphQL-over-HTTP compliance, error codes, limits, the
// deny-by-default check, and generated types that must not drift from their sources.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditServer } from 'graphql-http';
import { inject } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { assertEveryRootFieldGuarded } from './plugin.js';
import { domainResolvers } from '../domains.js';
import { generateTables, tablesFile } from '../cli/codegen-db.js';

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
});
afterAll(() => world?.close());

describe('GraphQL over HTTP', () => {
  it('passes every MUST and every SHOULD audit of graphql-http', async () => {
    const address = await world.app.listen({ port: 0, host: '127.0.0.1' });
    const results = await auditServer({ url: `${address}/graphql`, fetchFn: fetch });
    const failed = results.filter((r) => /^(MUST|SHOULD) /.test(r.name) && r.status !== 'ok');
    expect(failed.map((r) => `${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`)).toEqual([]);
    expect(results.filter((r) => /^SHOULD /.test(r.name)).length).toBeGreaterThanOrEqual(23);
  });

  it('answers application/graphql-response+json when asked, with 400 and no data for a document that never ran', async () => {
    const post = (accept: string | undefined, query: string) =>
      world.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) }, payload: { query } });
    const strict = await post('application/graphql-response+json', '{ serviceCatalog { nope } }');
    expect(strict.statusCode).toBe(400);
    expect(strict.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
    expect(strict.json()).not.toHaveProperty('data');
    expect(strict.json().errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // application/json, or no Accept at all: 200, as clients from before the spec expect
    for (const accept of ['application/json', undefined, '*/*']) {
      const legacy = await post(accept, '{ serviceCatalog { nope } }');
      expect(legacy.statusCode, accept).toBe(200);
      expect(legacy.headers['content-type'], accept).toBe('application/json; charset=utf-8');
      expect(legacy.json().errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    // the web app's urql asks for both, preferring the new type
    const both = await post(
      'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed',
      '{ serviceCatalog { id } }',
    );
    expect(both.statusCode).toBe(200);
    expect(both.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
    // an operation that ran and was refused is 200 either way (the data entry is there, null)
    const refused = await post('application/graphql-response+json', '{ budgetAccounts(year: 2027) { totalCount } }');
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toMatchObject({ data: null, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('answers 406 to a client that accepts neither JSON type', async () => {
    const res = await world.app.inject({ method: 'POST', url: '/graphql', headers: { accept: 'text/html' }, payload: { query: '{ __typename }' } });
    expect(res.statusCode).toBe(406);
    expect(res.json().errors[0].extensions.code).toBe('NOT_ACCEPTABLE');
  });
});

describe('errors', () => {
  it('gives syntax and validation errors a code', async () => {
    expect(await world.errorCode('{ serviceCatalog { nope } }')).toBe('GRAPHQL_VALIDATION_FAILED');
    const res = await world.app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ serviceCatalog { ' } });
    expect(res.json().errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses bad scalars and ids as BAD_USER_INPUT', async () => {
    const price = 'mutation($p: Money!) { setServiceItemPrice(input: { serviceItemId: "1", priceFen: $p, reason: "x" }) { id } }';
    expect(await world.errorCode(price, { p: 12.5 }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode('{ serviceItem(id: "abc") { id } }')).toBe('BAD_USER_INPUT');
    expect(await world.errorCode('{ serviceItem(id: "999999") { id } }')).toBe('NOT_FOUND');
  });

  it('takes an ID only as it is given out, and dates only within 1900 to 2100', async () => {
    const item = await world.db.selectFrom('service_items').select('id').orderBy('id').executeTakeFirstOrThrow();
    expect((await world.ok('query($id: ID!) { serviceItem(id: $id) { id } }', { id: String(item.id) })).serviceItem.id).toBe(String(item.id));
    for (const id of [`0${item.id}`, `+${item.id}`, ` ${item.id}`, `${item.id}.0`, '0', '-1', '99999999999']) {
      const res = await world.gql('query($id: ID!) { serviceItem(id: $id) { id } }', { id });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', reason: 'INVALID_ID' });
    }
    // a Date and a DateTime, each as a variable and as a literal
    const jobs = 'query($from: Date) { myJobs(from: $from) { id } }';
    for (const from of ['275760-01-01', '2101-01-01', '1899-12-31']) expect(await world.errorCode(jobs, { from }, fx.tokens.carerA)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode('{ myJobs(from: "2101-01-01") { id } }', {}, fx.tokens.carerA)).toBe('BAD_USER_INPUT');
    // with the reason the app words: the years a date may fall in, or a date that is none
    for (const [from, reason] of [
      ['2101-01-01', 'DATE_RANGE'],
      ['2026-02-30', 'DATE_FORMAT'],
    ]) {
      const res = await world.gql(jobs, { from }, fx.tokens.carerA);
      expect(res.errors?.[0].extensions, from).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason,
        ...(reason === 'DATE_RANGE' ? { firstYear: 1900, lastYear: 2100 } : {}),
      });
    }
    expect(await world.ok(jobs, { from: '2100-12-31' }, fx.tokens.carerA)).toEqual({ myJobs: [] });
    const priceAt = 'query($id: ID!, $at: DateTime!) { serviceItem(id: $id) { priceAt(at: $at) } }';
    for (const at of ['+275760-09-13T00:00:00.000Z', '2101-06-01T00:00:00+08:00', '1899-06-30T00:00:00Z']) {
      expect(await world.errorCode(priceAt, { id: String(item.id), at })).toBe('BAD_USER_INPUT');
    }
    expect(await world.errorCode(`{ serviceItem(id: "${item.id}") { priceAt(at: "2101-01-01T00:00:00Z") } }`)).toBe('BAD_USER_INPUT');
  });

  it('refuses a variable whose value does not fit its type as BAD_USER_INPUT, naming it', async () => {
    const page = 'query($n: Int!) { organisations(first: $n) { totalCount } }';
    for (const n of [2.5, '3', true, 2 ** 31]) {
      const res = await world.gql(page, { n }, fx.tokens.admin);
      expect(res.errors?.[0]).toMatchObject({ message: expect.stringContaining('Variable "$n" got invalid value'), extensions: { code: 'BAD_USER_INPUT' } });
    }
    for (const variables of [{}, { n: null }]) expect(await world.errorCode(page, variables, fx.tokens.admin)).toBe('BAD_USER_INPUT');
  });

  it('refuses a page larger than 100', async () => {
    expect(await world.errorCode('{ organisations(first: 1000) { totalCount } }', {}, fx.tokens.admin)).toBe('BAD_USER_INPUT');
  });
});

describe('limits', () => {
  it('refuses a query deeper than the depth limit', async () => {
    const deep = '{ regions { children { children { parent { parent { children { children { parent { parent { children { name } } } } } } } } } } }';
    const res = await world.gql(deep);
    expect(res.errors?.[0].message).toMatch(/depth/);
    expect(res.data ?? null).toBeNull();
  });

  it('refuses a query that costs more than the complexity limit, counting page sizes from variables', async () => {
    const page = `carers(first: $n) { edges { node { name qualifications { kind } workingHours { weekday }
      pairedRecipients { name village { name } township { name } } organisation { name contracts { contractNumber } } } } }`;
    const query = `query($n: Int) { a: ${page} b: ${page} c: ${page} d: ${page} }`;
    expect(await world.errorCode(query, { n: 100 }, fx.tokens.admin)).toBe('QUERY_TOO_COMPLEX');
    // the same query with small pages is within the limit (refused, if at all, for another reason)
    const small = await world.gql(query, { n: 5 }, fx.tokens.admin);
    expect(small.errors?.find((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX')).toBeUndefined();
  });
});

describe('deny by default', () => {
  it('starts only when every root field has a guarded resolver', () => {
    expect(() => assertEveryRootFieldGuarded(domainResolvers)).not.toThrow();
    const { serviceCatalog: _dropped, ...rest } = domainResolvers.Query;
    expect(() => assertEveryRootFieldGuarded({ ...domainResolvers, Query: rest })).toThrow(/Query.serviceCatalog/);
    const unguarded = { ...domainResolvers.Query, serviceCatalog: () => [] };
    expect(() => assertEveryRootFieldGuarded({ ...domainResolvers, Query: unguarded })).toThrow(/Query.serviceCatalog/);
  });
});

describe('generated types', () => {
  const root = path.resolve(import.meta.dirname, '../..');

  it('server/db/tables.ts matches the migrations', async () => {
    const before = readFileSync(tablesFile, 'utf8');
    await expect(generateTables(inject('baseDatabaseUrl'), true)).resolves.toBeUndefined();
    expect(readFileSync(tablesFile, 'utf8')).toBe(before);
  }, 60_000);

  it('server/graphql/types.generated.ts matches schema.graphql', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nuanxin-codegen-'));
    try {
      const config = path.join(dir, 'codegen.ts');
      const source = readFileSync(path.join(root, 'codegen.ts'), 'utf8')
        .replace("'server/graphql/types.generated.ts'", JSON.stringify(path.join(dir, 'types.generated.ts')))
        .replace("schema: 'schema.graphql'", `schema: ${JSON.stringify(path.join(root, 'schema.graphql'))}`);
      await import('node:fs/promises').then((fs) => fs.writeFile(config, source));
      await promisify(execFile)(path.join(root, 'node_modules/.bin/graphql-codegen'), ['--config', config], { cwd: root });
      const fresh = await readFile(path.join(dir, 'types.generated.ts'), 'utf8');
      expect(fresh).toBe(readFileSync(path.join(root, 'server/graphql/types.generated.ts'), 'utf8'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
