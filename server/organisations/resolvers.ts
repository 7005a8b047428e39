import type { Resolvers } from '../graphql/types.generated.js';
import type { Carer, Contract } from '../db/rows.js';
import { rowOf } from '../graphql/row-batches.js';
import { guard } from '../graphql/guard.js';
import { roles } from '../auth/roles.js';
import { fromEnum, toEnum, toId, toOptionalId } from '../platform/enums.js';
import { countyToday } from '../platform/county-time.js';
import { createOrganisation, listOrganisations, requireOrganisation } from './organisations.js';
import { createContract, isInForce, terminateContract } from './contracts.js';
import { actorOf } from '../orders/order-actions.js';
import { addCarerQualification, findCarer, listCarers, registerCarer, setCarerActive, setCarerWorkingHours } from './carers.js';
import { pairCarer, unpairCarer } from './pairing.js';
import { isQualificationValid } from './qualifications.js';
import { toHhMm } from './working-hours.js';

export { organisationLoaders } from './loaders.js';

// Organisations and their contracts are public-procurement facts: every signed-in role but
// recipients reads them. Carers are read by the same roles, each within its scope (carers.ts).
const staff = roles.filter((r) => r !== 'recipient');
const managers = ['county_admin', 'dispatcher'] as const;

export const organisationResolvers: Resolvers = {
  Query: {
    organisations: guard(staff, (_p, args, ctx) => listOrganisations(ctx.db, args)),
    organisation: guard(staff, (_p, { id }, ctx) => requireOrganisation(ctx.db, toId(id))),
    carers: guard(staff, (_p, { organisationId, filter, ...page }, ctx) =>
      listCarers(ctx.db, ctx.viewer, {
        ...page,
        organisationId: toOptionalId(organisationId, 'organisationId'),
        filter: filter && {
          kind: filter.kind ? fromEnum(filter.kind) : null,
          villageId: toOptionalId(filter.villageId, 'villageId'),
          active: filter.active,
        },
      }),
    ),
    carer: guard(staff, (_p, { id }, ctx) => findCarer(ctx.db, ctx.viewer, toId(id))),
  },
  Mutation: {
    createOrganisation: guard(['county_admin'], (_p, { input }, ctx) => createOrganisation(ctx.db, input)),
    createContract: guard(['county_admin'], (_p, { input }, ctx) =>
      createContract(
        ctx.db,
        {
          ...input,
          organisationId: toId(input.organisationId, 'organisationId'),
          townshipIds: input.townshipIds.map((id) => toId(id, 'townshipIds')),
          categoryIds: input.categoryIds.map((id) => toId(id, 'categoryIds')),
        },
        actorOf(ctx.viewer),
      ),
    ),
    terminateContract: guard(['county_admin'], (_p, { contractId, reason }, ctx) =>
      terminateContract(ctx.db, actorOf(ctx.viewer), toId(contractId, 'contractId'), reason),
    ),
    registerCarer: guard(managers, (_p, { input }, ctx) =>
      registerCarer(ctx.db, ctx.viewer, {
        ...input,
        organisationId: toId(input.organisationId, 'organisationId'),
        homeVillageId: toId(input.homeVillageId, 'homeVillageId'),
        kind: fromEnum(input.kind),
        hardshipCategory: input.hardshipCategory ? fromEnum(input.hardshipCategory) : null,
      }),
    ),
    addCarerQualification: guard(managers, (_p, { carerId, input }, ctx) => addCarerQualification(ctx.db, ctx.viewer, toId(carerId, 'carerId'), input)),
    setCarerWorkingHours: guard(managers, (_p, { carerId, hours }, ctx) => setCarerWorkingHours(ctx.db, ctx.viewer, toId(carerId, 'carerId'), hours)),
    setCarerActive: guard(managers, (_p, { carerId, active }, ctx) => setCarerActive(ctx.db, ctx.viewer, toId(carerId, 'carerId'), active)),
    pairCarer: guard(managers, (_p, { carerId, recipientId }, ctx) =>
      pairCarer(ctx.db, ctx.viewer, toId(carerId, 'carerId'), toId(recipientId, 'recipientId')),
    ),
    unpairCarer: guard(managers, (_p, { carerId, recipientId }, ctx) =>
      unpairCarer(ctx.db, ctx.viewer, toId(carerId, 'carerId'), toId(recipientId, 'recipientId')),
    ),
  },
  Organisation: {
    creditCode: (o) => o.credit_code,
    contactName: (o) => o.contact_name,
  },
  Contract: {
    organisation: rowOf<Contract>('organisations', (c) => c.organisation_id),
    contractNumber: (c) => c.contract_number,
    startsOn: (c) => c.starts_on,
    endsOn: (c) => c.ends_on,
    fund: (c) => c.fund_fen,
    status: (c) => toEnum(c.status) as never,
    inForce: (c) => isInForce(c, countyToday()),
    terminationReason: (c) => c.termination_reason,
  },
  Carer: {
    organisation: rowOf<Carer>('organisations', (c) => c.organisation_id),
    homeVillage: rowOf<Carer>('regions', (c) => c.home_village_id),
    kind: (c) => toEnum(c.kind) as never,
    hardshipCategory: (c) => (c.hardship_category ? (toEnum(c.hardship_category) as never) : null),
  },
  CarerQualification: {
    kind: (q) => toEnum(q.kind) as never,
    certificateNumber: (q) => q.certificate_number,
    issuedOn: (q) => q.issued_on,
    expiresOn: (q) => q.expires_on,
    valid: (q) => isQualificationValid(q, countyToday()),
  },
  WorkingHours: {
    startsAt: (h) => toHhMm(h.starts_at),
    endsAt: (h) => toHhMm(h.ends_at),
  },
};
