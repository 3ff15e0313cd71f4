/**
 * Where the common-password list comes from, and the slice of it the popup ships.
 * Pure TS, safe in every context.
 *
 * The source is the `passwords-common` dictionary of @zxcvbn-ts/language-common (≈49,000 entries
 * from real leaks, maintained with zxcvbn-ts). The hub checks the full list. The popup only needs
 * the entries a password could still match after passing every other rule (8+ characters, a digit,
 * a cased letter, no whitespace) — about a tenth of the list — so it lazy-loads that slice, generated
 * into common-passwords-relevant.json by `npm run generate:common-passwords`. A unit test keeps the
 * slice in step with the package, so both sides always give the same verdict.
 */

/** True for a (lower-cased) list entry that a policy-passing password could match. */
export function couldMatchPolicyPassingPassword(entry: string): boolean {
  return (
    [...entry].length >= 8 && /\p{Nd}/u.test(entry) && /\p{Ll}/u.test(entry) && !/\s/u.test(entry)
  );
}

/** The popup's slice, loaded on demand so the first screen stays small. */
export async function loadRelevantCommonPasswords(): Promise<ReadonlySet<string>> {
  const module = await import('./common-passwords-relevant.json');
  return new Set(module.default);
}
