/** Small pieces of two-step verification: random codes and their hashes. */
import { createHash, randomInt } from 'node:crypto';
import { RECOVERY_CODE_COUNT, SMS_CODE_LENGTH } from '../../lib/protocol/two-step.ts';

/** A 6-digit SMS code, every digit from crypto.randomInt (unbiased). */
export function newSmsCode(): string {
  let code = '';
  for (let i = 0; i < SMS_CODE_LENGTH; i++) code += String(randomInt(10));
  return code;
}

/** Lower-case letters and digits without look-alikes (no 0/o, 1/l/i). 31 symbols, 10 per code ≈ 49 bits. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten codes like "k7mq2-x9fdr". */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    let code = '';
    for (let i = 0; i < 10; i++) code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

/** Codes are typed by people: ignore case, spaces and dashes. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]+/g, '').toLowerCase();
}

/**
 * SHA-256 with a per-row salt (the row id or account id). SMS codes live five minutes and allow five
 * tries, recovery codes carry ~49 random bits: a slow hash would add cost without adding safety.
 */
export function hashCode(salt: string, code: string): string {
  return createHash('sha256').update(`${salt}:${normalizeCode(code)}`, 'utf8').digest('hex');
}
