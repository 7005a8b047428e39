// The recipient list (服务对象清单): registration, contact details, finding people, and the
// one logged way to see a full ID number.
import type { Database } from '../db/database.js';
import type { Config } from '../config.js';
import type { Viewer } from '../auth/roles.js';
import type { Recipient } from '../db/rows.js';
import { badInput, conflict, DomainError, fromDatabaseError, notFound } from '../platform/errors.js';
import { fromEnum, toId, toOptionalId } from '../platform/enums.js';
import { readPage, newestFirst, type PageArgs } from '../db/pagination.js';
import { requireRegion } from '../regions/regions.js';
import { decryptIdNumber, digestIdNumber, idNumberProblem, idNumberRefusal, parseIdNumber, protectIdNumber } from './id-number.js';
import { assertMayWrite, lockRecipientForWrite, recipientScope } from './scope.js';
import { recipientLifecycle, toRecipientStatus } from './recipient-lifecycle.js';
import { actorOf } from '../orders/order-actions.js';

const eligibilityCategories = ['dibao', 'dibao_edge', 'rigid_expenditure', 'relapse_monitoring', 'destitute', 'scattered_orphan', 'unsupported_child'] as const;
/** DOMAIN.md: in these household categories only disabled or semi-disabled members are eligible. */
export const householdCategories: readonly string[] = ['dibao', 'dibao_edge', 'rigid_expenditure', 'relapse_monitoring'];
const disabilityLevels = ['none', 'semi_disabled', 'disabled'] as const;

/** Throws BAD_USER_INPUT unless the category and disability level make someone eligible. */
function assertEligible(category: string, disability: string): void {
  if (!(eligibilityCategories as readonly string[]).includes(category))
    throw badInput(`Unknown eligibility category ${category}.`, { field: 'eligibilityCategory', reason: 'UNKNOWN_VALUE' });
  if (!(disabilityLevels as readonly string[]).includes(disability))
    throw badInput(`Unknown disability level ${disability}.`, { field: 'disabilityLevel', reason: 'UNKNOWN_VALUE' });
  if (householdCategories.includes(category) && disability === 'none') {
    throw badInput('In a dibao, dibao-edge, rigid-expenditure or relapse-monitoring household only disabled or semi-disabled members are eligible.', {
      field: 'disabilityLevel',
      reason: 'DISABILITY_REQUIRED',
    });
  }
}

/** A phone number as stored (spaces dropped), null for none; BAD_USER_INPUT if malformed. */
function normalizePhone(raw: string | null | undefined): string | null {
  const phone = (raw ?? '').replace(/\s+/g, '');
  if (!phone) return null;
  if (!/^[0-9+-]{5,20}$/.test(phone) || (phone.match(/\d/g)?.length ?? 0) < 5) {
    throw badInput('A phone number has 5 to 20 digits (a mobile 13900000000 or a landline 0796-3612345).', { field: 'phone', reason: 'PHONE_FORMAT' });
  }
  return phone;
}

type Id = string | number;

const alreadyRegistered = () => conflict('A recipient with this ID number is already registered.', { field: 'idNumber', reason: 'ID_NUMBER_REGISTERED' });

/** A person put on the list (the API's RegisterRecipientInput has this shape; enums as the API spells them or as stored). */
interface RecipientRegistration {
  name: string;
  idNumber: string;
  eligibilityCategory: string;
  disabilityLevel: string;
  villageId: Id;
  householdNumber: string;
  householdHeadName?: string | null;
  relationToHead?: string | null;
  phone?: string | null;
  address?: string | null;
  reason?: string | null;
}

/** A change of contact details; undefined leaves a field as it is. */
interface RecipientContact {
  phone?: string | null;
  address?: string | null;
}

/** Which recipients a list shows. */
interface RecipientListFilter {
  search?: string | null;
  status?: string | null;
  townshipId?: Id | null;
  villageId?: Id | null;
}

