/**
 * The hub's common-password list (server/) against the popup's slice (lib/protocol/): for every
 * password that passes the other rules, both must give the same verdict, or the popup would accept
 * a password the hub then refuses. Lives under tests/ because it spans the hub and the protocol.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRelevantCommonPasswords } from '../../lib/protocol/common-passwords.ts';
import { isCommonPassword, unmetPasswordRules } from '../../lib/protocol/password-rules.ts';
import { commonPasswordList } from '../../server/accounts/common-password-list.ts';

const full = commonPasswordList();

/** Variants of a list entry that a user could type: the same letters in other cases. */
function caseVariants(entry: string): string[] {
  const chars = [...entry];
  const firstCased = chars.findIndex((char) => char.toUpperCase() !== char);
  const lastCased = chars.findLastIndex((char) => char.toUpperCase() !== char);
  if (firstCased < 0) return [];
  return [
    chars.map((char, i) => (i === firstCased ? char.toUpperCase() : char)).join(''),
    chars.map((char, i) => (i === lastCased ? char : char.toUpperCase())).join(''),
  ];
}

describe('commonPasswordList (the hub list)', () => {
  it('holds at least 10,000 entries when built from the package', () => {
    expect(full.size).toBeGreaterThanOrEqual(10_000);
  });

  it('holds only lower-cased entries when built', () => {
    expect([...full].filter((entry) => entry !== entry.toLowerCase())).toEqual([]);
  });

  it.each(['password1', 'Password1', 'PASSWORD1', 'pAsSwOrD1', 'Iloveyou1', 'Qwerty123'])('flags %s when checked case-insensitively', (password) => {
    expect(isCommonPassword(password, full)).toBe(true);
  });

  it('does not flag an unusual password when checked', () => {
    expect(isCommonPassword('Quartz-Lantern-47', full)).toBe(false);
  });
});

describe('popup slice and hub list', () => {
  it('give the same verdict when a policy-passing password differs from a list entry only by case', async () => {
    const slice = await loadRelevantCommonPasswords();
    const disagreements: string[] = [];
    let checked = 0;
    for (const entry of full) {
      for (const candidate of caseVariants(entry)) {
        if (unmetPasswordRules(candidate).length > 0) continue;
        checked += 1;
        if (isCommonPassword(candidate, slice) !== isCommonPassword(candidate, full)) disagreements.push(candidate);
      }
    }
    expect(checked).toBeGreaterThan(1_000);
    expect(disagreements).toEqual([]);
  });

  it('give the same verdict when a list entry gets random case and a random suffix', async () => {
    const slice = await loadRelevantCommonPasswords();
    const entries = [...full];
    const candidate = fc
      .tuple(fc.constantFrom(...entries), fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }), fc.string({ maxLength: 3 }))
      .map(([entry, upper, suffix]) => [...entry].map((char, i) => (upper[i % 64] ? char.toUpperCase() : char)).join('') + suffix)
      .filter((password) => unmetPasswordRules(password).length === 0);
    fc.assert(
      fc.property(candidate, (password) => isCommonPassword(password, slice) === isCommonPassword(password, full)),
      { numRuns: 2_000 },
    );
  });

  it('give the same verdict when the password is a random policy-passing string', async () => {
    const slice = await loadRelevantCommonPasswords();
    const candidate = fc
      .tuple(fc.string({ unit: 'binary', minLength: 5, maxLength: 40 }), fc.constantFrom('Aa1', 'Ωω٣', 'ЖжЗ9'))
      .map(([random, needed]) => random + needed)
      .filter((password) => unmetPasswordRules(password).length === 0);
    fc.assert(
      fc.property(candidate, (password) => isCommonPassword(password, slice) === isCommonPassword(password, full)),
      { numRuns: 1_000 },
    );
  });
});
