// @vitest-environment node
/**
 * An interrupted sign-in across a service-worker restart (a new service over the same
 * storage.session and IndexedDB), and what is — and never is — written to storage.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SESSION_KEYS } from '../../lib/state/stored-state.ts';
import { createAttemptHarness, everythingStored, expectSignedIn, failureOf, SECOND } from './support/attempt-harness.ts';
import {
  captchaInvalid,
  captchaRequired,
  invalidCode,
  scriptSignedIn,
  type ScriptedHub,
  secondFactorRequired,
  SIGN_IN,
  startScriptedHub,
} from './support/scripted-hub.ts';
import { PASSWORD, THIS_DEVICE } from './support/session-harness.ts';

const EMAIL = 'someone@example.com';
let hub: ScriptedHub;
let harness: ReturnType<typeof createAttemptHarness>;

beforeEach(async () => {
  hub = await startScriptedHub();
  harness = createAttemptHarness(hub);
});
afterEach(() => hub.close());

describe('sign-in attempt: service-worker restart', () => {
  it('shows the same step without the password after a restart', async () => {
    hub.script(SIGN_IN, captchaRequired('c1'));
    await failureOf(harness.service.signIn(EMAIL, PASSWORD));
    const before = await harness.pending();
    harness.restart();
    expect(await harness.pending()).toEqual({ ...before, hasPassword: false });
  });

  it('signs in with the password typed again after a restart', async () => {
    hub.script(SIGN_IN, captchaRequired('c1'));
    await failureOf(harness.service.signIn(EMAIL, PASSWORD));
    harness.restart();
    scriptSignedIn(hub, EMAIL, THIS_DEVICE.id);
    expectSignedIn(await harness.service.continueAttempt({ password: PASSWORD, captchaAnswer: 'AB3K9X' }), EMAIL);
    expect(hub.bodiesTo(SIGN_IN)[1]).toEqual({ email: EMAIL, password: PASSWORD, device: THIS_DEVICE, captcha: { id: 'c1', answer: 'AB3K9X' } });
  });

  it('refuses with invalid_credentials without calling the hub when the password is gone and not given', async () => {
    hub.script(SIGN_IN, captchaRequired('c1'));
    await failureOf(harness.service.signIn(EMAIL, PASSWORD));
    harness.restart();
    expect((await failureOf(harness.service.continueAttempt({ captchaAnswer: 'AB3K9X' }))).detail).toEqual({ code: 'invalid_credentials' });
    expect(hub.requests).toHaveLength(1);
    // The picture was not used up: it still answers once the password is given.
    expect(await harness.pending()).toMatchObject({ step: 'captcha', hasPassword: false });
  });

  it('keeps the failure count and the retry time across a restart', async () => {
    hub.script(SIGN_IN, captchaRequired('c1'), captchaInvalid('c2'), captchaInvalid('c3'));
    await failureOf(harness.service.signIn(EMAIL, PASSWORD));
    await failureOf(harness.service.continueAttempt({ captchaAnswer: 'WRONG1' }));
    await failureOf(harness.service.continueAttempt({ captchaAnswer: 'WRONG2' }));
    harness.restart();
    expect(await harness.pending()).toMatchObject({ failures: 2, retryAt: harness.now() + 2 * SECOND });
    const failure = await failureOf(harness.service.continueAttempt({ password: PASSWORD, captchaAnswer: 'RIGHT' }));
    expect(failure.detail).toEqual({ code: 'rate_limited', retryAfterSeconds: 2 });
  });

  it('ignores a stored attempt it cannot read (e.g. from an older version)', async () => {
    await fakeBrowser.storage.session.set({ [SESSION_KEYS.attempt.replace('session:', '')]: { step: 'captcha', password: PASSWORD } });
    expect(await harness.pending()).toBeNull();
  });
});

describe('sign-in attempt: storage', () => {
  it('never writes the password, the typed characters or the code anywhere', async () => {
    hub.script(SIGN_IN, captchaRequired('c1'), captchaInvalid('c2'), secondFactorRequired(), invalidCode());
    await failureOf(harness.service.signIn(EMAIL, PASSWORD));
    await failureOf(harness.service.continueAttempt({ captchaAnswer: 'FIRSTX' }));
    harness.advance(10 * SECOND);
    await failureOf(harness.service.continueAttempt({ captchaAnswer: 'SECOND' }));
    await failureOf(harness.service.continueAttempt({ secondFactor: { method: 'sms', code: '424242' } }));

    const stored = await everythingStored();
    expect(stored).toContain(EMAIL); // the attempt is stored…
    for (const secret of [PASSWORD, 'FIRSTX', 'SECOND', '424242']) expect(stored).not.toContain(secret); // …its secrets are not
  });

  it('stores nothing in IndexedDB while the attempt is interrupted', async () => {
    hub.script(SIGN_IN, captchaRequired('c1'));
    await failureOf(harness.service.signIn(EMAIL, PASSWORD));
    const stored = JSON.parse(await everythingStored()) as { records: unknown[][] };
    expect(stored.records.flat()).toEqual([]);
  });
});
