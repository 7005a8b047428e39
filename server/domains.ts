// Every domain folder contributes its resolvers and loaders here; the GraphQL plugin
// refuses to start if a root field of schema.graphql is left without a guarded resolver.
import type { MercuriusLoaders } from 'mercurius';
import { authResolvers, authLoaders } from './auth/resolvers.js';
import { regionResolvers, regionLoaders } from './regions/resolvers.js';
import { catalogResolvers, catalogLoaders } from './catalog/resolvers.js';
import { registryResolvers, registryLoaders } from './registry/resolvers.js';
import { budgetResolvers, budgetLoaders } from './budgets/resolvers.js';
import { organisationResolvers, organisationLoaders } from './organisations/resolvers.js';
import { orderResolvers, orderLoaders } from './orders/resolvers.js';
import { visitResolvers, visitLoaders } from './visits/resolvers.js';
import { complaintResolvers, complaintLoaders } from './complaints/resolvers.js';
import { returnVisitResolvers, returnVisitLoaders } from './return-visits/resolvers.js';
import { disclosureResolvers } from './disclosure/resolvers.js';
import { scoringResolvers, scoringLoaders } from './scoring/resolvers.js';
import { settlementResolvers, settlementLoaders } from './settlement/resolvers.js';
import { reportResolvers } from './reports/resolvers.js';
import { clockResolvers } from './platform/clock-resolvers.js';
import { auditResolvers } from './audit/resolvers.js';
import { messageResolvers } from './messages/resolvers.js';

type ResolverMap = Record<string, Record<string, unknown>>;

function merge(maps: object[]): ResolverMap {
  const out: ResolverMap = {};
  for (const map of maps as ResolverMap[]) {
    for (const [type, fields] of Object.entries(map)) {
      for (const name of Object.keys(fields)) {
        if (out[type]?.[name]) throw new Error(`${type}.${name} is defined by two domains`);
      }
      out[type] = { ...out[type], ...fields };
    }
  }
  return out;
}

export const domainResolvers = merge([
  authResolvers,
  regionResolvers,
  catalogResolvers,
  registryResolvers,
  budgetResolvers,
  organisationResolvers,
  orderResolvers,
  visitResolvers,
  complaintResolvers,
  returnVisitResolvers,
  disclosureResolvers,
  scoringResolvers,
  settlementResolvers,
  reportResolvers,
  clockResolvers,
  auditResolvers,
  messageResolvers,
]);
export const domainLoaders = merge([
  authLoaders,
  regionLoaders,
  catalogLoaders,
  registryLoaders,
  budgetLoaders,
  organisationLoaders,
  orderLoaders,
  visitLoaders,
  complaintLoaders,
  returnVisitLoaders,
  scoringLoaders,
  settlementLoaders,
]) as MercuriusLoaders;
