// The k6 scripts send the operations in load-tests/k6/operations.js, `npm run bench` those in
// load-tests/bench/operations.ts: each must stay valid against schema.graphql, or a load test
// or the benchmark would measure errors instead of work.
import { describe, expect, it } from 'vitest';
import { buildSchema, parse, validate } from 'graphql';
import { schemaSource } from './plugin.js';
import * as benchOperations from '../../load-tests/bench/operations.js';

const schema = buildSchema(schemaSource);
// plain JavaScript for k6, without type declarations: loaded by URL
const k6Operations = (await import(new URL('../../load-tests/k6/operations.js', import.meta.url).href)) as Record<string, unknown>;

const sets: [string, Record<string, unknown>, string[]][] = [
  ['k6 operations', k6Operations, ['PLACE_ORDER', 'DISPATCH_BOARD', 'MY_JOBS', 'CHECK_IN', 'CHECK_OUT']],
  [
    'bench operations',
    benchOperations,
    ['CATALOG', 'PLACE_ORDER', 'DISPATCH_BOARD', 'MY_JOBS', 'ACCEPT_JOB', 'CHECK_IN', 'CHECK_OUT', 'DISPATCH_BOARD_UPDATED'],
  ],
];

describe.each(sets)('%s', (_set, operations, measured) => {
  const entries = Object.entries(operations).filter(([, v]) => typeof v === 'string') as [string, string][];

  it('include every operation measured', () => {
    expect(entries.map(([name]) => name)).toEqual(expect.arrayContaining(measured));
  });

  it.each(entries)('%s is valid against schema.graphql', (_name, source) => {
    expect(validate(schema, parse(source)).map((e) => e.message)).toEqual([]);
  });
});
