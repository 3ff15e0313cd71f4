import { dictionary } from '@zxcvbn-ts/language-common';
import { describe, expect, it } from 'vitest';
import { couldMatchPolicyPassingPassword, loadRelevantCommonPasswords } from './common-passwords.ts';
import { isCommonPassword } from './password-rules.ts';

/** What `npm run generate:common-passwords` writes, computed from the installed package. */
function expectedSlice(): string[] {
  return [...new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()))]
    .filter(couldMatchPolicyPassingPassword)
    .sort();
}

describe('isCommonPassword', () => {
  const list = new Set(['password1', 'caf\u00E9cr\u00E8me1']);

  it('finds a listed password when typed in lower case', () => {
    expect(isCommonPassword('password1', list)).toBe(true);
  });

  it.each(['Password1', 'PASSWORD1', 'pAsSwOrD1'])('finds %s when only the case differs from a listed entry', (password) => {
    expect(isCommonPassword(password, list)).toBe(true);
  });

  it('does not flag a password when it is not on the list', () => {
    expect(isCommonPassword('Quartz-Lantern-47', list)).toBe(false);
  });

  it('does not flag a password when it only contains a listed entry', () => {
    expect(isCommonPassword('Password1!', list)).toBe(false);
  });

  it('finds a listed password when it is typed in decomposed Unicode form', () => {
    expect(isCommonPassword('Cafe\u0301cre\u0300me1', list)).toBe(true);
  });
});

describe('couldMatchPolicyPassingPassword', () => {
  it('keeps an entry when it has 8+ characters, a digit and a letter', () => {
    expect(couldMatchPolicyPassingPassword('password1')).toBe(true);
  });

  it('counts characters, not UTF-16 units, when an entry holds astral characters', () => {
    expect(couldMatchPolicyPassingPassword('a1😀😀😀😀😀')).toBe(false);
    expect(couldMatchPolicyPassingPassword('a1😀😀😀😀😀😀')).toBe(true);
  });

  it.each([
    ['too short', 'pass12'],
    ['without a digit', 'password'],
    ['without a letter', '12345678'],
    ['with a space', 'pass word1'],
  ])('drops an entry when it is %s', (_why, entry) => {
    expect(couldMatchPolicyPassingPassword(entry)).toBe(false);
  });
});

describe('common-passwords-relevant.json (the popup slice)', () => {
  it('is exactly what the generator makes from the installed package when compared entry by entry', async () => {
    const shipped = [...(await loadRelevantCommonPasswords())];
    expect(shipped, 'the popup slice is stale: run npm run generate:common-passwords').toEqual(expectedSlice());
  });

  it('is much smaller than the full list when loaded', async () => {
    const slice = await loadRelevantCommonPasswords();
    expect(slice.size).toBeGreaterThan(1_000);
    expect(slice.size).toBeLessThan(dictionary['passwords-common'].length / 4);
  });
});
