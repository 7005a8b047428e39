// Text is clean before it reaches PostgreSQL: every string the schema takes, anywhere in a
// request (literal or variable, nested in inputs and lists, a variable's default), is refused
// with BAD_USER_INPUT naming the field when it holds a control character, breaks a line where
// one line is asked, or is too long; and is stored normalised to NFC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import type { TestWorld } from '../testing/harness.js';
import type { Fixtures } from '../testing/fixtures.js';
import { orderingWorld, itemId, PLACE_ORDER, windowAt } from '../orders/test-support.js';
import { cleanText, DEFAULT_MAX } from './text-input.js';
import { schemaSource } from './plugin.js';

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  ({ world, fx } = await orderingWorld());
});
afterAll(() => world?.close());

const NUL = '\u0000';

async function orderInput(extra: Record<string, unknown>) {
  return {
    recipientId: String(fx.recipientA),
    serviceItemId: String(await itemId(world, 'home_cleaning')),
    ...windowAt(3, 9),
    callerPhone: '13900000001',
    ...extra,
  };
}

async function refusal(query: string, variables?: Record<string, unknown>, token?: string) {
  const res = await world.gql(query, variables, token);
  expect(res.data ?? null).toBeNull();
  return res.errors?.[0]?.extensions;
}

describe('text refused at the edge', () => {
  it('refuses a NUL in signIn, without a token, as BAD_USER_INPUT naming the field', async () => {
    const ext = await refusal('mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', { u: `admin${NUL}`, p: 'x' });
    expect(ext).toMatchObject({ code: 'BAD_USER_INPUT', field: 'username', reason: 'TEXT_CONTROL_CHARACTER' });
  });

  it('refuses a NUL in placeOrder notes and idempotency key, and places nothing', async () => {
    const before = await world.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    for (const [field, value] of [
      ['notes', `请带扫帚${NUL}`],
      ['idempotencyKey', `key-${NUL}`],
    ]) {
      const ext = await refusal(PLACE_ORDER, { input: await orderInput({ [field]: value }) }, fx.tokens.hotline);
      expect(ext).toMatchObject({ code: 'BAD_USER_INPUT', field, reason: 'TEXT_CONTROL_CHARACTER' });
    }
    const after = await world.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('refuses a NUL written into the document itself (the recipient search)', async () => {
    const ext = await refusal(`{ recipients(filter: { search: "张\\u0000" }) { totalCount } }`, undefined, fx.tokens.hotline);
    expect(ext).toMatchObject({ code: 'BAD_USER_INPUT', field: 'search', reason: 'TEXT_CONTROL_CHARACTER' });
  });

  it("refuses a NUL in a variable's default value", async () => {
    const ext = await refusal('query($s: String = "a\\u0000b") { recipients(filter: { search: $s }) { totalCount } }', {}, fx.tokens.hotline);
    expect(ext).toMatchObject({ code: 'BAD_USER_INPUT', field: 'search' });
  });

  it('refuses text deep in a list of inputs (a needs assessment line)', async () => {
    const ext = await refusal(
      'mutation($input: NeedsAssessmentInput!) { recordNeedsAssessment(input: $input) { id } }',
      { input: { recipientId: String(fx.recipientA), assessedOn: '2026-03-01', needs: [{ serviceItemId: '1', timesPerMonth: 2, note: `ok\u202Ekao` }] } },
      fx.tokens.townshipA,
    );
    expect(ext).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note', reason: 'TEXT_CONTROL_CHARACTER' });
  });

  it('refuses an unpaired surrogate sent in the JSON body', async () => {
    const payload = `{"query":"mutation($u: String!) { signIn(username: $u, password: \\"x\\") { token } }","variables":{"u":"admin\\ud800"}}`;
    const res = await world.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload });
    expect(res.json().errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'username', reason: 'TEXT_CONTROL_CHARACTER' });
  });

  it('refuses a line break where one line is asked, and keeps it in free text', async () => {
    const ext = await refusal('mutation { signIn(username: "ad\\nmin", password: "x") { token } }');
    expect(ext).toMatchObject({ code: 'BAD_USER_INPUT', field: 'username', reason: 'TEXT_ONE_LINE' });
    const placed = await world.ok(PLACE_ORDER, { input: await orderInput({ notes: '门在后院\n敲两下' }) }, fx.tokens.hotline);
    const row = await world.db.selectFrom('orders').select('notes').where('id', '=', Number(placed.placeOrder.id)).executeTakeFirstOrThrow();
    expect(row.notes).toBe('门在后院\n敲两下');
  });

  it('bounds the length: 200 characters for one line, the @text bound for free text', async () => {
    const long = await refusal('mutation($u: String!) { signIn(username: $u, password: "x") { token } }', { u: 'a'.repeat(DEFAULT_MAX + 1) });
    expect(long).toMatchObject({ code: 'BAD_USER_INPUT', field: 'username', reason: 'TEXT_TOO_LONG', maxLength: DEFAULT_MAX });
    const notes = await refusal(PLACE_ORDER, { input: await orderInput({ notes: '扫'.repeat(2001) }) }, fx.tokens.hotline);
    expect(notes).toMatchObject({ code: 'BAD_USER_INPUT', field: 'notes', reason: 'TEXT_TOO_LONG', maxLength: 2000 });
  });

  it('stores text normalised to NFC, from variables and from literals', async () => {
    const decomposed = 'Jose\u0301 的门'; // "José", its accent as a combining mark
    const viaVariable = await world.ok(PLACE_ORDER, { input: await orderInput({ notes: decomposed }) }, fx.tokens.hotline);
    const input = await orderInput({});
    const viaLiteral = await world.ok(
      `mutation { placeOrder(input: { recipientId: "${input.recipientId}", serviceItemId: "${input.serviceItemId}", windowStart: "${input.windowStart}", windowEnd: "${input.windowEnd}", callerPhone: "13900000001", notes: "Jose\\u0301 的门" }) { id } }`,
      undefined,
      fx.tokens.hotline,
    );
    const rows = await world.db
      .selectFrom('orders')
      .select('notes')
      .where('id', 'in', [Number(viaVariable.placeOrder.id), Number(viaLiteral.placeOrder.id)])
      .execute();
    expect(rows.map((r) => r.notes)).toEqual(['Jos\u00e9 的门', 'Jos\u00e9 的门']);
  });
});

