import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BLOB_VERSION, BlobError, openBlob, sealBlob, type BlobErrorReason } from './blob.ts';

const KEY = hexToBytes('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
const NONCE = hexToBytes('404142434445464748494a4b4c4d4e4f5051525354555657');
const utf8 = (text: string) => new TextEncoder().encode(text);

function reasonOf(open: () => unknown): BlobErrorReason | 'opened' {
  try {
    open();
    return 'opened';
  } catch (error) {
    if (error instanceof BlobError) return error.reason;
    throw error;
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sealBlob', () => {
  it('matches draft-irtf-cfrg-xchacha-03 §A.3.1 when the primitive it uses is given the draft inputs', () => {
    // The draft's AAD is not UTF-8, so it cannot pass through sealBlob's string AAD; the framing
    // test below shows sealBlob adds nothing but the header around this primitive.
    const plaintext = utf8("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
    const sealed = xchacha20poly1305(KEY, NONCE, hexToBytes('50515253c0c1c2c3c4c5c6c7')).encrypt(plaintext);
    expect(bytesToHex(sealed)).toBe(
      'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452'
        + '2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812f615c68b13b52e'
        + 'c0875924c1c7987947deafd8780acf49',
    );
  });

  it('writes version 1, the nonce, then XChaCha20-Poly1305 ciphertext and tag over the UTF-8 AAD', () => {
    vi.spyOn(crypto, 'getRandomValues').mockImplementationOnce((array) => {
      (array as Uint8Array).set(NONCE);
      return array;
    });
    const blob = sealBlob(KEY, 'item/v1/ä', utf8('secret'));
    const expected = xchacha20poly1305(KEY, NONCE, utf8('item/v1/ä')).encrypt(utf8('secret'));
    expect(bytesToHex(blob)).toBe(`01${bytesToHex(NONCE)}${bytesToHex(expected)}`);
    expect(blob).toHaveLength(1 + 24 + 6 + 16);
  });

  it('uses a fresh nonce when sealing the same plaintext twice', () => {
    const a = sealBlob(KEY, 'aad', utf8('same'));
    const b = sealBlob(KEY, 'aad', utf8('same'));
    expect(bytesToHex(a.subarray(1, 25))).not.toBe(bytesToHex(b.subarray(1, 25)));
    expect(BLOB_VERSION).toBe(1);
  });
});

describe('openBlob', () => {
  it.each([0, 1, 1000])('returns the plaintext when a %i-byte blob is opened with its key and AAD', (size) => {
    const plaintext = crypto.getRandomValues(new Uint8Array(size));
    expect(bytesToHex(openBlob(KEY, 'aad', sealBlob(KEY, 'aad', plaintext)))).toBe(bytesToHex(plaintext));
  });

  it('detects one flipped bit at every position of the blob (version, nonce, ciphertext, tag)', () => {
    const blob = sealBlob(KEY, 'aad', utf8('abc'));
    expect(blob).toHaveLength(44);
    for (let position = 0; position < blob.length; position += 1) {
      for (let bit = 0; bit < 8; bit += 1) {
        const flipped = blob.slice();
        flipped[position]! ^= 1 << bit;
        expect(reasonOf(() => openBlob(KEY, 'aad', flipped)), `byte ${position} bit ${bit}`).toBe(position === 0 ? 'unsupported_version' : 'tampered');
      }
    }
  });

  it('reports tampered when the AAD differs', () => {
    const blob = sealBlob(KEY, 'item/v1/a', utf8('abc'));
    expect(reasonOf(() => openBlob(KEY, 'item/v1/b', blob))).toBe('tampered');
  });

  it('reports tampered when the key differs', () => {
    const blob = sealBlob(KEY, 'aad', utf8('abc'));
    expect(reasonOf(() => openBlob(new Uint8Array(32), 'aad', blob))).toBe('tampered');
  });

  it.each([0, 1, 25, 40])('reports malformed when the blob is %i bytes long', (length) => {
    const blob = sealBlob(KEY, 'aad', utf8('abc')).subarray(0, length);
    expect(reasonOf(() => openBlob(KEY, 'aad', blob))).toBe('malformed');
  });

  it('reports unsupported_version when the version byte is 2', () => {
    const blob = sealBlob(KEY, 'aad', utf8('abc'));
    blob[0] = 2;
    expect(reasonOf(() => openBlob(KEY, 'aad', blob))).toBe('unsupported_version');
  });

  it('keeps the plaintext out of the error message when a blob is tampered', () => {
    const blob = sealBlob(KEY, 'aad', utf8('hunter2'));
    blob[30]! ^= 1;
    expect(() => openBlob(KEY, 'aad', blob)).toThrow(/^blob tampered$/);
  });
});
