// The web app's generated GraphQL types (web/src/gql) must be what web/codegen.ts makes of
// today's schema.graphql and operations.ts files: a stale copy would let a page compile against
// a schema that no longer exists. Regenerate with `npm run codegen:web`.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import { header, webCodegen } from './codegen.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const committed = path.join(root, 'web/src/gql');

describe('web codegen', () => {
  it('web/src/gql matches schema.graphql and the operations.ts files', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nuanxin-web-codegen-'));
    try {
      await generate({ ...webCodegen(`${dir}/`, root), cwd: root, silent: true }, true);
      const files = async (folder: string) =>
        (await readdir(folder, { recursive: true, withFileTypes: true }))
          .filter((entry) => entry.isFile())
          .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).replace(/\\/g, '/'))
          .sort();
      const fresh = await files(dir);
      expect(fresh).toContain('app/graphql.ts');
      expect(await files(committed)).toEqual(fresh);
      for (const file of fresh) {
        const content = await readFile(path.join(dir, file), 'utf8');
        expect(content.startsWith(header), `${file} is marked as generated`).toBe(true);
        expect(content, `web/src/gql/${file} is stale: run npm run codegen:web`).toBe(await readFile(path.join(committed, file), 'utf8'));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
