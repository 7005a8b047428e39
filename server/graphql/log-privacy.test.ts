// Personal data stays out of the logs. The app runs with every level logged (trace) into an
// array; every operation of the schema that takes personal data (found by walking its
// arguments) runs over POST and GET, with variables and with the values written into the
// document, and so do malformed requests whose errors quote what they were sent, and the
// other routes with query strings, a session cookie and a sign-in form. The whole log is then
// searched for each value, each bearer token, each password and cookie; and each GraphQL
// request must still be findable by its operation's name and its document's hash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  astFromValue,
  buildSchema,
  getNamedType,
  isInputObjectType,
  Kind,
  parse,
  print,
  typeFromAST,
  visit,
  type GraphQLInputType,
  type GraphQLNamedType,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { addRecipients, FIXTURE_PASSWORD, seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { prepareOrdering, itemId, windowAt } from '../orders/test-support.js';
import { arrive, nextWindow, serveOrder } from '../visits/test-support.js';
import { hotlineInput } from '../complaints/test-support.js';
import { newIdNumber, registration } from '../registry/test-support.js';
import { creditCode } from '../organisations/test-support.js';
import { makeIdNumber } from '../registry/id-number.js';
import { setClockForTests } from '../platform/clock.js';
import { ORDINARY_MORNING } from '../testing/instants.js';
import { documentHash } from './operation-log.js';
import { schemaSource } from './plugin.js';

setClockForTests(ORDINARY_MORNING);

/** Argument and input field names that hold personal data (or a credential). */
const PERSONAL = new Set([
  'idNumber',
  'name',
  'householdHeadName',
  'contactName',
  'complainantName',
  'displayName',
  'username',
  'password',
  'phone',
  'callerPhone',
  'complainantPhone',
  'address',
  'latitude',
  'longitude',
  'search',
  'cardCode',
  'certificateNumber',
  'notes',
  'description',
]);

const schema = buildSchema(schemaSource);

/** Root fields (Query.x, Mutation.y) with an argument that is, or holds at any depth, a PERSONAL field. */
function fieldsTakingPersonalData(): string[] {
  const holds = (type: GraphQLNamedType, seen: Set<string>): boolean => {
    if (!isInputObjectType(type) || seen.has(type.name)) return false;
    seen.add(type.name);
    return Object.values(type.getFields()).some((f) => PERSONAL.has(f.name) || holds(getNamedType(f.type), seen));
  };
  return [schema.getQueryType()!, schema.getMutationType()!].flatMap((root) =>
    Object.values(root.getFields())
      .filter((field) => field.args.some((a) => PERSONAL.has(a.name) || holds(getNamedType(a.type), new Set())))
      .map((field) => `${root.name}.${field.name}`),
  );
}

/** The values of PERSONAL fields anywhere in `value`, as strings. */
function personalValues(value: unknown, key = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => personalValues(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => personalValues(v, k));
  return PERSONAL.has(key) && (typeof value === 'string' || typeof value === 'number') ? [String(value)] : [];
}

/** The document with each variable replaced by its value as a literal (the values then sit in the document itself). */
function inline(document: string, variables: Record<string, unknown>): string {
  const ast = parse(document);
  const op = ast.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const types = new Map(op.variableDefinitions?.map((d) => [d.variable.name.value, typeFromAST(schema, d.type as never) as GraphQLInputType]));
  return print(
    visit(ast, {
      leave(node) {
        if (node.kind === Kind.OPERATION_DEFINITION) return { ...node, variableDefinitions: [] };
        if (node.kind === Kind.VARIABLE) return (astFromValue(variables[node.name.value], types.get(node.name.value)!) ?? { kind: Kind.NULL }) as ValueNode;
        return undefined;
      },
    }),
  );
}

const lines: string[] = [];
const logStream = { write: (line: string) => void lines.push(line) };
const logged = () => lines.join('');
const entries = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

/** The log with its URL-encoded runs decoded, so that a query string's values read as they were sent. */
const urlDecoded = (log: string) =>
  log.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });

