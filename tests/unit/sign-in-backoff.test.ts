// @vitest-environment node
/**
 * The background's backoff against impatient clicking and the hub's Retry-After: how the wait grows,
 * that a try before it ends never reaches the hub, and what does and does not reset it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAttemptHarness, expectSignedIn, failureOf, SECOND } from './support/attempt-harness.ts';
import {
  captchaInvalid,
  captchaRequired,
  invalidCredentials,
  rateLimited,
  scriptSignedIn,
  type ScriptedHub,
  SIGN_IN,
  startScriptedHub,
} from './support/scripted-hub.ts';
import { PASSWORD, THIS_DEVICE } from './support/session-harness.ts';

const EMAIL = 'someone@example.com';
const MINUTE = 60 * SECOND;
let hub: ScriptedHub;
let harness: ReturnType<typeof createAttemptHarness>;

beforeEach(async () => {
  hub = await startScriptedHub();
  harness = createAttemptHarness(hub);
});
afterEach(() => hub.close());

/** Signs in with a wrong password `times` times, waiting out each backoff; the clock stays at the last failure. */
async function wrongPassword(times: number): Promise<(number | undefined)[]> {
  const waits: (number | undefined)[] = [];
  for (let i = 0; i < times; i++) {
    harness.advance((waits.at(-1) ?? 0) * SECOND);
    hub.script(SIGN_IN, invalidCredentials());
    const failure = await failureOf(harness.service.signIn(EMAIL, 'Wrong-Password-1'));
    expect(failure.detail.code).toBe('invalid_credentials');
    waits.push(failure.detail.retryAfterSeconds);
  }
  return waits;
}

describe('sign-in backoff', () => {
  it('waits nothing after the first failure, then 2, 4, 8, 16, 32 and at most 60 seconds', async () => {
    expect(await wrongPassword(8)).toEqual([undefined, 2, 4, 8, 16, 32, 60, 60]);
  });

  it('refuses with rate_limited without calling the hub when signing in again before the wait is over', async () => {
    await wrongPassword(2);
    harness.advance(500);
    const requests = hub.requests.length;
    expect((await failureOf(harness.service.signIn(EMAIL, PASSWORD))).detail).toEqual({ code: 'rate_limited', retryAfterSeconds: 2 });
    expect(hub.requests).toHaveLength(requests);
  });

  it('lets the next try through once the wait is over', async () => {
    await wrongPassword(2);
    harness.advance(2 * SECOND);
    scriptSignedIn(hub, EMAIL, THIS_DEVICE.id);
    expectSignedIn(await harness.service.signIn(EMAIL, PASSWORD), EMAIL);
  });

  it('counts wrong characters like wrong passwords and refuses continue before the wait is over', async () => {
    hub.script(SIGN_IN, captchaRequired('c1'), captchaInvalid('c2'), captchaInvalid('c3'));
    await failureOf(harness.service.signIn(EMAIL, PASSWORD));
    await failureOf(harness.service.continueAttempt({ captchaAnswer: 'WRONG1' }));
    const second = await failureOf(harness.service.continueAttempt({ captchaAnswer: 'WRONG2' }));
    expect(second.detail).toEqual({ code: 'captcha_invalid', retryAfterSeconds: 2 });
    expect(await harness.pending()).toMatchObject({ failures: 2, retryAt: harness.now() + 2 * SECOND });

    expect((await failureOf(harness.service.continueAttempt({ captchaAnswer: 'RIGHT' }))).detail).toEqual({ code: 'rate_limited', retryAfterSeconds: 2 });
    expect(hub.bodiesTo(SIGN_IN)).toHaveLength(3);
  });

  it('keeps the count when the attempt is cancelled and the same email signs in again', async () => {
    await wrongPassword(2);
    await harness.service.cancelAttempt();
    expect((await failureOf(harness.service.signIn(' Someone@Example.com ', PASSWORD))).detail.code).toBe('rate_limited');
    harness.advance(2 * SECOND);
    hub.script(SIGN_IN, invalidCredentials());
    expect((await failureOf(harness.service.signIn(EMAIL, 'Wrong-Password-1'))).detail.retryAfterSeconds).toBe(4);
  });

  it('starts over when another email signs in', async () => {
    await wrongPassword(2);
    scriptSignedIn(hub, 'other@example.com', THIS_DEVICE.id);
    expectSignedIn(await harness.service.signIn('other@example.com', PASSWORD), 'other@example.com');
  });

  it('forgets the count 15 minutes after the last failure', async () => {
    await wrongPassword(3);
    harness.advance(15 * MINUTE + SECOND);
    expect(await wrongPassword(1)).toEqual([undefined]);
  });

  it('forgets the count after a successful sign-in', async () => {
    await wrongPassword(3);
    harness.advance(4 * SECOND);
    scriptSignedIn(hub, EMAIL, THIS_DEVICE.id);
    await harness.service.signIn(EMAIL, PASSWORD);
    await harness.service.signOut().catch(() => undefined);
    expect(await wrongPassword(1)).toEqual([undefined]);
  });

  it('does not count a Security Check the hub merely asks for', async () => {
    hub.script(SIGN_IN, captchaRequired('c1'));
    await failureOf(harness.service.signIn(EMAIL, PASSWORD));
    expect(await harness.pending()).toMatchObject({ failures: 0, retryAt: null });
  });

  it('sends one answer once when continue is sent twice at the same moment', async () => {
    hub.script(SIGN_IN, captchaRequired('c1'));
    await failureOf(harness.service.signIn(EMAIL, PASSWORD));
    scriptSignedIn(hub, EMAIL, THIS_DEVICE.id);
    const [first, second] = await Promise.allSettled([
      harness.service.continueAttempt({ captchaAnswer: 'AB3K9X' }),
      harness.service.continueAttempt({ captchaAnswer: 'AB3K9X' }),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { state: 'signed_in' } });
    expect(second).toMatchObject({ status: 'rejected', reason: { detail: { code: 'invalid_request' } } });
    expect(hub.bodiesTo(SIGN_IN)).toHaveLength(2);
  });
});

