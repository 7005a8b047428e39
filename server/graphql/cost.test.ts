// What a request may cost: lists by their size, introspection by the schema's own answer,
// a smaller budget without a sign-in, no schema for strangers in production, a cap on the
// answer's size, and every document the web app sends within its budget.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentNode, GraphQLInputType, OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { DEFAULT_LIST_SIZE, queryCost, wholeSchemaSize } from './cost.js';
import { graphql } from './graphql-cjs.js';
import { schemaSource } from './plugin.js';

const schema = graphql.buildSchema(schemaSource);
const cost = (query: string, variables: Record<string, unknown> = {}, limit = Number.POSITIVE_INFINITY) =>
  queryCost(schema, graphql.parse(query), variables, limit);

/** The fields of an answer: every key of every object, at any depth. */
function fieldsOf(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + fieldsOf(item), 0);
  if (value && typeof value === 'object') return Object.values(value).reduce((n: number, v) => n + 1 + fieldsOf(v), 0);
  return 0;
}

const aliased = (n: number, selection: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${selection}`).join(' ')} }`;

describe('the cost of a list', () => {
  it('is its page, or the size the schema assumes, times its items', () => {
    // 1 for the list, 50 orders of one field (dispatchBoard is assumed 50 long)
    expect(cost('{ dispatchBoard { id } }').fields).toBe(1 + 50);
    // a page asked for: the connection's edges are that page, not a list of their own size
    expect(cost('{ orders(first: 7) { edges { node { id } } } }').fields).toBe(1 + 7 * (1 + 1 + 1));
    expect(cost('query($n: Int) { orders(first: $n) { edges { node { id } } } }', { n: 3 }).fields).toBe(1 + 3 * 3);
    // the schema's default page when none is given (orders: first = 20)
    expect(cost('{ orders { edges { node { id } } } }').fields).toBe(1 + 20 * 3);
    // a list sliced by another argument
    expect(cost('{ carerCandidates(orderId: "1", limit: 3) { total } }').fields).toBe(1 + 3);
    // a list the schema says nothing about
    expect(cost('{ me { villages { id } } }').fields).toBe(1 + 1 + DEFAULT_LIST_SIZE);
    // lists within lists multiply: 1 county, 12 townships, 12 villages each
    expect(cost('{ regions { children { children { id } } } }').fields).toBe(1 + 1 * (1 + 12 * (1 + 12 * 1)));
  });
});

describe('the cost of introspection', () => {
  const queries = {
    'the full introspection query': graphql.getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, oneOf: true }),
    'one type, deep':
      '{ __type(name: "Query") { name fields { name args { name type { name kind ofType { name ofType { name } } } } type { fields { name } } } } }',
    'aliases, fragments and skipped parts':
      'query($no: Boolean!) { a: __schema { ...T } b: __schema { types { name @skip(if: $no) kind } } c: __type(name: "Order") { ...F enumValues { name } } __typename } fragment T on __Schema { types { ...F } directives { name locations } } fragment F on __Type { name fields(includeDeprecated: true) { name } }',
  };
  for (const [name, query] of Object.entries(queries)) {
    it(`is the number of fields of its answer: ${name}`, () => {
      const document = graphql.parse(query);
      const variables = { no: true };
      const answer = graphql.executeSync({ schema, document, variableValues: variables });
      expect(answer.errors).toBeUndefined();
      const { fields, introspection } = queryCost(schema, document, variables, Number.POSITIVE_INFINITY);
      // __typename is the one field outside introspection
      expect(introspection + fields).toBe(fieldsOf(answer.data));
    });
  }

  it('stops counting once over its limit', () => {
    const limit = 2 * wholeSchemaSize(schema);
    const { introspection } = cost(aliased(1000, '__schema { types { name fields { name } } }'), {}, limit);
    expect(introspection).toBeGreaterThan(limit);
    // counted in full it would be a thousand schemas; it stopped soon after the limit
    expect(introspection).toBeLessThan(limit + 1000 * 2);
  });
});

