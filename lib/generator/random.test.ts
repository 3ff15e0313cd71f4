import { describe, expect, it, vi } from 'vitest';
import { createRandom, pick, randomInt, shuffle } from './random.ts';
import { criticalValue, looksUniform, seededBytes, seededSource } from './test-support/statistics.ts';

/** Draws `perBin * n` values and counts how often each of 0..n-1 came up. */
function histogram(draw: () => number, n: number, perBin: number): Uint32Array {
  const counts = new Uint32Array(n);
  for (let i = 0; i < n * perBin; i++) counts[draw()]!++;
  return counts;
}

describe('randomInt', () => {
  it('stays in [0, n) when drawing from crypto.getRandomValues', () => {
    const spy = vi.spyOn(crypto, 'getRandomValues');
    for (const n of [1, 2, 7, 62, 94, 7776, 2 ** 32]) {
      for (let i = 0; i < 500; i++) {
        const value = randomInt(n);
        expect(Number.isInteger(value) && value >= 0 && value < n).toBe(true);
      }
    }
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });

  it('fetches random words in batches when drawing many values', () => {
    let calls = 0;
    const random = createRandom((words) => {
      calls++;
      crypto.getRandomValues(words);
    });
    for (let i = 0; i < 1000; i++) random.randomInt(10);
    expect(calls).toBeLessThan(10);
  });

  it('redraws a word at or above the largest multiple of n instead of folding it', () => {
    // 2^32 mod 7 = 4, so words from 2^32 − 4 up are rejected; 2^32 − 5 is the last one kept.
    const words = [2 ** 32 - 1, 2 ** 32 - 4, 2 ** 32 - 5, 12];
    const random = createRandom((buffer) => buffer.set(words.splice(0, 1)), 1);
    expect(random.randomInt(7)).toBe((2 ** 32 - 5) % 7);
    expect(random.randomInt(7)).toBe(12 % 7);
  });

  it('rejects a bound that is not a whole number in [1, 2^32]', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 32 + 1]) expect(() => randomInt(bad)).toThrow(RangeError);
  });

  it.each([2, 7, 62, 94, 7776])('is uniform by a chi-square test at p = 0.001 when n is %i', (n) => {
    const random = createRandom(seededSource(`randomInt ${n}`));
    expect(looksUniform(histogram(() => random.randomInt(n), n, 200))).toBe(true);
  });
});

describe('the chi-square check itself', () => {
  it('matches tabulated p = 0.001 critical values within 1.5 %', () => {
    for (const [df, table] of [[6, 22.458], [10, 29.588], [61, 99.607], [100, 149.449], [1000, 1143.917]] as const) {
      expect(Math.abs(criticalValue(df) - table) / table).toBeLessThan(0.015);
    }
  });

  it.each([62, 94])('fails a biased generator (a random byte mod %i)', (n) => {
    const bytes = seededBytes(`biased ${n}`, n * 1000);
    let next = 0;
    expect(looksUniform(histogram(() => bytes[next++]! % n, n, 1000))).toBe(false);
  });

  it('fails a biased generator (a random 16-bit word mod 7776)', () => {
    const random = createRandom(seededSource('biased 7776'));
    expect(looksUniform(histogram(() => random.randomInt(65536) % 7776, 7776, 100))).toBe(false);
  });
});

describe('pick and shuffle', () => {
  it('picks only items of the array or string given', () => {
    for (let i = 0; i < 200; i++) {
      expect(['a', 'b', 'c']).toContain(pick(['a', 'b', 'c']));
      expect('xyz').toContain(pick('xyz'));
    }
    expect(() => pick([])).toThrow(RangeError);
  });

  it('keeps every item when shuffling', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    expect(shuffle([...items]).sort((a, b) => a - b)).toEqual(items);
  });

  it('puts each item at each position equally often when shuffling', () => {
    const random = createRandom(seededSource('shuffle'));
    const counts = new Uint32Array(8 * 8);
    for (let i = 0; i < 8 * 8 * 300; i++) random.shuffle([0, 1, 2, 3, 4, 5, 6, 7]).forEach((item, position) => counts[item * 8 + position]!++);
    expect(looksUniform(counts)).toBe(true);
  });
});
