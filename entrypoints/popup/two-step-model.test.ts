import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleTwoStepStatus } from '../../tests/unit/support/popup-fixtures.ts';
import type { SessionStatus, Settings } from '../../lib/messaging/messages.ts';
import type { TotpEnrolment } from '../../lib/protocol/two-step.ts';
import { useEnglish } from '../../tests/unit/support/english.ts';
import { sampleAccount } from '../../tests/unit/support/fixtures.ts';
import { createPopupModel, type PopupModel } from './popup-model.ts';
import { fail, ok, type Script, scriptedBackground } from '../../tests/unit/support/scripted-background.ts';

useEnglish();

const NOW = Date.UTC(2026, 0, 10, 12);
const SIGNED_IN: SessionStatus = { state: 'signed_in', account: sampleAccount({ activated: true }), devices: [], deviceId: 'd-1', offlineSince: null };
const SETTINGS: Settings = { serverAddress: 'https://hub.tessera.example', builtInServerAddress: 'https://hub.tessera.example', custom: false };
const VERIFIED = sampleTwoStepStatus({ phone: '+491512345678', phoneVerified: true });
const ENROLMENT: TotpEnrolment = { secret: 'JBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/Tessera:a?secret=JBSWY3DPEHPK3PXP', qrCode: 'data:image/png;base64,cXI=' };
const CODES = Array.from({ length: 10 }, (_, index) => `code-${index}`);

const models: PopupModel[] = [];
afterEach(() => {
  for (const model of models.splice(0)) model.dispose();
  vi.useRealTimers();
});

/** A signed-in popup on the two-step screen, its status loaded. */
async function onTwoStep(script: Script = {}) {
  const background = scriptedBackground({
    'session.status': () => ok<'session.status'>(SIGNED_IN),
    'settings.get': () => ok<'settings.get'>(SETTINGS),
    'account.refresh': () => ok<'account.refresh'>(SIGNED_IN),
    'twoStep.status': () => ok<'twoStep.status'>(sampleTwoStepStatus()),
    // Signed in, the popup asks for the vault first (and again when the account screen closes).
    'vault.status': () => ok<'vault.status'>({ state: 'locked', changedElsewhere: false, lockTimeout: 15 }),
    ...script,
  });
  const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn() });
  models.push(model);
  await model.start();
  model.openTwoStep();
  await vi.waitFor(() => expect(model.twoStep.status.value).not.toBeNull());
  background.calls.length = 0;
  return { model, background, twoStep: model.twoStep };
}

