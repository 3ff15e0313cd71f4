/**
 * Email address validation and normalisation, shared by the popup (as the user types) and the hub
 * (which enforces it). Pure TS, safe in every context.
 *
 * Normal form: surrounding whitespace trimmed, the domain lower-cased, the local part kept as typed.
 * Accounts are looked up by `emailLookupKey` (all lower-case) so `Ann@x.io` and `ann@x.io` are one
 * account, as users of every mainstream service expect.
 * Deliberately unsupported: quoted local parts and IP-literal domains (no mail provider hands those out).
 */

export const EMAIL_MAX_LENGTH = 254;
const LOCAL_MAX_LENGTH = 64;
const LABEL_MAX_LENGTH = 63;

// RFC 5322 "atext" plus dots between atoms; Unicode letters and digits allowed (RFC 6531).
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;
const TOP_LEVEL_LABEL = /^(?:\p{L}{2,}|xn--[a-z0-9-]+)$/u;

/** Returns the normalised address, or `null` when it is not a valid email address. */
export function normalizeEmail(input: string): string | null {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > EMAIL_MAX_LENGTH) return null;
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return null;
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1).toLowerCase();
  if (local.length > LOCAL_MAX_LENGTH || !LOCAL_PART.test(local)) return null;
  const labels = domain.split('.');
  if (labels.length < 2) return null;
  for (const label of labels) {
    if (label.length === 0 || label.length > LABEL_MAX_LENGTH || !DOMAIN_LABEL.test(label)) return null;
  }
  if (!TOP_LEVEL_LABEL.test(labels[labels.length - 1] ?? '')) return null;
  return `${local}@${domain}`;
}

/** The key an account is stored and found under: the normalised address, fully lower-cased. */
export function emailLookupKey(normalizedEmail: string): string {
  return normalizedEmail.toLowerCase();
}
