// The shape of the code, checked: the domain does not depend on the API layer. A file under
// server/<domain>/ may import from server/graphql/ only if it is that domain's resolvers or
// loaders (the API's edge); rules, queries, rows and errors live outside server/graphql/ so
// the worker, the CLI and tests use them without GraphQL.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const serverDir = path.dirname(fileURLToPath(import.meta.url));
const edge = /(^|[-/])(resolvers|loaders)\.ts$/;

async function domainFiles(): Promise<string[]> {
  const entries = await readdir(serverDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(serverDir, path.join(e.parentPath, e.name)).replace(/\\/g, '/'))
    .filter((f) => f.includes('/') && !f.startsWith('graphql/') && !edge.test(f))
    .sort();
}

/** The module specifiers a file imports (static and dynamic). */
function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:from\s+|import\s*\(\s*)'([^']+)'/g)].map((m) => m[1]);
}

describe('layers', () => {
  it('finds the domain files it checks', async () => {
    expect(await domainFiles()).toEqual(expect.arrayContaining(['orders/place-order.ts', 'platform/errors.ts', 'db/rows.ts']));
  });

  it('no domain file but resolvers and loaders imports from server/graphql/', async () => {
    const offenders: string[] = [];
    for (const file of await domainFiles()) {
      const source = await readFile(path.join(serverDir, file), 'utf8');
      for (const specifier of importsOf(source)) {
        if (!specifier.startsWith('.')) continue;
        const target = path.relative(serverDir, path.resolve(path.dirname(path.join(serverDir, file)), specifier)).replace(/\\/g, '/');
        if (target.startsWith('graphql/')) offenders.push(`${file} imports ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
