/**
 * The account's phone number for two-step verification: setting it (password required), the SMS
 * code that verifies it, its tries, lifetime and resend limits, and the status route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwoStepStatus } from '../../lib/protocol/two-step.ts';
import { HOUR, MINUTE, signIn } from '../support/hub-client.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';
import {
  codeInText,
  errorOf,
  latestSmsCode,
  otherCode,
  readTwoStepStatus,
  signedInAccount,
  smsTo,
  twoStepApi,
  uniquePhone,
  verifyNewPhone,
} from '../support/two-step.ts';

describe('two-step phone number', () => {
  let hub: TestHub;
  // One hub per file; every test has its own account and phone number. Only the per-IP ceiling is
  // raised: all requests come from one address and the suite signs in often.
  beforeAll(async () => {
    hub = await createTestHub({ env: { IP_ATTEMPT_CEILING: '1000000' } });
  });
  afterAll(() => hub.close());

  const verificationCode = (phone: string) => latestSmsCode(hub.app, phone, 'sms.phone_verification');

  it('answers the status with everything off when the account has no two-step settings', async () => {
    const { tokens } = await signedInAccount(hub.app);
    const response = await twoStepApi.status(hub.app, tokens.accessToken);
    expect(response.statusCode).toBe(200);
    expect(TwoStepStatus.strict().parse(response.json())).toEqual({ phone: null, phoneVerified: false, sms: false, totp: false, recoveryCodesLeft: 0 });
  });

  it('answers 401 unauthorized on every two-step route when no bearer token is sent', async () => {
    const routes = [
      { method: 'GET', url: '/v1/account/two-step' },
      { method: 'POST', url: '/v1/account/two-step/phone', payload: { phone: uniquePhone().e164, password: 'Quartz-Lantern-47' } },
      { method: 'POST', url: '/v1/account/two-step/phone/verification', payload: { code: '123456' } },
      { method: 'PUT', url: '/v1/account/two-step/sms', payload: { enabled: true, password: 'Quartz-Lantern-47' } },
      { method: 'POST', url: '/v1/account/two-step/totp', payload: { password: 'Quartz-Lantern-47' } },
      { method: 'POST', url: '/v1/account/two-step/totp/confirmation', payload: { code: '123456' } },
      { method: 'POST', url: '/v1/account/two-step/totp/removal', payload: { password: 'Quartz-Lantern-47' } },
    ] as const;
    for (const route of routes) {
      const response = await hub.app.inject(route);
      expect({ route: route.url, status: response.statusCode, code: errorOf(response).code }).toEqual({ route: route.url, status: 401, code: 'unauthorized' });
    }
  });

  it('answers 401 unauthorized when the bearer token is unknown', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/v1/account/two-step', headers: { authorization: 'Bearer tsa_not-a-real-token' } });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe('unauthorized');
  });

  it('answers 403 wrong_password and sends nothing when the account password is wrong', async () => {
    const { tokens } = await signedInAccount(hub.app);
    const phone = uniquePhone().e164;
    const response = await twoStepApi.setPhone(hub.app, tokens.accessToken, phone, 'Not-The-Password-9');
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('wrong_password');
    expect(await smsTo(hub.app, phone)).toEqual([]);
  });

  it.each(['12345', 'not a phone number', '015112345678', '+0151234567', '+49 151', '+4915123456789012', '+49 151 2345 678x'])(
    'answers 400 invalid_phone when the number is %j',
    async (phone) => {
      const { password, tokens } = await signedInAccount(hub.app);
      const response = await twoStepApi.setPhone(hub.app, tokens.accessToken, phone, password);
      expect(response.statusCode).toBe(400);
      expect(errorOf(response).code).toBe('invalid_phone');
    },
  );

  it('normalises "+49 151 2345-678" to E.164 when sending the code and storing the number', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const response = await twoStepApi.setPhone(hub.app, tokens.accessToken, '+49 151 2345-678', password);
    expect(response.statusCode).toBe(202);
    const [sms] = await smsTo(hub.app, '+491512345678');
    expect(sms?.recipient).toBe('+491512345678');
    const verified = await twoStepApi.verifyPhone(hub.app, tokens.accessToken, codeInText(sms?.text ?? ''));
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ phone: '+491512345678', phoneVerified: true });
  });

  it('answers 202 with smsResendIn and puts a 6-digit verification SMS in the outbox when the number is set', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const phone = uniquePhone();
    const response = await twoStepApi.setPhone(hub.app, tokens.accessToken, phone.typed, password);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ smsResendIn: 30 });
    const messages = await smsTo(hub.app, phone.e164);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ kind: 'sms.phone_verification', recipient: phone.e164 });
    expect(messages[0]?.text).toMatch(/(?<!\d)\d{6}(?!\d)/);
  });

  it('keeps the number unverified (and not the account’s yet) when the code has not come back', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    await twoStepApi.setPhone(hub.app, tokens.accessToken, uniquePhone().e164, password);
    expect(await readTwoStepStatus(hub.app, tokens.accessToken)).toMatchObject({ phone: null, phoneVerified: false, sms: false });
  });

  it('answers 400 invalid_code and leaves the number unverified when the code is wrong', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const phone = uniquePhone().e164;
    await twoStepApi.setPhone(hub.app, tokens.accessToken, phone, password);
    const response = await twoStepApi.verifyPhone(hub.app, tokens.accessToken, otherCode(await verificationCode(phone)));
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('invalid_code');
    expect(await readTwoStepStatus(hub.app, tokens.accessToken)).toMatchObject({ phoneVerified: false });
  });

  it('still accepts the right code when fewer than five wrong ones came first', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const phone = uniquePhone().e164;
    await twoStepApi.setPhone(hub.app, tokens.accessToken, phone, password);
    const code = await verificationCode(phone);
    for (let tries = 0; tries < 4; tries += 1) {
      expect(errorOf(await twoStepApi.verifyPhone(hub.app, tokens.accessToken, otherCode(code))).code).toBe('invalid_code');
    }
    expect((await twoStepApi.verifyPhone(hub.app, tokens.accessToken, code)).statusCode).toBe(200);
  });

  it('burns the code after five wrong tries: the right code then answers 400 code_expired', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const phone = uniquePhone().e164;
    await twoStepApi.setPhone(hub.app, tokens.accessToken, phone, password);
    const code = await verificationCode(phone);
    for (let tries = 0; tries < 5; tries += 1) {
      const wrong = await twoStepApi.verifyPhone(hub.app, tokens.accessToken, otherCode(code));
      expect(wrong.statusCode).toBe(400);
      expect(errorOf(wrong).code).toBe('invalid_code');
    }
    const right = await twoStepApi.verifyPhone(hub.app, tokens.accessToken, code);
    expect(right.statusCode).toBe(400);
    expect(errorOf(right).code).toBe('code_expired');
    expect(await readTwoStepStatus(hub.app, tokens.accessToken)).toMatchObject({ phone: null, phoneVerified: false });
  });

  it('answers 400 code_expired when the right code comes back after five minutes', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const phone = uniquePhone().e164;
    await twoStepApi.setPhone(hub.app, tokens.accessToken, phone, password);
    const code = await verificationCode(phone);
    hub.clock.advance(5 * MINUTE);
    const response = await twoStepApi.verifyPhone(hub.app, tokens.accessToken, code);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('code_expired');
  });

  it('accepts the code just before the five minutes are over', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const phone = uniquePhone().e164;
    await twoStepApi.setPhone(hub.app, tokens.accessToken, phone, password);
    const code = await verificationCode(phone);
    hub.clock.advance(5 * MINUTE - 1000);
    expect((await twoStepApi.verifyPhone(hub.app, tokens.accessToken, code)).statusCode).toBe(200);
  });

  it('answers 400 code_expired when no code was ever sent', async () => {
    const { tokens } = await signedInAccount(hub.app);
    const response = await twoStepApi.verifyPhone(hub.app, tokens.accessToken, '123456');
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('code_expired');
  });

  it('answers 200 with phoneVerified true and the number set when the code is right', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const phone = uniquePhone();
    await twoStepApi.setPhone(hub.app, tokens.accessToken, phone.typed, password);
    const response = await twoStepApi.verifyPhone(hub.app, tokens.accessToken, await verificationCode(phone.e164));
    expect(response.statusCode).toBe(200);
    const expected = { phone: phone.e164, phoneVerified: true, sms: false, totp: false, recoveryCodesLeft: 0 };
    expect(TwoStepStatus.strict().parse(response.json())).toEqual(expected);
    expect(await readTwoStepStatus(hub.app, tokens.accessToken)).toEqual(expected);
  });

  it('refuses the code a second time when it was already used', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const phone = uniquePhone().e164;
    await twoStepApi.setPhone(hub.app, tokens.accessToken, phone, password);
    const code = await verificationCode(phone);
    expect((await twoStepApi.verifyPhone(hub.app, tokens.accessToken, code)).statusCode).toBe(200);
    const again = await twoStepApi.verifyPhone(hub.app, tokens.accessToken, code);
    expect(again.statusCode).toBe(400);
    expect(errorOf(again).code).toBe('code_expired');
  });

  it('keeps the verified number until a new one is verified', async () => {
    const account = await signedInAccount(hub.app);
    const first = await verifyNewPhone(hub.app, account);
    hub.clock.advance(30_000);
    const second = uniquePhone().e164;
    expect((await twoStepApi.setPhone(hub.app, account.tokens.accessToken, second, account.password)).statusCode).toBe(202);
    expect(await readTwoStepStatus(hub.app, account.tokens.accessToken)).toMatchObject({ phone: first, phoneVerified: true });
    await twoStepApi.verifyPhone(hub.app, account.tokens.accessToken, await verificationCode(second));
    expect(await readTwoStepStatus(hub.app, account.tokens.accessToken)).toMatchObject({ phone: second, phoneVerified: true });
  });

  it('answers 429 rate_limited with Retry-After and sends nothing when a new code is asked for within 30 seconds', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const phone = uniquePhone().e164;
    await twoStepApi.setPhone(hub.app, tokens.accessToken, phone, password);
    hub.clock.advance(10_000);
    const response = await twoStepApi.setPhone(hub.app, tokens.accessToken, phone, password);
    expect(response.statusCode).toBe(429);
    expect(errorOf(response)).toMatchObject({ code: 'rate_limited', retryAfter: 20 });
    expect(response.headers['retry-after']).toBe('20');
    expect(await smsTo(hub.app, phone)).toHaveLength(1);
  });

  it('sends a new code after 30 seconds, and only the new code verifies', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const phone = uniquePhone().e164;
    await twoStepApi.setPhone(hub.app, tokens.accessToken, phone, password);
    const oldCode = await verificationCode(phone);
    hub.clock.advance(30_000);
    expect((await twoStepApi.setPhone(hub.app, tokens.accessToken, phone, password)).statusCode).toBe(202);
    expect(await smsTo(hub.app, phone)).toHaveLength(2);
    const newCode = await verificationCode(phone);
    if (newCode !== oldCode) {
      expect(errorOf(await twoStepApi.verifyPhone(hub.app, tokens.accessToken, oldCode)).code).toBe('invalid_code');
    }
    expect((await twoStepApi.verifyPhone(hub.app, tokens.accessToken, newCode)).statusCode).toBe(200);
  });

  it('answers 429 after five codes in an hour, until the hour since the first is over', async () => {
    const account = await signedInAccount(hub.app);
    const phone = uniquePhone().e164;
    for (let sent = 0; sent < 5; sent += 1) {
      if (sent > 0) hub.clock.advance(30_000);
      expect((await twoStepApi.setPhone(hub.app, account.tokens.accessToken, phone, account.password)).statusCode).toBe(202);
    }
    hub.clock.advance(30_000);
    const sixth = await twoStepApi.setPhone(hub.app, account.tokens.accessToken, phone, account.password);
    expect(sixth.statusCode).toBe(429);
    expect(errorOf(sixth).code).toBe('rate_limited');
    // The first code went out 2.5 minutes ago.
    expect(sixth.headers['retry-after']).toBe(String(HOUR / 1000 - 150));
    expect(await smsTo(hub.app, phone)).toHaveLength(5);

    hub.clock.advance(HOUR - 150_000);
    const tokens = await signIn(hub.app, account); // the access token of an hour ago has expired
    expect((await twoStepApi.setPhone(hub.app, tokens.accessToken, phone, account.password)).statusCode).toBe(202);
  });

  it('answers 400 invalid_request when the body is not the expected shape', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const response = await hub.app.inject({
      method: 'POST',
      url: '/v1/account/two-step/phone',
      headers: { authorization: `Bearer ${tokens.accessToken}` },
      payload: { phone: uniquePhone().e164, password, extra: true },
    });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('invalid_request');
  });
});
