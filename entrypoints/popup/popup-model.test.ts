import { describe, expect, it, vi } from 'vitest';
import type { MessageResult, SessionStatus, Settings } from '../../lib/messaging/messages.ts';
import type { AccountView } from '../../lib/protocol/accounts.ts';
import { useEnglish } from '../../tests/unit/support/english.ts';
import { createPopupModel } from './popup-model.ts';
import { ok, scriptedBackground } from '../../tests/unit/support/scripted-background.ts';
import { sampleAccount } from '../../tests/unit/support/fixtures.ts';
import { VAULT_LOCKED } from '../../tests/unit/support/popup-fixtures.ts';

useEnglish();

const ACCOUNT: AccountView = sampleAccount();
const SIGNED_IN: SessionStatus = { state: 'signed_in', account: ACCOUNT, devices: null, deviceId: 'd-1', offlineSince: null };
const SIGNED_OUT: SessionStatus = { state: 'signed_out', lastEmail: 'someone@example.com', pending: null };
const SETTINGS: Settings = { serverAddress: 'https://hub.tessera.example', builtInServerAddress: 'https://hub.tessera.example', custom: false };

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('popup model: start', () => {
  it('shows the vault at once and refreshes the known account when signed in', async () => {
    const refreshed = deferred<MessageResult<'account.refresh'>>();
    const background = scriptedBackground({
      'session.status': () => ok<'session.status'>(SIGNED_IN),
      'settings.get': () => ok<'settings.get'>(SETTINGS),
      'account.refresh': () => refreshed.promise,
      'vault.status': () => ok<'vault.status'>(VAULT_LOCKED),
    });
    const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn() });
    const starting = model.start();
    await vi.waitFor(() => expect(background.types()).toContain('account.refresh'));
    expect(model.screen.value).toBe('vault');
    expect(model.status.value).toEqual(SIGNED_IN);

    const activated = { ...SIGNED_IN, account: { ...ACCOUNT, activated: true } };
    refreshed.resolve(ok<'account.refresh'>(activated));
    await starting;
    expect(model.status.value).toEqual(activated);
    expect(model.settings.value).toEqual(SETTINGS);
  });

  it('shows the sign-in screen without refreshing when signed out', async () => {
    const background = scriptedBackground({ 'session.status': () => ok<'session.status'>(SIGNED_OUT), 'settings.get': () => ok<'settings.get'>(SETTINGS) });
    const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn() });
    await model.start();
    expect(model.screen.value).toBe('signIn');
    expect(model.error.value).toBeNull();
    expect(background.types()).not.toContain('account.refresh');
  });

  it('shows "You were signed out" when the refresh finds the session gone', async () => {
    const background = scriptedBackground({
      'session.status': () => ok<'session.status'>(SIGNED_IN),
      'settings.get': () => ok<'settings.get'>(SETTINGS),
      'account.refresh': () => ok<'account.refresh'>(SIGNED_OUT),
      'vault.status': () => ok<'vault.status'>(VAULT_LOCKED),
    });
    const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn() });
    await model.start();
    expect(model.screen.value).toBe('signIn');
    expect(model.error.value).toBe('You were signed out. Sign in again.');
  });

  it('stays signed in and shows the error when the refresh fails', async () => {
    const background = scriptedBackground({
      'session.status': () => ok<'session.status'>(SIGNED_IN),
      'settings.get': () => ok<'settings.get'>(SETTINGS),
      'account.refresh': () => ({ ok: false, error: { code: 'rate_limited', retryAfterSeconds: 240 } }),
      'vault.status': () => ok<'vault.status'>(VAULT_LOCKED),
    });
    const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn() });
    await model.start();
    expect(model.screen.value).toBe('vault');
    expect(model.error.value).toBe('Too many attempts, try again in 4 minutes.');
  });
});

