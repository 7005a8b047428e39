import type { Database } from '../db/database.js';
import { badInput, conflict, notFound } from '../platform/errors.js';
import { readPage, newestFirst, type PageArgs } from '../db/pagination.js';

// GB 32100-2015: 统一社会信用代码 uses 31 characters (no I, O, Z, S, V, which are easily
// misread); each of the first 17 is weighted by 3^(i) mod 31 and the 18th makes the sum 0 mod 31.
const CREDIT_CODE_CHARACTERS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const CREDIT_CODE_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** The GB 32100 check character for the first 17 characters of a credit code. */
export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARACTERS.indexOf(first17[i]) * CREDIT_CODE_WEIGHTS[i];
  return CREDIT_CODE_CHARACTERS[(31 - (sum % 31)) % 31];
}

/** True when `code` is 18 characters of the GB 32100 alphabet with a correct check character. */
export function isValidCreditCode(code: string): boolean {
  return CREDIT_CODE_SHAPE.test(code) && creditCodeCheckCharacter(code) === code[17];
}

interface NewOrganisation {
  name: string;
  creditCode: string;
  contactName?: string | null;
  phone?: string | null;
  address?: string | null;
}

/** Registers a social organisation; its name and credit code must be new. */
export async function createOrganisation(db: Database, input: NewOrganisation) {
  const name = input.name.trim();
  if (!name) throw badInput('Give the organisation a name.', { field: 'name', reason: 'FIELD_REQUIRED' });
  // codes are printed in capitals; accepting lower case and stray spaces costs nothing
  const creditCode = input.creditCode.trim().toUpperCase();
  if (!CREDIT_CODE_SHAPE.test(creditCode)) {
    throw badInput('A unified social credit code is 18 characters of 0-9 and A-Y without I, O, S, V or Z.', {
      field: 'creditCode',
      reason: 'CREDIT_CODE_FORMAT',
    });
  }
  if (!isValidCreditCode(creditCode))
    throw badInput('The credit code’s check character is wrong: check for a typo.', { field: 'creditCode', reason: 'CREDIT_CODE_CHECK' });
  const phone = input.phone?.trim() || null;
  if (phone && !/^[0-9+-]{5,20}$/.test(phone)) throw badInput('A phone number has 5 to 20 digits, + or -.', { field: 'phone', reason: 'PHONE_FORMAT' });

  const taken = await db
    .selectFrom('organisations')
    .select(['name', 'credit_code'])
    .where((eb) => eb.or([eb('name', '=', name), eb('credit_code', '=', creditCode)]))
    .executeTakeFirst();
  if (taken) {
    const field = taken.credit_code === creditCode ? 'creditCode' : 'name';
    throw conflict(`An organisation with this ${field === 'name' ? 'name' : 'credit code'} is already registered.`, { field, reason: 'ORGANISATION_EXISTS' });
  }
  // a concurrent registration of the same code gets past the check; the unique keys stop it
  const row = await db
    .insertInto('organisations')
    .values({ name, credit_code: creditCode, contact_name: input.contactName?.trim() ?? '', phone, address: input.address?.trim() ?? '' })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw conflict('An organisation with this name or credit code is already registered.', { field: 'name', reason: 'ORGANISATION_EXISTS' });
  return row;
}

/** One organisation, or NOT_FOUND. */
export async function requireOrganisation(db: Database, id: number) {
  const row = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Organisation', id);
  return row;
}

/** A page of organisations, newest first. */
export async function listOrganisations(db: Database, args: PageArgs) {
  const page = readPage(args, 20);
  return newestFirst(db.selectFrom('organisations').selectAll(), page);
}

/** Active carers of each organisation, in one query. */
export async function activeCarerCounts(db: Database, organisationIds: number[]): Promise<Map<number, number>> {
  if (!organisationIds.length) return new Map();
  const rows = await db
    .selectFrom('carers')
    .select(['organisation_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('organisation_id', 'in', organisationIds)
    .where('active', '=', true)
    .groupBy('organisation_id')
    .execute();
  return new Map(rows.map((r) => [r.organisation_id, Number(r.n)]));
}
