import { describe, expect, it } from 'vitest';
import { checkCreateAccount, type CreateAccountFields, regionFromLocale } from './create-account-form.ts';

const VALID: CreateAccountFields = {
  email: 'new.person@example.com',
  password: 'Quartz-Lantern-47',
  confirm: 'Quartz-Lantern-47',
  region: 'fr',
  marketingConsent: false,
};
const COMMON = new Set(['password1']);

describe('checkCreateAccount', () => {
  it('is ready when every field passes', () => {
    expect(checkCreateAccount(VALID, COMMON)).toEqual({ emailValid: true, unmetRules: [], common: false, confirmMatches: true, regionValid: true, ready: true });
  });

  it('is ready without the common list when it has not loaded yet', () => {
    expect(checkCreateAccount(VALID, null)).toMatchObject({ common: null, ready: true });
  });

  it('is not ready when the email is invalid', () => {
    expect(checkCreateAccount({ ...VALID, email: 'nobody@' }, COMMON)).toMatchObject({ emailValid: false, ready: false });
  });

  it('lists the unmet rules and is not ready when the password is weak', () => {
    expect(checkCreateAccount({ ...VALID, password: 'abc', confirm: 'abc' }, COMMON)).toMatchObject({ unmetRules: ['min_length', 'digit', 'uppercase'], ready: false });
  });

  it('is not ready when the password is on the common list in any case', () => {
    expect(checkCreateAccount({ ...VALID, password: 'PASSWORD1a', confirm: 'PASSWORD1a' }, new Set(['password1a']))).toMatchObject({ common: true, ready: false });
  });

  it('is not ready when the confirmation differs or is empty', () => {
    expect(checkCreateAccount({ ...VALID, confirm: 'Quartz-Lantern-48' }, COMMON)).toMatchObject({ confirmMatches: false, ready: false });
    expect(checkCreateAccount({ ...VALID, password: '', confirm: '' }, COMMON).confirmMatches).toBe(false);
  });

  it('is not ready when no listed region is chosen', () => {
    expect(checkCreateAccount({ ...VALID, region: '' }, COMMON)).toMatchObject({ regionValid: false, ready: false });
    expect(checkCreateAccount({ ...VALID, region: 'xx' }, COMMON).regionValid).toBe(false);
  });

  it('does not depend on marketing consent when everything else passes', () => {
    expect(checkCreateAccount({ ...VALID, marketingConsent: true }, COMMON).ready).toBe(true);
  });
});

describe('regionFromLocale', () => {
  it.each([
    ['de-AT', 'at'],
    ['en-US', 'us'],
    ['fr_BE', 'be'],
    ['en-GB', 'gb'],
  ])('picks the listed region of %s', (locale, region) => {
    expect(regionFromLocale(locale)).toBe(region);
  });

  it.each(['en', 'ja-JP', 'zh-Hant-TW', ''])('picks nothing when %j names no listed region', (locale) => {
    expect(regionFromLocale(locale)).toBe('');
  });
});
