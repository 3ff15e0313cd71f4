/**
 * The vault's keys and lifecycle (lib/vault/vault-service.ts) through its message handlers: setup,
 * unlock, lock, idle lock, service-worker restarts, master password change, several devices sharing
 * one hub keyset, offline unlock, and who the local vault belongs to. Real crypto throughout.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { toBase64 } from '../../lib/crypto/base64.ts';
import { DEFAULT_KDF } from '../../lib/crypto/kdf.ts';
import { IDLE_LOCK_ALARM } from '../../lib/vault/idle-lock.ts';
import { unpackVaultList } from '../../lib/messaging/preview-pack.ts';
import {
  ACCOUNT,
  createDevice,
  createFakeKeysetHub,
  type Device,
  failureCode,
  login,
  MASTER,
  memoryKeyStorage,
  MINUTE,
} from './support/vault-harness.ts';

const NEW_MASTER = 'a brand new master passphrase';

async function setUp(device: Device) {
  return device.handlers['vault.setup']({ masterPassword: MASTER });
}

function secondDevice(first: Device, hub = first.hub) {
  return createDevice({ hub, indexedDb: new IDBFactory(), keyStorage: memoryKeyStorage(), clock: first.clock });
}

/** Every value in storage.session, as text. */
async function sessionStorageText(): Promise<string> {
  return JSON.stringify(await fakeBrowser.storage.session.get(null));
}

