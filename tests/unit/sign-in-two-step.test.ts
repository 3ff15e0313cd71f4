// @vitest-environment node
/**
 * Sign-in interrupted by a two-step code (SMS, authenticator app, recovery code), against a scripted
 * hub answering as /tmp/hub-api-issue3.md specifies: the pending step, the code, "send a new code".
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PendingAttempt } from '../../lib/messaging/messages.ts';
import { createAttemptHarness, expectSignedIn, failureOf, SECOND, START } from './support/attempt-harness.ts';
import {
  captchaRequired,
  codeExpired,
  invalidCode,
  invalidCredentials,
  rateLimited,
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

async function askedForCode(answer = secondFactorRequired()): Promise<void> {
  hub.script(SIGN_IN, answer);
  await failureOf(harness.service.signIn(EMAIL, PASSWORD));
}

describe('sign-in attempt: two-step code', () => {
  it('asks for the code with the methods, the phone hint and the resend time when the hub answers second_factor_required', async () => {
    hub.script(SIGN_IN, secondFactorRequired());
    expect((await failureOf(harness.service.signIn(EMAIL, PASSWORD))).detail).toEqual({ code: 'second_factor_required' });
    expect(await harness.pending()).toEqual<PendingAttempt>({
      kind: 'signIn',
      email: EMAIL,
      region: null,
      marketingConsent: null,
      hasPassword: true,
      step: 'secondFactor',
      captcha: null,
      secondFactor: { methods: ['sms', 'recovery'], phoneHint: '+49•••••••67', smsResendAt: START + 60 * SECOND },
      retryAt: null,
      failures: 0,
    });
  });

  it('signs in with the SMS code, spaces removed, when the attempt is continued', async () => {
    await askedForCode();
    scriptSignedIn(hub, EMAIL, THIS_DEVICE.id);
    expectSignedIn(await harness.service.continueAttempt({ secondFactor: { method: 'sms', code: '123 456' } }), EMAIL);
    expect(hub.bodiesTo(SIGN_IN)[1]).toEqual({ email: EMAIL, password: PASSWORD, device: THIS_DEVICE, secondFactor: { method: 'sms', code: '123456' } });
    expect(await harness.service.status()).toMatchObject({ state: 'signed_in' });
  });

  it('signs in with an authenticator code when the account uses an app', async () => {
    await askedForCode(secondFactorRequired({ methods: ['totp', 'recovery'] }));
    expect(await harness.pending()).toMatchObject({ secondFactor: { methods: ['totp', 'recovery'], phoneHint: null, smsResendAt: null } });
    scriptSignedIn(hub, EMAIL, THIS_DEVICE.id);
    expectSignedIn(await harness.service.continueAttempt({ secondFactor: { method: 'totp', code: '654321' } }), EMAIL);
  });

  it('counts a wrong code and keeps the step, and waits from the second', async () => {
    await askedForCode();
    hub.script(SIGN_IN, invalidCode(), invalidCode());
    expect((await failureOf(harness.service.continueAttempt({ secondFactor: { method: 'sms', code: '000000' } }))).detail).toEqual({ code: 'invalid_code' });
    expect(await harness.pending()).toMatchObject({ step: 'secondFactor', failures: 1, hasPassword: true });
    const second = await failureOf(harness.service.continueAttempt({ secondFactor: { method: 'sms', code: '000001' } }));
    expect(second.detail).toEqual({ code: 'invalid_code', retryAfterSeconds: 2 });
  });

  it('keeps the step without counting a failure when the code expired', async () => {
    await askedForCode();
    hub.script(SIGN_IN, codeExpired());
    expect((await failureOf(harness.service.continueAttempt({ secondFactor: { method: 'sms', code: '123456' } }))).detail).toEqual({ code: 'code_expired' });
    expect(await harness.pending()).toMatchObject({ step: 'secondFactor', failures: 0 });
  });

  it('refuses with second_factor_required without calling the hub when no code was typed', async () => {
    await askedForCode();
    expect((await failureOf(harness.service.continueAttempt({}))).detail).toEqual({ code: 'second_factor_required' });
    expect((await failureOf(harness.service.continueAttempt({ secondFactor: { method: 'sms', code: ' ' } }))).detail.code).toBe('second_factor_required');
    expect(hub.requests).toHaveLength(1);
  });

  it('forgets the password and keeps the step when the password typed again after a restart is wrong', async () => {
    await askedForCode();
    harness.restart();
    hub.script(SIGN_IN, invalidCredentials());
    const failure = await failureOf(harness.service.continueAttempt({ password: 'Wrong-Password-1', secondFactor: { method: 'sms', code: '123456' } }));
    expect(failure.detail).toEqual({ code: 'invalid_credentials' });
    expect(await harness.pending()).toMatchObject({ step: 'secondFactor', hasPassword: false, failures: 1 });
  });

  it('moves to the Security Check when the hub asks for one after wrong codes', async () => {
    await askedForCode();
    hub.script(SIGN_IN, captchaRequired('c1'));
    expect((await failureOf(harness.service.continueAttempt({ secondFactor: { method: 'sms', code: '123456' } }))).detail.code).toBe('captcha_required');
    expect(await harness.pending()).toMatchObject({ step: 'captcha', secondFactor: null, hasPassword: true });
  });
});

describe('sign-in attempt: send a new code', () => {
  it('asks the hub for a new SMS and answers the status with the new resend time', async () => {
    await askedForCode();
    harness.advance(60 * SECOND);
    hub.script(SIGN_IN, secondFactorRequired({ methods: ['sms', 'recovery'], phoneHint: '+49•••••••67', smsSent: true, smsResendIn: 90 }));
    const status = await harness.service.resendSms();
    expect(status.state === 'signed_out' && status.pending?.secondFactor?.smsResendAt).toBe(harness.now() + 90 * SECOND);
    expect(hub.bodiesTo(SIGN_IN)[1]).toEqual({ email: EMAIL, password: PASSWORD, device: THIS_DEVICE, secondFactor: { method: 'sms' } });
  });

  it('refuses with rate_limited without calling the hub before another SMS may be asked for', async () => {
    await askedForCode();
    harness.advance(20 * SECOND);
    expect((await failureOf(harness.service.resendSms())).detail).toEqual({ code: 'rate_limited', retryAfterSeconds: 40 });
    expect(hub.requests).toHaveLength(1);
  });

  it('refuses with invalid_request when the account takes no SMS codes', async () => {
    await askedForCode(secondFactorRequired({ methods: ['totp', 'recovery'] }));
    expect((await failureOf(harness.service.resendSms())).detail).toEqual({ code: 'invalid_request' });
  });

  it('reports the hub’s rate limit when it refuses the resend', async () => {
    await askedForCode();
    harness.advance(60 * SECOND);
    hub.script(SIGN_IN, rateLimited(300));
    expect((await failureOf(harness.service.resendSms())).detail).toEqual({ code: 'rate_limited', retryAfterSeconds: 300 });
    expect(await harness.pending()).toMatchObject({ step: 'secondFactor', retryAt: harness.now() + 300 * SECOND });
  });

  it('needs the password again after a restart, which continue with only the password remembers without calling the hub', async () => {
    await askedForCode();
    harness.advance(60 * SECOND);
    harness.restart();
    expect((await failureOf(harness.service.resendSms())).detail).toEqual({ code: 'invalid_credentials' });

    const status = await harness.service.continueAttempt({ password: PASSWORD });
    expect(status.state === 'signed_out' && status.pending?.hasPassword).toBe(true);
    expect(hub.requests).toHaveLength(1);

    hub.script(SIGN_IN, secondFactorRequired());
    await harness.service.resendSms();
    expect(hub.bodiesTo(SIGN_IN)[1]).toMatchObject({ password: PASSWORD, secondFactor: { method: 'sms' } });
  });
});
