// An area's pages show only words it has loaded: its own messages and those of the areas it
// borrows (RoleArea.borrows, loaded together by roles/messages.ts). Every file an area's
// index.tsx reaches through its imports is read for the namespaces it asks useTranslation for;
// one the area neither owns nor borrows would show its keys instead of words.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const roles = path.join(path.dirname(fileURLToPath(import.meta.url)), 'src', 'roles');
// shared parts that register their own messages when they load
const SELF_REGISTERED = new Set(['common', 'complaints', 'reports']);

function resolve(from: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (existsSync(candidate) && !candidate.endsWith(path.sep) && /\.tsx?$/.test(candidate)) return candidate;
  }
  return null;
}

/** The namespaces every file reachable from `entry` asks for. */
function namespacesFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const namespaces = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/useTranslation\(\s*'([a-z]+)'/g)) namespaces.add(m[1]);
    for (const m of source.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)) {
      const next = resolve(file, m[1]);
      // the shell (app/) is every area's and speaks common only
      if (next?.startsWith(roles)) visit(next);
    }
  };
  visit(entry);
  return namespaces;
}

const areas = readdirSync(roles).filter((dir) => existsSync(path.join(roles, dir, 'index.tsx')));

describe('each area', () => {
  it('is found', () => {
    expect(areas).toEqual(expect.arrayContaining(['recipient', 'grid', 'admin', 'township']));
  });

  it.each(areas)('%s loads every namespace its pages ask for', (area) => {
    const index = path.join(roles, area, 'index.tsx');
    const borrows = [...(/borrows: \[([^\]]*)\]/.exec(readFileSync(index, 'utf8'))?.[1] ?? '').matchAll(/'([a-z]+)'/g)].map((m) => m[1]);
    const missing = [...namespacesFrom(index)].filter((ns) => ns !== area && !SELF_REGISTERED.has(ns) && !borrows.includes(ns));
    expect(missing).toEqual([]);
  });
});
