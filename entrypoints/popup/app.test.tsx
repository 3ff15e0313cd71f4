import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { MessageResult, MessageType, RequestOf, SessionStatus, Settings } from '../../lib/messaging/messages.ts';
import { useEnglish } from '../../tests/unit/support/english.ts';
import { App } from './app.tsx';
import { createPopupModel } from './popup-model.ts';

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
    };
    if (!(type in values)) throw new Error(`unexpected message ${type}`);
    return { ok: true, value: values[type] } as MessageResult<T>;
  };
  const model = createPopupModel({ send, requestHostPermission: vi.fn(async () => true) });
  render(<App model={model} />);
  return model;
}

describe('popup App', () => {
  it('shows Loading… and then the account when signed in', async () => {
    const model = popup({ status: SIGNED_IN });
    expect(screen.getByText('Loading…')).toBeTruthy();
    await model.start();
    expect(await screen.findByRole('heading', { name: 'My Tessera' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign Out' })).toBeTruthy();
  });

  it('shows the sign-in screen with "You were signed out" when the refresh finds the session gone', async () => {
    const model = popup({ status: SIGNED_IN, refresh: { state: 'signed_out', lastEmail: 'someone@example.com' } });
    await model.start();
    expect(await screen.findByRole('heading', { name: 'Sign In to My Tessera' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('You were signed out. Sign in again.');
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Email address' }).value).toBe('someone@example.com');
  });

  it('opens settings with Save disabled when signed in', async () => {
    const model = popup({ status: SIGNED_IN });
    await model.start();
    fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Save' }).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByRole('button', { name: 'Sign Out' })).toBeTruthy();
  });
});
