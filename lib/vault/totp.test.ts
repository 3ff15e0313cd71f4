import { describe, expect, it } from 'vitest';
import { InvalidTotpSecretError, totpCode } from './totp.ts';

// RFC 6238 appendix B, SHA-1: the secret "12345678901234567890" in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('totpCode', () => {
  it('gives the RFC 6238 code (last 6 digits) for a base32 secret', () => {
    expect(totpCode(RFC_SECRET, 59_000)).toEqual({ code: '287082', period: 30, remainingSeconds: 1 });
    expect(totpCode(RFC_SECRET, 1_111_111_109_000).code).toBe('081804');
  });

  it('accepts lower case, spaces and padding in a base32 secret', () => {
    expect(totpCode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq', 59_000).code).toBe('287082');
  });

  it('reads period and digits from an otpauth URI', () => {
    const uri = `otpauth://totp/Example:ada?secret=${RFC_SECRET}&period=60&digits=8&issuer=Example`;
    expect(totpCode(uri, 30_000)).toEqual({ code: expect.stringMatching(/^\d{8}$/), period: 60, remainingSeconds: 30 });
  });

  it.each(['', 'not base32!', 'otpauth://hotp/Example:ada?secret=GEZDGNBV&counter=1', 'otpauth://totp/broken'])(
    'refuses %j',
    (secret) => {
      expect(() => totpCode(secret, 0)).toThrow(InvalidTotpSecretError);
    },
  );
});
