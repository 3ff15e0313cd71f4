/**
 * Counters for abuse protection, kept by rate-limiter-flexible: in this process's memory, or in Redis
 * when REDIS_URL is set so every hub process behind it counts into the same numbers.
 *
 * The counters are bucketed by the hub's own clock (see failure-counters.ts), so the library is used
 * as a shared, expiring key → count store: `add` is its atomic increment (`penalty`), `read` its `get`.
 * Each bucket key lives for `ttlSeconds`, long enough to be read while it still matters.
 *
 * If Redis stops answering, an in-memory insurance limiter takes over (rate-limiter-flexible's
 * `insuranceLimiter`): limits then hold per process instead of failing every sign-in.
 */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface CounterStore {
  /** Adds one to `key` and returns the new count. */
  add(key: string, ttlSeconds: number): Promise<number>;
  read(key: string, ttlSeconds: number): Promise<number>;
  remove(key: string, ttlSeconds: number): Promise<void>;
  /**
   * Resolves once Redis answers (true), or false after `timeoutMs` — until then the insurance
   * limiter counts, per process. Memory stores are ready at once.
   */
  ready(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
  readonly kind: 'memory' | 'redis';
}

/** Counting only: the limiter never rejects by itself, the callers compare counts with their limits. */
const UNLIMITED_POINTS = 1_000_000_000;

export function createCounterStore(options: { redisUrl?: string | undefined; keyPrefix: string }): CounterStore {
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, {
        // Fail fast into the insurance limiter instead of queueing sign-ins behind a dead connection.
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        connectTimeout: 2_000,
        lazyConnect: false,
      })
    : null;
  // ioredis reports connection problems as 'error' events; without a listener they would crash the hub.
  redis?.on('error', () => {});
  const limiters = new Map<number, RateLimiterAbstract>();

  function limiter(ttlSeconds: number): RateLimiterAbstract {
    let existing = limiters.get(ttlSeconds);
    if (!existing) {
      const common = { points: UNLIMITED_POINTS, duration: ttlSeconds, keyPrefix: `${options.keyPrefix}:abuse:${ttlSeconds}` };
      const memory = new RateLimiterMemory(common);
      existing = redis ? new RateLimiterRedis({ ...common, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: memory }) : memory;
      limiters.set(ttlSeconds, existing);
    }
    return existing;
  }

  return {
    kind: redis ? 'redis' : 'memory',
    async add(key, ttlSeconds) {
      const result = await limiter(ttlSeconds).penalty(key, 1);
      return result.consumedPoints;
    },
    async read(key, ttlSeconds) {
      const result = await limiter(ttlSeconds).get(key);
      return result?.consumedPoints ?? 0;
    },
    async remove(key, ttlSeconds) {
      await limiter(ttlSeconds).delete(key);
    },
    async ready(timeoutMs = 3_000) {
      if (!redis) return true;
      if (redis.status === 'ready') return true;
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          redis.off('ready', onReady);
          resolve(false);
        }, timeoutMs);
        const onReady = () => {
          clearTimeout(timer);
          resolve(true);
        };
        redis.once('ready', onReady);
      });
    },
    async close() {
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
