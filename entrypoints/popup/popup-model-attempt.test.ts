import { afterEach, describe, expect, it, vi } from 'vitest';
import { samplePending, sampleSecondFactor, VAULT_LOCKED } from '../../tests/unit/support/popup-fixtures.ts';
import type { PendingAttempt, SessionStatus, Settings } from '../../lib/messaging/messages.ts';
import { useEnglish } from '../../tests/unit/support/english.ts';
import { sampleAccount } from '../../tests/unit/support/fixtures.ts';
import { createPopupModel, type PopupModel } from './popup-model.ts';
import { fail, ok, type Script, scriptedBackground } from '../../tests/unit/support/scripted-background.ts';

useEnglish();

const NOW = Date.UTC(2026, 0, 10, 12);
const SIGNED_IN: SessionStatus = { state: 'signed_in', account: sampleAccount(), devices: null, deviceId: 'd-1', offlineSince: null };
const SETTINGS: Settings = { serverAddress: 'https://hub.tessera.example', builtInServerAddress: 'https://hub.tessera.example', custom: false };
const signedOut = (pending: PendingAttempt | null = null): SessionStatus => ({ state: 'signed_out', lastEmail: 'someone@example.com', pending });

const models: PopupModel[] = [];
afterEach(() => {
  for (const model of models.splice(0)) model.dispose();
  vi.useRealTimers();
});

/**
 * The popup against a background that keeps a status: `session.status` answers it, and the
 * scripted messages may change it (as the real background does when the hub interrupts).
 */
function popup(initial: SessionStatus, script: (background: { status: SessionStatus }) => Script = () => ({})) {
  const state = { status: initial };
  const background = scriptedBackground({
    'session.status': () => ok<'session.status'>(state.status),
    'settings.get': () => ok<'settings.get'>(SETTINGS),
    'vault.status': () => ok<'vault.status'>(VAULT_LOCKED),
    ...script(state),
  });
  const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn() });
  models.push(model);
  return { model, background, state };
}

/** A popup opened while the background holds `pending`. */
async function openedOn(pending: PendingAttempt, script?: (background: { status: SessionStatus }) => Script) {
  const opened = popup(signedOut(pending), script);
  await opened.model.start();
  opened.background.calls.length = 0;
  return opened;
}

