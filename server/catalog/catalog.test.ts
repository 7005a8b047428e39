import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { pricesAt } from './catalog.js';
import { now, nowMs } from '../platform/clock.js';

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
});
afterAll(() => world?.close());

const CATALOG = `query($all: Boolean) { serviceCatalog(includeInactive: $all) {
  code nameZh items { id code nameZh unit standardMinutes price requiresProfessional requiredQualification isUrgent active } } }`;
const SET_PRICE = `mutation($input: SetServiceItemPriceInput!) { setServiceItemPrice(input: $input) {
  price priceHistory { priceFen effectiveFrom reason } } }`;

async function itemId(code: string) {
  return (await world.db.selectFrom('service_items').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}
const priceRows = async () =>
  Number(
    (
      await world.db
        .selectFrom('service_item_prices')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('serviceCatalog', () => {
  it('is public: 5 categories and 27 items, each with a guide price', async () => {
    const { serviceCatalog } = await world.ok(CATALOG);
    expect(serviceCatalog.map((c: { nameZh: string }) => c.nameZh)).toEqual(['生活照料', '健康护理', '心理疏导', '资源链接', '助农助急']);
    const items = serviceCatalog.flatMap((c: { items: unknown[] }) => c.items);
    expect(items).toHaveLength(27);
    for (const item of items) expect(Number.isInteger(item.price) && item.price > 0).toBe(true);
    expect(items.filter((i: { isUrgent: boolean }) => i.isUrgent).length).toBeGreaterThan(0);
    const nursing = items.find((i: { code: string }) => i.code === 'home_nursing');
    expect(nursing).toMatchObject({ requiresProfessional: true, requiredQualification: 'NURSING', unit: 'VISIT' });
  });

  it('hides inactive items, and shows them only to county admins on request', async () => {
    const id = await itemId('haircut');
    await world.ok('mutation($id: ID!) { setServiceItemActive(serviceItemId: $id, active: false) { active } }', { id: String(id) }, fx.tokens.admin);
    const count = (d: { serviceCatalog: { items: unknown[] }[] }) => d.serviceCatalog.flatMap((c) => c.items).length;
    expect(count(await world.ok(CATALOG))).toBe(26);
    expect(count(await world.ok(CATALOG, { all: true }, fx.tokens.admin))).toBe(27);
    expect(await world.errorCode(CATALOG, { all: true }, fx.tokens.recipientA)).toBe('FORBIDDEN');
    expect(
      await world.errorCode(
        'mutation($id: ID!) { setServiceItemActive(serviceItemId: $id, active: true) { active } }',
        { id: String(id) },
        fx.tokens.dispatcherA,
      ),
    ).toBe('FORBIDDEN');
    await world.ok('mutation($id: ID!) { setServiceItemActive(serviceItemId: $id, active: true) { active } }', { id: String(id) }, fx.tokens.admin);
  });
});

describe('price changes', () => {
  it('keeps history: an instant before a change still prices at the old guide price', async () => {
    const id = await itemId('bathing');
    const before = now();
    const from = new Date(nowMs() + 60_000);
    const { setServiceItemPrice } = await world.ok(
      SET_PRICE,
      { input: { serviceItemId: String(id), priceFen: 5500, effectiveFrom: from.toISOString(), reason: '物价上涨' } },
      fx.tokens.admin,
    );
    expect(setServiceItemPrice.price).toBe(5000); // not yet in force
    expect(setServiceItemPrice.priceHistory[0]).toMatchObject({ priceFen: 5500, reason: '物价上涨' });
    expect((await pricesAt(world.db, [id], before)).get(id)).toBe(5000);
    expect((await pricesAt(world.db, [id], new Date(from.getTime() + 1))).get(id)).toBe(5500);
    const at = await world.ok('query($id: ID!, $at: DateTime!) { serviceItem(id: $id) { priceAt(at: $at) } }', {
      id: String(id),
      at: new Date(from.getTime() + 1000).toISOString(),
    });
    expect(at.serviceItem.priceAt).toBe(5500);
  });

  it('refuses a negative or zero price, a past date, a missing reason, and other roles: nothing written', async () => {
    const id = String(await itemId('laundry'));
    const rows = await priceRows();
    const input = { serviceItemId: id, priceFen: 3300, reason: '调整' };
    expect(await world.errorCode(SET_PRICE, { input: { ...input, priceFen: -100 } }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(SET_PRICE, { input: { ...input, priceFen: 0 } }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(SET_PRICE, { input: { ...input, effectiveFrom: '2025-01-01T00:00:00+08:00' } }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(SET_PRICE, { input: { ...input, reason: ' ' } }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(SET_PRICE, { input: { ...input, serviceItemId: '99999' } }, fx.tokens.admin)).toBe('NOT_FOUND');
    for (const role of ['finance', 'townshipA', 'dispatcherA', 'recipientA'] as const) {
      expect(await world.errorCode(SET_PRICE, { input }, fx.tokens[role])).toBe('FORBIDDEN');
    }
    expect(await world.errorCode(SET_PRICE, { input })).toBe('UNAUTHENTICATED');
    expect(await priceRows()).toBe(rows);
  });

  it('refuses two prices for one item at the same instant', async () => {
    const id = String(await itemId('shopping'));
    const effectiveFrom = new Date(nowMs() + 3_600_000).toISOString();
    await world.ok(SET_PRICE, { input: { serviceItemId: id, priceFen: 2100, effectiveFrom, reason: 'a' } }, fx.tokens.admin);
    expect(await world.errorCode(SET_PRICE, { input: { serviceItemId: id, priceFen: 2200, effectiveFrom, reason: 'b' } }, fx.tokens.admin)).toBe('CONFLICT');
  });
});

describe('regions', () => {
  it('serves the Xiajiang tree publicly: 11 townships and 96 villages with coordinates', async () => {
    const { regions } = await world.ok('{ regions { name level children { name level latitude children { name level longitude parent { name } } } } }');
    expect(regions).toHaveLength(1);
    expect(regions[0]).toMatchObject({ name: '峡江县', level: 'COUNTY' });
    expect(regions[0].children).toHaveLength(11);
    const villages = regions[0].children.flatMap((t: { children: unknown[] }) => t.children);
    expect(villages).toHaveLength(96);
    expect(villages[0].parent.name).toBe(regions[0].children[0].name);
  });
});
