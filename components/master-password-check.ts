/**
 * What the popup refuses before it sends a new master password: the shared rule of
 * lib/protocol/master-password.ts (at least 12 characters, not the email's name — the background
 * enforces it too) plus a zxcvbn score of at least 3 (checked by the strength meter's scorer).
 */
import { masterPasswordProblem } from '../lib/protocol/master-password.ts';

export const MASTER_PASSWORD_MIN_SCORE = 3;

export type MasterPasswordProblem = 'too_short' | 'email_name' | 'weak' | 'mismatch' | 'not_acknowledged';

/** The part of the email before "@", which zxcvbn also treats as a guessable word. */
export function emailName(email: string | null | undefined): string {
  return (email ?? '').split('@')[0]!.trim().toLowerCase();
}

/** What is wrong with `password` by the fixed rule (score aside), or null. */
export function masterPasswordRuleProblem(password: string, email: string | null | undefined): MasterPasswordProblem | null {
  const problem = masterPasswordProblem(password, email ?? '');
  if (problem === 'contains_email') return 'email_name';
  return problem ? 'too_short' : null;
}
