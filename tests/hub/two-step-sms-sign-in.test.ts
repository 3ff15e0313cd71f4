/**
 * Two-step verification by SMS: turning it on and off, and signing in with the code the hub sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionTokens } from '../../lib/protocol/sessions.ts';
import { getAccount, MINUTE, newDevice } from '../support/hub-client.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';
import {
  errorOf,
  latestSmsCode,
  otherCode,
  postSignIn,
  readTwoStepStatus,
  signedInAccount,
  smsTo,
  turnSmsOn,
  twoStepApi,
  uniquePhone,
  verifyNewPhone,
  type SignedInAccount,
} from '../support/two-step.ts';

describe('turning SMS two-step on and off', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({ env: { IP_ATTEMPT_CEILING: '1000000' } });
  });
  afterAll(() => hub.close());

  it('answers 409 phone_not_verified when there is no phone number', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const response = await twoStepApi.setSms(hub.app, tokens.accessToken, true, password);
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('phone_not_verified');
    expect(await readTwoStepStatus(hub.app, tokens.accessToken)).toMatchObject({ sms: false });
  });

  it('answers 409 phone_not_verified when the phone number was sent a code but not verified', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    await twoStepApi.setPhone(hub.app, tokens.accessToken, uniquePhone().e164, password);
    const response = await twoStepApi.setSms(hub.app, tokens.accessToken, true, password);
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('phone_not_verified');
  });

  it('answers 403 wrong_password and stays off when the account password is wrong', async () => {
    const account = await signedInAccount(hub.app);
    await verifyNewPhone(hub.app, account);
    const response = await twoStepApi.setSms(hub.app, account.tokens.accessToken, true, 'Not-The-Password-9');
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('wrong_password');
    expect(await readTwoStepStatus(hub.app, account.tokens.accessToken)).toMatchObject({ sms: false });
    expect((await postSignIn(hub.app, account)).statusCode).toBe(200);
  });

  it('answers 200 with sms true when the phone is verified and the password right', async () => {
    const account = await signedInAccount(hub.app);
    const phone = await verifyNewPhone(hub.app, account);
    const response = await twoStepApi.setSms(hub.app, account.tokens.accessToken, true, account.password);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ phone, phoneVerified: true, sms: true, totp: false, recoveryCodesLeft: 0 });
  });

  it('keeps the session already connected working when SMS two-step is turned on', async () => {
    const account = await signedInAccount(hub.app);
    await turnSmsOn(hub.app, account);
    expect((await getAccount(hub.app, account.tokens.accessToken)).statusCode).toBe(200);
  });

  it('answers 403 wrong_password and stays on when turning off with a wrong password', async () => {
    const account = await signedInAccount(hub.app);
    await turnSmsOn(hub.app, account);
    const response = await twoStepApi.setSms(hub.app, account.tokens.accessToken, false, 'Not-The-Password-9');
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('wrong_password');
    expect(await readTwoStepStatus(hub.app, account.tokens.accessToken)).toMatchObject({ sms: true });
  });

  it('lets a sign-in through without a code when SMS two-step has been turned off', async () => {
    const account = await signedInAccount(hub.app);
    const phone = await turnSmsOn(hub.app, account);
    const off = await twoStepApi.setSms(hub.app, account.tokens.accessToken, false, account.password);
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ phone, phoneVerified: true, sms: false });
    const response = await postSignIn(hub.app, account);
    expect(response.statusCode).toBe(200);
    expect(await smsTo(hub.app, phone, 'sms.sign_in_code')).toEqual([]);
  });

  it('answers 429 rate_limited after ten wrong passwords in an hour, even with the right one', async () => {
    const account = await signedInAccount(hub.app);
    await verifyNewPhone(hub.app, account);
    for (let tries = 0; tries < 10; tries += 1) {
      expect((await twoStepApi.setSms(hub.app, account.tokens.accessToken, true, 'Not-The-Password-9')).statusCode).toBe(403);
    }
    const response = await twoStepApi.setSms(hub.app, account.tokens.accessToken, true, account.password);
    expect(response.statusCode).toBe(429);
    expect(errorOf(response).code).toBe('rate_limited');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('signing in with SMS two-step on', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({ env: { IP_ATTEMPT_CEILING: '1000000' } });
  });
  afterAll(() => hub.close());

  async function accountWithSms(): Promise<SignedInAccount & { phone: string }> {
    const account = await signedInAccount(hub.app);
    return { ...account, phone: await turnSmsOn(hub.app, account) };
  }
  const signInCode = (phone: string) => latestSmsCode(hub.app, phone, 'sms.sign_in_code');
  const signInSms = (phone: string) => smsTo(hub.app, phone, 'sms.sign_in_code');

  it('answers 401 second_factor_required with methods, a masked phone hint and smsSent, and sends one SMS', async () => {
    const account = await accountWithSms();
    const response = await postSignIn(hub.app, account);
    expect(response.statusCode).toBe(401);
    const error = errorOf(response);
    expect(error).toMatchObject({ code: 'second_factor_required', methods: ['sms'], smsSent: true, smsResendIn: 30 });
    expect(error.phoneHint).toBeDefined();
    const hint = error.phoneHint ?? '';
    expect(hint).not.toContain(account.phone);
    expect(hint.startsWith(account.phone.slice(0, 3))).toBe(true);
    expect(hint.endsWith(account.phone.slice(-2))).toBe(true);
    expect(hint.replace(/\D/g, '').length).toBeLessThanOrEqual(4);
    expect(response.body).not.toContain(account.phone.slice(3, -2));
    const messages = await signInSms(account.phone);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ kind: 'sms.sign_in_code', recipient: account.phone });
  });

  it('answers 200 with tokens when the right code comes with the sign-in', async () => {
    const account = await accountWithSms();
    const device = newDevice();
    await postSignIn(hub.app, { ...account, device });
    const response = await postSignIn(hub.app, { ...account, device, secondFactor: { method: 'sms', code: await signInCode(account.phone) } });
    expect(response.statusCode).toBe(200);
    const tokens = SessionTokens.parse(response.json());
    expect(tokens.deviceId).toBe(device.id);
    expect((await getAccount(hub.app, tokens.accessToken)).statusCode).toBe(200);
  });

  it('accepts the code typed with spaces around it', async () => {
    const account = await accountWithSms();
    await postSignIn(hub.app, account);
    const code = await signInCode(account.phone);
    const response = await postSignIn(hub.app, { ...account, secondFactor: { method: 'sms', code: ` ${code} ` } });
    expect(response.statusCode).toBe(200);
  });

  it('answers 401 invalid_code with the challenge extras when the code is wrong', async () => {
    const account = await accountWithSms();
    await postSignIn(hub.app, account);
    const response = await postSignIn(hub.app, { ...account, secondFactor: { method: 'sms', code: otherCode(await signInCode(account.phone)) } });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response)).toMatchObject({ code: 'invalid_code', methods: ['sms'], smsSent: false });
    expect(await signInSms(account.phone)).toHaveLength(1);
  });

  it('counts wrong codes as failed sign-ins: after three a new password attempt needs the Security Check', async () => {
    const account = await accountWithSms();
    await postSignIn(hub.app, account);
    const code = await signInCode(account.phone);
    for (let tries = 1; tries <= 3; tries += 1) {
      const wrong = await postSignIn(hub.app, { ...account, secondFactor: { method: 'sms', code: otherCode(code) } });
      expect(errorOf(wrong)).toMatchObject({ code: 'invalid_code', methods: ['sms'] });
      // This client gave the right password: its next code is not sent back to a picture.
      expect(wrong.json().error.captcha).toBeUndefined();
    }
    // Starting over (no code) is a password attempt again: it needs the Security Check.
    const blocked = await postSignIn(hub.app, account);
    expect(blocked.statusCode).toBe(403);
    expect(errorOf(blocked).code).toBe('captcha_required');
    // The right code (two tries left) still goes through from the client that gave the password.
    const right = await postSignIn(hub.app, { ...account, secondFactor: { method: 'sms', code } });
    expect(right.statusCode).toBe(200);
  });

  it('counts wrong passwords and wrong codes together towards the Security Check', async () => {
    const account = await accountWithSms();
    expect(errorOf(await postSignIn(hub.app, { ...account, password: 'Not-The-Password-9' })).code).toBe('invalid_credentials');
    await postSignIn(hub.app, account);
    const code = await signInCode(account.phone);
    for (let tries = 0; tries < 2; tries += 1) {
      expect(errorOf(await postSignIn(hub.app, { ...account, secondFactor: { method: 'sms', code: otherCode(code) } })).code).toBe('invalid_code');
    }
    // Another device on the account (never gave the right password) meets the check even with a code.
    const blocked = await postSignIn(hub.app, { ...account, device: newDevice(), secondFactor: { method: 'sms', code } });
    expect(blocked.statusCode).toBe(403);
    expect(errorOf(blocked).code).toBe('captcha_required');
  });

  it('refuses the code when it is used again after a successful sign-in', async () => {
    const account = await accountWithSms();
    await postSignIn(hub.app, account);
    const code = await signInCode(account.phone);
    expect((await postSignIn(hub.app, { ...account, secondFactor: { method: 'sms', code } })).statusCode).toBe(200);
    const again = await postSignIn(hub.app, { ...account, device: newDevice(), secondFactor: { method: 'sms', code } });
    expect(again.statusCode).toBe(401);
    expect(errorOf(again).code).toBe('code_expired');
  });

  it('answers 401 code_expired when the code comes back after five minutes', async () => {
    const account = await accountWithSms();
    await postSignIn(hub.app, account);
    const code = await signInCode(account.phone);
    hub.clock.advance(5 * MINUTE);
    const response = await postSignIn(hub.app, { ...account, secondFactor: { method: 'sms', code } });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response)).toMatchObject({ code: 'code_expired', methods: ['sms'] });
  });

  it('answers 401 code_expired when the right code comes after five wrong tries', async () => {
    const account = await accountWithSms();
    await postSignIn(hub.app, account);
    const code = await signInCode(account.phone);
    for (let tries = 0; tries < 5; tries += 1) {
      const response = await postSignIn(hub.app, { ...account, secondFactor: { method: 'sms', code: otherCode(code) } });
      expect(errorOf(response).code).toBe('invalid_code');
    }
    const right = await postSignIn(hub.app, { ...account, secondFactor: { method: 'sms', code } });
    expect(right.statusCode).toBe(401);
    expect(errorOf(right)).toMatchObject({ code: 'code_expired', methods: ['sms'] });
  });

  it('does not send another SMS when the resend is asked for within 30 seconds', async () => {
    const account = await accountWithSms();
    await postSignIn(hub.app, account);
    hub.clock.advance(10_000);
    const response = await postSignIn(hub.app, { ...account, secondFactor: { method: 'sms' } });
    expect(response.statusCode).toBe(401);
    const error = errorOf(response);
    expect(error).toMatchObject({ code: 'second_factor_required', smsSent: false, smsResendIn: 20 });
    expect(await signInSms(account.phone)).toHaveLength(1);
  });

  it('does not send another SMS when the sign-in is repeated without a code within 30 seconds', async () => {
    const account = await accountWithSms();
    await postSignIn(hub.app, account);
    const again = await postSignIn(hub.app, account);
    expect(errorOf(again)).toMatchObject({ code: 'second_factor_required', smsSent: false });
    expect(errorOf(again).smsResendIn).toBeGreaterThan(0);
    expect(await signInSms(account.phone)).toHaveLength(1);
  });

  it('sends a new code when the resend is asked for after 30 seconds, and the old code stops working', async () => {
    const account = await accountWithSms();
    await postSignIn(hub.app, account);
    const oldCode = await signInCode(account.phone);
    hub.clock.advance(30_000);
    const resend = await postSignIn(hub.app, { ...account, secondFactor: { method: 'sms' } });
    expect(errorOf(resend)).toMatchObject({ code: 'second_factor_required', smsSent: true, smsResendIn: 30 });
    expect(await signInSms(account.phone)).toHaveLength(2);
    const newCode = await signInCode(account.phone);
    if (newCode !== oldCode) {
      const old = await postSignIn(hub.app, { ...account, secondFactor: { method: 'sms', code: oldCode } });
      expect(old.statusCode).toBe(401);
      expect(errorOf(old).code).toBe('invalid_code');
    }
    expect((await postSignIn(hub.app, { ...account, secondFactor: { method: 'sms', code: newCode } })).statusCode).toBe(200);
  });

  it('answers 401 invalid_credentials and sends no SMS when the password is wrong', async () => {
    const account = await accountWithSms();
    const response = await postSignIn(hub.app, { ...account, password: 'Not-The-Password-9' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: { code: 'invalid_credentials', message: expect.any(String) } });
    expect(await signInSms(account.phone)).toEqual([]);
  });

  it('answers 401 invalid_credentials and sends no SMS when the password is wrong but a code is given', async () => {
    const account = await accountWithSms();
    const response = await postSignIn(hub.app, { ...account, password: 'Not-The-Password-9', secondFactor: { method: 'sms' } });
    expect(errorOf(response).code).toBe('invalid_credentials');
    expect(await signInSms(account.phone)).toEqual([]);
  });

  it('treats an unavailable method like no second factor: second_factor_required', async () => {
    const account = await accountWithSms();
    const response = await postSignIn(hub.app, { ...account, secondFactor: { method: 'totp', code: '123456' } });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response)).toMatchObject({ code: 'second_factor_required', methods: ['sms'] });
  });
});
