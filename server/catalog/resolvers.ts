import type { MercuriusContext } from 'mercurius';
import type { Resolvers } from '../graphql/types.generated.js';
import type { ServiceCategory, ServiceItem } from '../db/rows.js';
import { guard } from '../graphql/guard.js';
import { toEnum, toId } from '../platform/enums.js';
import { forbidden } from '../platform/errors.js';
import { hasMany } from '../graphql/loaders.js';
import { rowOf } from '../graphql/row-batches.js';
import { listCategories, pricesAt, requireServiceItem, setActive, setPrice } from './catalog.js';

// The catalog and its guide prices are public (DOMAIN.md: disclosed, set from market prices).
// A category carries whether inactive items were asked for, so its items loader can filter.
type CategoryWithScope = ServiceCategory & { includeInactive?: boolean };

export const catalogResolvers: Resolvers = {
  Query: {
    serviceCatalog: guard('public', async (_p, { includeInactive }, ctx) => {
      if (includeInactive && ctx.viewer?.role !== 'county_admin') throw forbidden('Only county admins see inactive items.');
      const categories = await listCategories(ctx.db);
      return categories.map((c) => ({ ...c, includeInactive: includeInactive ?? false }));
    }),
    serviceItem: guard('public', (_p, { id }, ctx) => requireServiceItem(ctx.db, toId(id))),
  },
  Mutation: {
    setServiceItemPrice: guard(['county_admin'], (_p, { input }, ctx) =>
      setPrice(ctx.db, { ...input, serviceItemId: toId(input.serviceItemId, 'serviceItemId') }, ctx.viewer.userId),
    ),
    setServiceItemActive: guard(['county_admin'], (_p, { serviceItemId, active }, ctx) => setActive(ctx.db, toId(serviceItemId, 'serviceItemId'), active)),
  },
  ServiceCategory: {
    nameZh: (c) => c.name_zh,
    nameEn: (c) => c.name_en,
  },
  ServiceItem: {
    category: rowOf<ServiceItem>('service_categories', (i) => i.category_id),
    nameZh: (i) => i.name_zh,
    nameEn: (i) => i.name_en,
    descriptionZh: (i) => i.description_zh,
    unit: (i) => toEnum(i.unit) as never,
    standardMinutes: (i) => i.standard_minutes,
    requiresProfessional: (i) => i.required_qualification !== null,
    requiredQualification: (i) => (i.required_qualification ? (toEnum(i.required_qualification) as never) : null),
    isUrgent: (i) => i.is_urgent,
    seasonalVariants: (i) => i.seasonal_variants,
    priceAt: async (i, { at }, ctx) => (await pricesAt(ctx.db, [i.id], at)).get(i.id) ?? null,
  },
  ServicePrice: {
    priceFen: (p) => p.price_fen,
    effectiveFrom: (p) => p.effective_from,
  },
};

export const catalogLoaders = {
  ServiceCategory: {
    items: async (queries: { obj: CategoryWithScope }[], ctx: MercuriusContext) => {
      const load = hasMany<CategoryWithScope, ServiceItem>('service_items', 'category_id', (c) => c.id, ['sort_order', 'id']);
      const lists = await load(queries, ctx);
      return lists.map((items, i) => (queries[i].obj.includeInactive ? items : items.filter((item) => item.active)));
    },
  },
  ServiceItem: {
    price: async (queries: { obj: ServiceItem }[], ctx: MercuriusContext) => {
      const prices = await pricesAt(
        ctx.db,
        queries.map((q) => q.obj.id),
      );
      return queries.map((q) => prices.get(q.obj.id) ?? 0);
    },
    priceHistory: hasMany<ServiceItem>('service_item_prices', 'service_item_id', (i) => i.id, ['effective_from desc']),
  },
};
