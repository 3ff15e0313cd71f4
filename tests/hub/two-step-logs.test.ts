/**
 * What the hub logs during two-step flows, with its real logger configuration at the most verbose
 * level: never an SMS code, the phone number, the authenticator secret or a recovery code.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecondFactor, TotpEnrolment } from '../../lib/protocol/two-step.ts';
import { totpCode } from '../../server/two-step/totp.ts';
import { newDevice } from '../support/hub-client.ts';
import { createLogCapture, type LogCapture } from '../support/log-capture.ts';
import { type SmsGatewayStandIn, startSmsGatewayStandIn } from '../support/sms-gateway-stand-in.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';
import {
  codeInText,
  latestSmsCode,
  otherCode,
  postSignIn,
  signedInAccount,
  TOTP_STEP_MS,
  twoStepApi,
  uniquePhone,
} from '../support/two-step.ts';

/** Secrets that may be short digit strings: found only when not part of a longer number (timestamps). */
function leaks(text: string, secrets: string[]): string[] {
  return secrets.filter((secret) => {
    const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(?<![0-9A-Za-z])${escaped}(?![0-9A-Za-z])`, 'i').test(text) || (secret.length > 8 && text.includes(secret));
  });
}

describe('hub logs during two-step flows (development outbox)', () => {
  let hub: TestHub;
  let logs: LogCapture;
  const secrets: string[] = [];

  /** What each step of the flow answered, so a flow that went wrong cannot pass the log checks unseen. */
  const outcomes: [string, number][] = [];

  beforeAll(async () => {
    logs = createLogCapture();
    hub = await createTestHub({ logStream: logs.stream });
    const account = await signedInAccount(hub.app);
    const token = account.tokens.accessToken;
    const phone = uniquePhone();
    const step = async (label: string, request: Promise<LightMyRequestResponse>) => {
      const response = await request;
      outcomes.push([label, response.statusCode]);
      return response;
    };
    // Sign-ins come from other browsers: one from the account's device would replace the session of `token`.
    const signInWith = (label: string, secondFactor?: SecondFactor) =>
      step(label, postSignIn(hub.app, { email: account.email, password: account.password, device: newDevice(), ...(secondFactor ? { secondFactor } : {}) }));

    await step('phone, wrong password', twoStepApi.setPhone(hub.app, token, phone.typed, 'Not-The-Password-9'));
    await step('phone', twoStepApi.setPhone(hub.app, token, phone.typed, account.password));
    const verification = await latestSmsCode(hub.app, phone.e164, 'sms.phone_verification');
    await step('verify, wrong code', twoStepApi.verifyPhone(hub.app, token, otherCode(verification)));
    await step('verify', twoStepApi.verifyPhone(hub.app, token, verification));
    await step('phone again too soon', twoStepApi.setPhone(hub.app, token, phone.typed, account.password));
    await step('SMS on', twoStepApi.setSms(hub.app, token, true, account.password));

    await signInWith('sign-in, SMS sent');
    const signInCode = await latestSmsCode(hub.app, phone.e164, 'sms.sign_in_code');
    await signInWith('sign-in, wrong SMS code', { method: 'sms', code: otherCode(signInCode) });
    await signInWith('sign-in, SMS code', { method: 'sms', code: signInCode });
    await signInWith('sign-in, SMS code reused', { method: 'sms', code: signInCode });

    const enrolment = (await step('TOTP start', twoStepApi.startTotp(hub.app, token, account.password))).json() as TotpEnrolment;
    const confirming = totpCode(enrolment.secret, hub.clock());
    await step('TOTP confirm, wrong code', twoStepApi.confirmTotp(hub.app, token, otherCode(confirming)));
    const confirmed = await step('TOTP confirm', twoStepApi.confirmTotp(hub.app, token, confirming));
    const { recoveryCodes } = confirmed.json() as { recoveryCodes: string[] };
    hub.clock.advance(TOTP_STEP_MS);
    const signInTotp = totpCode(enrolment.secret, hub.clock());
    await signInWith('sign-in, TOTP', { method: 'totp', code: signInTotp });
    await signInWith('sign-in, TOTP replayed', { method: 'totp', code: signInTotp });
    const [firstRecovery = '', secondRecovery = ''] = recoveryCodes;
    await signInWith('sign-in, recovery', { method: 'recovery', code: firstRecovery });
    await signInWith('sign-in, recovery reused', { method: 'recovery', code: firstRecovery });
    await signInWith('sign-in, recovery without dash', { method: 'recovery', code: secondRecovery.replace('-', '').toUpperCase() });
    await step('TOTP removal', twoStepApi.removeTotp(hub.app, token, account.password));

    secrets.push(
      verification,
      signInCode,
      confirming,
      signInTotp,
      phone.e164,
      phone.e164.slice(1),
      phone.typed,
      enrolment.secret,
      enrolment.otpauthUri,
      ...recoveryCodes,
      ...recoveryCodes.map((code) => code.replace('-', '')),
    );
  });
  afterAll(() => hub.close());

  it('went through every step of the flows as expected', () => {
    expect(outcomes).toEqual([
      ['phone, wrong password', 403],
      ['phone', 202],
      ['verify, wrong code', 400],
      ['verify', 200],
      ['phone again too soon', 429],
      ['SMS on', 200],
      ['sign-in, SMS sent', 401],
      ['sign-in, wrong SMS code', 401],
      ['sign-in, SMS code', 200],
      ['sign-in, SMS code reused', 401],
      ['TOTP start', 200],
      ['TOTP confirm, wrong code', 400],
      ['TOTP confirm', 200],
      ['sign-in, TOTP', 200],
      ['sign-in, TOTP replayed', 401],
      ['sign-in, recovery', 200],
      ['sign-in, recovery reused', 401],
      ['sign-in, recovery without dash', 200],
      ['TOTP removal', 200],
    ]);
  });

  it('writes log lines for the flows at all', () => {
    const messages = logs.records().map((record) => record.msg);
    expect(messages).toEqual(expect.arrayContaining(['phone verified', 'SMS two-step changed', 'authenticator app enabled', 'recovery code used']));
    expect(messages).toContain('SMS kept in the development outbox');
  });

  it('never contains an SMS code, the phone number, the TOTP secret or a recovery code', () => {
    expect(leaks(logs.text(), secrets)).toEqual([]);
  });
});

describe('hub logs during two-step flows (SMS gateway)', () => {
  const accountSid = `AC${'0a1b2c3d4e5f6789'.repeat(2)}`;
  const authToken = 'logged-never-auth-token-3d9f';
  let gateway: SmsGatewayStandIn;
  let hub: TestHub;
  let logs: LogCapture;
  const secrets: string[] = [authToken];

  beforeAll(async () => {
    gateway = await startSmsGatewayStandIn({ accountSid, authToken });
    logs = createLogCapture();
    hub = await createTestHub({
      logStream: logs.stream,
      env: { SMS_GATEWAY_URL: gateway.url, SMS_ACCOUNT_SID: accountSid, SMS_AUTH_TOKEN: authToken, SMS_FROM: '+15005550006' },
    });
    const account = await signedInAccount(hub.app);
    const phone = uniquePhone();
    gateway.failNext(500, 20500);
    await twoStepApi.setPhone(hub.app, account.tokens.accessToken, phone.typed, account.password); // 502
    hub.clock.advance(30_000);
    await twoStepApi.setPhone(hub.app, account.tokens.accessToken, phone.typed, account.password);
    const code = codeInText(gateway.messages.at(-1)?.body ?? '');
    await twoStepApi.verifyPhone(hub.app, account.tokens.accessToken, code);
    secrets.push(code, phone.e164, phone.e164.slice(1), phone.typed);
  });
  afterAll(async () => {
    await hub.close();
    await gateway.close();
  });

  it('logs the failed delivery as an error', () => {
    expect(logs.records().some((record) => record.msg === 'SMS not sent' && record.level === 50)).toBe(true);
  });

  it('never contains the code, the phone number or the gateway token, even when delivery fails', () => {
    expect(leaks(logs.text(), secrets)).toEqual([]);
  });
});
