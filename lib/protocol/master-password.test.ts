import { describe, expect, it } from 'vitest';
import { isWeakMasterPassword, masterPasswordProblem } from './master-password.ts';

const EMAIL = 'ada.lovelace@example.com';

describe('masterPasswordProblem', () => {
  it.each([
    ['', 'only_whitespace'],
    ['            ', 'only_whitespace'],
    ['\t \n\u00a0\u2003          ', 'only_whitespace'],
    ['short', 'too_short'],
    ['elevenchars', 'too_short'],
    // 11 code points even though the string has more UTF-16 units
    ['😀😀😀😀😀😀😀😀😀😀😀', 'too_short'],
    // 12 code points only after NFC ('e' + combining acute becomes one code point)
    ['cafe\u0301cafe\u0301caf', 'too_short'],
    ['ada.lovelace', 'contains_email'],
    ['my-ADA.LOVELACE-secret', 'contains_email'],
    ['twelve chars', null],
    ['😀😀😀😀😀😀😀😀😀😀😀😀', null],
    ['correct horse battery staple', null],
    ['ada lovelace and babbage', null],
  ])('finds %j to be %s', (password, problem) => {
    expect(masterPasswordProblem(password, EMAIL)).toBe(problem);
  });

  it('refuses a password equal to a short local part, but not every password containing it', () => {
    expect(masterPasswordProblem('abcdefghijklm', 'abcdefghijklm@example.com')).toBe('contains_email');
    expect(masterPasswordProblem('correct horse battery', 'bob@example.com')).toBeNull();
    expect(masterPasswordProblem('correct bob horse battery', 'bob@example.com')).toBeNull();
    expect(masterPasswordProblem('correct horse battery', 'horse@example.com')).toBe('contains_email');
  });

  it('ignores the email when its local part is empty', () => {
    expect(masterPasswordProblem('correct horse battery', '@example.com')).toBeNull();
  });

  it('answers weak exactly when there is a problem', () => {
    expect(isWeakMasterPassword('short', EMAIL)).toBe(true);
    expect(isWeakMasterPassword('correct horse battery staple', EMAIL)).toBe(false);
  });
});