/** Whether `secret` shows in the log, as it is or URL-encoded, and not as a part of a longer number or word. */
function findIn(log: string, secret: string): boolean {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(?<![0-9A-Za-z.])${escaped}(?![0-9A-Za-z])`);
  return pattern.test(log) || pattern.test(urlDecoded(log));
}

let world: TestWorld;
let fx: Fixtures;
/** Every secret sent in this file: personal values, tokens, passwords, cookies. */
const secrets = new Set<string>();

beforeAll(async () => {
  world = await createTestWorld({ LOG_LEVEL: 'trace' }, { logStream });
  fx = await seedFixtures(world);
  await prepareOrdering(world, fx);
  for (const token of Object.values(fx.tokens)) secrets.add(token);
  secrets.add(FIXTURE_PASSWORD);
});
afterAll(() => world?.close());

interface Case {
  operation: string;
  document: string;
  variables: () => Promise<Record<string, unknown>>;
  token: () => string | undefined;
}

const home = async () => world.db.selectFrom('regions').select(['latitude', 'longitude']).where('id', '=', fx.villageA1).executeTakeFirstOrThrow();
/** A spot a few metres from recipient A's home, with digits of its own. */
const nearHome = async () => {
  const h = await home();
  return { latitude: Number((h.latitude + 0.0000417).toFixed(7)), longitude: Number((h.longitude + 0.0000383).toFixed(7)) };
};
const qualification = (certificateNumber: string) => ({ kind: 'NURSING', certificateNumber, issuedOn: '2024-01-01', expiresOn: '2030-12-31' });
/** Carer A's job: previewed, checked in, then checked out by the cases below, in their order. */
let accepted: number;
let completed: number;

const cases: Record<string, Case> = {
  'Query.recipients': {
    operation: 'FindRecipient',
    document: 'query FindRecipient($filter: RecipientFilter) { recipients(filter: $filter) { totalCount } }',
    // the example of the issue: the hotline looks a caller up by their ID number
    variables: async () => ({ filter: { search: makeIdNumber('360823', '1941-02-11', 11, true) } }),
    token: () => fx.tokens.hotline,
  },
  'Query.users': {
    operation: 'FindUser',
    document: 'query FindUser($filter: UserFilter) { users(filter: $filter) { totalCount } }',
    // an admin looks a sign-in up by a person's name
    variables: async () => ({ filter: { search: '隐私探针用户' } }),
    token: () => fx.tokens.admin,
  },
  'Query.previewCheckIn': {
    operation: 'PreviewCheckIn',
    document: 'query PreviewCheckIn($input: CheckInInput!) { previewCheckIn(input: $input) { flags distanceMeters } }',
    variables: async () => ({ input: { orderId: String(accepted), ...(await nearHome()) } }),
    token: () => fx.tokens.carerA,
  },
  'Mutation.signIn': {
    operation: 'SignIn',
    document: 'mutation SignIn($username: String!, $password: String!) { signIn(username: $username, password: $password) { expiresAt } }',
    variables: async () => ({ username: 'privacy-probe-4471', password: 'Probe-Password-8812' }),
    token: () => undefined,
  },
  'Mutation.createUser': {
    operation: 'CreateUser',
    document: 'mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id } }',
    variables: async () => ({
      input: { username: 'privacy-probe-4471', password: 'Probe-Password-8812', displayName: '隐私探针用户', role: 'HOTLINE_OPERATOR', phone: '13712340001' },
    }),
    token: () => fx.tokens.admin,
  },
  'Mutation.resetUserPassword': {
    operation: 'ResetPassword',
    document: 'mutation ResetPassword($id: ID!, $password: String!) { resetUserPassword(userId: $id, password: $password) { id } }',
    // the sign-in the case above made
    variables: async () => ({
      id: String((await world.db.selectFrom('users').select('id').where('username', '=', 'privacy-probe-4471').executeTakeFirstOrThrow()).id),
      password: 'Probe-Password-9913',
    }),
    token: () => fx.tokens.admin,
  },
  'Mutation.registerRecipient': {
    operation: 'RegisterRecipient',
    document: 'mutation RegisterRecipient($input: RegisterRecipientInput!) { registerRecipient(input: $input) { id } }',
    variables: async () => ({
      input: registration(fx.villageA1, {
        name: '隐私测试甲',
        idNumber: newIdNumber(false),
        householdHeadName: '隐私户主乙',
        address: '隐私村十八号',
        phone: '13712340002',
      }),
    }),
    token: () => fx.tokens.admin,
  },
  'Mutation.updateRecipientContact': {
    operation: 'UpdateContact',
    document: 'mutation UpdateContact($id: ID!, $input: RecipientContactInput!) { updateRecipientContact(recipientId: $id, input: $input) { id } }',
    variables: async () => ({ id: String(fx.recipientA), input: { phone: '13712340003', address: '隐私村十九号' } }),
    token: () => fx.tokens.admin,
  },
  'Mutation.moveRecipient': {
    operation: 'MoveRecipient',
    document: 'mutation MoveRecipient($id: ID!, $input: MoveRecipientInput!) { moveRecipient(recipientId: $id, input: $input) { id } }',
    variables: async () => {
      const [id] = await addRecipients(world, 1, { villageId: fx.villageA1, townshipId: fx.townshipA });
      return {
        id: String(id),
        input: { villageId: String(fx.villageA2), address: '隐私村二十号', latitude: 27.6543219, longitude: 115.1234567, reason: '随子女居住' },
      };
    },
    token: () => fx.tokens.admin,
  },
  'Mutation.createOrganisation': {
    operation: 'CreateOrganisation',
    document: 'mutation CreateOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
    variables: async () => ({
      input: { name: '隐私测试社工站', creditCode: creditCode(4471), contactName: '隐私联系人丙', phone: '13712340004', address: '隐私路一号' },
    }),
    token: () => fx.tokens.admin,
  },
  'Mutation.registerCarer': {
    operation: 'RegisterCarer',
    document: 'mutation RegisterCarer($input: RegisterCarerInput!) { registerCarer(input: $input) { id } }',
    variables: async () => ({
      input: {
        organisationId: String(fx.orgA),
        name: '隐私护工丁',
        phone: '13712340005',
        kind: 'PROFESSIONAL',
        homeVillageId: String(fx.villageA1),
        qualifications: [qualification('CERT-PRIVACY-0001')],
      },
    }),
    token: () => fx.tokens.dispatcherA,
  },
  'Mutation.addCarerQualification': {
    operation: 'AddQualification',
    document: 'mutation AddQualification($id: ID!, $input: QualificationInput!) { addCarerQualification(carerId: $id, input: $input) { id } }',
    variables: async () => ({ id: String(fx.carerA), input: qualification('CERT-PRIVACY-0002') }),
    token: () => fx.tokens.dispatcherA,
  },
  'Mutation.placeOrder': {
    operation: 'PlaceOrder',
    document: 'mutation PlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }',
    variables: async () => ({
      input: {
        recipientId: String(fx.recipientA),
        serviceItemId: String(await itemId(world, 'home_cleaning')),
        ...windowAt(5, 15),
        place: { address: '隐私村二十一号', latitude: 27.6549871, longitude: 115.1239873 },
        notes: '钥匙在门垫下，隐私备注',
        callerPhone: '13712340006',
      },
    }),
    token: () => fx.tokens.hotline,
  },
  'Mutation.checkIn': {
    operation: 'CheckIn',
    document: 'mutation CheckIn($input: CheckInInput!) { checkIn(input: $input) { checkedInAt } }',
    variables: async () => {
      await arrive(world, accepted);
      return { input: { orderId: String(accepted), ...(await nearHome()) } };
    },
    token: () => fx.tokens.carerA,
  },
  'Mutation.checkOut': {
    operation: 'CheckOut',
    document: 'mutation CheckOut($input: CheckOutInput!) { checkOut(input: $input) { checkedOutAt } }',
    variables: async () => ({ input: { orderId: String(accepted), latitude: 27.6512347, longitude: 115.1187659, workDone: '打扫了卧室' } }),
    token: () => fx.tokens.carerA,
  },
  'Mutation.confirmService': {
    operation: 'ConfirmService',
    document: 'mutation ConfirmService($id: ID!, $cardCode: String) { confirmService(orderId: $id, cardCode: $cardCode) { id } }',
    variables: async () => ({ id: String(completed), cardCode: '804517' }),
    token: () => fx.tokens.carerA,
  },
  'Mutation.recordComplaint': {
    operation: 'RecordComplaint',
    document: 'mutation RecordComplaint($input: RecordComplaintInput!) { recordComplaint(input: $input) { id } }',
    variables: async () => ({
      input: hotlineInput(fx, { description: '隐私投诉：护工把门牌号告诉了别人', complainantName: '隐私投诉人戊', complainantPhone: '13712340007' }),
    }),
    token: () => fx.tokens.hotline,
  },
};

let requests = 0;

/** Sends a GraphQL request with an id of its own, so its log lines can be found. */
async function send(method: 'GET' | 'POST', document: string, options: { operationName?: string; variables?: Record<string, unknown>; token?: string }) {
  const requestId = `privacy-${++requests}`;
  const headers: Record<string, string> = { 'x-request-id': requestId, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) };
  if (method === 'POST') {
    const res = await world.app.inject({
      method,
      url: '/graphql',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ query: document, operationName: options.operationName, variables: options.variables }),
    });
    return { requestId, res };
  }
  const params = new URLSearchParams({ query: document });
  if (options.operationName) params.set('operationName', options.operationName);
  if (options.variables) params.set('variables', JSON.stringify(options.variables));
  return { requestId, res: await world.app.inject({ method, url: `/graphql?${params}`, headers }) };
}

const linesOf = (requestId: string) => entries().filter((e) => e.reqId === requestId);
const leaked = (values: Iterable<string>) => [...values].filter((s) => findIn(logged(), s));

describe('GraphQL requests in the logs', () => {
  beforeAll(async () => {
    completed = await serveOrder(world, fx, { until: 'completed', window: nextWindow() });
    accepted = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
  });

  it('has a case here for every operation of the schema that takes personal data', () => {
    expect(fieldsTakingPersonalData().sort()).toEqual(Object.keys(cases).sort());
  });

  it.each(Object.entries(cases))('%s: its values are in no log line, over POST and GET, as variables and in the document', async (_field, c) => {
    const variables = await c.variables();
    const values = personalValues(variables);
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) secrets.add(v);
    const token = c.token();
    const isMutation = c.document.startsWith('mutation');
    const sent: { requestId: string; document: string }[] = [];
    for (const method of ['POST', 'GET'] as const) {
      for (const document of [c.document, inline(c.document, variables)]) {
        const written = document !== c.document;
        const { requestId, res } = await send(method, document, { operationName: c.operation, variables: written ? undefined : variables, token });
        // GET is for queries only: a mutation sent so is refused, and still kept out of the log
        expect(res.statusCode, `${method} ${written ? 'literal' : 'variables'}`).toBe(method === 'GET' && isMutation ? 405 : 200);
        sent.push({ requestId, document });
      }
    }
    expect(leaked(values)).toEqual([]);
    expect(leaked(token ? [token] : [])).toEqual([]);
    // each request is still named in its log: by the operation and the hash of its document
    for (const { requestId, document } of sent) {
      const named = linesOf(requestId).filter((e) => e.operation === c.operation && e.documentHash === documentHash(document));
      expect(named.length, requestId).toBeGreaterThan(0);
      expect(named.some((e) => e.msg === 'request completed')).toBe(true);
    }
  });

  it('keeps out what malformed requests carry, though their errors quote it', async () => {
    const idNumber = newIdNumber();
    const phone = '13712349999';
    for (const s of [idNumber, phone]) secrets.add(s);
    const attempts = [
      // graphql-js: 'Variable "$first" got invalid value "3608…"; Int cannot represent …'
      await send('POST', 'query Page($first: Int) { recipients(first: $first) { totalCount } }', { variables: { first: idNumber }, token: fx.tokens.hotline }),
      await send('GET', 'query Page($first: Int) { recipients(first: $first) { totalCount } }', { variables: { first: idNumber }, token: fx.tokens.hotline }),
      // a literal of the wrong type: 'Int cannot represent non-integer value: "1371…"'
      await send('POST', `query Page { recipients(first: "${phone}") { totalCount } }`, { token: fx.tokens.hotline }),
      // a syntax error names the token it stopped at
      await send('GET', `query Find { recipients(filter: { search: "${idNumber}" ) { totalCount } }`, { token: fx.tokens.hotline }),
    ];
    for (const { res } of attempts) expect(res.json().errors.length).toBeGreaterThan(0);
    // a body that is not JSON: the parser's message quotes the text around the fault
    const broken = await world.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', 'x-request-id': 'privacy-broken-json' },
      payload: `{"query": "{ recipients(filter: {search: \\"${idNumber}\\"}) { totalCount } }", "variables": {"phone": ${phone}x}}`,
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(leaked([idNumber, phone])).toEqual([]);
    // the refusals are still logged, by their code
    const refused = linesOf(attempts[0].requestId).find((e) => e.msg === 'graphql request refused') as { errors: { code: string }[] } | undefined;
    expect(refused?.errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT' })]);
  });
});

describe('the other routes in the logs', () => {
  it('logs no query string, no cookie, no form field', async () => {
    const idNumber = newIdNumber();
    secrets.add(idNumber);
    const query = `?idNumber=${idNumber}&name=${encodeURIComponent('隐私访客己')}`;
    secrets.add('隐私访客己');
    const json = { accept: 'application/json' };
    await world.app.inject({ method: 'GET', url: `/disclosure${query}` });
    await world.app.inject({ method: 'GET', url: `/disclosure?year=${idNumber}` });
    await world.app.inject({ method: 'GET', url: `/settlements/1/statement.csv${query}`, headers: { authorization: `Bearer ${fx.tokens.finance}` } });
    await world.app.inject({ method: 'GET', url: `/no-such-route${query}`, headers: json });
    await world.app.inject({ method: 'GET', url: `/healthz${query}` });
    // the queue board's sign-in form, wrong and right, and its session cookie
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    await world.app.inject({ method: 'POST', url: '/admin/sign-in', headers: form, payload: `username=admin&password=Wrong-Password-3391` });
    secrets.add('Wrong-Password-3391');
    const signedIn = await world.app.inject({ method: 'POST', url: '/admin/sign-in', headers: form, payload: `username=admin&password=${FIXTURE_PASSWORD}` });
    const cookie = signedIn.cookies.find((c) => c.name === 'nuanxin_admin');
    expect(cookie?.value).toBeTruthy();
    secrets.add(cookie!.value);
    await world.app.inject({ method: 'GET', url: `/admin/queues/api/queues${query}`, cookies: { nuanxin_admin: cookie!.value } });

    const urls = entries().flatMap((e) => ((e.req as { url?: string } | undefined)?.url ? [(e.req as { url: string }).url] : []));
    expect(urls).toEqual(expect.arrayContaining(['/disclosure', '/no-such-route', '/admin/sign-in', '/admin/queues/api/queues']));
    expect(urls.filter((u) => u.includes('?'))).toEqual([]);
    expect(logged()).not.toMatch(/no-such-route\?/);
  });
});

describe('the whole log', () => {
  it('holds none of the values, tokens, passwords or cookies sent in this file, and every level was on', () => {
    expect(secrets.size).toBeGreaterThan(40);
    expect(leaked(secrets)).toEqual([]);
    expect(world.config.LOG_LEVEL).toBe('trace');
    expect(entries().filter((e) => e.msg === 'request completed').length).toBeGreaterThan(80);
  });
});