describe('the web app', () => {
  const gqlFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/src/gql');
  // sample values for a document's variables (the cost reads pages and slices from them)
  const sample = (type: GraphQLInputType): unknown => {
    if (graphql.isNonNullType(type)) return sample(type.ofType);
    if (graphql.isListType(type)) return [sample(type.ofType)];
    if (graphql.isEnumType(type)) return type.getValues()[0].value;
    if (graphql.isInputObjectType(type)) {
      return Object.fromEntries(
        Object.values(type.getFields())
          .filter((f) => graphql.isNonNullType(f.type))
          .map((f) => [f.name, sample(f.type)]),
      );
    }
    return (
      ({ Int: 100, Float: 1, Boolean: true, Date: '2027-01-01', DateTime: '2027-01-01T00:00:00Z', Money: 100 } as Record<string, unknown>)[type.name] ?? '1'
    );
  };

  // as urql's cache sends them: __typename asked of every object
  const withTypenames = (document: DocumentNode): DocumentNode =>
    graphql.visit(document, {
      SelectionSet: (node, _key, parent) =>
        (parent as { kind?: string } | undefined)?.kind === 'OperationDefinition'
          ? undefined
          : { ...node, selections: [...node.selections, { kind: graphql.Kind.FIELD, name: { kind: graphql.Kind.NAME, value: '__typename' } }] },
    });

  it('sends only documents within the budget; those sent before a sign-in within the smaller one', async () => {
    const config = loadConfig({});
    const costs: Record<string, number> = {};
    for (const area of readdirSync(gqlFolder)) {
      const documents = (await import(path.join(gqlFolder, area, 'graphql.ts'))) as Record<string, DocumentNode>;
      for (const [name, document] of Object.entries(documents)) {
        if (!name.endsWith('Document')) continue;
        const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
        // every variable given, pages at the largest the pages ask for (100)
        const variables = Object.fromEntries(
          (operation?.variableDefinitions ?? []).map((v) => [v.variable.name.value, sample(graphql.typeFromAST(schema, v.type) as GraphQLInputType)]),
        );
        costs[`${area}/${name}`] = queryCost(schema, withTypenames(document), variables, Number.POSITIVE_INFINITY).fields;
      }
    }
    expect(Object.keys(costs).length).toBeGreaterThan(100);
    expect(Object.entries(costs).filter(([, c]) => c > config.MAX_QUERY_COMPLEXITY)).toEqual([]);
    const beforeSignIn = ['app/SignInDocument', 'app/MeDocument'];
    expect(beforeSignIn.filter((name) => !(costs[name] <= config.MAX_QUERY_COMPLEXITY_ANONYMOUS))).toEqual([]);
  });
});

describe('in production', () => {
  const production = { NODE_ENV: 'production', DATA_KEY: 'ab'.repeat(32) };
  it('shows no GraphiQL and no schema to strangers unless told to', () => {
    expect(loadConfig(production)).toMatchObject({ GRAPHIQL: false, ANONYMOUS_INTROSPECTION: false });
    expect(loadConfig({ ...production, GRAPHIQL: 'true', ANONYMOUS_INTROSPECTION: 'true' })).toMatchObject({ GRAPHIQL: true, ANONYMOUS_INTROSPECTION: true });
    expect(loadConfig({})).toMatchObject({ GRAPHIQL: true, ANONYMOUS_INTROSPECTION: true });
  });
});

