import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { MessageResult, MessageType, RequestOf, SessionStatus, Settings } from '../../lib/messaging/messages.ts';
import { samplePending, sampleSecondFactor, sampleTwoStepStatus, VAULT_LOCKED } from '../../tests/unit/support/popup-fixtures.ts';
import { useEnglish } from '../../tests/unit/support/english.ts';
import { App } from './app.tsx';
import { createPopupModel } from './popup-model.ts';
import { ok, type Script, scriptedBackground } from '../../tests/unit/support/scripted-background.ts';

useEnglish();

const SIGNED_IN: SessionStatus = {
  state: 'signed_in',
  account: {
    id: 'acc-1',
    email: 'someone@example.com',
    region: 'fr',
    language: 'fr',
    activated: true,
    marketingConsent: false,
    marketingConsentAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  devices: [],
  deviceId: 'd-1',
  offlineSince: null,
};
const SETTINGS: Settings = { serverAddress: 'https://hub.tessera.example', builtInServerAddress: 'https://hub.tessera.example', custom: false };

/** The popup against a background that answers from `answers` (one status per message type). */
function popup(answers: { status: SessionStatus; refresh?: SessionStatus }) {
  const send = async <T extends MessageType>(type: T, _payload: RequestOf<T>): Promise<MessageResult<T>> => {
    const values: Partial<Record<MessageType, unknown>> = {
      'session.status': answers.status,
      'settings.get': SETTINGS,
      'account.refresh': answers.refresh ?? answers.status,
      'vault.status': VAULT_LOCKED,
    };
    if (!(type in values)) throw new Error(`unexpected message ${type}`);
    return { ok: true, value: values[type] } as MessageResult<T>;
  };
  const model = createPopupModel({ send, requestHostPermission: vi.fn(async () => true) });
  render(<App model={model} />);
  return model;
}

describe('popup App', () => {
  it('shows Loading… and then the unlock screen, with the account a button away, when signed in and the vault is locked', async () => {
    const model = popup({ status: SIGNED_IN });
    expect(screen.getByText('Loading…')).toBeTruthy();
    await model.start();
    expect(await screen.findByRole('heading', { name: 'Unlock your vault' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Account' }));
    expect(await screen.findByRole('heading', { name: 'My Tessera' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign Out' })).toBeTruthy();
  });

  it('shows the sign-in screen with "You were signed out" when the refresh finds the session gone', async () => {
    const model = popup({ status: SIGNED_IN, refresh: { state: 'signed_out', lastEmail: 'someone@example.com', pending: null } });
    await model.start();
    expect(await screen.findByRole('heading', { name: 'Sign In to My Tessera' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('You were signed out. Sign in again.');
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Email address' }).value).toBe('someone@example.com');
  });

  it('opens settings with Save disabled when signed in', async () => {
    const model = popup({ status: SIGNED_IN });
    await model.start();
    fireEvent.click(await screen.findByRole('button', { name: 'Account' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Save' }).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByRole('button', { name: 'Sign Out' })).toBeTruthy();
  });
});

describe('popup App: Security Check and two-step', () => {
  const typeInto = (element: HTMLElement, value: string) => fireEvent.input(element, { target: { value } });

  /** A popup on a background that keeps `state.status`; the script may change it. */
  function statefulPopup(initial: SessionStatus, script: (state: { status: SessionStatus }) => Script) {
    const state = { status: initial };
    const background = scriptedBackground({
      'session.status': () => ok<'session.status'>(state.status),
      'settings.get': () => ok<'settings.get'>(SETTINGS),
      'account.refresh': () => ok<'account.refresh'>(state.status),
      'vault.status': () => ok<'vault.status'>(VAULT_LOCKED),
      ...script(state),
    });
    const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn(async () => true) });
    render(<App model={model} />);
    return { model, background };
  }

  it('shows the Security Check again when reopened, and the vault once the characters are right', async () => {
    const pending = samplePending();
    const { model, background } = statefulPopup({ state: 'signed_out', lastEmail: null, pending }, (state) => ({
      'attempt.continue': () => {
        state.status = SIGNED_IN;
        return ok<'attempt.continue'>(SIGNED_IN);
      },
    }));
    await model.start();
    expect(await screen.findByRole('heading', { name: 'Security Check' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Security Check picture' })).toBeTruthy();
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Email address' }).value).toBe('someone@example.com');
    typeInto(screen.getByRole('textbox', { name: 'Characters from the picture' }), 'AB12X');
    fireEvent.click(screen.getByRole('button', { name: 'Sign In' }));
    expect(await screen.findByRole('heading', { name: 'Unlock your vault' })).toBeTruthy();
    expect(background.calls.find((call) => call.type === 'attempt.continue')?.payload).toEqual({ captchaAnswer: 'AB12X' });
    model.dispose();
  });

  it('asks for the SMS code after the password when the account has two-step on', async () => {
    const { model } = statefulPopup({ state: 'signed_out', lastEmail: 'someone@example.com', pending: null }, (state) => ({
      'session.signIn': () => {
        state.status = { state: 'signed_out', lastEmail: 'someone@example.com', pending: sampleSecondFactor() };
        return { ok: false, error: { code: 'second_factor_required' } };
      },
    }));
    await model.start();
    typeInto(await screen.findByLabelText('Password'), 'Quartz-Lantern-47');
    fireEvent.click(screen.getByRole('button', { name: 'Sign In' }));
    expect(await screen.findByRole('heading', { name: 'Two-step verification' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Code from SMS' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    model.dispose();
  });

  it('adds and verifies a phone and turns SMS two-step on, with one Account password field at each step', async () => {
    let twoStep = sampleTwoStepStatus();
    const { model } = statefulPopup(SIGNED_IN, () => ({
      'twoStep.status': () => ok<'twoStep.status'>(twoStep),
      'twoStep.setPhone': ({ phone }) => {
        twoStep = { ...twoStep, phone };
        return ok<'twoStep.setPhone'>({ smsResendIn: 30 });
      },
      'twoStep.verifyPhone': () => ok<'twoStep.verifyPhone'>((twoStep = { ...twoStep, phoneVerified: true })),
      'twoStep.setSms': ({ enabled }) => ok<'twoStep.setSms'>((twoStep = { ...twoStep, sms: enabled })),
    }));
    await model.start();
    fireEvent.click(await screen.findByRole('button', { name: 'Account' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Two-step verification' }));
    typeInto(await screen.findByRole('textbox', { name: 'Phone number' }), '+491512345678');
    typeInto(screen.getByLabelText('Account password'), 'Quartz-Lantern-47');
    fireEvent.click(screen.getByRole('button', { name: 'Send code' }));
    typeInto(await screen.findByRole('textbox', { name: 'Code from SMS' }), '123456');
    expect(screen.getAllByLabelText('Account password')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Verify phone' }));
    const turnOn = await screen.findByRole('button', { name: 'Turn on two-step verification by SMS' });
    typeInto(screen.getByLabelText('Account password'), 'Quartz-Lantern-47');
    fireEvent.click(turnOn);
    expect(await screen.findByRole('button', { name: 'Turn off two-step verification by SMS' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Two-step verification by SMS is on.');
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByRole('heading', { name: 'My Tessera' })).toBeTruthy();
    model.dispose();
  });
});