describe('popup model: actions', () => {
  it('opens the vault (not the account) when sign-in succeeds', async () => {
    const background = scriptedBackground({ 'session.signIn': () => ok<'session.signIn'>(SIGNED_IN), 'vault.status': () => ok<'vault.status'>(VAULT_LOCKED) });
    const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn() });
    model.showSignIn();
    await model.signIn('someone@example.com', 'Quartz-Lantern-47');
    expect(model.screen.value).toBe('vault');
    await vi.waitFor(() => expect(model.vault.view.value).toBe('unlock'));
    expect(model.busy.value).toBe(false);
  });

  it('stays on sign-in with the error and without busy when sign-in fails', async () => {
    const background = scriptedBackground({
      'session.signIn': () => ({ ok: false, error: { code: 'invalid_credentials' } }),
      'session.status': () => ok<'session.status'>(SIGNED_OUT),
    });
    const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn() });
    model.showSignIn();
    await model.signIn('someone@example.com', 'wrong');
    expect(model.screen.value).toBe('signIn');
    expect(model.error.value).toBe('The email address or password is not correct.');
    expect(model.busy.value).toBe(false);
  });

  it('is busy when a sign-in is on its way', async () => {
    const answer = deferred<MessageResult<'session.signIn'>>();
    const background = scriptedBackground({ 'session.signIn': () => answer.promise, 'vault.status': () => ok<'vault.status'>(VAULT_LOCKED) });
    const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn() });
    const signingIn = model.signIn('someone@example.com', 'Quartz-Lantern-47');
    expect(model.busy.value).toBe(true);
    answer.resolve(ok<'session.signIn'>(SIGNED_IN));
    await signingIn;
    expect(model.busy.value).toBe(false);
  });

  it('sends only the account fields, not the confirmation, when creating an account', async () => {
    const background = scriptedBackground({ 'account.create': () => ok<'account.create'>(SIGNED_IN), 'vault.status': () => ok<'vault.status'>(VAULT_LOCKED) });
    const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn() });
    model.showCreateAccount();
    await model.createAccount({ email: 'a@example.com', password: 'Quartz-Lantern-47', confirm: 'Quartz-Lantern-47', region: 'de', marketingConsent: true });
    expect(background.calls[0]).toEqual({
      type: 'account.create',
      payload: { email: 'a@example.com', password: 'Quartz-Lantern-47', region: 'de', marketingConsent: true },
    });
    expect(background.types().filter((type) => type !== 'vault.status')).toEqual(['account.create']);
    expect(model.screen.value).toBe('vault');
  });

  it('shows the sign-in screen without an error when signing out', async () => {
    const background = scriptedBackground({
      'session.status': () => ok<'session.status'>(SIGNED_IN),
      'settings.get': () => ok<'settings.get'>(SETTINGS),
      'account.refresh': () => ok<'account.refresh'>(SIGNED_IN),
      'session.signOut': () => ok<'session.signOut'>(SIGNED_OUT),
      'vault.status': () => ok<'vault.status'>(VAULT_LOCKED),
    });
    const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn() });
    await model.start();
    await model.signOut();
    expect(model.screen.value).toBe('signIn');
    expect(model.error.value).toBeNull();
  });

  it('asks before signing out while changes have not reached the hub, and discards them only when told', async () => {
    const background = scriptedBackground({
      'session.status': () => ok<'session.status'>(SIGNED_IN),
      'settings.get': () => ok<'settings.get'>(SETTINGS),
      'account.refresh': () => ok<'account.refresh'>(SIGNED_IN),
      'session.signOut': (payload) =>
        payload.discardUnsynced ? ok<'session.signOut'>(SIGNED_OUT) : { ok: false, error: { code: 'unsynced_changes', pending: 2 } },
      'vault.status': () => ok<'vault.status'>(VAULT_LOCKED),
    });
    const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn() });
    await model.start();
    model.openAccount();
    await model.signOut();
    expect(model.screen.value).toBe('account');
    expect(model.unsyncedOnSignOut.value).toBe(2);
    expect(model.error.value).toContain('have not reached My Tessera');
    model.keepSignedIn();
    expect(model.unsyncedOnSignOut.value).toBeNull();
    await model.signOut();
    await model.signOut(true);
    expect(background.calls.filter((call) => call.type === 'session.signOut').map((call) => call.payload)).toEqual([{}, {}, { discardUnsynced: true }]);
    expect(model.screen.value).toBe('signIn');
    expect(model.unsyncedOnSignOut.value).toBeNull();
  });

  it('says a new activation email is on its way when the resend succeeds', async () => {
    const background = scriptedBackground({ 'account.resendActivation': () => ok<'account.resendActivation'>({ sent: true }) });
    const model = createPopupModel({ send: background.send, requestHostPermission: vi.fn() });
    await model.resendActivation();
    expect(model.notice.value).toBe('A new activation email is on its way.');
  });

  it('returns to the screen it came from when settings are closed', () => {
    const model = createPopupModel({ send: scriptedBackground({}).send, requestHostPermission: vi.fn() });
    model.showCreateAccount();
    model.openSettings();
    expect(model.screen.value).toBe('settings');
    model.closeSettings();
    expect(model.screen.value).toBe('createAccount');
  });
});

