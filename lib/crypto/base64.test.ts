import { describe, expect, it } from 'vitest';
import { Base64Error, fromBase64, toBase64 } from './base64.ts';

const ascii = (text: string) => new TextEncoder().encode(text);

describe('toBase64', () => {
  // RFC 4648 §10.
  it.each([
    ['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy'],
  ])('encodes "%s" as the RFC 4648 vector', (text, encoded) => {
    expect(toBase64(ascii(text))).toBe(encoded);
    expect(fromBase64(encoded)).toEqual(ascii(text));
  });

  it('uses the standard alphabet when bytes map to + and /', () => {
    expect(toBase64(Uint8Array.of(0xfb, 0xff))).toBe('+/8=');
  });

  it('round-trips when the input is larger than one chunk', () => {
    const bytes = new Uint8Array(200_003).map((_, i) => (i * 7919) & 0xff);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
  });

  it('round-trips every byte value and every length up to 70', () => {
    for (let length = 0; length <= 70; length += 1) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    }
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fromBase64(toBase64(all))).toEqual(all);
  });
});

describe('fromBase64', () => {
  it.each([
    ['missing padding', 'Zg'],
    ['short padding', 'Zg='],
    ['too much padding', 'Z==='],
    ['padding in the middle', 'Zg==Zm9v'],
    ['a trailing newline', 'Zm9v\n'],
    ['a leading space', ' Zm9v'],
    ['a foreign character', 'Zm9v!A=='],
    ['the URL-safe alphabet', '-_8='],
    ['non-zero padding bits', 'QR=='],
    ['a length not a multiple of 4', 'Zm9vY'],
    ['non-ASCII text', 'Zm9vé==='],
  ])('throws when given %s', (_what, text) => {
    expect(() => fromBase64(text)).toThrow(Base64Error);
  });

  it('throws when given something that is not a string', () => {
    expect(() => fromBase64(42 as unknown as string)).toThrow(Base64Error);
  });
});
