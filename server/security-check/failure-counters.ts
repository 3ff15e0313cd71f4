/**
 * Two kinds of count over the counter store, both bucketed by the hub's clock:
 *
 * - a sliding window ("3 failures in the last 15 minutes"): the current bucket plus the previous one
 *   weighted by how much of it still lies inside the window — the sliding-window-counter estimate,
 *   which needs two keys per subject instead of one entry per failure;
 * - a fixed window for the hard ceilings ("30 per hour"), whose end is the Retry-After.
 */
import type { Clock } from '../clock.ts';
import type { CounterStore } from './counter-store.ts';

export interface SlidingWindow {
  add(subject: string): Promise<void>;
  count(subject: string): Promise<number>;
  reset(subject: string): Promise<void>;
}

export function slidingWindow(store: CounterStore, clock: Clock, name: string, windowSeconds: number): SlidingWindow {
  const windowMs = windowSeconds * 1000;
  // Two windows: the previous bucket must still be readable until the current one ends.
  const ttl = windowSeconds * 2;
  const bucketKey = (subject: string, bucket: number) => `${name}:${subject}:${bucket}`;

  return {
    async add(subject) {
      await store.add(bucketKey(subject, Math.floor(clock() / windowMs)), ttl);
    },
    async count(subject) {
      const now = clock();
      const bucket = Math.floor(now / windowMs);
      const [current, previous] = await Promise.all([
        store.read(bucketKey(subject, bucket), ttl),
        store.read(bucketKey(subject, bucket - 1), ttl),
      ]);
      const previousWeight = 1 - (now - bucket * windowMs) / windowMs;
      return current + previous * previousWeight;
    },
    async reset(subject) {
      const bucket = Math.floor(clock() / windowMs);
      await Promise.all([store.remove(bucketKey(subject, bucket), ttl), store.remove(bucketKey(subject, bucket - 1), ttl)]);
    },
  };
}

export interface FixedWindow {
  /** Adds one; returns the count in this window and the milliseconds until the window ends. */
  add(subject: string): Promise<{ count: number; msLeft: number }>;
  count(subject: string): Promise<{ count: number; msLeft: number }>;
  reset(subject: string): Promise<void>;
}

export function fixedWindow(store: CounterStore, clock: Clock, name: string, windowSeconds: number): FixedWindow {
  const windowMs = windowSeconds * 1000;
  const position = () => {
    const now = clock();
    const bucket = Math.floor(now / windowMs);
    return { key: (subject: string) => `${name}:${subject}:${bucket}`, msLeft: (bucket + 1) * windowMs - now };
  };
  return {
    async add(subject) {
      const { key, msLeft } = position();
      return { count: await store.add(key(subject), windowSeconds), msLeft };
    },
    async count(subject) {
      const { key, msLeft } = position();
      return { count: await store.read(key(subject), windowSeconds), msLeft };
    },
    async reset(subject) {
      await store.remove(position().key(subject), windowSeconds);
    },
  };
}
