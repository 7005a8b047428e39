import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { decryptIdNumber, makeIdNumber } from './id-number.js';
import { count, insertRecipient, RECIPIENT, RECIPIENT_FIELDS, RECIPIENTS, REVEAL } from './test-support.js';
import { now } from '../platform/clock.js';

let world: TestWorld;
let fx: Fixtures;
const idA = makeIdNumber('360823', '1941-02-11', 11, true); // the fixtures' recipient A
const idB = makeIdNumber('360823', '1942-03-12', 12, false);
let sun1: number;
let sun2: number;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  sun1 = await insertRecipient(world, fx, {
    name: '孙秀英',
    phone: '0796-3612345',
    service_card_number: 'XJFW00077',
    service_card_issued_at: now(),
    status: 'verified',
  });
  sun2 = await insertRecipient(world, fx, { name: '孙建国', village_id: fx.villageA2, township_id: fx.townshipA });
  for (let i = 0; i < 23; i++) await insertRecipient(world, fx, { name: `批量${i}`, status: i % 2 ? 'active' : 'candidate' });
});
afterAll(() => world?.close());

type Connection = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string } }[] };

async function search(filter: Record<string, unknown>, token = fx.tokens.admin): Promise<number[]> {
  const { recipients } = await world.ok(RECIPIENTS, { first: 100, filter }, token);
  expect(recipients.totalCount).toBe(recipients.edges.length);
  return recipients.edges.map((e: { node: { id: string } }) => Number(e.node.id));
}

describe('recipients search and filters', () => {
  it('matches the name by prefix or part', async () => {
    expect((await search({ search: '孙' })).sort()).toEqual([sun1, sun2].sort());
    expect(await search({ search: '秀英' })).toEqual([sun1]);
    expect(await search({ search: '王大' })).toEqual([fx.recipientA]);
  });

  it('matches a phone number, whole or in part', async () => {
    expect(await search({ search: '13900000002' })).toEqual([fx.recipientB]);
    expect(await search({ search: '3612345' })).toEqual([sun1]);
  });

  it('matches a service card number in any case', async () => {
    expect(await search({ search: 'XJ-TEST-1' })).toEqual([fx.recipientA]);
    expect(await search({ search: 'xjfw00077' })).toEqual([sun1]);
  });

  it('matches the last 1 to 4 characters of the ID number, and a whole ID number', async () => {
    expect(await search({ search: idA.slice(14) })).toContain(fx.recipientA);
    expect(await search({ search: idB.slice(14).toLowerCase() })).toContain(fx.recipientB);
    expect(await search({ search: idA.slice(16) })).toContain(fx.recipientA);
    expect(await search({ search: idA })).toEqual([fx.recipientA]);
    expect(await search({ search: `${idA.slice(0, 6)} ${idA.slice(6, 14)} ${idA.slice(14)}` })).toEqual([fx.recipientA]);
    expect(await search({ search: idA.slice(0, 14) })).toEqual([]); // the middle is never searchable
  });

  it('treats LIKE wildcards literally and keeps to the viewer’s scope', async () => {
    expect(await search({ search: '%' })).toEqual([]);
    expect(await search({ search: '_' })).toEqual([]);
    expect(await search({ search: '王大爷' }, fx.tokens.townshipB)).toEqual([]);
    expect(await search({ search: '陈奶奶' }, fx.tokens.townshipB)).toEqual([fx.recipientB]);
  });

  it('filters by township, village and status', async () => {
    const all = await count(world.db, 'recipients');
    expect((await search({ townshipId: String(fx.townshipA) })).length).toBe(all - 1);
    expect(await search({ villageId: String(fx.villageA2) })).toEqual([sun2]);
    expect(await search({ townshipId: String(fx.townshipB), status: 'ACTIVE' })).toEqual([fx.recipientB]);
    expect(await search({ status: 'VERIFIED' })).toEqual([sun1]);
    expect((await search({ status: 'ACTIVE' })).length).toBe(2 + 11);
    expect(await search({ villageId: String(fx.villageA2), search: '秀英' })).toEqual([]);
  });
});

