// `npm run bench` sends the operations in load-tests/bench/operations.ts: each must stay valid
// against schema.graphql, or the benchmark would measure errors instead of work.
import { describe, expect, it } from 'vitest';
import { buildSchema, parse, validate } from 'graphql';
import { schemaSource } from './plugin.js';
import * as operations from '../../load-tests/bench/operations.js';

const schema = buildSchema(schemaSource);

describe('bench operations', () => {
  const entries = Object.entries(operations).filter(([, v]) => typeof v === 'string') as [string, string][];

  it('include every operation the bench measures', () => {
    expect(entries.map(([name]) => name)).toEqual(expect.arrayContaining(
      ['CATALOG', 'PLACE_ORDER', 'DISPATCH_BOARD', 'MY_JOBS', 'ACCEPT_JOB', 'CHECK_IN', 'CHECK_OUT', 'DISPATCH_BOARD_UPDATED']));
  });

  it.each(entries)('%s is valid against schema.graphql', (_name, source) => {
    expect(validate(schema, parse(source)).map((e) => e.message)).toEqual([]);
  });
});
