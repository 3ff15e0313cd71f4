/**
 * Background-only. The current authenticator code of a login's TOTP secret (RFC 6238), from a
 * base32 secret or an otpauth://totp/ URI. The secret never leaves the background; only the code does.
 */
import { Secret, TOTP, URI } from 'otpauth';
import type { TotpCode } from '../messaging/messages.ts';

export class InvalidTotpSecretError extends Error {
  override name = 'InvalidTotpSecretError';
  constructor() {
    super('not a usable TOTP secret');
  }
}

function totpOf(secret: string): TOTP {
  const text = secret.trim();
  try {
    if (/^otpauth:/i.test(text)) {
      const parsed = URI.parse(text);
      if (parsed instanceof TOTP) return parsed;
      throw new InvalidTotpSecretError(); // HOTP counts, not times: nothing to show
    }
    const base32 = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
    const key = Secret.fromBase32(base32);
    if (base32 === '' || key.bytes.length === 0) throw new InvalidTotpSecretError();
    return new TOTP({ secret: key });
  } catch {
    throw new InvalidTotpSecretError();
  }
}

export function totpCode(secret: string, now: number): TotpCode {
  const totp = totpOf(secret);
  const remainingMs = totp.remaining({ timestamp: now });
  return { code: totp.generate({ timestamp: now }), period: totp.period, remainingSeconds: Math.max(1, Math.ceil(remainingMs / 1000)) };
}
