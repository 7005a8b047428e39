// Every GraphQL document the web app sends lives in an operations.ts (web/src/app/ and
// web/src/roles/<role>/): each must stay valid against schema.graphql, or a page would only
// find out in front of its user.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, print, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schemaSource } from '../server/graphql/plugin.js';

const schema = buildSchema(schemaSource);
const src = path.join(path.dirname(fileURLToPath(import.meta.url)), 'src');
const files = (await readdir(src, { recursive: true }))
  .filter((f) => path.basename(f) === 'operations.ts')
  .sort();

const documents: [string, DocumentNode][] = [];
for (const file of files) {
  const module = (await import(path.join(src, file))) as Record<string, unknown>;
  for (const [name, value] of Object.entries(module)) {
    if ((value as DocumentNode | null)?.kind === 'Document') documents.push([`${file.replace(/\\/g, '/')} ${name}`, value as DocumentNode]);
  }
}

describe('web operations', () => {
  it('are found in every operations.ts, the shell\'s included', () => {
    expect(files).toContain(path.join('app', 'operations.ts'));
    expect(documents.map(([name]) => name)).toEqual(expect.arrayContaining(['app/operations.ts ME', 'app/operations.ts SIGN_IN']));
  });

  it.each(documents)('%s is valid against schema.graphql', (_name, document) => {
    // urql's gql() builds its own AST; printing and parsing gives graphql-js's
    expect(validate(schema, parse(print(document))).map((e) => e.message)).toEqual([]);
  });
});
