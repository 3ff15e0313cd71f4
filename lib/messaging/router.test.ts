import { describe, expect, it, vi } from 'vitest';
import type { TwoStepStatus } from '../protocol/two-step.ts';
import { type MessageType, RequestSchemas, type SessionStatus, type Settings, type SyncStatus } from './messages.ts';
import { createMessageRouter, type Handlers, MessageFailure, toMessageError } from './router.ts';

const SIGNED_OUT: SessionStatus = { state: 'signed_out', lastEmail: null, pending: null };
const SYNC_OFF: SyncStatus = { state: 'off', pending: 0, lastSyncedAt: null, error: null, progress: null, generation: 0 };
const TWO_STEP: TwoStepStatus = { phone: null, phoneVerified: false, sms: false, totp: false, recoveryCodesLeft: 0 };
const SETTINGS: Settings = { serverAddress: 'https://hub.example', builtInServerAddress: 'https://hub.example', custom: false };
const PASSWORD = 'Correct-Horse-Battery-9';

/** The vault's handlers are not what these tests are about: each answers vault_locked. */
const vaultHandlers = () =>
  Object.fromEntries(
    (Object.keys(RequestSchemas) as MessageType[])
      .filter((type) => type.startsWith('vault.'))
      .map((type) => [type, vi.fn(async () => Promise.reject(new MessageFailure('vault_locked')))]),
  ) as unknown as Pick<Handlers, Extract<MessageType, `vault.${string}`>>;

function handlers(overrides: Partial<Handlers> = {}) {
  return {
    'session.status': vi.fn(async () => SIGNED_OUT),
    'session.signIn': vi.fn(async () => SIGNED_OUT),
    'session.signOut': vi.fn(async () => SIGNED_OUT),
    'account.create': vi.fn(async () => SIGNED_OUT),
    'attempt.continue': vi.fn(async () => SIGNED_OUT),
    'attempt.newPicture': vi.fn(async () => SIGNED_OUT),
    'attempt.resendSms': vi.fn(async () => SIGNED_OUT),
    'attempt.cancel': vi.fn(async () => SIGNED_OUT),
    'account.refresh': vi.fn(async () => SIGNED_OUT),
    'account.resendActivation': vi.fn(async () => ({ sent: true as const })),
    'twoStep.status': vi.fn(async () => TWO_STEP),
    'twoStep.setPhone': vi.fn(async () => ({ smsResendIn: 60 })),
    'twoStep.verifyPhone': vi.fn(async () => TWO_STEP),
    'twoStep.setSms': vi.fn(async () => TWO_STEP),
    'twoStep.startTotp': vi.fn(async () => ({ secret: 'JBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/Tessera', qrCode: 'data:image/png;base64,' })),
    'twoStep.confirmTotp': vi.fn(async () => ({ recoveryCodes: [] })),
    'twoStep.disableTotp': vi.fn(async () => TWO_STEP),
    'settings.get': vi.fn(async () => SETTINGS),
    'settings.setServerAddress': vi.fn(async () => SETTINGS),
    ...vaultHandlers(),
    'sync.status': vi.fn(async () => SYNC_OFF),
    'sync.now': vi.fn(async () => SYNC_OFF),
    'devices.rename': vi.fn(async () => SIGNED_OUT),
    'devices.signOut': vi.fn(async () => SIGNED_OUT),
    ...autofillHandlers(),
    ...overrides,
  } satisfies Handlers;
}

function autofillHandlers() {
  const settings = { fillOnLoad: false, neverSites: [] };
  const menu = { vault: 'locked' as const, field: 'username' as const, formKind: 'sign-in' as const, host: 'example.com', entries: [] };
  const prompt = { kind: 'save' as const, title: 'example.com', username: 'ada', host: 'example.com', itemTitle: null };
  return {
    'autofillMenu.state': vi.fn(async () => menu),
    'autofillMenu.fill': vi.fn(async () => ({ filled: true })),
    'autofillMenu.generate': vi.fn(async () => ({ filled: true })),
    'autofillMenu.close': vi.fn(async () => ({ closed: true as const })),
    'autofillPrompt.details': vi.fn(async () => prompt),
    'autofillPrompt.save': vi.fn(async () => ({ saved: true as const, itemId: 'item-id-0123456789ab' })),
    'autofillPrompt.never': vi.fn(async () => ({ site: 'example.com' })),
    'autofillPrompt.dismiss': vi.fn(async () => ({ closed: true as const })),
    'autofill.fillFromPopup': vi.fn(async () => ({ filled: true })),
    'autofill.settings': vi.fn(async () => settings),
    'autofill.setFillOnLoad': vi.fn(async () => settings),
    'autofill.forgetNeverSite': vi.fn(async () => settings),
  } satisfies Partial<Handlers>;
}

