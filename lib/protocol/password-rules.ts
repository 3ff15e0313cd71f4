/**
 * The account-password policy (architecture §2), shared by the popup, which shows the unmet rules
 * as the user types, and the hub, which enforces them. Pure TS, safe in every context.
 *
 * Characters are counted as Unicode code points after NFC normalisation, so a password typed on a
 * keyboard that composes "é" and one that does not count (and hash) the same.
 * Letters in any script count: "lowercase" is any Unicode lowercase letter (\p{Ll}), "uppercase" any
 * uppercase or titlecase letter (\p{Lu}, \p{Lt}). Scripts without case (Han, Arabic, …) cannot satisfy
 * those two rules alone; such a password needs at least one cased letter too.
 */

export const PASSWORD_MIN_LENGTH = 8;
/** Long enough for any passphrase without spaces; bounded so hashing cannot be abused. */
export const PASSWORD_MAX_LENGTH = 256;

export const PASSWORD_RULES = [
  'min_length',
  'max_length',
  'digit',
  'lowercase',
  'uppercase',
  'no_whitespace',
] as const;
export type PasswordRule = (typeof PASSWORD_RULES)[number];

const DIGIT = /\p{Nd}/u;
const LOWERCASE = /\p{Ll}/u;
const UPPERCASE = /[\p{Lu}\p{Lt}]/u;
// Every Unicode White_Space character, plus the invisible separators people paste by accident.
const WHITESPACE = /\p{White_Space}|\u180E|\u200B|\u200C|\u200D|\u2060|\uFEFF/u;

/** The form a password is checked, hashed and compared in. */
export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

/** Which rules the password does not meet yet, in display order; empty when it passes. */
export function unmetPasswordRules(password: string): PasswordRule[] {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  const unmet: PasswordRule[] = [];
  if (length < PASSWORD_MIN_LENGTH) unmet.push('min_length');
  if (length > PASSWORD_MAX_LENGTH) unmet.push('max_length');
  if (!DIGIT.test(normalized)) unmet.push('digit');
  if (!LOWERCASE.test(normalized)) unmet.push('lowercase');
  if (!UPPERCASE.test(normalized)) unmet.push('uppercase');
  if (WHITESPACE.test(normalized)) unmet.push('no_whitespace');
  return unmet;
}

/**
 * True when the password, compared case-insensitively, is on the given list of common passwords.
 * The list holds lower-cased entries (see common-passwords.ts for where lists come from).
 */
export function isCommonPassword(password: string, commonList: ReadonlySet<string>): boolean {
  return commonList.has(normalizePassword(password).toLowerCase());
}
