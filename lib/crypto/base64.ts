/**
 * Background-only. Blobs travel as standard, padded base64; decoding is strict, so a corrupted
 * string is an error rather than silently different bytes.
 */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Keeps `String.fromCharCode(...chunk)` well under engines' argument limits. */
const CHUNK = 0x8000;

export class Base64Error extends Error {
  override name = 'Base64Error';
}

// btoa/atob exist in Chromium, Firefox and Node alike; Uint8Array.prototype.toBase64 does not (yet).
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  // atob alone accepts whitespace and missing padding. The regex cannot see non-zero padding bits
  // ("QR==" decodes like "QQ=="), so re-encoding makes each byte string have exactly one spelling.
  if (typeof text !== 'string' || !BASE64.test(text)) throw new Base64Error('invalid base64');
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  if (toBase64(bytes) !== text) throw new Base64Error('non-canonical base64');
  return bytes;
}
