/**
 * Test helpers for the generator's randomness checks: Pearson's chi-square statistic, its critical
 * value at a fixed significance, and a seeded random source so the statistical tests are repeatable
 * (a fixed seed cannot flake; the code under test is the same as with crypto.getRandomValues).
 */
import { createCipheriv, createHash } from 'node:crypto';
import type { RandomSource } from '../random.ts';

/** Pearson's statistic: sum over bins of (observed − expected)² / expected. */
export function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) statistic += (observed[i]! - expected[i]!) ** 2 / expected[i]!;
  return statistic;
}

/** The upper standard-normal quantile for p = 0.001. */
const Z_0_001 = 3.090232306167813;

/**
 * The chi-square value exceeded with probability 0.001 (Wilson–Hilferty approximation: 1.4 % above
 * the tabulated 22.46 at 6 degrees of freedom, closer from there up: 99.61 at 61, ≈8163 at 7775).
 */
export function criticalValue(degreesOfFreedom: number): number {
  const k = degreesOfFreedom;
  return k * (1 - 2 / (9 * k) + Z_0_001 * Math.sqrt(2 / (9 * k))) ** 3;
}

/** True when the counts fit the expected probabilities at p = 0.001 (fails on real bias). */
export function looksUniform(counts: ArrayLike<number>, probabilities?: ArrayLike<number>): boolean {
  const total = Array.from(counts).reduce((sum, count) => sum + count, 0);
  const expected = Array.from(counts, (_, i) => total * (probabilities ? probabilities[i]! : 1 / counts.length));
  return chiSquare(counts, expected) <= criticalValue(counts.length - 1);
}

/** A deterministic stream of random words: AES-256-CTR over zeros, keyed by the seed. */
export function seededSource(seed: string): RandomSource {
  const key = createHash('sha256').update(seed).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  return (words) => {
    const bytes = cipher.update(Buffer.alloc(words.byteLength));
    new Uint8Array(words.buffer, words.byteOffset, words.byteLength).set(bytes);
  };
}

/** Random bytes (8-bit words) from the same kind of stream, for the biased `byte % n` control. */
export function seededBytes(seed: string, count: number): Uint8Array {
  const key = createHash('sha256').update(seed).digest();
  return new Uint8Array(createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(count)));
}
