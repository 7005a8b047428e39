// Resident ID numbers (公民身份号码, GB 11643-1999): 17 digits and a check character.
// They are personal data: stored encrypted (AES-256-GCM), found by a keyed digest
// (HMAC-SHA256, so equal numbers collide without decrypting), shown masked, never logged.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { now as clockNow } from '../platform/clock.js';

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChars = '10X98765432';

/** The GB 11643 check character for the first 17 digits. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return checkChars[sum % 11];
}

interface ParsedIdNumber {
  /** Upper-cased, spaces removed. */
  normalized: string;
  birthDate: string;
  gender: 'female' | 'male';
}

/** What is wrong with an ID number: the refusal's reason and a message that never repeats the number. */
export interface IdNumberRefusal {
  reason: 'ID_NUMBER_FORMAT' | 'ID_NUMBER_BIRTH_DATE' | 'ID_NUMBER_CHECK_DIGIT';
  message: string;
}

/** Why an ID number is invalid, as a reason a client can say in its own words, or null. */
export function idNumberRefusal(raw: string): IdNumberRefusal | null {
  const id = raw.replace(/\s+/g, '').toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { reason: 'ID_NUMBER_FORMAT', message: 'An ID number has 17 digits and a final digit or X.' };
  const y = +id.slice(6, 10),
    m = +id.slice(10, 12),
    d = +id.slice(12, 14);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date > clockNow()) {
    return { reason: 'ID_NUMBER_BIRTH_DATE', message: 'The birth date inside the ID number is not a real date.' };
  }
  if (checkCharacter(id.slice(0, 17)) !== id[17]) {
    return { reason: 'ID_NUMBER_CHECK_DIGIT', message: 'The ID number check digit is wrong: please check the number.' };
  }
  return null;
}

/** Why an ID number is invalid (a message that never repeats the number), or null. */
export function idNumberProblem(raw: string): string | null {
  return idNumberRefusal(raw)?.message ?? null;
}

/** Parses a valid ID number; throws with idNumberProblem's message otherwise. */
export function parseIdNumber(raw: string): ParsedIdNumber {
  const problem = idNumberProblem(raw);
  if (problem) throw new Error(problem);
  const normalized = raw.replace(/\s+/g, '').toUpperCase();
  return {
    normalized,
    birthDate: `${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`,
    gender: Number(normalized[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** Shows the region prefix and the last two characters only: 3608************1X. */
function maskIdNumber(normalized: string): string {
  return `${normalized.slice(0, 4)}${'*'.repeat(12)}${normalized.slice(16)}`;
}

const encKey = (hexKey: string) => Buffer.from(hexKey, 'hex');
// the digest key is derived so one configured secret serves both purposes independently
const macKey = (hexKey: string) => createHmac('sha256', encKey(hexKey)).update('nuanxin:id-number-digest').digest();

/** Keyed digest for uniqueness and exact lookup. */
export function digestIdNumber(normalized: string, hexKey: string): string {
  return createHmac('sha256', macKey(hexKey)).update(normalized).digest('hex');
}

/** Encrypts to base64(iv | tag | ciphertext). */
export function encryptIdNumber(normalized: string, hexKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', encKey(hexKey), iv);
  const body = Buffer.concat([cipher.update(normalized, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Decrypts what encryptIdNumber produced; throws if it was tampered with. */
export function decryptIdNumber(stored: string, hexKey: string): string {
  const raw = Buffer.from(stored, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', encKey(hexKey), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** All the stored columns for one ID number. */
export function protectIdNumber(normalized: string, hexKey: string) {
  return {
    id_number_ciphertext: encryptIdNumber(normalized, hexKey),
    id_number_digest: digestIdNumber(normalized, hexKey),
    id_number_masked: maskIdNumber(normalized),
    id_number_last4: normalized.slice(14),
  };
}

/** Makes a valid ID number (for demo data and tests): region, birth date, sequence. */
export function makeIdNumber(region6: string, birthDate: string, sequence3: number, male: boolean): string {
  let seq = sequence3 % 1000;
  if ((seq % 2 === 1) !== male) seq = (seq + 1) % 1000;
  const first17 = `${region6}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}