describe('popup model: two-step settings', () => {
  it('loads the two-step status when the screen opens', async () => {
    const { model } = await onTwoStep();
    expect(model.screen.value).toBe('twoStep');
    expect(model.twoStep.status.value).toEqual(sampleTwoStepStatus());
  });

  it('shows the error and offers to load again when the status cannot be loaded', async () => {
    const background = scriptedBackground({ 'twoStep.status': () => fail('network_error') });
    const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn() });
    models.push(model);
    model.openTwoStep();
    await vi.waitFor(() => expect(model.busy.value).toBe(false));
    expect(model.twoStep.status.value).toBeNull();
    expect(model.error.value).toMatch(/Can’t reach the Tessera server/);
  });

  it('sends the phone without spaces, remembers where the code went and counts down to the next one when Send code succeeds', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] });
    const { background, twoStep } = await onTwoStep({ 'twoStep.setPhone': () => ok<'twoStep.setPhone'>({ smsResendIn: 30 }) });
    expect(await twoStep.sendPhoneCode('+49 151 2345678', 'Quartz-Lantern-47')).toBe(true);
    expect(background.calls).toEqual([{ type: 'twoStep.setPhone', payload: { phone: '+491512345678', password: 'Quartz-Lantern-47' } }]);
    expect(twoStep.codeSentTo.value).toBe('+491512345678');
    expect(twoStep.sendAgainMessage.value).toBe('You can send a new code in 30 seconds.');
    vi.advanceTimersByTime(30_000);
    expect(twoStep.sendAgainMessage.value).toBeNull();
  });

  it.each([
    ['wrong_password', 'The account password is not correct.'],
    ['invalid_phone', 'Enter the phone number with + and the country code, for example +49 151 23456789.'],
    ['sms_not_sent', 'The text message could not be sent. Check the number and try again in a few minutes.'],
  ] as const)('explains %s and reports failure when Send code fails', async (code, words) => {
    const { model, twoStep } = await onTwoStep({ 'twoStep.setPhone': () => fail(code) });
    expect(await twoStep.sendPhoneCode('+491512345678', 'pw')).toBe(false);
    expect(model.error.value).toBe(words);
    expect(twoStep.codeSentTo.value).toBeNull();
  });

  it('says how long to wait and holds Send code back when the hub answers rate_limited', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] });
    const { model, twoStep } = await onTwoStep({ 'twoStep.setPhone': () => fail('rate_limited', { retryAfterSeconds: 240 }) });
    await twoStep.sendPhoneCode('+491512345678', 'pw');
    expect(model.error.value).toBe('Too many attempts, try again in 4 minutes.');
    expect(twoStep.sendAgainMessage.value).toBe('You can send a new code in 4 minutes.');
  });

  it('shows the verified phone and says so when Verify phone succeeds', async () => {
    const { model, twoStep, background } = await onTwoStep({
      'twoStep.setPhone': () => ok<'twoStep.setPhone'>({ smsResendIn: 30 }),
      'twoStep.verifyPhone': () => ok<'twoStep.verifyPhone'>(VERIFIED),
    });
    await twoStep.sendPhoneCode('+491512345678', 'pw');
    expect(await twoStep.verifyPhone(' 123 456 ')).toBe(true);
    expect(background.calls[1]).toEqual({ type: 'twoStep.verifyPhone', payload: { code: '123456' } });
    expect(twoStep.status.value).toEqual(VERIFIED);
    expect(twoStep.codeSentTo.value).toBeNull();
    expect(model.notice.value).toBe('Your phone number is verified.');
  });

  it.each([
    ['invalid_code', 'That code is not correct. Check it and try again.'],
    ['code_expired', 'That code has expired or was tried too often. Ask for a new code.'],
  ] as const)('explains %s and keeps waiting for the code when Verify phone fails', async (code, words) => {
    const { model, twoStep } = await onTwoStep({
      'twoStep.setPhone': () => ok<'twoStep.setPhone'>({ smsResendIn: 30 }),
      'twoStep.verifyPhone': () => fail(code),
    });
    await twoStep.sendPhoneCode('+491512345678', 'pw');
    expect(await twoStep.verifyPhone('000000')).toBe(false);
    expect(model.error.value).toBe(words);
    expect(twoStep.codeSentTo.value).toBe('+491512345678');
  });

  it('turns SMS two-step on and says so when the password is right', async () => {
    const { model, twoStep, background } = await onTwoStep({ 'twoStep.setSms': (payload) => ok<'twoStep.setSms'>({ ...VERIFIED, sms: payload.enabled }) });
    expect(await twoStep.setSms(true, 'Quartz-Lantern-47')).toBe(true);
    expect(background.calls).toEqual([{ type: 'twoStep.setSms', payload: { enabled: true, password: 'Quartz-Lantern-47' } }]);
    expect(twoStep.status.value?.sms).toBe(true);
    expect(model.notice.value).toBe('Two-step verification by SMS is on.');
  });

  it('explains phone_not_verified when SMS two-step cannot be turned on yet', async () => {
    const { model, twoStep } = await onTwoStep({ 'twoStep.setSms': () => fail('phone_not_verified') });
    expect(await twoStep.setSms(true, 'pw')).toBe(false);
    expect(model.error.value).toBe('Verify your phone number first: send a code to it and enter the code.');
    expect(model.notice.value).toBeNull();
  });

  it('shows the QR code, then the ten recovery codes once, when the authenticator is set up and confirmed', async () => {
    const { model, twoStep } = await onTwoStep({
      'twoStep.startTotp': () => ok<'twoStep.startTotp'>(ENROLMENT),
      'twoStep.confirmTotp': () => ok<'twoStep.confirmTotp'>({ recoveryCodes: CODES }),
    });
    expect(await twoStep.startTotp('pw')).toBe(true);
    expect(twoStep.enrolment.value).toEqual(ENROLMENT);
    expect(await twoStep.confirmTotp('123 456')).toBe(true);
    expect(twoStep.enrolment.value).toBeNull();
    expect(twoStep.recoveryCodes.value).toEqual(CODES);
    expect(twoStep.status.value).toMatchObject({ totp: true, recoveryCodesLeft: 10 });
    expect(model.notice.value).toBe('The authenticator app is on.');
    twoStep.recoveryCodesSaved();
    expect(twoStep.recoveryCodes.value).toBeNull();
  });

  it('drops the finished setup and says to start again when the hub answers totp_not_started', async () => {
    const { model, twoStep } = await onTwoStep({
      'twoStep.startTotp': () => ok<'twoStep.startTotp'>(ENROLMENT),
      'twoStep.confirmTotp': () => fail('totp_not_started'),
    });
    await twoStep.startTotp('pw');
    expect(await twoStep.confirmTotp('123456')).toBe(false);
    expect(twoStep.enrolment.value).toBeNull();
    expect(model.error.value).toBe('The authenticator setup has ended. Choose Set up authenticator app to start again.');
  });

  it('keeps the setup open to try another code when the first code is wrong', async () => {
    const { twoStep } = await onTwoStep({ 'twoStep.startTotp': () => ok<'twoStep.startTotp'>(ENROLMENT), 'twoStep.confirmTotp': () => fail('invalid_code') });
    await twoStep.startTotp('pw');
    await twoStep.confirmTotp('000000');
    expect(twoStep.enrolment.value).toEqual(ENROLMENT);
  });

  it('turns the authenticator off when the password is right and explains a wrong one', async () => {
    let answer: 'ok' | 'wrong' = 'wrong';
    const { model, twoStep } = await onTwoStep({
      'twoStep.disableTotp': () => (answer === 'ok' ? ok<'twoStep.disableTotp'>(sampleTwoStepStatus()) : fail('wrong_password')),
    });
    expect(await twoStep.disableTotp('typo')).toBe(false);
    expect(model.error.value).toBe('The account password is not correct.');
    answer = 'ok';
    expect(await twoStep.disableTotp('Quartz-Lantern-47')).toBe(true);
    expect(model.notice.value).toBe('The authenticator app is off.');
  });

  it('returns to the account and forgets the screen’s state when Back is used', async () => {
    const { model, twoStep } = await onTwoStep({ 'twoStep.startTotp': () => ok<'twoStep.startTotp'>(ENROLMENT) });
    await twoStep.startTotp('pw');
    model.closeTwoStep();
    expect(model.screen.value).toBe('account');
    expect(twoStep.enrolment.value).toBeNull();
    expect(twoStep.status.value).toBeNull();
  });

  it('shows the sign-in screen with "You were signed out" when a change answers unauthorized', async () => {
    let signedIn = true;
    const { model } = await onTwoStep({
      'session.status': () => ok<'session.status'>(signedIn ? SIGNED_IN : { state: 'signed_out', lastEmail: 'someone@example.com', pending: null }),
      'twoStep.setSms': () => {
        signedIn = false;
        return fail('unauthorized');
      },
    });
    await model.twoStep.setSms(true, 'pw');
    await vi.waitFor(() => expect(model.screen.value).toBe('signIn'));
    expect(model.error.value).toBe('You were signed out. Sign in again.');
  });
});
