import { describe, expect, it } from 'vitest';
import { tokenFromHash } from './autofill-page.tsx';

describe('tokenFromHash', () => {
  it('reads the token after the # when it has the background’s shape', () => {
    expect(tokenFromHash('#AbC-def_0123456789xyz')).toBe('AbC-def_0123456789xyz');
  });

  it.each([
    ['', 'no hash'],
    ['#', 'an empty hash'],
    ['#short', 'a too-short token'],
    [`#${'a'.repeat(65)}`, 'a too-long token'],
    ['#aaaaaaaaaaaaaaaa&x=1', 'extra characters'],
    ['#aaaaaaaaaaaaaaaa/../', 'a path'],
  ])('gives null when the hash is %j (%s)', (hash) => {
    expect(tokenFromHash(hash)).toBeNull();
  });
});
