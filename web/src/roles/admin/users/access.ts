// A role and the scope it needs, as the account forms hold them and as the API takes them
// (server/auth/users.ts refuses a missing or a stray scope, so only the needed fields are sent).
import type { Role, UserAccessInput, UserRow } from '../operations';

/** The scope fields of the forms. `carerOrganisationId` only narrows the carer list; it is never sent. */
export interface AccessValues {
  role: Role;
  townshipId?: string;
  villageIds?: string[];
  organisationId?: string;
  carerOrganisationId?: string;
  carerId?: string;
  recipientId?: string;
}

/** Which scope fields each role shows. */
export type ScopeField = 'township' | 'villages' | 'organisation' | 'carer' | 'recipient';

export const scopeFieldsOf: Record<Role, ScopeField[]> = {
  RECIPIENT: ['recipient'],
  HOTLINE_OPERATOR: [],
  GRID_WORKER: ['township', 'villages'],
  TOWNSHIP_STAFF: ['township'],
  COUNTY_ADMIN: [],
  DISPATCHER: ['organisation'],
  CARER: ['carer'],
  EVALUATOR: [],
  FINANCE: [],
};

/** Every role, in the order the forms offer them. */
export const roleChoices: Role[] = [
  'TOWNSHIP_STAFF',
  'GRID_WORKER',
  'HOTLINE_OPERATOR',
  'DISPATCHER',
  'CARER',
  'RECIPIENT',
  'FINANCE',
  'EVALUATOR',
  'COUNTY_ADMIN',
];

/** The access to send: the role and only the scope it needs. */
export function toAccess(values: AccessValues): UserAccessInput {
  const fields = scopeFieldsOf[values.role];
  return {
    role: values.role,
    ...(fields.includes('township') ? { townshipId: values.townshipId } : {}),
    ...(fields.includes('villages') ? { villageIds: values.villageIds ?? [] } : {}),
    ...(fields.includes('organisation') ? { organisationId: values.organisationId } : {}),
    ...(fields.includes('carer') ? { carerId: values.carerId } : {}),
    ...(fields.includes('recipient') ? { recipientId: values.recipientId } : {}),
  };
}

/** A sign-in's access as the form starts from it. */
export function accessOf(user: UserRow): AccessValues {
  return {
    role: user.role,
    townshipId: user.township?.id,
    villageIds: user.villages.map((v) => v.id),
    organisationId: user.organisation?.id,
    carerOrganisationId: user.carer?.organisation.id,
    carerId: user.carer?.id,
    recipientId: user.recipient?.id,
  };
}

/** A line naming what a sign-in's scope is; null for roles of the whole county. */
export function scopeText(user: UserRow): string | null {
  if (user.carer) return `${user.carer.name} · ${user.carer.organisation.name}`;
  if (user.organisation) return user.organisation.name;
  if (user.recipient) return user.recipient.name;
  if (user.villages.length) return `${user.township?.name ?? ''} ${user.villages.map((v) => v.name).join('、')}`.trim();
  if (user.township) return user.township.name;
  return null;
}

const PASSWORD_LETTERS = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A password to read out over the phone: 12 letters and digits, without ones easily mistaken (l, 1, o, 0, i). */
export function generatePassword(length = 12): string {
  // bytes at or above the last whole multiple of the alphabet would favour its first letters
  const limit = 256 - (256 % PASSWORD_LETTERS.length);
  const letters: string[] = [];
  while (letters.length < length) {
    for (const b of crypto.getRandomValues(new Uint8Array(length))) {
      if (b < limit && letters.length < length) letters.push(PASSWORD_LETTERS[b % PASSWORD_LETTERS.length]);
    }
  }
  return letters.join('');
}
