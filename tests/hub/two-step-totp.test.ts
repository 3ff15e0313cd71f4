/**
 * Two-step verification with an authenticator app (TOTP) and recovery codes: enrolment, sign-in with
 * app codes (clock drift, replay), recovery codes, removal, and TOTP together with SMS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TotpEnrolment, TwoStepStatus } from '../../lib/protocol/two-step.ts';
import { totpCode } from '../../server/two-step/totp.ts';
import { newDevice } from '../support/hub-client.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';
import {
  errorOf,
  latestSmsCode,
  postSignIn,
  readTwoStepStatus,
  type SignedInAccount,
  signedInAccount,
  smsTo,
  TOTP_STEP_MS,
  turnSmsOn,
  turnTotpOn,
  twoStepApi,
} from '../support/two-step.ts';

describe('authenticator app enrolment', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({ env: { IP_ATTEMPT_CEILING: '1000000' } });
  });
  afterAll(() => hub.close());

  const codeNow = (secret: string) => totpCode(secret, hub.clock());

  it('answers 403 wrong_password and starts nothing when the account password is wrong', async () => {
    const { tokens } = await signedInAccount(hub.app);
    const response = await twoStepApi.startTotp(hub.app, tokens.accessToken, 'Not-The-Password-9');
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('wrong_password');
    const confirm = await twoStepApi.confirmTotp(hub.app, tokens.accessToken, '123456');
    expect(confirm.statusCode).toBe(409);
    expect(errorOf(confirm).code).toBe('totp_not_started');
  });

  it('answers a base32 secret, an otpauth URI naming the issuer and the account, and a PNG QR code', async () => {
    const { email, password, tokens } = await signedInAccount(hub.app);
    const response = await twoStepApi.startTotp(hub.app, tokens.accessToken, password);
    expect(response.statusCode).toBe(200);
    const enrolment = TotpEnrolment.strict().parse(response.json());
    expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolment.otpauthUri.startsWith('otpauth://totp/')).toBe(true);
    const uri = new URL(enrolment.otpauthUri);
    expect(uri.searchParams.get('issuer')).toBe('My Tessera');
    expect(uri.searchParams.get('secret')).toBe(enrolment.secret);
    expect(decodeURIComponent(uri.pathname)).toContain(email);
    expect(enrolment.qrCode.startsWith('data:image/png;base64,')).toBe(true);
    const png = Buffer.from(enrolment.qrCode.slice('data:image/png;base64,'.length), 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('gives a new secret every time enrolment is started', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const first = (await twoStepApi.startTotp(hub.app, tokens.accessToken, password)).json() as TotpEnrolment;
    const second = (await twoStepApi.startTotp(hub.app, tokens.accessToken, password)).json() as TotpEnrolment;
    expect(second.secret).not.toBe(first.secret);
    // Only the latest secret can confirm.
    expect(errorOf(await twoStepApi.confirmTotp(hub.app, tokens.accessToken, codeNow(first.secret))).code).toBe('invalid_code');
    expect((await twoStepApi.confirmTotp(hub.app, tokens.accessToken, codeNow(second.secret))).statusCode).toBe(200);
  });

  it('enforces nothing when enrolment was started but not confirmed', async () => {
    const account = await signedInAccount(hub.app);
    expect((await twoStepApi.startTotp(hub.app, account.tokens.accessToken, account.password)).statusCode).toBe(200);
    expect(await readTwoStepStatus(hub.app, account.tokens.accessToken)).toMatchObject({ totp: false, recoveryCodesLeft: 0 });
    expect((await postSignIn(hub.app, account)).statusCode).toBe(200);
  });

  it('answers 409 totp_not_started when confirming without starting', async () => {
    const { tokens } = await signedInAccount(hub.app);
    const response = await twoStepApi.confirmTotp(hub.app, tokens.accessToken, '123456');
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('totp_not_started');
  });

  it('answers 400 invalid_code and stays off when the confirming code is wrong', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const { secret } = (await twoStepApi.startTotp(hub.app, tokens.accessToken, password)).json() as TotpEnrolment;
    const wrong = totpCode(secret, hub.clock() + 5 * TOTP_STEP_MS);
    const response = await twoStepApi.confirmTotp(hub.app, tokens.accessToken, wrong === codeNow(secret) ? '000000' : wrong);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('invalid_code');
    expect(await readTwoStepStatus(hub.app, tokens.accessToken)).toMatchObject({ totp: false });
  });

  it('answers ten distinct recovery codes and turns TOTP on when the confirming code is right', async () => {
    const { password, tokens } = await signedInAccount(hub.app);
    const { secret } = (await twoStepApi.startTotp(hub.app, tokens.accessToken, password)).json() as TotpEnrolment;
    const response = await twoStepApi.confirmTotp(hub.app, tokens.accessToken, codeNow(secret));
    expect(response.statusCode).toBe(200);
    const { recoveryCodes } = response.json() as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(TwoStepStatus.strict().parse(await readTwoStepStatus(hub.app, tokens.accessToken))).toEqual({
      phone: null,
      phoneVerified: false,
      sms: false,
      totp: true,
      recoveryCodesLeft: 10,
    });
  });

  it('keeps the session already connected working when TOTP is turned on', async () => {
    const account = await signedInAccount(hub.app);
    await turnTotpOn(hub.app, account, codeNow);
    expect((await twoStepApi.status(hub.app, account.tokens.accessToken)).statusCode).toBe(200);
  });
});

describe('signing in with an authenticator app', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({ env: { IP_ATTEMPT_CEILING: '1000000' } });
  });
  afterAll(() => hub.close());

  const codeAt = (secret: string, offsetMs = 0) => totpCode(secret, hub.clock() + offsetMs);

  /** An account with TOTP confirmed one step ago, so the code of the current step is fresh. */
  async function accountWithTotp(): Promise<SignedInAccount & { secret: string; recoveryCodes: string[] }> {
    const account = await signedInAccount(hub.app);
    const enrolled = await turnTotpOn(hub.app, account, (secret) => codeAt(secret));
    hub.clock.advance(TOTP_STEP_MS);
    return { ...account, ...enrolled };
  }

  it('answers 401 second_factor_required with methods totp and recovery, and no SMS fields', async () => {
    const account = await accountWithTotp();
    const response = await postSignIn(hub.app, account);
    expect(response.statusCode).toBe(401);
    const error = errorOf(response);
    expect(error).toMatchObject({ code: 'second_factor_required', methods: ['totp', 'recovery'] });
    expect(error).not.toHaveProperty('phoneHint');
    expect(error).not.toHaveProperty('smsSent');
  });

  it('answers 200 with tokens when the code of the current step comes with the sign-in', async () => {
    const account = await accountWithTotp();
    const response = await postSignIn(hub.app, { ...account, device: newDevice(), secondFactor: { method: 'totp', code: codeAt(account.secret) } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toHaveProperty('accessToken');
  });

  it('refuses the code that confirmed the app when it is used to sign in within the same step', async () => {
    const account = await signedInAccount(hub.app);
    const confirming: string[] = [];
    await turnTotpOn(hub.app, account, (secret) => {
      confirming.push(codeAt(secret));
      return confirming[0] ?? '';
    });
    const response = await postSignIn(hub.app, { ...account, secondFactor: { method: 'totp', code: confirming[0] ?? '' } });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe('invalid_code');
  });

  it('answers 401 invalid_code when the same code is used for a second sign-in (replay)', async () => {
    const account = await accountWithTotp();
    const code = codeAt(account.secret);
    expect((await postSignIn(hub.app, { ...account, secondFactor: { method: 'totp', code } })).statusCode).toBe(200);
    const replay = await postSignIn(hub.app, { ...account, device: newDevice(), secondFactor: { method: 'totp', code } });
    expect(replay.statusCode).toBe(401);
    expect(errorOf(replay)).toMatchObject({ code: 'invalid_code', methods: ['totp', 'recovery'] });
  });

  it('accepts only one of two sign-ins sent at once with the same code', async () => {
    const account = await accountWithTotp();
    const code = codeAt(account.secret);
    const answers = await Promise.all([
      postSignIn(hub.app, { ...account, device: newDevice(), secondFactor: { method: 'totp', code } }),
      postSignIn(hub.app, { ...account, device: newDevice(), secondFactor: { method: 'totp', code } }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 401]);
  });

  it('accepts the code of the next step once the current one is used', async () => {
    const account = await accountWithTotp();
    expect((await postSignIn(hub.app, { ...account, secondFactor: { method: 'totp', code: codeAt(account.secret) } })).statusCode).toBe(200);
    hub.clock.advance(TOTP_STEP_MS);
    expect((await postSignIn(hub.app, { ...account, secondFactor: { method: 'totp', code: codeAt(account.secret) } })).statusCode).toBe(200);
  });

  it('accepts a code one step (30 s) early, for a clock running behind', async () => {
    const account = await accountWithTotp();
    hub.clock.advance(TOTP_STEP_MS); // two steps after the confirmation: one step back is still unused
    const response = await postSignIn(hub.app, { ...account, secondFactor: { method: 'totp', code: codeAt(account.secret, -TOTP_STEP_MS) } });
    expect(response.statusCode).toBe(200);
  });

  it('accepts a code one step (30 s) late, for a clock running ahead', async () => {
    const account = await accountWithTotp();
    const response = await postSignIn(hub.app, { ...account, secondFactor: { method: 'totp', code: codeAt(account.secret, TOTP_STEP_MS) } });
    expect(response.statusCode).toBe(200);
  });

  it('answers 401 invalid_code when the code is two steps behind', async () => {
    const account = await accountWithTotp();
    hub.clock.advance(2 * TOTP_STEP_MS); // three steps after the confirmation: two back is unused but too old
    const response = await postSignIn(hub.app, { ...account, secondFactor: { method: 'totp', code: codeAt(account.secret, -2 * TOTP_STEP_MS) } });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe('invalid_code');
  });

  it('answers 401 invalid_code when the code is two steps ahead', async () => {
    const account = await accountWithTotp();
    const response = await postSignIn(hub.app, { ...account, secondFactor: { method: 'totp', code: codeAt(account.secret, 2 * TOTP_STEP_MS) } });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe('invalid_code');
  });

  it('answers 401 second_factor_required when the code is empty', async () => {
    const account = await accountWithTotp();
    const response = await postSignIn(hub.app, { ...account, secondFactor: { method: 'totp', code: '' } });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe('second_factor_required');
  });

  it('answers 401 invalid_code when the code is not six digits', async () => {
    const account = await accountWithTotp();
    for (const code of ['12345', 'abcdef', '1234567']) {
      const response = await postSignIn(hub.app, { ...account, device: newDevice(), secondFactor: { method: 'totp', code } });
      expect(response.statusCode).toBe(401);
      expect(errorOf(response).code).toBe('invalid_code');
    }
  });

  it('lets a recovery code in once, typed with its dash or without, in any case', async () => {
    const account = await accountWithTotp();
    const [first = '', second = ''] = account.recoveryCodes;
    const withDash = await postSignIn(hub.app, { ...account, secondFactor: { method: 'recovery', code: first.toUpperCase() } });
    expect(withDash.statusCode).toBe(200);
    const withoutDash = await postSignIn(hub.app, {
      ...account,
      device: newDevice(),
      secondFactor: { method: 'recovery', code: ` ${second.replace('-', '').toUpperCase()} ` },
    });
    expect(withoutDash.statusCode).toBe(200);

    const reused = await postSignIn(hub.app, { ...account, device: newDevice(), secondFactor: { method: 'recovery', code: first.replace('-', '') } });
    expect(reused.statusCode).toBe(401);
    expect(errorOf(reused).code).toBe('invalid_code');
  });

  it('counts the recovery codes left down as they are used', async () => {
    const account = await accountWithTotp();
    expect(await readTwoStepStatus(hub.app, account.tokens.accessToken)).toMatchObject({ recoveryCodesLeft: 10 });
    for (const code of account.recoveryCodes.slice(0, 3)) {
      expect((await postSignIn(hub.app, { ...account, secondFactor: { method: 'recovery', code } })).statusCode).toBe(200);
    }
    const tokens = (await postSignIn(hub.app, { ...account, secondFactor: { method: 'recovery', code: account.recoveryCodes[3] ?? '' } })).json() as {
      accessToken: string;
    };
    expect(await readTwoStepStatus(hub.app, tokens.accessToken)).toMatchObject({ totp: true, recoveryCodesLeft: 6 });
  });

  it('answers 401 invalid_code when the recovery code is another account’s', async () => {
    const account = await accountWithTotp();
    const other = await accountWithTotp();
    const response = await postSignIn(hub.app, { ...account, secondFactor: { method: 'recovery', code: other.recoveryCodes[0] ?? '' } });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe('invalid_code');
  });

  it('answers 403 wrong_password and keeps TOTP on when removing with a wrong password', async () => {
    const account = await accountWithTotp();
    const response = await twoStepApi.removeTotp(hub.app, account.tokens.accessToken, 'Not-The-Password-9');
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('wrong_password');
    expect(await readTwoStepStatus(hub.app, account.tokens.accessToken)).toMatchObject({ totp: true });
    expect(errorOf(await postSignIn(hub.app, account)).code).toBe('second_factor_required');
  });

  it('lets a sign-in through without a code when TOTP has been removed', async () => {
    const account = await accountWithTotp();
    const response = await twoStepApi.removeTotp(hub.app, account.tokens.accessToken, account.password);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ totp: false, sms: false });
    expect((await postSignIn(hub.app, account)).statusCode).toBe(200);
  });

  it('refuses the old app’s codes when TOTP has been removed and set up again', async () => {
    const account = await accountWithTotp();
    await twoStepApi.removeTotp(hub.app, account.tokens.accessToken, account.password);
    const again = await turnTotpOn(hub.app, account, (secret) => codeAt(secret));
    expect(again.secret).not.toBe(account.secret);
    hub.clock.advance(TOTP_STEP_MS);
    const old = await postSignIn(hub.app, { ...account, secondFactor: { method: 'totp', code: codeAt(account.secret) } });
    if (codeAt(account.secret) !== codeAt(again.secret)) expect(errorOf(old).code).toBe('invalid_code');
    const oldRecovery = await postSignIn(hub.app, { ...account, device: newDevice(), secondFactor: { method: 'recovery', code: account.recoveryCodes[0] ?? '' } });
    expect(errorOf(oldRecovery).code).toBe('invalid_code');
    expect((await postSignIn(hub.app, { ...account, secondFactor: { method: 'totp', code: codeAt(again.secret) } })).statusCode).toBe(200);
  });
});