describe('against the server', () => {
  let world: TestWorld;
  let fx: Fixtures;
  beforeAll(async () => {
    world = await createTestWorld();
    fx = await seedFixtures(world);
  });
  afterAll(() => world?.close());

  it('refuses a request that reads the schema many times, signed in or not, and runs none of it', async () => {
    const attack = aliased(400, '__schema { types { name } }');
    for (const token of [undefined, fx.tokens.admin]) {
      const res = await world.gql(attack, {}, token);
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(res.data ?? null).toBeNull();
    }
  });

  it('answers the whole introspection once, to anyone allowed to read the schema', async () => {
    const full = graphql.getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, oneOf: true });
    for (const token of [undefined, fx.tokens.recipientA]) {
      const res = await world.gql(full, {}, token);
      expect(res.errors).toBeUndefined();
      expect(res.data?.__schema.types.length).toBeGreaterThan(100);
    }
  });

  it('gives a request without a sign-in a tenth of the budget', async () => {
    // four region trees and four catalogs with their prices: over 2,000, well within 20,000
    const query = `{ ${[1, 2, 3, 4].map((i) => `r${i}: regions { children { id name } } s${i}: serviceCatalog { items { id nameZh priceHistory { priceFen } } }`).join(' ')} }`;
    expect(cost(query).fields).toBeGreaterThan(world.config.MAX_QUERY_COMPLEXITY_ANONYMOUS);
    expect(cost(query).fields).toBeLessThan(world.config.MAX_QUERY_COMPLEXITY);
    const stranger = await world.gql(query);
    expect(stranger.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: world.config.MAX_QUERY_COMPLEXITY_ANONYMOUS });
    expect(stranger.data ?? null).toBeNull();
    const signedIn = await world.gql(query, {}, fx.tokens.hotline);
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data?.s1.length).toBeGreaterThan(0);
  });

  it('tells a stranger over the budget to sign in when the request needs a sign-in anyway, as a refused token is told', async () => {
    const statistics = '{ serviceStatistics(year: 2027) { cells { month services value } } }';
    expect(cost(statistics).fields).toBeGreaterThan(world.config.MAX_QUERY_COMPLEXITY_ANONYMOUS);
    expect(await world.errorCode(statistics)).toBe('UNAUTHENTICATED');
    expect(await world.errorCode(statistics, {}, 'no-such-token')).toBe('UNAUTHENTICATED');
  });

  it('refuses a document of more tokens than the limit before validating it', async () => {
    const res = await world.gql(aliased(2000, '__typename'));
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: world.config.MAX_QUERY_TOKENS });
    expect(res.errors?.[0].message).toMatch(/tokens/);
  });

  describe('without introspection for strangers, and a small answer limit', () => {
    let closed: TestWorld;
    let closedFx: Fixtures;
    beforeAll(async () => {
      closed = await createTestWorld({ ANONYMOUS_INTROSPECTION: 'false', GRAPHIQL: 'false', MAX_RESPONSE_BYTES: '2000' });
      closedFx = await seedFixtures(closed);
    });
    afterAll(() => closed?.close());

    it('shows the schema only to a signed-in user, however the document asks for it', async () => {
      for (const query of [
        '{ __schema { queryType { name } } }',
        '{ __type(name: "Order") { name } }',
        '{ ...Q } fragment Q on Query { a: __type(name: "Recipient") { fields { name } } }',
      ]) {
        const res = await closed.gql(query);
        expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['INTROSPECTION_DISABLED']);
        expect(res.data ?? null).toBeNull();
        expect((await closed.gql(query, {}, closedFx.tokens.carerA)).errors).toBeUndefined();
      }
      // __typename is no introspection: a client may always ask what it got
      expect(await closed.ok('{ __typename }')).toEqual({ __typename: 'Query' });
    });

    it('does not send an answer over the size limit, and says why', async () => {
      const big = await closed.gql('{ serviceCatalog { nameZh nameEn items { code nameZh nameEn unit standardMinutes price } } }');
      expect(big.errors?.[0].extensions).toMatchObject({ code: 'RESPONSE_TOO_LARGE', limit: 2000 });
      expect(big.data).toBeNull();
      expect((await closed.ok('{ serviceCatalog { nameZh } }')).serviceCatalog.length).toBeGreaterThan(0);
    });

    it('serves no GraphiQL', async () => {
      const res = await closed.app.inject({ method: 'GET', url: '/graphiql' });
      expect(res.headers['content-type'] ?? '').not.toMatch(/html/);
    });
  });
});