describe('message router', () => {
  it('answers with the handler’s value when an extension page sends a valid message', async () => {
    const all = handlers();
    const route = createMessageRouter(all, vi.fn());
    expect(await route({ type: 'session.signIn', payload: { email: 'a@example.com', password: PASSWORD } }, 'extension_page')).toEqual({
      ok: true,
      value: SIGNED_OUT,
    });
    expect(all['session.signIn']).toHaveBeenCalledWith({ email: 'a@example.com', password: PASSWORD });
  });

  it('treats a missing payload as empty when the message takes none', async () => {
    const route = createMessageRouter(handlers(), vi.fn());
    expect(await route({ type: 'settings.get' }, 'extension_page')).toEqual({ ok: true, value: SETTINGS });
  });

  it.each(['content_script', 'other'] as const)('gives no answer and runs nothing when the sender is %s', (kind) => {
    const all = handlers();
    const route = createMessageRouter(all, vi.fn());
    expect(route({ type: 'session.status', payload: {} }, kind)).toBeUndefined();
    expect(route({ type: 'settings.setServerAddress', payload: { address: 'https://evil.example' } }, kind)).toBeUndefined();
    expect(all['session.status']).not.toHaveBeenCalled();
    expect(all['settings.setServerAddress']).not.toHaveBeenCalled();
  });

  it.each([['vault.search'], ['toString'], ['__proto__'], ['constructor'], [42]])(
    'returns undefined at once, so other listeners may answer, when the type is %s',
    (type) => {
      const route = createMessageRouter(handlers(), vi.fn());
      expect(route({ type, payload: {} }, 'extension_page')).toBeUndefined();
    },
  );

  it.each([[null], ['session.status'], [42], [undefined]])('returns undefined when the message is %s', (message) => {
    const route = createMessageRouter(handlers(), vi.fn());
    expect(route(message, 'extension_page')).toBeUndefined();
  });

  it.each([
    ['a wrong type', { email: 42, password: PASSWORD }],
    ['a missing field', { email: 'a@example.com' }],
    ['an extra field', { email: 'a@example.com', password: PASSWORD, admin: true }],
    ['an oversize password', { email: 'a@example.com', password: 'x'.repeat(1025) }],
    ['a payload that is not an object', 'a@example.com'],
  ])('answers invalid_request without running the handler when the payload has %s', async (_what, payload) => {
    const all = handlers();
    const route = createMessageRouter(all, vi.fn());
    expect(await route({ type: 'session.signIn', payload }, 'extension_page')).toEqual({ ok: false, error: { code: 'invalid_request' } });
    expect(all['session.signIn']).not.toHaveBeenCalled();
  });

  it('answers with the failure’s code and details when the handler throws a MessageFailure', async () => {
    const route = createMessageRouter(
      handlers({ 'account.create': async () => Promise.reject(new MessageFailure('weak_password', { unmetRules: ['digit'] })) }),
      vi.fn(),
    );
    const payload = { email: 'a@example.com', password: 'nodigits', region: 'de', marketingConsent: false };
    expect(await route({ type: 'account.create', payload }, 'extension_page')).toEqual({
      ok: false,
      error: { code: 'weak_password', unmetRules: ['digit'] },
    });
  });

  it('answers internal_error and reports the error when the handler fails unexpectedly', async () => {
    const failure = new Error(`database exploded while handling ${PASSWORD}`);
    const onUnexpected = vi.fn();
    const route = createMessageRouter(handlers({ 'session.signIn': async () => Promise.reject(failure) }), onUnexpected);
    const result = await route({ type: 'session.signIn', payload: { email: 'a@example.com', password: PASSWORD } }, 'extension_page');
    expect(result).toEqual({ ok: false, error: { code: 'internal_error' } });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(onUnexpected).toHaveBeenCalledWith('session.signIn', failure);
  });

  it('does not report to onUnexpected when the handler throws a MessageFailure', async () => {
    const onUnexpected = vi.fn();
    const route = createMessageRouter(handlers({ 'session.status': async () => Promise.reject(new MessageFailure('unauthorized')) }), onUnexpected);
    await route({ type: 'session.status', payload: {} }, 'extension_page');
    expect(onUnexpected).not.toHaveBeenCalled();
  });
});

describe('toMessageError', () => {
  it('keeps the code and extras when the code is known', () => {
    expect(toMessageError('rate_limited', { retryAfterSeconds: 30 })).toEqual({ code: 'rate_limited', retryAfterSeconds: 30 });
  });

  it('answers internal_error when the code is unknown', () => {
    expect(toMessageError('teapot')).toEqual({ code: 'internal_error' });
  });
});