/** Registers a candidate recipient (birth date and gender from the ID number), with their household and first status change. */
export async function registerRecipient(db: Database, config: Config, viewer: Viewer, input: RecipientRegistration): Promise<Recipient> {
  const name = input.name.trim();
  if (!name) throw badInput('Give the recipient’s name.', { field: 'name', reason: 'FIELD_REQUIRED' });
  const problem = idNumberRefusal(input.idNumber);
  if (problem) throw badInput(problem.message, { field: 'idNumber', reason: problem.reason });
  const id = parseIdNumber(input.idNumber);
  const category = fromEnum(input.eligibilityCategory);
  const disability = fromEnum(input.disabilityLevel);
  assertEligible(category, disability);
  const householdNumber = input.householdNumber.trim();
  if (!householdNumber) throw badInput('Give the household number.', { field: 'householdNumber', reason: 'FIELD_REQUIRED' });
  const phone = normalizePhone(input.phone);
  const village = await requireRegion(db, toId(input.villageId, 'villageId'), 'village');
  const place = { village_id: village.id, township_id: village.parent_id! };
  assertMayWrite(viewer, 'register', place);
  const protectedId = protectIdNumber(id.normalized, config.DATA_KEY);

  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('recipients').select('id').where('id_number_digest', '=', protectedId.id_number_digest).executeTakeFirst();
      if (existing) throw alreadyRegistered();

      const headName = input.householdHeadName?.trim() || name;
      // a racing registration may create the same new household: keep whichever came first
      await trx
        .insertInto('households')
        .values({ household_number: householdNumber, head_name: headName, village_id: village.id, address: input.address?.trim() ?? '' })
        .onConflict((oc) => oc.column('household_number').doNothing())
        .execute();
      const household = await trx.selectFrom('households').selectAll().where('household_number', '=', householdNumber).executeTakeFirstOrThrow();
      if (household.village_id !== village.id) {
        throw badInput(`Household ${householdNumber} belongs to another village.`, {
          field: 'householdNumber',
          reason: 'HOUSEHOLD_IN_OTHER_VILLAGE',
          householdNumber,
        });
      }

      return await recipientLifecycle.create(
        trx,
        'register',
        actorOf(viewer),
        {
          name,
          gender: id.gender,
          birth_date: id.birthDate,
          ...protectedId,
          eligibility_category: category,
          disability_level: disability,
          household_id: household.id,
          relation_to_head: input.relationToHead?.trim() || (household.head_name === name ? 'self' : 'member'),
          village_id: place.village_id,
          township_id: place.township_id,
          address: input.address?.trim() || household.address,
          phone,
        },
        { reason: input.reason?.trim() || '登记' },
      );
    });
  } catch (err) {
    // two registrations of one person at once: the second meets the unique digest
    if (!(err instanceof DomainError) && fromDatabaseError(err)?.details.constraint === 'recipients_id_number_digest_key') {
      throw alreadyRegistered();
    }
    throw err;
  }
}

/** Changes a recipient's phone and/or address (null or '' clears the phone). */
export async function updateRecipientContact(db: Database, viewer: Viewer, recipientId: number, input: RecipientContact): Promise<Recipient> {
  const changes: { phone?: string | null; address?: string } = {};
  if (input.phone !== undefined) changes.phone = normalizePhone(input.phone);
  if (input.address !== undefined && input.address !== null) changes.address = input.address.trim();
  if (!Object.keys(changes).length) throw badInput('Give a phone number or an address to change.', { field: 'phone', reason: 'NOTHING_TO_CHANGE' });
  return db.transaction().execute(async (trx) => {
    await lockRecipientForWrite(trx, viewer, recipientId, 'contact');
    return trx.updateTable('recipients').set(changes).where('id', '=', recipientId).returningAll().executeTakeFirstOrThrow();
  });
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Recipients the viewer may see, newest first; `search` matches name, phone, card number, ID number's last 1–4 characters or whole ID. */
export async function listRecipients(db: Database, config: Config, viewer: Viewer, args: PageArgs & { filter?: RecipientListFilter | null }) {
  const page = readPage(args);
  const filter = args.filter ?? {};
  const townshipId = toOptionalId(filter.townshipId, 'townshipId');
  const villageId = toOptionalId(filter.villageId, 'villageId');
  const status = filter.status ? toRecipientStatus(filter.status) : undefined;
  const search = filter.search?.trim() ?? '';
  if (search.length > 100) throw badInput('A search is at most 100 characters.', { field: 'search', reason: 'TEXT_TOO_LONG', maxLength: 100 });

  let query = db.selectFrom('recipients').where(recipientScope(viewer));
  if (townshipId) query = query.where('township_id', '=', townshipId);
  if (villageId) query = query.where('village_id', '=', villageId);
  if (status) query = query.where('status', '=', status);
  if (search) {
    const contains = `%${escapeLike(search)}%`;
    const upper = search.toUpperCase();
    // a whole ID number is matched by its digest: nothing is ever decrypted to search
    const digest = idNumberProblem(search) === null ? digestIdNumber(parseIdNumber(search).normalized, config.DATA_KEY) : null;
    query = query.where((eb) =>
      eb.or([
        eb('name', 'ilike', contains),
        eb('phone', 'like', contains),
        eb('service_card_number', 'ilike', contains),
        ...(/^[0-9]{0,3}[0-9X]$/.test(upper) ? [eb('id_number_last4', 'like', `%${upper}`)] : []),
        ...(digest ? [eb('id_number_digest', '=', digest)] : []),
      ]),
    );
  }
  return newestFirst(query.selectAll(), page);
}

/** The full ID number, for township staff or a county admin in scope; the reveal is logged with its reason. */
export async function revealIdNumber(db: Database, config: Config, viewer: Viewer, recipientId: number, reason: string): Promise<string> {
  const why = reason.trim();
  if (!why) throw badInput('Say why you need the full ID number.', { field: 'reason', reason: 'REASON_REQUIRED' });
  const recipient = await db.selectFrom('recipients').selectAll().where('id', '=', recipientId).executeTakeFirst();
  if (!recipient) throw notFound('Recipient', recipientId);
  assertMayWrite(viewer, 'manage', recipient);
  const idNumber = decryptIdNumber(recipient.id_number_ciphertext, config.DATA_KEY);
  // logged before it is returned: a reveal that is not logged never reaches the caller
  await db.insertInto('personal_data_reveals').values({ recipient_id: recipientId, revealed_by: viewer.userId, reason: why }).execute();
  return idNumber;
}