describe('vault keys', () => {
  it('answers setup_required when the account has no keyset on the hub', async () => {
    const device = createDevice({ hub: createFakeKeysetHub() });
    expect(await device.handlers['vault.status']({})).toEqual({ state: 'setup_required', lockTimeout: 15 });
  });

  it('is unlocked with an empty vault after setup, and the hub holds only the wrapped key', async () => {
    const hub = createFakeKeysetHub();
    const device = createDevice({ hub });
    expect(await setUp(device)).toEqual({ state: 'unlocked', itemCount: 0, lockTimeout: 15 });
    expect(hub.current()).toMatchObject({ version: 1, kdf: { algorithm: 'argon2id', memoryKiB: 8192 } });
    expect(JSON.stringify(hub.current())).not.toContain(MASTER);
  });

  it('refuses a weak master password with weak_master_password and stores nothing', async () => {
    const hub = createFakeKeysetHub();
    const device = createDevice({ hub });
    expect(await failureCode(device.handlers['vault.setup']({ masterPassword: 'short' }))).toBe('weak_master_password');
    expect(await failureCode(device.handlers['vault.setup']({ masterPassword: 'my someone password' }))).toBe('weak_master_password');
    expect(hub.current()).toBeNull();
  });

  it('answers wrong_master_password, and stays locked, when the master password is wrong', async () => {
    const device = createDevice({ hub: createFakeKeysetHub() });
    await setUp(device);
    await device.handlers['vault.lock']({});
    expect(await failureCode(device.handlers['vault.unlock']({ masterPassword: 'not the master password' }))).toBe('wrong_master_password');
    expect(await device.handlers['vault.status']({})).toEqual({ state: 'locked', changedElsewhere: false, lockTimeout: 15 });
  });

  it('unlocks on a second device (own IndexedDB, same hub) with the same master password', async () => {
    const first = createDevice({ hub: createFakeKeysetHub() });
    await setUp(first);
    const second = secondDevice(first);
    expect(await second.handlers['vault.status']({})).toEqual({ state: 'locked', changedElsewhere: false, lockTimeout: 15 });
    expect(await second.handlers['vault.unlock']({ masterPassword: MASTER })).toMatchObject({ state: 'unlocked' });
  });

  it('unlocks with the default Argon2id cost (64 MiB, t=3, p=4) too', async () => {
    const hub = createFakeKeysetHub();
    const device = createDevice({ hub, kdfParams: DEFAULT_KDF });
    await setUp(device);
    expect(hub.current()?.kdf).toEqual(DEFAULT_KDF);
    await device.handlers['vault.lock']({});
    expect(await device.handlers['vault.unlock']({ masterPassword: MASTER })).toMatchObject({ state: 'unlocked' });
  }, 30_000);

  it('clears the key from storage.session and memory when locked', async () => {
    const device = createDevice({ hub: createFakeKeysetHub() });
    await setUp(device);
    await device.handlers['vault.create']({ content: login('Bank'), favourite: false });
    const stored = (await fakeBrowser.storage.session.get('vaultKey')) as { vaultKey?: { key: string } };
    const keyText = stored.vaultKey?.key ?? '';
    expect(keyText).toMatch(/^[A-Za-z0-9+/]{43}=$/);

    expect(await device.handlers['vault.lock']({})).toMatchObject({ state: 'locked' });
    const after = await sessionStorageText();
    expect(after).not.toContain('vaultKey');
    expect(after).not.toContain(keyText);
    expect(await failureCode(device.handlers['vault.list']({}))).toBe('vault_locked');
    expect(await failureCode(device.handlers['vault.create']({ content: login('Other'), favourite: false }))).toBe('vault_locked');
    // A restarted worker finds nothing to restore either.
    device.restart();
    expect(await failureCode(device.handlers['vault.list']({}))).toBe('vault_locked');
  });

  it('stays unlocked in a restarted service worker until the idle deadline, and locks after it', async () => {
    const device = createDevice({ hub: createFakeKeysetHub() });
    await setUp(device);
    await device.handlers['vault.create']({ content: login('Bank'), favourite: false });
    device.clock.now += 10 * MINUTE;
    device.restart();
    const list = unpackVaultList(await device.handlers['vault.list']({}));
    expect(list.items.map((item) => item.title)).toEqual(['Bank']);

    device.clock.now += 15 * MINUTE + 1;
    device.restart();
    expect(await failureCode(device.handlers['vault.list']({}))).toBe('vault_locked');
    expect(await sessionStorageText()).not.toContain('vaultKey');
  });

  it('clears a stored key past its idle deadline when the worker starts, before any message', async () => {
    const device = createDevice({ hub: createFakeKeysetHub() });
    await setUp(device);
    device.clock.now += 14 * MINUTE;
    device.restart();
    await device.vault.onStartup();
    expect(await sessionStorageText()).toContain('vaultKey');
    device.clock.now += MINUTE;
    device.restart();
    await device.vault.onStartup();
    expect(await sessionStorageText()).not.toContain('vaultKey');
  });

  it('locks when the idle alarm fires after the deadline, and re-arms when it fires early', async () => {
    const device = createDevice({ hub: createFakeKeysetHub() });
    await setUp(device);
    const alarm = await fakeBrowser.alarms.get(IDLE_LOCK_ALARM);
    expect(alarm?.scheduledTime).toBe(device.clock.now + 15 * MINUTE);

    device.clock.now += 5 * MINUTE;
    unpackVaultList(await device.handlers['vault.list']({})); // activity: the deadline moves
    device.clock.now += 11 * MINUTE; // the first alarm's time, but not idle for 15 minutes
    await device.vault.onAlarm(IDLE_LOCK_ALARM);
    expect(await device.handlers['vault.status']({})).toMatchObject({ state: 'unlocked' });

    device.clock.now += 15 * MINUTE;
    device.restart(); // the alarm wakes a fresh worker
    await device.vault.onAlarm(IDLE_LOCK_ALARM);
    expect(await sessionStorageText()).not.toContain('vaultKey');
    expect(await device.handlers['vault.status']({})).toMatchObject({ state: 'locked' });
  });

  it('sets no idle alarm with browser_close and stays unlocked however long it is idle', async () => {
    const device = createDevice({ hub: createFakeKeysetHub() });
    await setUp(device);
    expect(await device.handlers['vault.setLockTimeout']({ timeout: 'browser_close' })).toMatchObject({ state: 'unlocked', lockTimeout: 'browser_close' });
    expect(await fakeBrowser.alarms.get(IDLE_LOCK_ALARM)).toBeUndefined();
    device.clock.now += 30 * 24 * 60 * MINUTE;
    device.restart();
    expect(await device.handlers['vault.status']({})).toMatchObject({ state: 'unlocked', lockTimeout: 'browser_close' });
  });

  it('locks sooner after a shorter lock timeout is chosen', async () => {
    const device = createDevice({ hub: createFakeKeysetHub() });
    await setUp(device);
    await device.handlers['vault.setLockTimeout']({ timeout: 1 });
    expect((await fakeBrowser.alarms.get(IDLE_LOCK_ALARM))?.scheduledTime).toBe(device.clock.now + MINUTE);
    device.clock.now += MINUTE;
    await device.vault.onAlarm(IDLE_LOCK_ALARM);
    expect(await device.handlers['vault.status']({})).toMatchObject({ state: 'locked', lockTimeout: 1 });
  });

  it('rewraps the key on a master password change: the old one fails, the new one works, items stay readable', async () => {
    const hub = createFakeKeysetHub();
    const device = createDevice({ hub });
    await setUp(device);
    const item = await device.handlers['vault.create']({ content: login('Bank'), favourite: false });
    const second = secondDevice(device);
    await second.handlers['vault.unlock']({ masterPassword: MASTER });
    await second.handlers['vault.lock']({});

    expect(await device.handlers['vault.changeMasterPassword']({ current: MASTER, next: NEW_MASTER })).toMatchObject({ state: 'unlocked' });
    expect(hub.current()?.version).toBe(2);
    await device.handlers['vault.lock']({});
    expect(await failureCode(device.handlers['vault.unlock']({ masterPassword: MASTER }))).toBe('wrong_master_password');
    await device.handlers['vault.unlock']({ masterPassword: NEW_MASTER });
    expect((await device.handlers['vault.get']({ id: item.id })).content.title).toBe('Bank');

    expect(await second.handlers['vault.status']({})).toMatchObject({ state: 'locked', changedElsewhere: true });
    expect(await failureCode(second.handlers['vault.unlock']({ masterPassword: MASTER }))).toBe('wrong_master_password');
    await second.handlers['vault.unlock']({ masterPassword: NEW_MASTER });
    await second.handlers['vault.lock']({});
    expect(await second.handlers['vault.status']({})).toMatchObject({ state: 'locked', changedElsewhere: false });
  });

  it('refuses a master password change with the wrong current password, a weak new one, or while locked', async () => {
    const hub = createFakeKeysetHub();
    const device = createDevice({ hub });
    await setUp(device);
    expect(await failureCode(device.handlers['vault.changeMasterPassword']({ current: 'not the master password', next: NEW_MASTER }))).toBe(
      'wrong_master_password',
    );
    expect(await failureCode(device.handlers['vault.changeMasterPassword']({ current: MASTER, next: 'too short' }))).toBe('weak_master_password');
    await device.handlers['vault.lock']({});
    expect(await failureCode(device.handlers['vault.changeMasterPassword']({ current: MASTER, next: NEW_MASTER }))).toBe('vault_locked');
    expect(hub.current()?.version).toBe(1);
  });

  it('answers conflict when another device changed the master password in between', async () => {
    const hub = createFakeKeysetHub();
    const device = createDevice({ hub });
    await setUp(device);
    const second = secondDevice(device);
    await second.handlers['vault.unlock']({ masterPassword: MASTER });
    const realPut = hub.hub.putKeyset;
    // The other device's change lands between this device's read and its write.
    hub.hub.putKeyset = async (body, token, baseUrl) => {
      hub.hub.putKeyset = realPut;
      await second.handlers['vault.changeMasterPassword']({ current: MASTER, next: 'the other device passphrase' });
      return realPut(body, token, baseUrl);
    };
    expect(await failureCode(device.handlers['vault.changeMasterPassword']({ current: MASTER, next: NEW_MASTER }))).toBe('conflict');
    expect(hub.current()?.version).toBe(2);
  });

  it('answers conflict on setup when another device set the vault up first, and then shows it locked', async () => {
    const hub = createFakeKeysetHub();
    const first = createDevice({ hub });
    const second = secondDevice(first);
    expect(await second.handlers['vault.status']({})).toMatchObject({ state: 'setup_required' });
    await setUp(first);
    expect(await failureCode(second.handlers['vault.setup']({ masterPassword: 'another master passphrase' }))).toBe('conflict');
    expect(hub.current()?.version).toBe(1);
    hub.setOffline(true); // the keyset that won was cached while answering the conflict
    expect(await second.handlers['vault.status']({})).toEqual({ state: 'locked', changedElsewhere: false, lockTimeout: 15 });
    expect(await second.handlers['vault.unlock']({ masterPassword: MASTER })).toMatchObject({ state: 'unlocked' });
  });

  it('unlocks offline with the cached keyset, and is unavailable offline with none cached', async () => {
    const hub = createFakeKeysetHub();
    const device = createDevice({ hub });
    await setUp(device);
    const item = await device.handlers['vault.create']({ content: login('Bank'), favourite: false });
    await device.handlers['vault.lock']({});
    hub.setOffline(true);
    expect(await device.handlers['vault.status']({})).toMatchObject({ state: 'locked' });
    await device.handlers['vault.unlock']({ masterPassword: MASTER });
    expect((await device.handlers['vault.get']({ id: item.id })).content.title).toBe('Bank');

    const fresh = secondDevice(device);
    expect(await fresh.handlers['vault.status']({})).toEqual({ state: 'unavailable', reason: 'network_error', lockTimeout: 15 });
    expect(await failureCode(fresh.handlers['vault.unlock']({ masterPassword: MASTER }))).toBe('keyset_unavailable');
  });

  it('answers signed_out, and locks, when nobody is signed in', async () => {
    const device = createDevice({ hub: createFakeKeysetHub() });
    await setUp(device);
    device.account.current = null;
    expect(await device.handlers['vault.status']({})).toEqual({ state: 'signed_out', lockTimeout: 15 });
    expect(await sessionStorageText()).not.toContain('vaultKey');
  });

  it('locks on sign-out and wipes the local vault but the lock-timeout setting (the hub holds the items)', async () => {
    const device = createDevice({ hub: createFakeKeysetHub() });
    await setUp(device);
    const item = await device.handlers['vault.create']({ content: login('Bank'), favourite: false });
    await device.handlers['vault.setLockTimeout']({ timeout: 60 });
    await device.vault.onSignedOut();
    expect(await sessionStorageText()).not.toContain('vaultKey');
    expect(await failureCode(device.handlers['vault.get']({ id: item.id }))).toBe('vault_locked');
    const db = await device.database();
    expect(await db.count('vaultItems')).toBe(0);
    expect(await db.count('outbox')).toBe(0);
    expect(await db.getAllKeys('vaultMeta')).toEqual(['settings']);
    expect(await db.get('vaultMeta', 'settings')).toEqual({ lockTimeout: 60 });
  });

  it('wipes the previous account’s local vault when a different account signs in on this browser', async () => {
    const device = createDevice({ hub: createFakeKeysetHub() });
    await setUp(device);
    await device.handlers['vault.create']({ content: login('Bank'), favourite: false });
    await device.vault.onSignedOut();
    device.account.current = { id: 'acc-2', email: 'other@example.com' };
    const otherHub = createFakeKeysetHub();
    device.restart();
    expect(await createDeviceOver(device, otherHub).handlers['vault.status']({})).toMatchObject({ state: 'setup_required' });
    const db = await device.database();
    expect(await db.count('vaultItems')).toBe(0);
    expect(await db.get('vaultMeta', 'owner')).toBe('acc-2');
    expect(await db.get('vaultMeta', 'keyset')).toBeUndefined();
  });

  it('never puts the master password or the vault key into IndexedDB', async () => {
    const hub = createFakeKeysetHub();
    const device = createDevice({ hub });
    await setUp(device);
    await device.handlers['vault.create']({ content: login('Bank', { password: 'hunter2-bank-password' }), favourite: false });
    const stored = (await fakeBrowser.storage.session.get('vaultKey')) as { vaultKey: { key: string } };
    const db = await device.database();
    const everything = JSON.stringify([await db.getAll('vaultMeta'), await db.getAll('vaultItems')], (_key, value: unknown) =>
      value instanceof Uint8Array ? toBase64(value) : value,
    );
    for (const secret of [MASTER, stored.vaultKey.key, 'hunter2-bank-password', ACCOUNT.email]) expect(everything).not.toContain(secret);
  });
});

/** The same browser (IndexedDB, storage.session) talking to another account's hub. */
function createDeviceOver(device: Device, hub: ReturnType<typeof createFakeKeysetHub>) {
  return createDevice({ hub, indexedDb: globalThis.indexedDB as IDBFactory, clock: device.clock, account: device.account });
}
