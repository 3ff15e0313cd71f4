import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64OfLength, base64Text, decodedLength } from './base64-text.ts';

const b64 = (bytes: number) => randomBytes(bytes).toString('base64');

describe('base64OfLength', () => {
  it.each([1, 2, 3, 16, 73])('accepts the canonical base64 of exactly %i bytes', (bytes) => {
    for (let i = 0; i < 20; i++) expect(base64OfLength(bytes).safeParse(b64(bytes)).success).toBe(true);
  });

  it.each([15, 17, 72, 74])('refuses base64 of %i bytes when 16 or 73 are asked for', (bytes) => {
    expect(base64OfLength(16).safeParse(b64(bytes)).success).toBe(false);
    expect(base64OfLength(73).safeParse(b64(bytes)).success).toBe(false);
  });

  it.each([
    ['missing padding', 'AAAAAAAAAAAAAAAAAAAAAA'],
    ['base64url characters', '-_AAAAAAAAAAAAAAAAAAAA=='],
    ['whitespace', 'AAAAAAAAAA AAAAAAAAAAA=='],
    ['padding in the middle', 'AAAA==AAAAAAAAAAAAAAAA=='],
    ['non-zero unused bits', 'AAAAAAAAAAAAAAAAAAAAAB=='],
    ['a non-ASCII letter', 'AAAAAAAAAAAAAAAAAAAAé==A'],
  ])('refuses 16 bytes written with %s', (_what, text) => {
    expect(base64OfLength(16).safeParse(text).success).toBe(false);
  });
});

describe('base64Text', () => {
  it('accepts base64 of min to max bytes and the empty text when min is 0', () => {
    const schema = base64Text({ max: 100 });
    for (const bytes of [0, 1, 2, 3, 98, 99, 100]) expect(schema.safeParse(b64(bytes)).success, `${bytes} bytes`).toBe(true);
  });

  it('refuses base64 of more than max or fewer than min bytes', () => {
    expect(base64Text({ max: 100 }).safeParse(b64(101)).success).toBe(false);
    expect(base64Text({ max: 100, min: 41 }).safeParse(b64(40)).success).toBe(false);
  });

  it('refuses text that is not canonical base64', () => {
    for (const text of ['A', 'AB', 'ABC', 'AB=', 'A===', 'AB==AB==', 'AR==', 'AAB=', '****']) {
      expect(base64Text({ max: 100 }).safeParse(text).success, text).toBe(false);
    }
  });
});

describe('decodedLength', () => {
  it('counts the bytes of canonical base64 without decoding it', () => {
    for (const bytes of [0, 1, 2, 3, 4, 16, 73]) expect(decodedLength(b64(bytes))).toBe(bytes);
  });
});
