import type { Database } from '../db/database.js';
import type { Contract } from '../db/rows.js';
import { badInput, conflict, DomainError, fromDatabaseError } from '../platform/errors.js';
import type { Actor } from '../platform/lifecycle.js';
import { requireTownships } from '../regions/regions.js';
import { countyToday } from '../platform/county-time.js';
import { requireOrganisation } from './organisations.js';
import { contractLifecycle } from './contract-lifecycle.js';
import { sqlNow } from '../platform/clock.js';

interface NewContract {
  organisationId: number;
  contractNumber: string;
  startsOn: string;
  endsOn: string;
  fundFen: number;
  townshipIds: number[];
  categoryIds: number[];
}

/** True when the contract is active and `today` (county date) lies within its period. */
export function isInForce(contract: Pick<Contract, 'status' | 'starts_on' | 'ends_on'>, today = countyToday()): boolean {
  // YYYY-MM-DD strings order as the dates they name
  return contract.status === 'active' && contract.starts_on <= today && today <= contract.ends_on;
}

function requireDistinct(ids: number[], field: string, what: string) {
  if (!ids.length) throw badInput(`A contract covers at least one ${what}.`, { field, reason: 'LIST_EMPTY' });
  if (new Set(ids).size !== ids.length) throw badInput(`A ${what} is listed twice.`, { field, reason: 'LISTED_TWICE' });
}

/** Contracts a government purchase with an organisation: its townships and categories, in one transaction. */
export async function createContract(db: Database, input: NewContract, actor: Actor) {
  const contractNumber = input.contractNumber.trim();
  if (!contractNumber) throw badInput('Give the contract number.', { field: 'contractNumber', reason: 'FIELD_REQUIRED' });
  if (input.endsOn < input.startsOn) throw badInput('A contract cannot end before it starts.', { field: 'endsOn', reason: 'CONTRACT_ENDS_BEFORE_START' });
  if (!Number.isSafeInteger(input.fundFen) || input.fundFen < 0) {
    throw badInput('The fund is a non-negative whole number of fen.', { field: 'fundFen', reason: 'AMOUNT_NOT_WHOLE' });
  }
  requireDistinct(input.townshipIds, 'townshipIds', 'township');
  requireDistinct(input.categoryIds, 'categoryIds', 'service category');

  await requireOrganisation(db, input.organisationId);
  await requireTownships(db, input.townshipIds);
  const categories = await db.selectFrom('service_categories').select('id').where('id', 'in', input.categoryIds).execute();
  const known = new Set(categories.map((c) => c.id));
  const missing = input.categoryIds.filter((id) => !known.has(id));
  if (missing.length) throw badInput(`Unknown service category(ies): ${missing.join(', ')}.`, { field: 'categoryIds', reason: 'UNKNOWN_VALUE' });

  try {
    return await db.transaction().execute(async (trx) => {
      const contract = await contractLifecycle.create(trx, 'sign', actor, {
        organisation_id: input.organisationId,
        contract_number: contractNumber,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        fund_fen: input.fundFen,
        created_by: actor.userId,
      });
      await trx
        .insertInto('contract_townships')
        .values(input.townshipIds.map((township_id) => ({ contract_id: contract.id, township_id })))
        .execute();
      await trx
        .insertInto('contract_categories')
        .values(input.categoryIds.map((category_id) => ({ contract_id: contract.id, category_id })))
        .execute();
      return contract;
    });
  } catch (err) {
    // the number is unique: a second contract with it (or one racing) is refused, nothing written
    if (!(err instanceof DomainError) && fromDatabaseError(err)?.details.constraint === 'contracts_contract_number_key') {
      throw conflict(`Contract number ${contractNumber} is already used.`, { field: 'contractNumber', reason: 'CONTRACT_NUMBER_USED', contractNumber });
    }
    throw err;
  }
}

/** Ends a contract early, with the reason; a contract is terminated only once. */
export async function terminateContract(db: Database, actor: Actor, contractId: number, reason: string) {
  const why = reason.trim();
  if (!why) throw badInput('Say why the contract is terminated.', { field: 'reason', reason: 'REASON_REQUIRED' });
  return db.transaction().execute(async (trx) => {
    const { after } = await contractLifecycle.apply(trx, contractId, 'terminate', actor, {
      reason: why,
      set: { terminated_at: sqlNow(), termination_reason: why },
    });
    return after;
  });
}

/** Whether an in-force contract of the organisation covers the township on `today`. */
export async function coversTownship(db: Database, organisationId: number, townshipId: number, today = countyToday()): Promise<boolean> {
  const row = await db
    .selectFrom('contracts as c')
    .innerJoin('contract_townships as ct', 'ct.contract_id', 'c.id')
    .select('c.id')
    .where('c.organisation_id', '=', organisationId)
    .where('ct.township_id', '=', townshipId)
    .where('c.status', '=', 'active')
    .where('c.starts_on', '<=', today)
    .where('c.ends_on', '>=', today)
    .executeTakeFirst();
  return row !== undefined;
}
