/**
 * When sync runs and what it reports (lib/sync/sync.ts): the status the popup shows, the socket's
 * notices (revision → pull, keyset → refresh, signed_out → wipe), the debounced push, the poll alarm.
 * Real vault and engine (support/sync-harness.ts), an injected WebSocket.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { unpackVaultList } from '../../lib/messaging/preview-pack.ts';
import type { HubEvent } from '../../lib/protocol/vault-sync.ts';
import type { SocketLike } from '../../lib/sync/events-client.ts';
import { createSync, PUSH_DEBOUNCE_MS, SYNC_POLL_ALARM } from '../../lib/sync/sync.ts';
import { createFakeSyncHub, createSyncDevice, type FakeSyncHub, type SyncDevice } from './support/sync-harness.ts';
import { createFakeKeysetHub, MASTER, note } from './support/vault-harness.ts';

let keysets: ReturnType<typeof createFakeKeysetHub>;
let hub: FakeSyncHub;
let device: SyncDevice;
let sockets: { socket: SocketLike; sent: string[] }[];
let calls: string[];

function wire(target: SyncDevice) {
  const sync = createSync({
    engine: target.engine,
    store: target.store(),
    isUnlocked: target.device.vault.isUnlocked,
    isSignedIn: async () => target.signedIn.current,
    eventsUrl: async () => (target.signedIn.current ? 'ws://hub.test/v1/events' : null),
    accessToken: async () => 'token',
    openSocket: () => {
      const entry = { socket: { send: (data: string) => entry.sent.push(data), close: () => undefined, onopen: null, onmessage: null, onclose: null, onerror: null } as SocketLike, sent: [] as string[] };
      sockets.push(entry);
      return entry.socket;
    },
    refreshKeyset: async () => {
      calls.push('refreshKeyset');
    },
    signedOutRemotely: async () => {
      calls.push('signedOutRemotely');
      target.signedIn.current = false;
      await sync.onSignedOut();
      await target.device.vault.onSignedOut();
    },
    checkSession: async () => {
      calls.push('checkSession');
    },
  });
  return sync;
}

const notice = async (event: HubEvent) => {
  sockets.at(-1)!.socket.onmessage?.({ data: JSON.stringify(event) });
  await new Promise((resolve) => setTimeout(resolve, 0));
};

beforeEach(async () => {
  keysets = createFakeKeysetHub();
  hub = createFakeSyncHub();
  sockets = [];
  calls = [];
  device = createSyncDevice(keysets, hub, { first: true });
  await device.handlers['vault.setup']({ masterPassword: MASTER });
});

describe('sync coordinator', () => {
  it('answers off while locked, then synced after sync.now', async () => {
    const sync = wire(device);
    await device.handlers['vault.lock']({});
    expect(await sync.handlers['sync.status']({})).toMatchObject({ state: 'off' });
    await device.handlers['vault.unlock']({ masterPassword: MASTER });
    await device.handlers['vault.create']({ content: note('One'), favourite: false });
    const status = await sync.handlers['sync.now']({});
    expect(status).toMatchObject({ state: 'synced', pending: 0, error: null, progress: null });
    expect(status.lastSyncedAt).not.toBeNull();
    expect(hub.liveItems()).toHaveLength(1);
  });

  it('answers offline with the number of changes waiting, and synced once the hub is back', async () => {
    const sync = wire(device);
    hub.state.offline = true;
    await device.handlers['vault.create']({ content: note('One'), favourite: false });
    await device.handlers['vault.create']({ content: note('Two'), favourite: false });
    expect(await sync.handlers['sync.now']({})).toMatchObject({ state: 'offline', pending: 2, error: 'network_error' });
    hub.state.offline = false;
    expect(await sync.handlers['sync.now']({})).toMatchObject({ state: 'synced', pending: 0 });
  });

  it('flushes before a sign-out and answers how many changes are still waiting (offline, or locked)', async () => {
    const sync = wire(device);
    await device.handlers['vault.create']({ content: note('One'), favourite: false });
    expect(await sync.flush()).toBe(0); // online: pushed
    hub.state.offline = true;
    await device.handlers['vault.create']({ content: note('Two'), favourite: false });
    expect(await sync.flush(50)).toBe(1);
    await device.handlers['vault.lock']({});
    hub.state.offline = false;
    expect(await sync.flush(50)).toBe(1); // locked: nothing can be sent, and nothing is hidden
  });

  it('answers error item_too_large while a change the hub refuses waits for an edit', async () => {
    const sync = wire(device);
    const field = { name: 'big', value: 'x'.repeat(10_000), hidden: false };
    await device.handlers['vault.create']({ content: { ...note('Huge'), fields: Array.from({ length: 60 }, () => field) }, favourite: false });
    expect(await sync.handlers['sync.now']({})).toMatchObject({ state: 'error', error: 'item_too_large', pending: 1 });
  });

  it('pushes shortly after a local change', async () => {
    const sync = wire(device);
    await device.handlers['vault.create']({ content: note('One'), favourite: false });
    sync.onLocalChange();
    sync.onLocalChange();
    await new Promise((resolve) => setTimeout(resolve, PUSH_DEBOUNCE_MS + 50));
    await sync.idle();
    expect(hub.liveItems()).toHaveLength(1);
    expect(hub.state.pushes).toHaveLength(1);
  });

  it('pulls when the socket says the hub is ahead, and refreshes the keyset when it changed', async () => {
    const other = createSyncDevice(keysets, hub);
    await other.handlers['vault.unlock']({ masterPassword: MASTER });
    const sync = wire(device);
    await sync.start();
    expect(await fakeBrowser.alarms.get(SYNC_POLL_ALARM)).toBeDefined();
    sockets[0]!.socket.onopen?.({});
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(JSON.parse(sockets[0]!.sent[0]!)).toEqual({ type: 'hello', accessToken: 'token' });
    await notice({ type: 'ready', revision: 0, keysetVersion: keysets.current()!.version });
    await sync.idle();
    expect(calls).not.toContain('refreshKeyset');

    // Read before the other device's change exists: any pull that brings it (the notice's, or one
    // already under way) must move the generation past this.
    const before = (await sync.handlers['sync.status']({})).generation;
    expect(unpackVaultList(await device.handlers['vault.list']({})).items).toEqual([]);
    await other.handlers['vault.create']({ content: note('From the other device'), favourite: false });
    await other.engine.run();
    await notice({ type: 'revision', revision: hub.revision() });
    // The notice starts a pull only after reading the cursor from IndexedDB, which may take longer
    // than the notice's own turn of the event loop on a busy machine: wait for the pulled item.
    await vi.waitFor(async () => {
      await sync.idle();
      expect(unpackVaultList(await device.handlers['vault.list']({})).items.map((item) => item.title)).toEqual(['From the other device']);
    });
    expect((await sync.handlers['sync.status']({})).generation).toBeGreaterThan(before); // the popup reads the list again

    await notice({ type: 'keyset', version: 2 });
    expect(calls).toContain('refreshKeyset');
  });

  it('wipes the local vault and the key at once when the hub says this device was signed out', async () => {
    const sync = wire(device);
    await device.handlers['vault.create']({ content: note('One'), favourite: false });
    await sync.handlers['sync.now']({});
    await device.handlers['vault.create']({ content: note('Not pushed yet'), favourite: false });
    await device.store().setMeta('settings', { lockTimeout: 5 });
    await sync.start();
    await notice({ type: 'signed_out' });
    expect(calls).toContain('signedOutRemotely');
    const database = await device.device.database();
    expect(await database.count('vaultItems')).toBe(0);
    expect(await database.count('outbox')).toBe(0);
    expect(await database.getAllKeys('vaultMeta')).toEqual(['settings']);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect(await fakeBrowser.alarms.get(SYNC_POLL_ALARM)).toBeUndefined();
    expect(await sync.handlers['sync.status']({})).toMatchObject({ state: 'off', pending: 0 });
  });

  it('asks the session to check itself when the hub refuses the socket with 4401', async () => {
    const sync = wire(device);
    await sync.start();
    sockets[0]!.socket.onclose?.({ code: 4401 });
    expect(calls).toEqual(['checkSession']);
    sync.events.stop();
  });

  it('polls on the alarm only while the socket is not connected', async () => {
    const sync = wire(device);
    await sync.start();
    await device.handlers['vault.create']({ content: note('One'), favourite: false });
    await sync.onAlarm(SYNC_POLL_ALARM);
    expect(hub.liveItems()).toHaveLength(1);
    await notice({ type: 'ready', revision: hub.revision(), keysetVersion: keysets.current()!.version });
    await sync.idle();
    const pushes = hub.state.pushes.length;
    await device.handlers['vault.create']({ content: note('Two'), favourite: false });
    await sync.onAlarm(SYNC_POLL_ALARM);
    expect(hub.state.pushes).toHaveLength(pushes); // connected: the socket and the debounced push do it
    sync.events.stop();
  });
});
