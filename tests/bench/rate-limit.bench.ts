/**
 * The latency the abuse guard adds to each sign-in or registration: `admit` for an attempt with no
 * failures behind it (one counter increment for the IP ceiling, four reads: account ceiling and the
 * two sliding windows' two buckets each, in parallel), against the in-memory store and against
 * Redis (REDIS_URL or redis://127.0.0.1:6379) — sequential, one attempt at a time, after a warm-up.
 */
import { randomUUID } from 'node:crypto';
import { createAbuseGuard } from '../../server/security-check/abuse-guard.ts';
import type { CaptchaService } from '../../server/security-check/captcha-service.ts';
import { createCounterStore } from '../../server/security-check/counter-store.ts';
import { printTable, summarize } from './stats.ts';

const WARM_UP = 500;
const ATTEMPTS = 5000;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Never reached: the benchmark's attempts have no failures, so no picture is drawn. */
const noCaptchas = {} as CaptchaService;

async function measure(redisUrl: string | undefined): Promise<string[]> {
  const store = createCounterStore({ redisUrl, keyPrefix: `tessera-bench-${randomUUID()}` });
  try {
    if (!(await store.ready())) return [redisUrl ? 'Redis' : 'memory', 'not reachable', '', ''];
    const guard = createAbuseGuard({
      store,
      captchas: noCaptchas,
      clock: Date.now,
      settings: { captchaAfterFailures: 3, failureWindowSeconds: 900, accountFailureCeiling: 30, ipAttemptCeiling: 10_000_000 },
    });
    const attempt = (i: number) => ({ kind: 'sign_in' as const, account: `user${i % 1000}@example.com`, ip: `10.0.${(i >> 8) & 255}.${i & 255}`, deviceId: randomUUID() });
    for (let i = 0; i < WARM_UP; i++) await guard.admit(attempt(i), undefined);
    const samples: number[] = [];
    for (let i = 0; i < ATTEMPTS; i++) {
      const started = performance.now();
      await guard.admit(attempt(i), undefined);
      samples.push(performance.now() - started);
    }
    const { p50, p99, mean } = summarize(samples);
    const micro = (value: number) => `${Math.round(value * 1000)} µs`;
    return [store.kind === 'redis' ? `Redis (${new URL(REDIS_URL).host})` : 'memory', micro(p50), micro(p99), micro(mean)];
  } finally {
    await store.close();
  }
}

export async function runRateLimitBench(): Promise<void> {
  const rows = [await measure(undefined), await measure(REDIS_URL)];
  printTable(`Rate-limit check added per attempt (abuse guard admit, ${ATTEMPTS} attempts after ${WARM_UP} warm-up)`, ['store', 'p50', 'p99', 'mean'], rows);
}
