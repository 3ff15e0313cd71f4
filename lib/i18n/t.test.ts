import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import english from '../../public/_locales/en/messages.json';
import { useEnglish } from '../../tests/unit/support/english.ts';
import { ERROR_CODES, type ErrorCode } from '../protocol/errors.ts';
import { describeError, formatWait, type MessageKey, t } from './t.ts';

useEnglish();

const GENERIC = english.error_generic.message;

/** Every code the popup can be handed by the background today (hub answers + client-side codes). */
const UI_CODES: ErrorCode[] = [
  'invalid_email',
  'weak_password',
  'common_password',
  'email_in_use',
  'invalid_region',
  'invalid_credentials',
  'activation_required',
  'unauthorized',
  'rate_limited',
  'already_activated',
  'network_error',
  'invalid_server_address',
  'not_a_tessera_hub',
  'server_permission_denied',
  'captcha_required',
  'captcha_invalid',
  'second_factor_required',
  'invalid_code',
  'code_expired',
  'wrong_password',
  'invalid_phone',
  'phone_not_verified',
  'sms_unavailable',
  'sms_not_sent',
  'totp_not_started',
  // the vault and sync
  'conflict',
  'no_keyset',
  'wrong_master_password',
  'weak_master_password',
  'vault_locked',
  'item_not_found',
  'item_undecryptable',
  'keyset_unavailable',
  'item_too_large',
  'quota_exceeded',
  'device_not_found',
  'unsynced_changes',
  // autofill (the popup's Fill button, the in-page menu and the save prompt)
  'confirmation_required',
  'no_fillable_form',
  'autofill_expired',
  'site_mismatch',
];

describe('t', () => {
  it('gives the browser’s text when the key has a message', () => {
    expect(t('button_signIn')).toBe('Sign In');
  });

  it('fills the placeholder when given a substitution', () => {
    expect(t('settings_builtIn', 'https://hub.example')).toBe('Built-in server: https://hub.example');
  });

  it('falls back to the key when the browser has no message for it', () => {
    vi.mocked(fakeBrowser.i18n.getMessage).mockReturnValue('');
    expect(t('button_signIn')).toBe('button_signIn');
  });
});

describe('formatWait', () => {
  it.each([
    [240, '4 minutes'],
    [30, '30 seconds'],
    [0, '1 second'],
    [89, '89 seconds'],
    [90, '2 minutes'],
    [5399, '90 minutes'],
    [5400, '2 hours'],
  ])('says %d seconds as "%s" when the language is English', (seconds, words) => {
    expect(formatWait(seconds, 'en')).toBe(words);
  });

  it('uses the browser’s UI language when none is given', () => {
    vi.mocked(fakeBrowser.i18n.getUILanguage).mockReturnValue('de');
    expect(formatWait(240)).toBe('4 Minuten');
  });
});

describe('describeError', () => {
  it.each(UI_CODES)('has its own words, not the generic message, when the code is %s', (code) => {
    expect(describeError({ code, retryAfterSeconds: 60 })).not.toBe(GENERIC);
    expect(describeError({ code })).not.toBe(GENERIC);
  });

  // rate_limited needs the wait and is covered below.
  const withOwnMessage = ERROR_CODES.filter((code) => code !== 'rate_limited' && `error_${code}` in english);
  it.each(withOwnMessage)('uses the message error_%s when the code has one', (code) => {
    expect(describeError({ code })).toBe(english[`error_${code}` as MessageKey].message);
  });

  it('says how long to wait when rate_limited carries retryAfterSeconds', () => {
    expect(describeError({ code: 'rate_limited', retryAfterSeconds: 240 })).toBe('Too many attempts, try again in 4 minutes.');
  });

  it('says "in a moment" when rate_limited carries no wait', () => {
    expect(describeError({ code: 'rate_limited' })).toBe(english.error_rate_limited_soon.message);
  });

  it('falls back to the generic message when the code has no words of its own', () => {
    expect(describeError({ code: 'internal_error' })).toBe(GENERIC);
  });
});
