// Batched fields of organisations, contracts and carers: one query per field per request,
// however many parents the page holds (no N+1).
import type { MercuriusContext } from 'mercurius';
import type { Carer, Contract, Organisation, Recipient, Region, ServiceCategory } from '../db/rows.js';
import { hasMany } from '../graphql/loaders.js';
import { activeCarerCounts } from './organisations.js';
import { seesPairedRecipient } from './pairing.js';

type Queries<P> = { obj: P }[];
const idsOf = <P extends { id: number }>(queries: Queries<P>) => [...new Set(queries.map((q) => q.obj.id))];

function groupBy<R>(rows: R[], key: (row: R) => number): Map<number, R[]> {
  const groups = new Map<number, R[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

export const organisationLoaders = {
  Organisation: {
    contracts: hasMany<Organisation, Contract>('contracts', 'organisation_id', (o) => o.id, ['starts_on desc', 'id desc']),
    carerCount: async (queries: Queries<Organisation>, ctx: MercuriusContext) => {
      const counts = await activeCarerCounts(ctx.db, idsOf(queries));
      return queries.map((q) => counts.get(q.obj.id) ?? 0);
    },
  },
  Contract: {
    townships: async (queries: Queries<Contract>, ctx: MercuriusContext) => {
      const ids = idsOf(queries);
      const rows = await ctx.db
        .selectFrom('contract_townships as ct')
        .innerJoin('regions as r', 'r.id', 'ct.township_id')
        .selectAll('r')
        .select('ct.contract_id')
        .where('ct.contract_id', 'in', ids)
        .orderBy('r.sort_order')
        .orderBy('r.id')
        .execute();
      const groups = groupBy(rows, (r) => r.contract_id);
      return queries.map((q) => (groups.get(q.obj.id) ?? []).map(({ contract_id: _c, ...region }): Region => region));
    },
    categories: async (queries: Queries<Contract>, ctx: MercuriusContext) => {
      const ids = idsOf(queries);
      const rows = await ctx.db
        .selectFrom('contract_categories as cc')
        .innerJoin('service_categories as s', 's.id', 'cc.category_id')
        .selectAll('s')
        .select('cc.contract_id')
        .where('cc.contract_id', 'in', ids)
        .orderBy('s.sort_order')
        .orderBy('s.id')
        .execute();
      const groups = groupBy(rows, (r) => r.contract_id);
      return queries.map((q) => (groups.get(q.obj.id) ?? []).map(({ contract_id: _c, ...category }): ServiceCategory => category));
    },
  },
  Carer: {
    qualifications: hasMany<Carer>('carer_qualifications', 'carer_id', (c) => c.id, ['kind', 'expires_on desc', 'id']),
    workingHours: hasMany<Carer>('carer_working_hours', 'carer_id', (c) => c.id, ['weekday', 'starts_at']),
    pairedRecipients: async (queries: Queries<Carer>, ctx: MercuriusContext) => {
      const { db, viewer } = ctx;
      const ids = idsOf(queries);
      const rows = await db
        .selectFrom('carer_pairings as p')
        .innerJoin('recipients as r', 'r.id', 'p.recipient_id')
        .selectAll('r')
        .select('p.carer_id as paired_carer_id')
        .where('p.carer_id', 'in', ids)
        .where('p.ended_on', 'is', null)
        .orderBy('p.started_on')
        .orderBy('p.id')
        .execute();
      const groups = groupBy(rows, (r) => r.paired_carer_id);
      return queries.map((q) =>
        (groups.get(q.obj.id) ?? [])
          .filter((r) => viewer !== null && seesPairedRecipient(viewer, q.obj, r))
          .map(({ paired_carer_id: _c, ...recipient }): Recipient => recipient),
      );
    },
  },
  Recipient: {
    pairedCarers: async (queries: Queries<Recipient>, ctx: MercuriusContext) => {
      const ids = idsOf(queries);
      const rows = await ctx.db
        .selectFrom('carer_pairings as p')
        .innerJoin('carers as c', 'c.id', 'p.carer_id')
        .selectAll('c')
        .select('p.recipient_id as paired_recipient_id')
        .where('p.recipient_id', 'in', ids)
        .where('p.ended_on', 'is', null)
        .orderBy('p.started_on')
        .orderBy('p.id')
        .execute();
      const groups = groupBy(rows, (r) => r.paired_recipient_id);
      return queries.map((q) => (groups.get(q.obj.id) ?? []).map(({ paired_recipient_id: _r, ...carer }): Carer => carer));
    },
  },
};
