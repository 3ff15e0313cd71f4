/**
 * The rule a new master password must meet, shared by the background (which enforces it) and the
 * popup (which explains it). Pure TS, safe in every context.
 *
 * A master password is weak when, after Unicode NFC normalisation (the KDF normalises the same way):
 * - it has fewer than MASTER_PASSWORD_MIN_LENGTH code points, or
 * - it is only whitespace, or
 * - it equals the local part of the account's email, or contains it when that local part has at
 *   least EMAIL_PART_MIN_LENGTH code points (case-insensitive; "a@example.com" must not rule out
 *   every password with an "a" in it).
 * The popup additionally requires a zxcvbn score of at least 3 before it sends one; the background
 * does not ship zxcvbn's dictionaries, so it checks only the rule above.
 */

export const MASTER_PASSWORD_MIN_LENGTH = 12;
const EMAIL_PART_MIN_LENGTH = 4;

export type MasterPasswordProblem = 'too_short' | 'only_whitespace' | 'contains_email';

export function masterPasswordProblem(password: string, email: string): MasterPasswordProblem | null {
  const normalized = password.normalize('NFC');
  if (normalized.trim() === '') return 'only_whitespace';
  if ([...normalized].length < MASTER_PASSWORD_MIN_LENGTH) return 'too_short';
  const at = email.lastIndexOf('@');
  const localPart = (at > 0 ? email.slice(0, at) : email).normalize('NFC').toLowerCase();
  const lower = normalized.toLowerCase();
  if (lower === localPart || ([...localPart].length >= EMAIL_PART_MIN_LENGTH && lower.includes(localPart))) return 'contains_email';
  return null;
}

export function isWeakMasterPassword(password: string, email: string): boolean {
  return masterPasswordProblem(password, email) !== null;
}