describe('popup model: an interrupted sign-in', () => {
  it('reads the status again and shows the Security Check without a repeated alert when sign-in answers captcha_required', async () => {
    const { model, background } = popup(signedOut(), (state) => ({
      'session.signIn': () => {
        state.status = signedOut(samplePending());
        return fail('captcha_required');
      },
    }));
    model.showSignIn();
    await model.signIn('someone@example.com', 'Quartz-Lantern-47');
    expect(background.types()).toEqual(['session.signIn', 'session.status']);
    expect(model.screen.value).toBe('securityCheck');
    expect(model.pending.value).toEqual(samplePending());
    expect(model.error.value).toBeNull();
    expect(model.busy.value).toBe(false);
  });

  it('shows the same Security Check at once when the popup opens while the background keeps the attempt', async () => {
    const first = await openedOn(samplePending());
    const reopened = await openedOn(samplePending());
    expect([first.model.screen.value, reopened.model.screen.value]).toEqual(['securityCheck', 'securityCheck']);
    expect(reopened.model.pending.value).toEqual(first.model.pending.value);
  });

  it('shows the two-step step at once when the popup opens at that step', async () => {
    const { model } = await openedOn(sampleSecondFactor());
    expect(model.screen.value).toBe('secondFactor');
  });

  it('leaves out an empty password and keeps "did not match" on the new picture when continuing answers captcha_invalid', async () => {
    const newPicture = samplePending({ captcha: { image: 'data:image/png;base64,bmV3', expiresAt: NOW + 300_000 }, failures: 1 });
    const { model, background } = await openedOn(samplePending(), (state) => ({
      'attempt.continue': () => {
        state.status = signedOut(newPicture);
        return fail('captcha_invalid');
      },
    }));
    await model.continueAttempt({ captchaAnswer: 'WRONG', password: '' });
    expect(background.calls).toEqual([
      { type: 'attempt.continue', payload: { captchaAnswer: 'WRONG' } },
      { type: 'session.status', payload: {} },
    ]);
    expect(model.screen.value).toBe('securityCheck');
    expect(model.pending.value?.captcha?.image).toBe('data:image/png;base64,bmV3');
    expect(model.error.value).toBe('Those characters did not match. Try the new picture.');
  });

  it('moves on to the two-step step when the solved Security Check is followed by second_factor_required', async () => {
    const { model } = await openedOn(samplePending(), (state) => ({
      'attempt.continue': () => {
        state.status = signedOut(sampleSecondFactor());
        return fail('second_factor_required');
      },
    }));
    await model.continueAttempt({ captchaAnswer: 'AB12X' });
    expect(model.screen.value).toBe('secondFactor');
    expect(model.error.value).toBeNull();
  });

  it('shows the vault when continuing succeeds', async () => {
    const { model, background } = await openedOn(sampleSecondFactor(), () => ({ 'attempt.continue': () => ok<'attempt.continue'>(SIGNED_IN) }));
    await model.continueAttempt({ secondFactor: { method: 'sms', code: '123456' } });
    expect(background.calls[0]).toEqual({ type: 'attempt.continue', payload: { secondFactor: { method: 'sms', code: '123456' } } });
    expect(model.screen.value).toBe('vault');
    expect(model.draft.value).toBeNull();
  });

  it('explains a wrong code and stays on the step when continuing answers invalid_code', async () => {
    const { model } = await openedOn(sampleSecondFactor(), (state) => ({
      'attempt.continue': () => {
        state.status = signedOut(sampleSecondFactor({}, { failures: 1 }));
        return fail('invalid_code');
      },
    }));
    await model.continueAttempt({ secondFactor: { method: 'sms', code: '000000' } });
    expect(model.screen.value).toBe('secondFactor');
    expect(model.error.value).toBe('That code is not correct. Check it and try again.');
  });

  it('returns to the filled sign-in form with the error when the background drops the attempt', async () => {
    const { model } = await openedOn(samplePending({ email: 'typo@example.com' }), (state) => ({
      'attempt.continue': () => {
        state.status = signedOut(null);
        return fail('invalid_credentials');
      },
    }));
    await model.continueAttempt({ captchaAnswer: 'AB12X' });
    expect(model.screen.value).toBe('signIn');
    expect(model.error.value).toBe('The email address or password is not correct.');
    expect(model.draft.value?.email).toBe('typo@example.com');
  });

  it('returns to the sign-in form without an error when the attempt is cancelled', async () => {
    const { model, background } = await openedOn(samplePending(), () => ({ 'attempt.cancel': () => ok<'attempt.cancel'>(signedOut(null)) }));
    await model.cancelAttempt();
    expect(background.types()).toEqual(['attempt.cancel']);
    expect(model.screen.value).toBe('signIn');
    expect(model.error.value).toBeNull();
  });

  it('returns to the Create Account form when an interrupted account creation is cancelled', async () => {
    const creating = samplePending({ kind: 'createAccount', region: 'de', marketingConsent: true });
    const { model } = await openedOn(creating, () => ({ 'attempt.cancel': () => ok<'attempt.cancel'>(signedOut(null)) }));
    await model.cancelAttempt();
    expect(model.screen.value).toBe('createAccount');
    expect(model.draft.value).toEqual(creating);
  });

  it('stays on the step with the error when cancelling fails', async () => {
    const { model } = await openedOn(samplePending(), () => ({ 'attempt.cancel': () => fail('internal_error') }));
    await model.cancelAttempt();
    expect(model.screen.value).toBe('securityCheck');
    expect(model.error.value).toBe('Something went wrong. Try again.');
  });

  it('shows the Security Check when creating an account answers captcha_required', async () => {
    const creating = samplePending({ kind: 'createAccount', region: 'de', marketingConsent: false });
    const { model } = popup(signedOut(), (state) => ({
      'account.create': () => {
        state.status = signedOut(creating);
        return fail('captcha_required');
      },
    }));
    model.showCreateAccount();
    await model.createAccount({ email: 'someone@example.com', password: 'Quartz-Lantern-47', confirm: 'Quartz-Lantern-47', region: 'de', marketingConsent: false });
    expect(model.screen.value).toBe('securityCheck');
    expect(model.pending.value?.kind).toBe('createAccount');
  });

  it('keeps the sign-in form and the error when the status cannot be read after a failure', async () => {
    const { model } = popup(signedOut(), () => ({ 'session.signIn': () => fail('captcha_required'), 'session.status': () => fail('internal_error') }));
    model.showSignIn();
    await model.signIn('someone@example.com', 'Quartz-Lantern-47');
    expect(model.screen.value).toBe('signIn');
    expect(model.error.value).toBe('Enter the characters from the picture.');
  });

  it('shows the new picture and no error when New picture succeeds', async () => {
    const next = samplePending({ captcha: { image: 'data:image/png;base64,bmV3', expiresAt: NOW + 300_000 } });
    const { model, background } = await openedOn(samplePending(), () => ({ 'attempt.newPicture': () => ok<'attempt.newPicture'>(signedOut(next)) }));
    await model.newPicture();
    expect(background.types()).toEqual(['attempt.newPicture']);
    expect(model.pending.value).toEqual(next);
    expect(model.error.value).toBeNull();
  });

  it('explains the failure and stays on the step when Send a new code answers sms_unavailable', async () => {
    const { model } = await openedOn(sampleSecondFactor(), () => ({ 'attempt.resendSms': () => fail('sms_unavailable') }));
    await model.resendSms();
    expect(model.screen.value).toBe('secondFactor');
    expect(model.error.value).toBe('Text messages cannot be sent right now. Use another method, or try again later.');
  });
});