describe('signing in with both SMS and an authenticator app on', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({ env: { IP_ATTEMPT_CEILING: '1000000' } });
  });
  afterAll(() => hub.close());

  const codeAt = (secret: string) => totpCode(secret, hub.clock());

  async function accountWithBoth() {
    const account = await signedInAccount(hub.app);
    const phone = await turnSmsOn(hub.app, account);
    const enrolled = await turnTotpOn(hub.app, account, codeAt);
    hub.clock.advance(TOTP_STEP_MS);
    return { ...account, ...enrolled, phone };
  }

  it('answers methods totp, sms, recovery and sends no SMS when the sign-in carries no second factor', async () => {
    const account = await accountWithBoth();
    const response = await postSignIn(hub.app, account);
    expect(response.statusCode).toBe(401);
    const error = errorOf(response);
    expect(error).toMatchObject({ code: 'second_factor_required', methods: ['totp', 'sms', 'recovery'], smsSent: false, smsResendIn: 0 });
    expect(error.phoneHint).toBeDefined();
    expect(await smsTo(hub.app, account.phone, 'sms.sign_in_code')).toEqual([]);
  });

  it('sends one SMS when the sign-in asks for it with method sms, and its code signs in', async () => {
    const account = await accountWithBoth();
    await postSignIn(hub.app, account);
    const asked = await postSignIn(hub.app, { ...account, secondFactor: { method: 'sms' } });
    expect(errorOf(asked)).toMatchObject({ code: 'second_factor_required', smsSent: true });
    expect(await smsTo(hub.app, account.phone, 'sms.sign_in_code')).toHaveLength(1);
    const code = await latestSmsCode(hub.app, account.phone, 'sms.sign_in_code');
    expect((await postSignIn(hub.app, { ...account, secondFactor: { method: 'sms', code } })).statusCode).toBe(200);
  });

  it('still accepts the app code when SMS is on too', async () => {
    const account = await accountWithBoth();
    expect((await postSignIn(hub.app, { ...account, secondFactor: { method: 'totp', code: codeAt(account.secret) } })).statusCode).toBe(200);
    expect(await smsTo(hub.app, account.phone, 'sms.sign_in_code')).toEqual([]);
  });

  it('needs the SMS code (sent on its own again) when TOTP is removed but SMS stays on', async () => {
    const account = await accountWithBoth();
    expect((await twoStepApi.removeTotp(hub.app, account.tokens.accessToken, account.password)).statusCode).toBe(200);
    const response = await postSignIn(hub.app, account);
    expect(response.statusCode).toBe(401);
    const error = errorOf(response);
    expect(error).toMatchObject({ code: 'second_factor_required', smsSent: true });
    expect(error.methods?.[0]).toBe('sms');
    expect(error.methods).not.toContain('totp');
    expect(await smsTo(hub.app, account.phone, 'sms.sign_in_code')).toHaveLength(1);
  });
});
