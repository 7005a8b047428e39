import type { CarerQualification } from '../db/rows.js';
import { badInput } from '../platform/errors.js';
import { countyToday } from '../platform/county-time.js';

const qualificationKinds = ['nursing', 'rehabilitation', 'counselling', 'tutoring', 'social_work'] as const;
type QualificationKind = (typeof qualificationKinds)[number];

export interface QualificationInput {
  kind: string;
  certificateNumber: string;
  issuedOn: string;
  expiresOn: string;
}

interface QualificationRow {
  kind: QualificationKind;
  certificate_number: string;
  issued_on: string;
  expires_on: string;
}

/** Validates one certificate: a known kind, a number, and an expiry after the issue date. */
export function validateQualification(q: QualificationInput, field = 'qualification'): QualificationRow {
  const kind = q.kind.toLowerCase() as QualificationKind;
  if (!qualificationKinds.includes(kind)) throw badInput(`Unknown qualification ${q.kind}.`, { field, reason: 'UNKNOWN_VALUE' });
  const certificateNumber = q.certificateNumber.trim();
  if (!certificateNumber) throw badInput('Give the certificate number.', { field, reason: 'FIELD_REQUIRED' });
  if (q.expiresOn <= q.issuedOn) throw badInput('A certificate must expire after it was issued.', { field, reason: 'CERTIFICATE_EXPIRES_BEFORE_ISSUE' });
  return { kind, certificate_number: certificateNumber, issued_on: q.issuedOn, expires_on: q.expiresOn };
}

/** Validates a list of certificates; the same certificate twice is a mistake in the input. */
export function validateQualifications(list: QualificationInput[]): QualificationRow[] {
  const rows = list.map((q, i) => validateQualification(q, `qualifications[${i}]`));
  const keys = new Set(rows.map((r) => `${r.kind}\u0000${r.certificate_number}`));
  if (keys.size !== rows.length) throw badInput('A certificate is listed twice.', { field: 'qualifications', reason: 'CERTIFICATE_TWICE' });
  return rows;
}

/** True while the certificate has not expired on `today` (county date; valid through its expiry day). */
export const isQualificationValid = (q: Pick<CarerQualification, 'expires_on'>, today = countyToday()) => q.expires_on >= today;
