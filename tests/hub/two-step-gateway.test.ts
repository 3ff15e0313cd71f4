/**
 * Which SMS delivery the hub uses for two-step codes: a Twilio-compatible gateway when SMS_* is
 * configured (checked against a stand-in over real HTTP), none when neither a gateway nor
 * development mode is there.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccount, readOutbox, signIn } from '../support/hub-client.ts';
import { type SmsGatewayStandIn, startSmsGatewayStandIn } from '../support/sms-gateway-stand-in.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';
import { codeInText, errorOf, postSignIn, readTwoStepStatus, signedInAccount, twoStepApi, uniquePhone } from '../support/two-step.ts';

const accountSid = `AC${'fedcba9876543210'.repeat(2)}`;
const authToken = 'gateway-auth-token-81c4e2';
const from = '+15005550006';

describe('two-step SMS through the configured gateway', () => {
  let gateway: SmsGatewayStandIn;
  let hub: TestHub;
  beforeAll(async () => {
    gateway = await startSmsGatewayStandIn({ accountSid, authToken });
    hub = await createTestHub({
      env: { SMS_GATEWAY_URL: gateway.url, SMS_ACCOUNT_SID: accountSid, SMS_AUTH_TOKEN: authToken, SMS_FROM: from, IP_ATTEMPT_CEILING: '1000000' },
    });
  });
  afterAll(async () => {
    await hub.close();
    await gateway.close();
  });
  beforeEach(() => {
    gateway.messages.length = 0;
  });

  /** The code in the newest message the stand-in received for `phone`. */
  function lastCodeTo(phone: string): string {
    const message = gateway.messages.filter((received) => received.to === phone).at(-1);
    if (!message) throw new Error(`the gateway received nothing for ${phone}`);
    return codeInText(message.body);
  }

  it('delivers the verification code to the gateway with To, From and Body, and nothing to the outbox', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const phone = uniquePhone();
    const response = await twoStepApi.setPhone(hub.app, tokens.accessToken, phone.typed, password);
    expect(response.statusCode).toBe(202);
    expect(gateway.messages).toEqual([{ to: phone.e164, from, body: expect.stringMatching(/(?<!\d)\d{6}(?!\d)/) }]);
    expect(await readOutbox(hub.app, phone.e164)).toEqual([]);

    const verified = await twoStepApi.verifyPhone(hub.app, tokens.accessToken, lastCodeTo(phone.e164));
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ phone: phone.e164, phoneVerified: true });
  });

  it('delivers the sign-in code to the gateway, and that code signs in', async () => {
    const account = await signedInAccount(hub.app);
    const phone = uniquePhone().e164;
    await twoStepApi.setPhone(hub.app, account.tokens.accessToken, phone, account.password);
    await twoStepApi.verifyPhone(hub.app, account.tokens.accessToken, lastCodeTo(phone));
    expect((await twoStepApi.setSms(hub.app, account.tokens.accessToken, true, account.password)).statusCode).toBe(200);

    const challenge = await postSignIn(hub.app, account);
    expect(errorOf(challenge)).toMatchObject({ code: 'second_factor_required', smsSent: true });
    expect(gateway.messages).toHaveLength(2);
    expect(gateway.messages[1]).toMatchObject({ to: phone, from });
    expect(gateway.messages[1]?.body).toMatch(/sign-in code/);
    expect(await readOutbox(hub.app, phone)).toEqual([]);
    expect((await postSignIn(hub.app, { ...account, secondFactor: { method: 'sms', code: lastCodeTo(phone) } })).statusCode).toBe(200);
  });

  it('answers 502 sms_not_sent without any secret when the gateway fails', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const phone = uniquePhone().e164;
    gateway.failNext(500, 20500);
    const response = await twoStepApi.setPhone(hub.app, tokens.accessToken, phone, password);
    expect(response.statusCode).toBe(502);
    expect(response.json()).toEqual({ error: { code: 'sms_not_sent', message: expect.any(String) } });
    for (const secret of [authToken, accountSid, phone, phone.slice(1), from, '20500', 'Simulated failure']) {
      expect(response.body).not.toContain(secret);
    }
    expect(gateway.messages).toEqual([]);
    expect(await readTwoStepStatus(hub.app, tokens.accessToken)).toMatchObject({ phone: null, phoneVerified: false });
  });

  it('sends the code when asked again after a gateway failure and the resend wait', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const phone = uniquePhone().e164;
    gateway.failNext(503, 20503);
    expect((await twoStepApi.setPhone(hub.app, tokens.accessToken, phone, password)).statusCode).toBe(502);
    hub.clock.advance(30_000);
    expect((await twoStepApi.setPhone(hub.app, tokens.accessToken, phone, password)).statusCode).toBe(202);
    expect((await twoStepApi.verifyPhone(hub.app, tokens.accessToken, lastCodeTo(phone))).statusCode).toBe(200);
  });

  it('answers 502 sms_not_sent on sign-in when the gateway fails to send the sign-in code', async () => {
    const account = await signedInAccount(hub.app);
    const phone = uniquePhone().e164;
    await twoStepApi.setPhone(hub.app, account.tokens.accessToken, phone, account.password);
    await twoStepApi.verifyPhone(hub.app, account.tokens.accessToken, lastCodeTo(phone));
    await twoStepApi.setSms(hub.app, account.tokens.accessToken, true, account.password);
    gateway.failNext(500, 20500);
    const response = await postSignIn(hub.app, account);
    expect(response.statusCode).toBe(502);
    expect(errorOf(response).code).toBe('sms_not_sent');
    expect(response.body).not.toContain(phone);
    expect(response.body).not.toContain(authToken);
  });
});

describe('two-step SMS on a hub with neither a gateway nor development mode', () => {
  let hub: TestHub;
  beforeEach(async () => {
    hub = await createTestHub({ env: { DEV_MODE: 'false' } });
  });
  afterEach(() => hub.close());

  it('answers 400 sms_unavailable when a phone number is set', async () => {
    const account = await createAccount(hub.app); // not activated: the creating browser may sign in
    const tokens = await signIn(hub.app, account);
    const response = await twoStepApi.setPhone(hub.app, tokens.accessToken, uniquePhone().e164, account.password);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('sms_unavailable');
    expect(await readTwoStepStatus(hub.app, tokens.accessToken)).toMatchObject({ phone: null, phoneVerified: false, sms: false });
  });

  it('checks the password before saying SMS is unavailable', async () => {
    const account = await createAccount(hub.app);
    const tokens = await signIn(hub.app, account);
    const response = await twoStepApi.setPhone(hub.app, tokens.accessToken, uniquePhone().e164, 'Not-The-Password-9');
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('wrong_password');
  });

  it('has no development outbox to read codes from', async () => {
    expect((await hub.app.inject({ method: 'GET', url: '/dev/outbox.json' })).statusCode).toBe(404);
  });
});
