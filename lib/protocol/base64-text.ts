/**
 * Strict base64 (RFC 4648 §4: standard alphabet, `=` padding, no whitespace) as zod string schemas,
 * for opaque bytes that cross the hub API — wrapped keys, salts, item blobs. Only the canonical
 * encoding is accepted (the unused bits of the last character are zero), so one byte string has
 * exactly one text form and the hub can store and compare the text as it came. Pure TS + zod.
 */
import { z } from 'zod';

const CHAR = '[A-Za-z0-9+/]';
/** The last character before `==` carries 2 data bits, before `=` 4: the rest must be zero. */
const LAST_OF_ONE = '[AQgw]';
const LAST_OF_TWO = '[AEIMQUYcgkosw048]';
const TAIL = `(?:${CHAR}${LAST_OF_ONE}==|${CHAR}{2}${LAST_OF_TWO}=)`;

/** Any canonical base64 text, the empty string included. */
export const BASE64 = new RegExp(`^(?:${CHAR}{4})*${TAIL}?$`);

/** Characters of the base64 text of `bytes` bytes. */
export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/** Bytes encoded by a canonical base64 text (only its length and padding are looked at). */
export function decodedLength(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

const NOT_BASE64 = 'Expected base64 text (standard alphabet, with padding).';

/** Base64 of exactly `bytes` bytes (the pattern alone fixes the length, so it shows in OpenAPI too). */
export function base64OfLength(bytes: number) {
  if (!Number.isInteger(bytes) || bytes < 1) throw new Error(`base64OfLength needs a positive whole number of bytes, not ${bytes}`);
  const tail = bytes % 3 === 1 ? `${CHAR}${LAST_OF_ONE}==` : bytes % 3 === 2 ? `${CHAR}{2}${LAST_OF_TWO}=` : '';
  const pattern = new RegExp(`^${CHAR}{${Math.floor(bytes / 3) * 4}}${tail}$`);
  return z
    .string()
    .length(base64Length(bytes))
    .regex(pattern, `Expected base64 of exactly ${bytes} bytes (standard alphabet, with padding).`);
}

/** Base64 of `min` (default 0) to `max` bytes. */
export function base64Text(options: { max: number; min?: number }) {
  const { max, min = 0 } = options;
  if (!Number.isInteger(max) || !Number.isInteger(min) || min < 0 || max < min) {
    throw new Error(`base64Text needs 0 <= min <= max in whole bytes, not ${min}..${max}`);
  }
  return z
    .string()
    .max(base64Length(max))
    .regex(BASE64, NOT_BASE64)
    .refine((text) => {
      const bytes = decodedLength(text);
      return bytes >= min && bytes <= max;
    }, `Expected base64 of ${min} to ${max} bytes.`);
}
