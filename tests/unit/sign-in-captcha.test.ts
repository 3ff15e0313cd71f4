// @vitest-environment node
/**
 * Sign-in and account creation interrupted by the Security Check, against a scripted hub that
 * answers as /tmp/hub-api-issue3.md specifies: the pending step, going on with the characters, new
 * pictures, a wrong password behind the picture, and a registration that needs one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PendingAttempt } from '../../lib/messaging/messages.ts';
import { createAttemptHarness, expectSignedIn, failureOf, SECOND, START } from './support/attempt-harness.ts';
import {
  captchaInvalid,
  captchaRequired,
  challenge,
  CREATE_ACCOUNT,
  created,
  hubError,
  invalidCredentials,
  NEW_PICTURE,
  newPicture,
  PICTURE,
  scriptAccountRead,
  scriptSignedIn,
  type ScriptedHub,
  SIGN_IN,
  startScriptedHub,
  tokens,
} from './support/scripted-hub.ts';
import { sampleAccount } from './support/fixtures.ts';
import { PASSWORD, THIS_DEVICE } from './support/session-harness.ts';

const EMAIL = 'someone@example.com';
let hub: ScriptedHub;
let harness: ReturnType<typeof createAttemptHarness>;

beforeEach(async () => {
  hub = await startScriptedHub();
  harness = createAttemptHarness(hub);
});
afterEach(() => hub.close());

/** Signs in and lets the hub interrupt with picture `id`. */
async function interrupted(id = 'c1'): Promise<void> {
  hub.script(SIGN_IN, captchaRequired(id));
  await failureOf(harness.service.signIn(EMAIL, PASSWORD));
}