describe('popup model: a lost password', () => {
  it('hands the password typed again to the background first, then asks for the SMS, when Send a new code needs it', async () => {
    const { model, background } = await openedOn(sampleSecondFactor({}, { hasPassword: false }), (state) => ({
      'attempt.continue': () => {
        state.status = signedOut(sampleSecondFactor());
        return ok<'attempt.continue'>(state.status);
      },
      'attempt.resendSms': () => ok<'attempt.resendSms'>(signedOut(sampleSecondFactor({ smsResendAt: NOW + 30_000 }))),
    }));
    await model.resendSms('Quartz-Lantern-47');
    expect(background.calls).toEqual([
      { type: 'attempt.continue', payload: { password: 'Quartz-Lantern-47' } },
      { type: 'attempt.resendSms', payload: {} },
    ]);
    expect(model.pending.value?.secondFactor?.smsResendAt).toBe(NOW + 30_000);
  });

  it('asks for no SMS when handing over the password fails', async () => {
    const { model, background } = await openedOn(sampleSecondFactor({}, { hasPassword: false }), () => ({ 'attempt.continue': () => fail('internal_error') }));
    await model.resendSms('Quartz-Lantern-47');
    expect(background.types()).toEqual(['attempt.continue', 'session.status']);
    expect(model.error.value).toBe('Something went wrong. Try again.');
  });

  it('keeps the Security Check and asks for the password when the hub says it was wrong', async () => {
    const { model } = await openedOn(samplePending(), (state) => ({
      'attempt.continue': () => {
        state.status = signedOut(samplePending({ hasPassword: false, failures: 1, captcha: { image: 'data:image/png;base64,bmV3', expiresAt: NOW + 300_000 } }));
        return fail('invalid_credentials');
      },
    }));
    await model.continueAttempt({ captchaAnswer: 'AB12X' });
    expect(model.screen.value).toBe('securityCheck');
    expect(model.pending.value?.hasPassword).toBe(false);
    expect(model.error.value).toBe('The email address or password is not correct.');
  });
});

