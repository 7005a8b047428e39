// Every GraphQL document the web app sends lives in an operations.ts (web/src/app/ and
// web/src/roles/<role>/): each must stay valid against schema.graphql, or a page would only
// find out in front of its user. The documents are graphql-codegen's (web/src/gql, generated
// from these files by `npm run codegen:web`): a document edited without regenerating is not in
// the generated map, and graphql() gives an empty object for it.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, Kind, NoUnusedFragmentsRule, specifiedRules, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schemaSource } from '../server/graphql/plugin.js';

const schema = buildSchema(schemaSource);
const src = path.join(path.dirname(fileURLToPath(import.meta.url)), 'src');
const files = (await readdir(src, { recursive: true })).filter((f) => path.basename(f) === 'operations.ts').sort();

const exported: [string, unknown][] = [];
for (const file of files) {
  const module = (await import(path.join(src, file))) as Record<string, unknown>;
  for (const [name, value] of Object.entries(module)) exported.push([`${file.replace(/\\/g, '/')} ${name}`, value]);
}
const isDocument = (value: unknown): value is DocumentNode => (value as DocumentNode | null)?.kind === 'Document';
const documents = exported.filter((entry): entry is [string, DocumentNode] => isDocument(entry[1]));
// a fragment's own document (VIEWER_FIELDS…) holds only the fragment, which no operation in it uses
const fragmentRules = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);

describe('web operations', () => {
  it("are found in every operations.ts, the shell's included", () => {
    expect(files).toContain(path.join('app', 'operations.ts'));
    expect(documents.map(([name]) => name)).toEqual(expect.arrayContaining(['app/operations.ts ME', 'app/operations.ts SIGN_IN']));
  });

  it('are all generated documents (else run `npm run codegen:web`)', () => {
    expect(exported.filter(([, value]) => !isDocument(value)).map(([name]) => name)).toEqual([]);
  });

  it.each(documents)('%s is valid against schema.graphql', (_name, document) => {
    const operations = document.definitions.some((d) => d.kind === 'OperationDefinition');
    expect(validate(schema, document, operations ? specifiedRules : fragmentRules).map((e) => e.message)).toEqual([]);
  });
});

// web/README.md's table says which page calls each operation of the schema, or why none does
describe("web/README.md's table of operations", async () => {
  const readme = await readFile(path.join(src, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Which page calls each operation'));
  const rows = section
    .slice(0, section.indexOf('\n## ', 3))
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|').map((cell) => cell.trim()));
  const listed = rows.flatMap(([, names, who]) => [...names.matchAll(/`(\w+)`/g)].map((m) => ({ name: m[1], noPage: who === '—' })));
  const rootFields = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) => Object.keys(type!.getFields()));
  const called = new Set(
    documents.flatMap(([, document]) =>
      document.definitions.flatMap((d) =>
        d.kind === Kind.OPERATION_DEFINITION ? d.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])) : [],
      ),
    ),
  );

  it('lists every operation once', () => {
    expect(listed.map((l) => l.name).sort()).toEqual([...rootFields].sort());
  });

  it('says "no page" only for operations no page calls, and names a page for every other', () => {
    expect(listed.filter((l) => l.noPage === called.has(l.name)).map((l) => `${l.name}: ${l.noPage ? 'called by a page' : 'called by none'}`)).toEqual([]);
  });
});
