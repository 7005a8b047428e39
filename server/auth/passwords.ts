import { hash, verify } from '@node-rs/argon2';
import { badInput, type DomainError } from '../platform/errors.js';

// Argon2id with OWASP's recommended minimum (19 MiB, 2 passes): slow for a guesser,
// about 20 ms for a sign-in.
const options = { algorithm: 2 /* Argon2id (a const enum in the typings) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Hashes a password for storage. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

// Verifying against this when the user does not exist keeps the answer time the same,
// so sign-in does not reveal which usernames exist.
const decoy = hash('not-a-real-password', options);

/** True when the password matches the stored hash; null hash runs a decoy check and fails. */
export async function checkPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

const MIN_PASSWORD = 8;
const MAX_PASSWORD = 200;

/** Minimum rules for a new password: the refusal (BAD_USER_INPUT on `password`), or null. */
export function passwordProblem(password: string): DomainError | null {
  if (password.length < MIN_PASSWORD)
    return badInput(`A password needs at least ${MIN_PASSWORD} characters.`, { field: 'password', reason: 'PASSWORD_TOO_SHORT', minLength: MIN_PASSWORD });
  if (password.length > MAX_PASSWORD)
    return badInput(`A password may have at most ${MAX_PASSWORD} characters.`, { field: 'password', reason: 'PASSWORD_TOO_LONG', maxLength: MAX_PASSWORD });
  return null;
}
