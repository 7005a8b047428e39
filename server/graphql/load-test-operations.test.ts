// The k6 scripts send the operations in load-tests/k6/operations.js: each must stay valid
// against schema.graphql, or a load test would measure errors instead of work.
import { describe, expect, it } from 'vitest';
import { buildSchema, parse, validate } from 'graphql';
import { schemaSource } from './plugin.js';

const schema = buildSchema(schemaSource);
// plain JavaScript for k6, without type declarations: loaded by URL
const operations = (await import(new URL('../../load-tests/k6/operations.js', import.meta.url).href)) as Record<string, unknown>;

describe('k6 operations', () => {
  const entries = Object.entries(operations).filter(([, v]) => typeof v === 'string') as [string, string][];

  it('include every flow the load tests run', () => {
    expect(entries.map(([name]) => name)).toEqual(expect.arrayContaining(['PLACE_ORDER', 'DISPATCH_BOARD', 'MY_JOBS', 'CHECK_IN', 'CHECK_OUT']));
  });

  it.each(entries)('%s is valid against schema.graphql', (_name, source) => {
    expect(validate(schema, parse(source)).map((e) => e.message)).toEqual([]);
  });
});