describe('sign-in attempt: Security Check', () => {
  it('keeps the attempt at the captcha step with the picture when the hub answers captcha_required', async () => {
    hub.script(SIGN_IN, captchaRequired('c1', 300));
    const failure = await failureOf(harness.service.signIn(EMAIL, PASSWORD));
    expect(failure.detail).toEqual({ code: 'captcha_required' });
    expect(await harness.pending()).toEqual<PendingAttempt>({
      kind: 'signIn',
      email: EMAIL,
      region: null,
      marketingConsent: null,
      hasPassword: true,
      step: 'captcha',
      captcha: { image: `${PICTURE}#c1`, expiresAt: START + 300 * SECOND },
      secondFactor: null,
      retryAt: null,
      failures: 0,
    });
  });

  it('shows the check at once when the third wrong password comes back with the first picture', async () => {
    hub.script(SIGN_IN, hubError(401, 'invalid_credentials', { captcha: challenge('c3') }));
    const failure = await failureOf(harness.service.signIn(EMAIL, `${PASSWORD}-wrong`));
    expect(failure.detail.code).toBe('invalid_credentials');
    const pending = await harness.pending();
    expect(pending).toMatchObject({ step: 'captcha', hasPassword: false, captcha: { image: `${PICTURE}#c3` } });
    // The person types the right password with the characters; the picture's id goes along.
    scriptSignedIn(hub, EMAIL, THIS_DEVICE.id);
    expectSignedIn(await harness.service.continueAttempt({ password: PASSWORD, captchaAnswer: 'ace47' }), EMAIL);
    expect(hub.bodiesTo(SIGN_IN)[1]).toMatchObject({ password: PASSWORD, captcha: { id: 'c3', answer: 'ACE47' } });
  });

  it('never shows the popup the challenge id', async () => {
    await interrupted('challenge-id-c1');
    expect(JSON.stringify(await harness.service.status())).not.toMatch(/"id":"challenge-id-c1"/);
  });

  it('signs in with the challenge id and the typed characters when the attempt is continued', async () => {
    await interrupted('c1');
    scriptSignedIn(hub, EMAIL, THIS_DEVICE.id);
    expectSignedIn(await harness.service.continueAttempt({ captchaAnswer: 'ab3 k9x' }), EMAIL);
    expect(hub.bodiesTo(SIGN_IN)[1]).toEqual({ email: EMAIL, password: PASSWORD, device: THIS_DEVICE, captcha: { id: 'c1', answer: 'AB3K9X' } });
  });

  it('empties storage.session when the sign-in succeeds', async () => {
    await interrupted();
    expect(await fakeBrowser.storage.session.get(null)).not.toEqual({});
    scriptSignedIn(hub, EMAIL, THIS_DEVICE.id);
    await harness.service.continueAttempt({ captchaAnswer: 'AB3K9X' });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it('shows the new picture and counts a failure when the characters were wrong', async () => {
    await interrupted('c1');
    hub.script(SIGN_IN, captchaInvalid('c2'));
    expect((await failureOf(harness.service.continueAttempt({ captchaAnswer: 'WRONG' }))).detail).toEqual({ code: 'captcha_invalid' });
    expect(await harness.pending()).toMatchObject({ step: 'captcha', captcha: { image: `${PICTURE}#c2` }, failures: 1, hasPassword: true });

    scriptSignedIn(hub, EMAIL, THIS_DEVICE.id);
    await harness.service.continueAttempt({ captchaAnswer: 'RIGHT' });
    expect(hub.bodiesTo(SIGN_IN)[2]).toMatchObject({ captcha: { id: 'c2', answer: 'RIGHT' } });
  });

  it('burns the picture and shows another when asked for a new picture', async () => {
    await interrupted('c1');
    hub.script(NEW_PICTURE, newPicture('c2'));
    harness.advance(10 * SECOND);
    const status = await harness.service.newPicture();
    expect(status.state === 'signed_out' && status.pending?.captcha).toEqual({ image: `${PICTURE}#c2`, expiresAt: harness.now() + 300 * SECOND });
    expect(hub.bodiesTo(NEW_PICTURE)).toEqual([{ kind: 'sign_in', replaces: 'c1' }]);
    expect(hub.bodiesTo(SIGN_IN)).toHaveLength(1);
  });

  it('keeps the old picture and reports the code when the hub refuses a new picture', async () => {
    await interrupted('c1');
    hub.script(NEW_PICTURE, hubError(429, 'rate_limited', { retryAfter: 30 }, { 'retry-after': '30' }));
    expect((await failureOf(harness.service.newPicture())).detail).toEqual({ code: 'rate_limited', retryAfterSeconds: 30 });
    expect(await harness.pending()).toMatchObject({ captcha: { image: `${PICTURE}#c1` }, retryAt: START + 30 * SECOND });
  });

  it('fetches a new picture instead of sending the characters when the picture has expired', async () => {
    await interrupted('c1');
    harness.advance(301 * SECOND);
    hub.script(NEW_PICTURE, newPicture('c2'));
    expect((await failureOf(harness.service.continueAttempt({ captchaAnswer: 'LATE' }))).detail).toEqual({ code: 'captcha_invalid' });
    expect(hub.bodiesTo(SIGN_IN)).toHaveLength(1);
    expect(await harness.pending()).toMatchObject({ captcha: { image: `${PICTURE}#c2` }, failures: 0 });
  });

  it('refuses with captcha_required without calling the hub when no characters were typed', async () => {
    await interrupted();
    expect((await failureOf(harness.service.continueAttempt({ captchaAnswer: '  ' }))).detail).toEqual({ code: 'captcha_required' });
    expect(hub.requests).toHaveLength(1);
  });

  it('refuses with invalid_request when the email differs from the interrupted attempt', async () => {
    await interrupted();
    const failure = await failureOf(harness.service.continueAttempt({ email: 'other@example.com', captchaAnswer: 'AB3K9X' }));
    expect(failure.detail).toEqual({ code: 'invalid_request' });
    expect(hub.requests).toHaveLength(1);
  });

  it.each([
    ['continue', () => harness.service.continueAttempt({ captchaAnswer: 'AB3K9X' })],
    ['newPicture', () => harness.service.newPicture()],
    ['resendSms', () => harness.service.resendSms()],
  ])('refuses %s with invalid_request when nothing was interrupted', async (_action, act) => {
    expect((await failureOf(act())).detail).toEqual({ code: 'invalid_request' });
    expect(hub.requests).toHaveLength(0);
  });

  it('refuses a new picture with invalid_request when the attempt waits for a code, not a picture', async () => {
    hub.script(SIGN_IN, hubError(401, 'second_factor_required', { methods: ['totp'] }));
    await failureOf(harness.service.signIn(EMAIL, PASSWORD));
    expect((await failureOf(harness.service.newPicture())).detail).toEqual({ code: 'invalid_request' });
  });

  it('forgets the password and shows a fresh picture when the password behind the picture was wrong', async () => {
    await interrupted('c1');
    hub.script(SIGN_IN, invalidCredentials());
    hub.script(NEW_PICTURE, newPicture('c2'));
    expect((await failureOf(harness.service.continueAttempt({ captchaAnswer: 'AB3K9X' }))).detail).toEqual({ code: 'invalid_credentials' });
    expect(await harness.pending()).toMatchObject({ step: 'captcha', hasPassword: false, failures: 1, captcha: { image: `${PICTURE}#c2` } });
    // The used-up challenge needs no burning: the hub burned it.
    expect(hub.bodiesTo(NEW_PICTURE)).toEqual([{ kind: 'sign_in' }]);
  });

  it('refuses with invalid_credentials without calling the hub when the password is needed again and not given', async () => {
    await interrupted('c1');
    hub.script(SIGN_IN, invalidCredentials());
    hub.script(NEW_PICTURE, newPicture('c2'));
    await failureOf(harness.service.continueAttempt({ captchaAnswer: 'AB3K9X' }));
    const requests = hub.requests.length;
    expect((await failureOf(harness.service.continueAttempt({ captchaAnswer: 'AB3K9X' }))).detail).toEqual({ code: 'invalid_credentials' });
    expect(hub.requests).toHaveLength(requests);
  });

  it('goes back to the plain form when the password was wrong and the hub gives no new picture', async () => {
    await interrupted('c1');
    hub.script(SIGN_IN, invalidCredentials());
    hub.script(NEW_PICTURE, hubError(503, 'internal_error'));
    expect((await failureOf(harness.service.continueAttempt({ captchaAnswer: 'AB3K9X' }))).detail.code).toBe('invalid_credentials');
    expect(await harness.pending()).toBeNull();
  });

  it('keeps the step and the password when the hub cannot be reached', async () => {
    await interrupted('c1');
    await hub.close();
    expect((await failureOf(harness.service.continueAttempt({ captchaAnswer: 'AB3K9X' }))).detail).toEqual({ code: 'network_error' });
    expect(await harness.pending()).toMatchObject({ step: 'captcha', hasPassword: true, failures: 0 });
  });

  it('goes back to the plain form when the hub answers captcha_required without a picture', async () => {
    hub.script(SIGN_IN, hubError(403, 'captcha_required'));
    expect((await failureOf(harness.service.signIn(EMAIL, PASSWORD))).detail).toEqual({ code: 'captcha_required' });
    expect(await harness.pending()).toBeNull();
  });

  it('forgets the step and the password when the attempt is cancelled', async () => {
    await interrupted();
    const status = await harness.service.cancelAttempt();
    expect(status).toEqual({ state: 'signed_out', lastEmail: null, pending: null });
    expect((await failureOf(harness.service.continueAttempt({ captchaAnswer: 'AB3K9X' }))).detail.code).toBe('invalid_request');
    expect(hub.requests).toHaveLength(1);
  });

  it('replaces the interrupted attempt and sends no old picture when a fresh sign-in is started', async () => {
    await interrupted('c1');
    scriptSignedIn(hub, EMAIL, THIS_DEVICE.id);
    expectSignedIn(await harness.service.signIn(EMAIL, PASSWORD), EMAIL);
    expect(hub.bodiesTo(SIGN_IN)[1]).toEqual({ email: EMAIL, password: PASSWORD, device: THIS_DEVICE });
  });

  it('drops the attempt when the server address changed since', async () => {
    await interrupted();
    harness.useServerAddress('http://127.0.0.1:9');
    expect(await harness.pending()).toBeNull();
  });
});

describe('account creation: Security Check', () => {
  const FORM = { email: EMAIL, password: PASSWORD, region: 'de', marketingConsent: true };

  it('keeps the form and shows the picture when registration needs a Security Check', async () => {
    hub.script(CREATE_ACCOUNT, captchaRequired('r1'));
    expect((await failureOf(harness.service.createAccount(FORM))).detail).toEqual({ code: 'captcha_required' });
    expect(await harness.pending()).toMatchObject({ kind: 'createAccount', email: EMAIL, region: 'de', marketingConsent: true, step: 'captcha', hasPassword: true });
  });

  it('asks for a registration picture when a new picture is wanted', async () => {
    hub.script(CREATE_ACCOUNT, captchaRequired('r1'));
    await failureOf(harness.service.createAccount(FORM));
    hub.script(NEW_PICTURE, newPicture('r2'));
    await harness.service.newPicture();
    expect(hub.bodiesTo(NEW_PICTURE)).toEqual([{ kind: 'registration', replaces: 'r1' }]);
  });

  it('creates the account with the characters and signs in when the attempt is continued', async () => {
    hub.script(CREATE_ACCOUNT, captchaRequired('r1'), created(sampleAccount({ email: EMAIL })));
    await failureOf(harness.service.createAccount(FORM));
    scriptSignedIn(hub, EMAIL, THIS_DEVICE.id);
    expectSignedIn(await harness.service.continueAttempt({ captchaAnswer: 'R3G1ST' }), EMAIL);
    expect(hub.bodiesTo(CREATE_ACCOUNT)[1]).toEqual({ ...FORM, device: THIS_DEVICE, captcha: { id: 'r1', answer: 'R3G1ST' } });
    expect(hub.bodiesTo(SIGN_IN)).toEqual([{ email: EMAIL, password: PASSWORD, device: THIS_DEVICE }]);
  });

  it('shows a sign-in picture when the sign-in after creating the account needs one', async () => {
    hub.script(CREATE_ACCOUNT, created(sampleAccount({ email: EMAIL })));
    hub.script(SIGN_IN, captchaRequired('s1'), tokens(EMAIL, THIS_DEVICE.id));
    scriptAccountRead(hub, EMAIL, THIS_DEVICE.id);
    expect((await failureOf(harness.service.createAccount(FORM))).detail.code).toBe('captcha_required');
    expect(await harness.pending()).toMatchObject({ kind: 'signIn', email: EMAIL, step: 'captcha', hasPassword: true });
    expectSignedIn(await harness.service.continueAttempt({ captchaAnswer: 'S1GN' }), EMAIL);
    expect(hub.bodiesTo(CREATE_ACCOUNT)).toHaveLength(1);
  });

  it('ends the attempt and reports email_in_use when the registration behind the picture is refused', async () => {
    hub.script(CREATE_ACCOUNT, captchaRequired('r1'), hubError(409, 'email_in_use'));
    await failureOf(harness.service.createAccount(FORM));
    expect((await failureOf(harness.service.continueAttempt({ captchaAnswer: 'R3G1ST' }))).detail).toEqual({ code: 'email_in_use' });
    expect(await harness.pending()).toBeNull();
  });
});