describe('popup model: countdowns', () => {
  it('counts the wait down once a second and then lets the user try again when the background holds attempts back', async () => {
    vi.useFakeTimers({ now: NOW });
    const { model } = await openedOn(samplePending({ retryAt: NOW + 4000, failures: 3 }));
    expect(model.retryIn.value).toBe(4);
    expect(model.waitMessage.value).toBe('Too many attempts, try again in 4 seconds.');
    vi.advanceTimersByTime(1000);
    expect(model.waitMessage.value).toBe('Too many attempts, try again in 3 seconds.');
    vi.advanceTimersByTime(3000);
    expect(model.waitMessage.value).toBeNull();
    expect(model.retryIn.value).toBe(0);
  });

  it('says minutes for a long wait, without a second fixed alert, when the hub answers rate_limited', async () => {
    vi.useFakeTimers({ now: NOW });
    const { model } = await openedOn(samplePending(), (state) => ({
      'attempt.continue': () => {
        state.status = signedOut(samplePending({ retryAt: NOW + 240_000 }));
        return fail('rate_limited', { retryAfterSeconds: 240 });
      },
    }));
    await model.continueAttempt({ captchaAnswer: 'AB12X' });
    expect(model.waitMessage.value).toBe('Too many attempts, try again in 4 minutes.');
    expect(model.error.value).toBeNull();
  });

  it('counts the hub’s rate_limited wait down on the plain sign-in form too, instead of a fixed alert', async () => {
    vi.useFakeTimers({ now: NOW });
    const { model } = popup(signedOut(), () => ({ 'session.signIn': () => fail('rate_limited', { retryAfterSeconds: 240 }) }));
    model.showSignIn();
    await model.signIn('someone@example.com', 'Quartz-Lantern-47');
    expect(model.screen.value).toBe('signIn');
    expect(model.waitMessage.value).toBe('Too many attempts, try again in 4 minutes.');
    expect(model.error.value).toBeNull();
    vi.advanceTimersByTime(240_000);
    expect(model.waitMessage.value).toBeNull();
  });

  it('holds the sign-in button back for the background’s backoff after a wrong password, keeping the wrong-password words', async () => {
    vi.useFakeTimers({ now: NOW });
    const { model } = popup(signedOut(), () => ({ 'session.signIn': () => fail('invalid_credentials', { retryAfterSeconds: 2 }) }));
    model.showSignIn();
    await model.signIn('someone@example.com', 'Wrong-Password-1');
    expect(model.error.value).toBe('The email address or password is not correct.');
    expect(model.waitMessage.value).toBe('Too many attempts, try again in 2 seconds.');
    vi.advanceTimersByTime(2000);
    expect(model.waitMessage.value).toBeNull();
  });

  it('counts down until another SMS may be asked for when on the two-step step', async () => {
    vi.useFakeTimers({ now: NOW });
    const { model } = await openedOn(sampleSecondFactor({ smsResendAt: NOW + 30_000 }));
    expect(model.smsResendMessage.value).toBe('You can ask for a new code in 30 seconds.');
    vi.advanceTimersByTime(30_000);
    expect(model.smsResendMessage.value).toBeNull();
  });

  it('marks the picture expired once its time is up', async () => {
    vi.useFakeTimers({ now: NOW });
    const { model } = await openedOn(samplePending({ captcha: { image: 'data:image/png;base64,eA==', expiresAt: NOW + 2000 } }));
    expect(model.pictureExpired.value).toBe(false);
    vi.advanceTimersByTime(2000);
    expect(model.pictureExpired.value).toBe(true);
  });

  it('runs no timer when nothing is counting down', async () => {
    vi.useFakeTimers({ now: NOW });
    await openedOn(samplePending({ captcha: { image: 'data:image/png;base64,eA==', expiresAt: NOW - 1 } }));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops the timer when the user leaves the step', async () => {
    vi.useFakeTimers({ now: NOW });
    const { model } = await openedOn(samplePending({ retryAt: NOW + 60_000 }), () => ({ 'attempt.cancel': () => ok<'attempt.cancel'>(signedOut(null)) }));
    expect(vi.getTimerCount()).toBe(1);
    await model.cancelAttempt();
    expect(vi.getTimerCount()).toBe(0);
  });
});