describe('recipients pagination', () => {
  it('pages newest first without overlap, with the same totalCount on every page', async () => {
    const total = await count(world.db, 'recipients');
    const seen: number[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const { recipients }: { recipients: Connection } = await world.ok(RECIPIENTS, { first: 7, after }, fx.tokens.admin);
      expect(recipients.totalCount).toBe(total);
      expect(recipients.edges.length).toBeLessThanOrEqual(7);
      seen.push(...recipients.edges.map((e) => Number(e.node.id)));
      after = recipients.pageInfo.hasNextPage ? recipients.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(Math.ceil(total / 7));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(total);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
  });

  it('pages a filtered list and refuses a bad page size or cursor', async () => {
    const first = await world.ok(RECIPIENTS, { first: 5, filter: { status: 'CANDIDATE' } }, fx.tokens.townshipA);
    const second = await world.ok(RECIPIENTS, { first: 5, after: first.recipients.pageInfo.endCursor, filter: { status: 'CANDIDATE' } }, fx.tokens.townshipA);
    const ids = [...first.recipients.edges, ...second.recipients.edges].map((e: { node: { id: string } }) => e.node.id);
    expect(new Set(ids).size).toBe(10);
    expect(second.recipients.totalCount).toBe(first.recipients.totalCount);
    expect(first.recipients.totalCount).toBe(13); // 孙建国 and 12 of the batch
    expect(await world.errorCode(RECIPIENTS, { first: 101 }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(RECIPIENTS, { first: 5, after: 'not-a-cursor' }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
  });
});

describe('ID numbers', () => {
  it('never appear in full in any query result', async () => {
    const stored = await world.db.selectFrom('recipients').select('id_number_ciphertext').execute();
    const full = stored.map((r) => decryptIdNumber(r.id_number_ciphertext, world.config.DATA_KEY));
    const page = await world.gql(`{ recipients(first: 100) { edges { node { ${RECIPIENT_FIELDS} } } } }`, {}, fx.tokens.admin);
    const one = await world.gql(RECIPIENT, { id: String(fx.recipientA) }, fx.tokens.recipientA);
    const me = await world.gql('{ me { recipient { idNumberMasked } } }', {}, fx.tokens.recipientA);
    for (const res of [page, one, me]) {
      expect(res.errors).toBeUndefined();
      const text = JSON.stringify(res);
      for (const id of full) {
        expect(text).not.toContain(id);
        expect(text).not.toContain(id.slice(4, 16)); // the masked middle
      }
    }
    expect(one.data!.recipient.idNumberMasked).toBe(`3608************${idA.slice(16)}`);
  });

  it('are revealed only with a reason, and every reveal is logged with who and why', async () => {
    const user = await world.db.selectFrom('users').select('id').where('username', '=', 'townshipa').executeTakeFirstOrThrow();
    const before = await count(world.db, 'personal_data_reveals');
    expect(await world.errorCode(REVEAL, { id: String(fx.recipientA), reason: '  ' }, fx.tokens.townshipA)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(REVEAL, { id: String(fx.recipientB), reason: '核对' }, fx.tokens.townshipA)).toBe('FORBIDDEN');
    expect(await world.errorCode(REVEAL, { id: '999999', reason: '核对' }, fx.tokens.townshipA)).toBe('NOT_FOUND');
    expect(await count(world.db, 'personal_data_reveals')).toBe(before);

    const { revealIdNumber } = await world.ok(REVEAL, { id: String(fx.recipientA), reason: '办理低保复核' }, fx.tokens.townshipA);
    expect(revealIdNumber).toBe(idA);
    const log = await world.db.selectFrom('personal_data_reveals').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(log).toMatchObject({ recipient_id: fx.recipientA, revealed_by: user.id, reason: '办理低保复核' });
    expect(await count(world.db, 'personal_data_reveals')).toBe(before + 1);
  });
});
