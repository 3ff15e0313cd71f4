/**
 * Every error code that crosses a boundary (hub → background → popup). Only the UI turns a code
 * into words; the hub's `message` is a developer-facing English hint and never contains secrets.
 * Imported by every context: pure TS + zod, no DOM, no Node.
 */
import { z } from 'zod';

export const ERROR_CODES = [
  // request shape
  'invalid_request',
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'not_found',
  'method_not_allowed',
  // accounts
  'invalid_email',
  'weak_password',
  'common_password',
  'email_in_use',
  'invalid_region',
  // activation links
  'invalid_token',
  'token_expired',
  'token_used',
  'already_activated',
  // sessions
  'invalid_credentials',
  'activation_required',
  'unauthorized',
  // abuse protection: the Security Check and hard limits
  'rate_limited',
  'captcha_required',
  'captcha_invalid',
  // two-step verification
  'second_factor_required',
  'invalid_code',
  'code_expired',
  'wrong_password',
  'invalid_phone',
  'phone_not_verified',
  'sms_unavailable',
  'sms_not_sent',
  'totp_not_started',
  // vault and sync
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
  // extension-only: autofill (issue 6)
  /** An https item on an http page: the person must confirm first. */
  'confirmation_required',
  /** The page has no visible field the item could go into (or the frame went away). */
  'no_fillable_form',
  /** The in-page menu or save prompt is stale (its token expired, or the page changed). */
  'autofill_expired',
  /** The item has no website matching the page (it may not be filled there). */
  'site_mismatch',
  // generic
  'internal_error',
  // client-side only: the hub could not be reached or is not a Tessera hub
  'network_error',
  'invalid_server_address',
  'not_a_tessera_hub',
  'server_permission_denied',
] as const;

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The body of every non-2xx hub answer. Extra keys (e.g. `unmetRules`) ride along per code. */
export const ErrorBody = z.object({
  error: z.looseObject({
    code: ErrorCode,
    message: z.string(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
