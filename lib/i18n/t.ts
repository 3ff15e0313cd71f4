/**
 * The words of the popup and the autofill pages (in-page menu, save prompt). Text comes from
 * public/_locales/<lang>/messages.json through the browser's i18n API, so they follow the browser's
 * language. Keys are typed from the English file; a unit test checks every language has every key.
 * Safe in every extension context.
 */
import { browser } from 'wxt/browser';
import type english from '../../public/_locales/en/messages.json';
import type { ErrorCode } from '../protocol/errors.ts';
import type { MessageError } from '../messaging/messages.ts';

export type MessageKey = keyof typeof english;

export function t(key: MessageKey, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** The browser's UI language, e.g. "de" — for Intl formatting next to the translated text. */
export function uiLanguage(): string {
  return browser.i18n.getUILanguage?.() || navigator.language || 'en';
}

const ERROR_KEYS: Partial<Record<ErrorCode, MessageKey>> = {
  invalid_email: 'error_invalid_email',
  weak_password: 'error_weak_password',
  common_password: 'error_common_password',
  email_in_use: 'error_email_in_use',
  invalid_region: 'error_invalid_region',
  invalid_credentials: 'error_invalid_credentials',
  activation_required: 'error_activation_required',
  unauthorized: 'error_unauthorized',
  network_error: 'error_network_error',
  invalid_server_address: 'error_invalid_server_address',
  not_a_tessera_hub: 'error_not_a_tessera_hub',
  server_permission_denied: 'error_server_permission_denied',
  already_activated: 'error_already_activated',
  captcha_required: 'error_captcha_required',
  captcha_invalid: 'error_captcha_invalid',
  second_factor_required: 'error_second_factor_required',
  invalid_code: 'error_invalid_code',
  code_expired: 'error_code_expired',
  wrong_password: 'error_wrong_password',
  invalid_phone: 'error_invalid_phone',
  phone_not_verified: 'error_phone_not_verified',
  sms_unavailable: 'error_sms_unavailable',
  sms_not_sent: 'error_sms_not_sent',
  totp_not_started: 'error_totp_not_started',
  no_keyset: 'error_no_keyset',
  conflict: 'error_conflict',
  wrong_master_password: 'error_wrong_master_password',
  weak_master_password: 'error_weak_master_password',
  vault_locked: 'error_vault_locked',
  item_not_found: 'error_item_not_found',
  item_undecryptable: 'error_item_undecryptable',
  keyset_unavailable: 'error_keyset_unavailable',
  item_too_large: 'error_item_too_large',
  quota_exceeded: 'error_quota_exceeded',
  unsynced_changes: 'error_unsynced_changes',
  device_not_found: 'error_device_not_found',
  confirmation_required: 'error_confirmation_required',
  no_fillable_form: 'error_no_fillable_form',
  autofill_expired: 'error_autofill_expired',
  site_mismatch: 'error_site_mismatch',
};

/** "4 minutes", "30 seconds", "2 hours" in the UI language. */
export function formatWait(seconds: number, language = uiLanguage()): string {
  const [value, unit] =
    seconds >= 5400 ? [Math.ceil(seconds / 3600), 'hour'] : seconds >= 90 ? [Math.ceil(seconds / 60), 'minute'] : [Math.max(1, Math.ceil(seconds)), 'second'];
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** What to tell the user about a failure: what happened and what to do next. */
export function describeError(error: MessageError): string {
  if (error.code === 'rate_limited') {
    return error.retryAfterSeconds === undefined ? t('error_rate_limited_soon') : t('error_rate_limited', formatWait(error.retryAfterSeconds));
  }
  const key = ERROR_KEYS[error.code];
  return key ? t(key) : t('error_generic');
}
