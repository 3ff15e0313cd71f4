/**
 * Background-only, pure. Whether a submitted sign-in deserves "Save password?", "Update password?" or
 * nothing, compared with the logins that match the submitting frame:
 * - the same username with the same password: nothing (also: no username and a known password);
 * - a change-password form: update the login with that username, else the one whose password was
 *   the current one, else save the new password as a new login;
 * - the same username with another password: update;
 * - anything else (a sign-up, a new account): save.
 */
import type { SignInKind } from '../autofill/sign-in-kind.ts';

export interface Submission {
  formKind: SignInKind;
  username: string;
  password: string;
  newPassword: string | null;
}

export interface Candidate {
  id: string;
  title: string;
  username: string;
  password: string;
}

export type Decision =
  | { kind: 'save'; username: string; password: string }
  | { kind: 'update'; itemId: string; itemTitle: string; username: string; password: string };

/** Usernames compare trimmed; e-mail addresses also without regard to case. */
export function sameUsername(a: string, b: string): boolean {
  const left = a.trim();
  const right = b.trim();
  if (left.includes('@') && right.includes('@')) return left.toLowerCase() === right.toLowerCase();
  return left === right;
}

export function decideOffer(submission: Submission, candidates: readonly Candidate[]): Decision | null {
  // A sign-up's (and a change-password form's) password field is the new one.
  const next = submission.newPassword || submission.password;
  if (next === '') return null;
  const username = submission.username.trim();
  const sameUser = username === '' ? [] : candidates.filter((candidate) => sameUsername(candidate.username, username));
  if (sameUser.some((candidate) => candidate.password === next)) return null;
  if (username === '' && candidates.some((candidate) => candidate.password === next)) return null;

  const update = (target: Candidate): Decision => ({ kind: 'update', itemId: target.id, itemTitle: target.title, username: username || target.username, password: next });
  if (submission.formKind === 'change-password') {
    const current = submission.newPassword ? submission.password : '';
    const target = sameUser[0] ?? (current === '' ? undefined : candidates.find((candidate) => candidate.password === current));
    return target ? update(target) : { kind: 'save', username, password: next };
  }
  if (sameUser[0]) return update(sameUser[0]);
  return { kind: 'save', username, password: next };
}