describe('popup model: saveServerAddress', () => {
  it('asks for the host permission synchronously, before anything is awaited, when the address is valid', () => {
    const background = scriptedBackground({ 'settings.setServerAddress': () => ok<'settings.setServerAddress'>(SETTINGS) });
    const requestHostPermission = vi.fn(async () => true);
    const model = createPopupModel({ send: background.send, requestHostPermission });
    model.saveServerAddress(' https://Self-Hosted.example/tessera/ ');
    expect(requestHostPermission).toHaveBeenCalledExactlyOnceWith('https://self-hosted.example/*');
    expect(background.calls).toEqual([]);
  });

  it('saves the checked address and says so when the permission is granted', async () => {
    const saved = { ...SETTINGS, serverAddress: 'https://self-hosted.example/tessera', custom: true };
    const background = scriptedBackground({ 'settings.setServerAddress': () => ok<'settings.setServerAddress'>(saved) });
    const model = createPopupModel({ send: background.send, requestHostPermission: async () => true });
    model.saveServerAddress('https://self-hosted.example/tessera/');
    await vi.waitFor(() => expect(model.notice.value).toBe('Saved'));
    expect(background.calls).toEqual([{ type: 'settings.setServerAddress', payload: { address: 'https://self-hosted.example/tessera' } }]);
    expect(model.settings.value).toEqual(saved);
  });

  it.each([
    ['denies', async () => false],
    ['fails to ask for', async () => Promise.reject(new Error('not from a user gesture'))],
  ])('reports the denial and sends nothing when the user %s the permission', async (_what, requestHostPermission) => {
    const background = scriptedBackground({});
    const model = createPopupModel({ send: background.send, requestHostPermission });
    model.saveServerAddress('https://self-hosted.example');
    await vi.waitFor(() => expect(model.error.value).toBe('Tessera needs your permission to connect to this server. Save again and allow it.'));
    expect(background.calls).toEqual([]);
  });

  it('shows the background’s refusal when the address is not a hub', async () => {
    const background = scriptedBackground({ 'settings.setServerAddress': () => ({ ok: false, error: { code: 'not_a_tessera_hub' } }) });
    const model = createPopupModel({ send: background.send, requestHostPermission: async () => true });
    model.saveServerAddress('https://example.com');
    await vi.waitFor(() => expect(model.error.value).toBe('No Tessera server answers at this address. Check it and try again.'));
    expect(model.notice.value).toBeNull();
  });

  it.each(['http://hub.example.com', 'hub.example.com', 'https://user:pw@hub.example.com'])(
    'neither asks for a permission nor sends anything when the address %s is invalid',
    (address) => {
      const background = scriptedBackground({});
      const requestHostPermission = vi.fn(async () => true);
      const model = createPopupModel({ send: background.send, requestHostPermission });
      model.saveServerAddress(address);
      expect(model.error.value).toBe('Enter a full address starting with https:// (http:// works only for this computer).');
      expect(requestHostPermission).not.toHaveBeenCalled();
      expect(background.calls).toEqual([]);
    },
  );
});