describe('sign-in: hub rate limit (429)', () => {
  it('reports rate_limited with the hub’s Retry-After', async () => {
    hub.script(SIGN_IN, rateLimited(120));
    expect((await failureOf(harness.service.signIn(EMAIL, PASSWORD))).detail).toEqual({ code: 'rate_limited', retryAfterSeconds: 120 });
  });

  it('refuses without calling the hub until Retry-After has passed, then tries again', async () => {
    hub.script(SIGN_IN, rateLimited(120));
    await failureOf(harness.service.signIn(EMAIL, PASSWORD));
    harness.advance(119 * SECOND);
    expect((await failureOf(harness.service.signIn(EMAIL, PASSWORD))).detail).toEqual({ code: 'rate_limited', retryAfterSeconds: 1 });
    expect(hub.requests).toHaveLength(1);
    harness.advance(SECOND);
    scriptSignedIn(hub, EMAIL, THIS_DEVICE.id);
    expectSignedIn(await harness.service.signIn(EMAIL, PASSWORD), EMAIL);
  });

  it('keeps the step and the password and shows when to retry when the hub limits a continued attempt', async () => {
    hub.script(SIGN_IN, captchaRequired('c1'), rateLimited(30));
    await failureOf(harness.service.signIn(EMAIL, PASSWORD));
    expect((await failureOf(harness.service.continueAttempt({ captchaAnswer: 'AB3K9X' }))).detail).toEqual({ code: 'rate_limited', retryAfterSeconds: 30 });
    expect(await harness.pending()).toMatchObject({ step: 'captcha', hasPassword: true, failures: 0, retryAt: harness.now() + 30 * SECOND });
  });
});