describe('cleanText', () => {
  it('counts characters as people do: a character outside the BMP is one', () => {
    expect(cleanText('😀'.repeat(10), { max: 10, multiline: false }, 'x')).toBe('😀'.repeat(10));
    expect(() => cleanText('😀'.repeat(11), { max: 10, multiline: false }, 'x')).toThrow(/at most 10/);
  });

  it('keeps tabs, and line breaks where they are allowed', () => {
    expect(cleanText('a\tb\r\nc', { max: 10, multiline: true }, 'x')).toBe('a\tb\r\nc');
  });

  it.each([['\u0007'], ['\u001b[31m'], ['\u007f'], ['\u0085'], ['\u202e'], ['\u2066'], ['\ufeff'.replace('\ufeff', '\uffff')], ['\udc00']])(
    'refuses %j',
    (bad) => {
      expect(() => cleanText(`a${bad}b`, { max: 10, multiline: true }, 'x')).toThrow(/control character/);
    },
  );
});

// Every String and ID the schema takes, at every depth: a NUL there is BAD_USER_INPUT naming
// that field, never a server fault, whoever asks (the check runs before any resolver).
describe('every text position of the schema', () => {
  const schema = buildSchema(schemaSource);
  const validFor = (type: GraphQLInputType): unknown => {
    const inner = getNullableType(type) as GraphQLInputType;
    if (isListType(inner)) return [validFor(inner.ofType)];
    if (isEnumType(inner)) return inner.getValues()[0].value;
    if (isInputObjectType(inner)) {
      const value: Record<string, unknown> = {};
      for (const f of Object.values(inner.getFields())) if (isNonNullType(f.type) && f.defaultValue === undefined) value[f.name] = validFor(f.type);
      return value;
    }
    const samples: Record<string, unknown> = {
      String: 'x',
      ID: '1',
      Int: 1,
      Float: 1,
      Boolean: true,
      Money: 100,
      Date: '2026-03-01',
      DateTime: '2026-03-01T09:00:00+08:00',
    };
    return samples[(inner as { name: string }).name];
  };
  /** Each way to put a NUL at a text position inside a value of `type`, with the field it names. */
  const poisoned = (type: GraphQLInputType, field: string): { value: unknown; field: string }[] => {
    const inner = getNullableType(type) as GraphQLInputType;
    if (isListType(inner)) return poisoned(inner.ofType, field).map((p) => ({ ...p, value: [p.value] }));
    if (isInputObjectType(inner)) {
      return Object.values(inner.getFields()).flatMap((f) =>
        poisoned(f.type, f.name).map((p) => ({ field: p.field, value: { ...(validFor(inner) as object), [f.name]: p.value } })),
      );
    }
    return isScalarType(inner) && (inner.name === 'String' || inner.name === 'ID') ? [{ value: `x${NUL}`, field }] : [];
  };
  const cases: [string, string, Record<string, unknown>, string][] = [];
  for (const root of ['Query', 'Mutation'] as const) {
    const type = root === 'Query' ? schema.getQueryType() : schema.getMutationType();
    for (const fieldDef of Object.values(type?.getFields() ?? {}) as GraphQLField<unknown, unknown>[]) {
      const args = fieldDef.args as readonly GraphQLArgument[];
      const selection = isObjectType(getNamedType(fieldDef.type)) ? ' { __typename }' : '';
      const doc = `${root === 'Query' ? 'query' : 'mutation'}(${args.map((a) => `$${a.name}: ${a.type}`).join(', ')}) { ${fieldDef.name}(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})${selection} }`;
      const valid = Object.fromEntries(args.filter((a) => isNonNullType(a.type)).map((a) => [a.name, validFor(a.type)]));
      for (const arg of args) {
        for (const p of poisoned(arg.type, arg.name))
          cases.push([`${fieldDef.name}: ${p.field} in ${arg.name}`, doc, { ...valid, [arg.name]: p.value }, p.field]);
      }
    }
  }

  it('has text positions to try (the walk found the schema)', () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(cases)('%s', async (_name, query, variables, field) => {
    for (const token of [undefined, fx.tokens.admin]) {
      const res = await world.gql(query.replace(/^(query|mutation)\(\)/, '$1'), variables, token);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});
