// Reference data every deployment needs: the region tree and the catalog. Idempotent:
// rows are matched by code, so it runs on every start without duplicating anything, and
// never overwrites a price or an active flag an admin has changed.
import type { Database } from '../db/database.js';
import { xiajiang, type RegionSeed } from '../regions/reference-data.js';
import { catalog, catalogPricesEffectiveFrom } from '../catalog/reference-data.js';
import { actingAs } from '../audit/acting.js';

type Level = 'county' | 'township' | 'village';
const levels: Level[] = ['county', 'township', 'village'];

async function upsertRegion(db: Database, region: RegionSeed, depth: number, parentId: number | null, order: number) {
  const row = await db
    .insertInto('regions')
    .values({
      code: region.code,
      name: region.name,
      level: levels[depth],
      parent_id: parentId,
      latitude: region.latitude,
      longitude: region.longitude,
      sort_order: order,
    })
    .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
    .returning('id')
    .executeTakeFirstOrThrow();
  // one insert per level: villages of a township go in together
  const children = region.children ?? [];
  if (!children.length) return;
  if (depth + 1 === levels.length - 1) {
    await db
      .insertInto('regions')
      .values(
        children.map((c, i) => ({
          code: c.code,
          name: c.name,
          level: levels[depth + 1],
          parent_id: row.id,
          latitude: c.latitude,
          longitude: c.longitude,
          sort_order: i,
        })),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    return;
  }
  for (const [i, child] of children.entries()) await upsertRegion(db, child, depth + 1, row.id, i);
}

async function loadCatalog(db: Database) {
  for (const [ci, category] of catalog.entries()) {
    const { id: categoryId } = await db
      .insertInto('service_categories')
      .values({ code: category.code, name_zh: category.nameZh, name_en: category.nameEn, sort_order: ci })
      .onConflict((oc) => oc.column('code').doUpdateSet({ name_zh: category.nameZh, name_en: category.nameEn }))
      .returning('id')
      .executeTakeFirstOrThrow();
    const items = await db
      .insertInto('service_items')
      .values(
        category.items.map((item, i) => ({
          code: item.code,
          category_id: categoryId,
          name_zh: item.nameZh,
          name_en: item.nameEn,
          description_zh: item.descriptionZh,
          unit: item.unit,
          standard_minutes: item.standardMinutes,
          required_qualification: item.requiredQualification ?? null,
          is_urgent: item.isUrgent ?? false,
          seasonal_variants: item.seasonalVariants ?? [],
          sort_order: i,
        })),
      )
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name_zh: eb.ref('excluded.name_zh'), name_en: eb.ref('excluded.name_en') })))
      .returning(['id', 'code'])
      .execute();
    const priceOf = new Map(category.items.map((i) => [i.code, i.priceFen]));
    await db
      .insertInto('service_item_prices')
      .values(
        items.map((item) => ({
          service_item_id: item.id,
          price_fen: priceOf.get(item.code)!,
          effective_from: catalogPricesEffectiveFrom,
          reason: '县民政局发布的服务项目指导价',
        })),
      )
      .onConflict((oc) => oc.columns(['service_item_id', 'effective_from']).doNothing())
      .execute();
  }
}

/** Loads the region tree and the catalog (in one transaction). */
export async function loadReferenceData(db: Database): Promise<void> {
  await actingAs({ kind: 'system', operation: 'load-reference-data' }, () =>
    db.transaction().execute(async (trx) => {
      await upsertRegion(trx, xiajiang, 0, null, 0);
      await loadCatalog(trx);
    }),
  );
}
