/**
 * Uniform random choices for the password generator. Safe in every context (popup included): it uses
 * only `crypto.getRandomValues`, and every number it returns is unbiased — rejection sampling, never
 * a bare `x % n`, which favours the low values whenever n does not divide 2^32.
 */

/** Fills the array with random 32-bit words; tests inject fixed ones. */
export type RandomSource = (words: Uint32Array<ArrayBuffer>) => void;

export interface Random {
  /** A uniform integer in [0, maxExclusive); maxExclusive is a whole number in [1, 2^32]. */
  randomInt(maxExclusive: number): number;
  /** A uniformly chosen element of a non-empty array or string. */
  pick<T>(items: ArrayLike<T>): T;
  /** Shuffles the array in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
}

const TWO_32 = 2 ** 32;
/** Words drawn per getRandomValues call: one call serves a few passwords. */
const BATCH = 256;

const cryptoSource: RandomSource = (words) => {
  crypto.getRandomValues(words);
};

export function createRandom(source: RandomSource = cryptoSource, batch = BATCH): Random {
  const pool = new Uint32Array(batch);
  let next = batch;
  const word = (): number => {
    if (next >= pool.length) {
      source(pool);
      next = 0;
    }
    const value = pool[next]!;
    // Spent words are not kept around.
    pool[next++] = 0;
    return value;
  };

  function randomInt(maxExclusive: number): number {
    if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > TWO_32) {
      throw new RangeError(`randomInt needs a whole number in [1, 2^32], got ${maxExclusive}`);
    }
    // The largest multiple of maxExclusive that fits in 32 bits: words at or above it are redrawn,
    // so each remainder is hit by exactly the same number of words. At most half are ever rejected.
    const limit = TWO_32 - (TWO_32 % maxExclusive);
    for (;;) {
      const value = word();
      if (value < limit) return value % maxExclusive;
    }
  }

  function pick<T>(items: ArrayLike<T>): T {
    if (items.length === 0) throw new RangeError('pick needs at least one item');
    return items[randomInt(items.length)]!;
  }

  function shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      const item = items[i]!;
      items[i] = items[j]!;
      items[j] = item;
    }
    return items;
  }

  return { randomInt, pick, shuffle };
}

const shared = createRandom();

export const randomInt = shared.randomInt;
export const pick = shared.pick;
export const shuffle = shared.shuffle;
