/**
 * Email address validation and normalisation, shared by the popup (as the user types) and the hub
 * (which enforces it). Pure TS, safe in every context.
 *
 * Normal form: surrounding whitespace trimmed, Unicode NFC (so a decomposed "é" typed on one keyboard
 * and a composed one typed on another are the same address), the domain lower-cased, the local part
 * kept as typed.
 * Accounts are looked up by `emailLookupKey` (all lower-case) so `Ann@x.io` and `ann@x.io` are one
 * account, as users of every mainstream service expect.
 * Deliberately unsupported: quoted local parts and IP-literal domains (no mail provider hands those out).
 */

export const EMAIL_MAX_LENGTH = 254;
const LOCAL_MAX_LENGTH = 64;
const LABEL_MAX_LENGTH = 63;

// RFC 5322 "atext" plus dots between atoms; Unicode letters and digits allowed (RFC 6531). A letter
// may carry combining marks (\p{M}): most Indic and Southeast Asian scripts cannot be written without
// them (राम@डाटामेल.भारत), and some accented letters have no precomposed form.
const LOCAL_PART = /^(?:[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]\p{M}*)+(?:\.(?:[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]\p{M}*)+)*$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}]\p{M}*(?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{N}]\p{M}*)?$/u;
const TOP_LEVEL_LABEL = /^(?:(?:\p{L}\p{M}*){2,}|xn--[a-z0-9-]+)$/u;

/** Returns the normalised address, or `null` when it is not a valid email address. */
export function normalizeEmail(input: string): string | null {
  const trimmed = input.trim().normalize('NFC');
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
