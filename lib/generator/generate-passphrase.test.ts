import { describe, expect, it } from 'vitest';
import { generatePassphrase, loadWordList } from './generate-passphrase.ts';

const BASE = { words: 5, separator: '-', capitalize: false, includeNumber: false };

describe('generatePassphrase', () => {
  it('loads the whole EFF large word list', async () => {
    const words = await loadWordList();
    expect(words).toHaveLength(7776);
    expect([words[0], words[7775]]).toEqual(['abacus', 'zoom']);
    expect(words.every((word) => /^[a-z-]{3,9}$/.test(word))).toBe(true);
  });

  it('joins the chosen number of list words with the separator', async () => {
    const words = new Set(await loadWordList());
    for (let count = 3; count <= 20; count++) {
      const { passphrase } = await generatePassphrase({ ...BASE, words: count, separator: ' + ' });
      const parts = passphrase.split(' + ');
      expect(parts).toHaveLength(count);
      expect(parts.every((part) => words.has(part))).toBe(true);
    }
  });

  it('joins the words directly when the separator is empty', async () => {
    const { passphrase } = await generatePassphrase({ ...BASE, words: 3, separator: '' });
    expect(passphrase).toMatch(/^[a-z-]{9,27}$/);
  });

  it('capitalizes the first letter of every word when asked to', async () => {
    const { passphrase } = await generatePassphrase({ ...BASE, separator: '.', capitalize: true });
    for (const word of passphrase.split('.')) expect(word).toMatch(/^[A-Z][a-z-]*$/);
  });

  it('adds exactly one digit to one word when a number is included', async () => {
    for (let i = 0; i < 50; i++) {
      const { passphrase } = await generatePassphrase({ ...BASE, separator: '_', includeNumber: true });
      expect(passphrase.match(/\d/g)).toHaveLength(1);
      expect(passphrase.split('_').filter((word) => /^[a-z-]+\d$/.test(word))).toHaveLength(1);
    }
  });

  it('reports about 12.9 bits per word, plus the number', async () => {
    expect((await generatePassphrase(BASE)).entropyBits).toBeCloseTo(5 * Math.log2(7776));
    expect((await generatePassphrase({ ...BASE, includeNumber: true })).entropyBits).toBeCloseTo(5 * Math.log2(7776) + Math.log2(10) + Math.log2(5));
  });

  it('rejects a word count outside 3..20 and a separator longer than 3 characters', async () => {
    for (const words of [2, 21, 4.5]) await expect(generatePassphrase({ ...BASE, words })).rejects.toMatchObject({ code: 'invalid_word_count' });
    await expect(generatePassphrase({ ...BASE, separator: '----' })).rejects.toMatchObject({ code: 'invalid_separator' });
    await expect(generatePassphrase({ ...BASE, separator: '🔒🔒🔒' })).resolves.toBeTruthy();
  });
});
