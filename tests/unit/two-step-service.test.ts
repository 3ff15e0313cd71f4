// @vitest-environment node
/**
 * The two-step settings service (`twoStep.*`) against a scripted hub: each call carries the
 * session's access token to the right route, the hub's errors come back as codes, and a signed-out
 * browser asks the hub nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TwoStepStatus } from '../../lib/protocol/two-step.ts';
import { createTwoStepService } from '../../lib/session/two-step-service.ts';
import { createAttemptHarness, failureOf } from './support/attempt-harness.ts';
import { hubError, rateLimited, scriptSignedIn, type ScriptedHub, startScriptedHub, tokens } from './support/scripted-hub.ts';
import { json } from './support/scripted-server.ts';
import { PASSWORD, THIS_DEVICE } from './support/session-harness.ts';

const EMAIL = 'someone@example.com';
const STATUS: TwoStepStatus = { phone: '+491512345678', phoneVerified: true, sms: true, totp: false, recoveryCodesLeft: 0 };
const RECOVERY_CODES = Array.from({ length: 10 }, (_, i) => `ABCD-EFG${i}`);
let hub: ScriptedHub;
let harness: ReturnType<typeof createAttemptHarness>;
let twoStep: ReturnType<typeof createTwoStepService>;

beforeEach(async () => {
  hub = await startScriptedHub();
  harness = createAttemptHarness(hub);
  twoStep = createTwoStepService({ hub: harness.hubClient, authorized: harness.service.authorized });
});
afterEach(() => hub.close());

async function signedIn(): Promise<string> {
  scriptSignedIn(hub, EMAIL, THIS_DEVICE.id);
  await harness.service.signIn(EMAIL, PASSWORD);
  const token = hub.requests.find((seen) => seen.route === 'GET /v1/account')?.authorization;
  hub.requests.length = 0;
  return token ?? '';
}

describe('two-step service', () => {
  it('reads the status with the session’s access token', async () => {
    const token = await signedIn();
    hub.script('GET /v1/account/two-step', json(200, STATUS));
    expect(await twoStep.status()).toEqual(STATUS);
    expect(hub.requests).toEqual([{ route: 'GET /v1/account/two-step', body: undefined, authorization: token }]);
    expect(token).toMatch(/^Bearer tsa_/);
  });

  it('sends the phone number in E.164 form with the password and answers the resend wait', async () => {
    await signedIn();
    hub.script('POST /v1/account/two-step/phone', json(202, { smsResendIn: 60 }));
    expect(await twoStep.setPhone({ phone: '+49 (151) 234-5678', password: PASSWORD })).toEqual({ smsResendIn: 60 });
    expect(hub.bodiesTo('POST /v1/account/two-step/phone')).toEqual([{ phone: '+491512345678', password: PASSWORD }]);
  });

  it('refuses with invalid_phone without calling the hub when the number cannot be a phone number', async () => {
    await signedIn();
    expect((await failureOf(twoStep.setPhone({ phone: '12', password: PASSWORD }))).detail).toEqual({ code: 'invalid_phone' });
    expect(hub.requests).toEqual([]);
  });

  it.each([
    ['wrong_password', hubError(403, 'wrong_password'), { code: 'wrong_password' }],
    ['sms_not_sent', hubError(502, 'sms_not_sent'), { code: 'sms_not_sent' }],
    ['rate_limited', rateLimited(45), { code: 'rate_limited', retryAfterSeconds: 45 }],
  ])('reports %s when the hub refuses the phone', async (_code, answer, detail) => {
    await signedIn();
    hub.script('POST /v1/account/two-step/phone', answer);
    expect((await failureOf(twoStep.setPhone({ phone: '+491512345678', password: PASSWORD }))).detail).toEqual(detail);
  });

  it('verifies the phone with the code, spaces removed', async () => {
    await signedIn();
    hub.script('POST /v1/account/two-step/phone/verification', json(200, STATUS), hubError(400, 'code_expired'));
    expect(await twoStep.verifyPhone({ code: '123 456' })).toEqual(STATUS);
    expect(hub.bodiesTo('POST /v1/account/two-step/phone/verification')).toEqual([{ code: '123456' }]);
    expect((await failureOf(twoStep.verifyPhone({ code: '123456' }))).detail).toEqual({ code: 'code_expired' });
  });

  it('turns SMS codes on with a PUT and reports phone_not_verified', async () => {
    await signedIn();
    hub.script('PUT /v1/account/two-step/sms', json(200, STATUS), hubError(409, 'phone_not_verified'));
    expect(await twoStep.setSms({ enabled: true, password: PASSWORD })).toEqual(STATUS);
    expect(hub.bodiesTo('PUT /v1/account/two-step/sms')).toEqual([{ enabled: true, password: PASSWORD }]);
    expect((await failureOf(twoStep.setSms({ enabled: true, password: PASSWORD }))).detail).toEqual({ code: 'phone_not_verified' });
  });

  it('starts, confirms and removes the authenticator app', async () => {
    await signedIn();
    const enrolment = { secret: 'JBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/Tessera:someone?secret=JBSWY3DPEHPK3PXP', qrCode: 'data:image/png;base64,AAAA' };
    hub.script('POST /v1/account/two-step/totp', json(200, enrolment));
    hub.script('POST /v1/account/two-step/totp/confirmation', json(200, { recoveryCodes: RECOVERY_CODES }));
    hub.script('POST /v1/account/two-step/totp/removal', json(200, { ...STATUS, totp: false }));
    expect(await twoStep.startTotp({ password: PASSWORD })).toEqual(enrolment);
    expect(await twoStep.confirmTotp({ code: '123 456' })).toEqual({ recoveryCodes: RECOVERY_CODES });
    expect(await twoStep.disableTotp({ password: PASSWORD })).toEqual({ ...STATUS, totp: false });
    expect(hub.requests.map((seen) => [seen.route, seen.body])).toEqual([
      ['POST /v1/account/two-step/totp', { password: PASSWORD }],
      ['POST /v1/account/two-step/totp/confirmation', { code: '123456' }],
      ['POST /v1/account/two-step/totp/removal', { password: PASSWORD }],
    ]);
  });

  it('reports totp_not_started when a code is confirmed before enrolment', async () => {
    await signedIn();
    hub.script('POST /v1/account/two-step/totp/confirmation', hubError(409, 'totp_not_started'));
    expect((await failureOf(twoStep.confirmTotp({ code: '123456' }))).detail).toEqual({ code: 'totp_not_started' });
  });

  it('fails with not_a_tessera_hub when the answer does not have the agreed shape', async () => {
    await signedIn();
    hub.script('POST /v1/account/two-step/totp/confirmation', json(200, { recoveryCodes: ['only-one'] }));
    expect((await failureOf(twoStep.confirmTotp({ code: '123456' }))).detail).toEqual({ code: 'not_a_tessera_hub' });
  });

  it('fails with unauthorized without calling the hub when nobody is signed in', async () => {
    expect((await failureOf(twoStep.status())).detail).toEqual({ code: 'unauthorized' });
    expect(hub.requests).toEqual([]);
  });

  it('refreshes the tokens once and retries when the hub refuses the access token', async () => {
    await signedIn();
    hub.script('GET /v1/account/two-step', hubError(401, 'unauthorized'), json(200, STATUS));
    hub.script('POST /v1/sessions/refresh', tokens(EMAIL, THIS_DEVICE.id));
    expect(await twoStep.status()).toEqual(STATUS);
    expect(hub.requests.map((seen) => seen.route)).toEqual(['GET /v1/account/two-step', 'POST /v1/sessions/refresh', 'GET /v1/account/two-step']);
  });

  it('signs out locally and fails with unauthorized when the hub says the session is gone', async () => {
    await signedIn();
    hub.script('GET /v1/account/two-step', hubError(401, 'unauthorized'));
    hub.script('POST /v1/sessions/refresh', hubError(401, 'unauthorized'));
    expect((await failureOf(twoStep.status())).detail).toEqual({ code: 'unauthorized' });
    expect(await harness.service.isSignedIn()).toBe(false);
  });
});
