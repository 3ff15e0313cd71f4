/**
 * The sync engine (lib/sync/sync-engine.ts) on real vaults — real crypto, a fresh fake IndexedDB per
 * device — against the in-memory hub of support/sync-harness.ts: the outbox written with the item,
 * pushes, a worker killed mid-push, offline periods, pulls into the listing, conflicts, refusals.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { unpackVaultList } from '../../lib/messaging/preview-pack.ts';
import { SYNC_LIMITS } from '../../lib/protocol/vault-sync.ts';
import { HubRequestError } from '../../lib/session/hub-client.ts';
import { openLocalDatabase } from '../../lib/state/local-database.ts';
import { StaleSyncError, SyncRefusedError } from '../../lib/sync/sync-engine.ts';
import { createFakeSyncHub, createSyncDevice, type FakeSyncHub, type SyncDevice } from './support/sync-harness.ts';
import { createFakeKeysetHub, login, MASTER, note } from './support/vault-harness.ts';

let keysets: ReturnType<typeof createFakeKeysetHub>;
let hub: FakeSyncHub;
let a: SyncDevice;

beforeEach(async () => {
  keysets = createFakeKeysetHub();
  hub = createFakeSyncHub();
  a = createSyncDevice(keysets, hub, { first: true });
  await a.handlers['vault.setup']({ masterPassword: MASTER });
});

async function second(): Promise<SyncDevice> {
  const b = createSyncDevice(keysets, hub);
  await b.handlers['vault.unlock']({ masterPassword: MASTER });
  return b;
}
const titles = async (device: SyncDevice) => unpackVaultList(await device.handlers['vault.list']({})).items.map((item) => item.title).sort();
const outbox = (device: SyncDevice) => device.store().outboxEntries();
const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

describe('sync engine: the outbox', () => {
  it('queues every local change in the outbox with its item', async () => {
    const item = await a.handlers['vault.create']({ content: login('Bank'), favourite: false });
    expect(await outbox(a)).toEqual([{ itemId: item.id, deleted: false, baseRevision: 0, queuedAt: a.device.clock.now, failed: null }]);
    await a.handlers['vault.update']({ id: item.id, content: login('Bank 2') });
    expect(await outbox(a)).toHaveLength(1); // edits coalesce
  });

  it('writes neither item nor outbox entry when the listing cannot be written', async () => {
    const store = a.store();
    const record = { id: 'CCCCCCCCCCCCCCCCCCCCCC', blob: new Uint8Array([1, 2, 3]), base: null, revision: 0, updatedAt: 1 };
    await expect(
      store.commit({ put: [record], queue: { at: 1 } }, () => {
        throw new Error('listing write failed');
      }),
    ).rejects.toThrow('listing write failed');
    expect(await store.item(record.id)).toBeUndefined();
    expect(await store.outboxEntries()).toEqual([]);
  });

  it('queues a deletion with the revision it was based on, and drops one of an item the hub never had', async () => {
    const kept = await a.handlers['vault.create']({ content: note('Synced'), favourite: false });
    await a.engine.run();
    const local = await a.handlers['vault.create']({ content: note('Local only'), favourite: false });
    for (const { id } of [kept, local]) {
      await a.handlers['vault.trash']({ id });
      await a.handlers['vault.deleteForever']({ id });
    }
    expect((await outbox(a)).map(({ itemId, deleted, baseRevision }) => ({ itemId, deleted, baseRevision })).sort((x, y) => x.baseRevision - y.baseRevision)).toEqual([
      { itemId: local.id, deleted: true, baseRevision: 0 },
      { itemId: kept.id, deleted: true, baseRevision: 1 }, // the trash was never pushed: still based on revision 1
    ]);
    await a.engine.run();
    expect(await outbox(a)).toEqual([]);
    expect(hub.items.get(kept.id)?.deleted).toBe(true);
    expect(hub.items.has(local.id)).toBe(false);
  });

  it('queues the items a vault held before sync existed (migration 3)', async () => {
    const b = await second();
    await b.handlers['vault.create']({ content: note('Old'), favourite: false });
    // Simulate a version-2 database: same items, no outbox, no base.
    const database = await b.device.database();
    const [record] = await database.getAll('vaultItems');
    expect(record).toBeDefined();
    database.close();
    const { openDB } = await import('idb');
    const { IDBFactory } = await import('fake-indexeddb');
    globalThis.indexedDB = new IDBFactory();
    const old = await openDB('tessera', 2, {
      upgrade(db) {
        db.createObjectStore('session');
        db.createObjectStore('vaultItems', { keyPath: 'id' });
        db.createObjectStore('vaultMeta');
      },
    });
    const { base: _base, ...withoutBase } = record!;
    await old.put('vaultItems', { ...withoutBase, revision: 0 });
    old.close();
    const upgraded = await openLocalDatabase();
    expect(await upgraded.getAll('outbox')).toEqual([{ itemId: record!.id, deleted: false, baseRevision: 0, queuedAt: record!.updatedAt, failed: null }]);
    expect((await upgraded.get('vaultItems', record!.id))?.base).toBeNull();
    upgraded.close();
  });
});

describe('sync engine: push', () => {
  it('pushes a new item, then keeps the acknowledged blob as base and clears the outbox', async () => {
    const item = await a.handlers['vault.create']({ content: login('Bank'), favourite: false });
    await a.engine.run();
    const record = await a.store().item(item.id);
    expect(record).toMatchObject({ revision: 1 });
    expect(record?.base).toEqual(record?.blob);
    expect(await outbox(a)).toEqual([]);
    expect(await a.store().meta('cursor')).toBe(1); // nothing else changed: the push moved the cursor
    expect(hub.liveItems()).toHaveLength(1);
    expect(await a.store().meta('inflight')).toBeUndefined();
  });

  it('leaves the encrypted listing and its generation alone when a push is only acknowledged', async () => {
    await a.handlers['vault.create']({ content: login('Bank'), favourite: false });
    const before = await a.store().listing();
    await a.engine.run();
    const after = await a.store().listing();
    expect(after.generation).toBe(before.generation);
    expect(after.listing?.blob).toEqual(before.listing?.blob);
    // Still a valid snapshot: a fresh unlock reads it instead of rebuilding.
    await a.handlers['vault.lock']({});
    await a.handlers['vault.unlock']({ masterPassword: MASTER });
    expect(await titles(a)).toEqual(['Bank']);
    expect((await a.store().listing()).generation).toBe(before.generation);
  });

  it('drops a push answer that arrives after the vault was wiped (no cursor or base for a vault that is gone)', async () => {
    await a.handlers['vault.create']({ content: login('Bank'), favourite: false });
    hub.state.beforeAnswer = async () => {
      hub.state.beforeAnswer = null;
      await a.store().wipe();
    };
    expect(await failure(a.engine.pushOnce())).toBeInstanceOf(StaleSyncError);
    expect(await a.store().meta('cursor')).toBeUndefined();
    expect(await a.store().outboxEntries()).toEqual([]);
    expect(hub.liveItems()).toHaveLength(1); // the hub kept it: a later pull brings it back
  });

  it('drops a page that arrives after the vault was wiped', async () => {
    const b = await second();
    await b.handlers['vault.create']({ content: login('From B'), favourite: false });
    await b.engine.run();
    hub.state.beforePage = async () => {
      hub.state.beforePage = null;
      await a.store().wipe();
    };
    expect(await failure(a.engine.pull())).toBeInstanceOf(StaleSyncError);
    expect(await a.store().meta('cursor')).toBeUndefined();
    expect(await a.store().allItems()).toEqual([]);
  });

  it('reads everything again when the hub is behind this device (restored from an older backup)', async () => {
    await a.handlers['vault.create']({ content: login('Bank'), favourite: false });
    await a.engine.run();
    const b = await second();
    await a.store().setSyncMeta({ cursor: 50 }); // as if the hub had lost revisions 2..50
    await b.handlers['vault.create']({ content: login('Pushed after the restore'), favourite: false });
    await b.engine.run();
    await a.engine.pull();
    expect(await titles(a)).toEqual(['Bank', 'Pushed after the restore']);
    expect(await a.store().meta('cursor')).toBe(2);
  });

  it('keeps the entry of an item edited while its push was under way', async () => {
    const item = await a.handlers['vault.create']({ content: login('Bank'), favourite: false });
    hub.state.beforeAnswer = async () => {
      hub.state.beforeAnswer = null;
      await a.handlers['vault.update']({ id: item.id, content: login('Bank edited') });
    };
    expect(await a.engine.pushOnce()).toMatchObject({ applied: 1 });
    expect(await outbox(a)).toHaveLength(1);
    expect((await a.store().item(item.id))?.revision).toBe(1);
    await a.engine.run();
    expect(await outbox(a)).toEqual([]);
    const b = await second();
    await b.engine.run();
    expect(await titles(b)).toEqual(['Bank edited']);
  });

  it('resends the same batch after a worker killed mid-push: no duplicate, nothing lost', async () => {
    await a.handlers['vault.create']({ content: login('Bank'), favourite: false });
    await a.handlers['vault.create']({ content: note('Wifi'), favourite: false });
    hub.state.loseNextAnswer = true; // the hub applies the batch; the answer never arrives
    expect(await failure(a.engine.run())).toMatchObject({ code: 'network_error' });
    expect(await a.store().meta('inflight')).toMatchObject({ changes: [{}, {}] });
    a.restart(); // a new service worker over the same IndexedDB and storage.session
    await a.engine.run();
    expect(hub.state.pushes).toHaveLength(2);
    expect(hub.state.pushes[1]).toEqual(hub.state.pushes[0]); // same batchId, same bodies
    expect(hub.liveItems()).toHaveLength(2);
    expect(await outbox(a)).toEqual([]);
    expect(await titles(a)).toEqual(['Bank', 'Wifi']);
    const b = await second();
    await b.engine.run();
    expect(await titles(b)).toEqual(['Bank', 'Wifi']);
  });

  it('keeps changes while offline and drains them when the hub is back', async () => {
    hub.state.offline = true;
    await a.handlers['vault.create']({ content: login('Bank'), favourite: false });
    await a.handlers['vault.create']({ content: note('Wifi'), favourite: false });
    const error = await failure(a.engine.run());
    expect(error).toBeInstanceOf(HubRequestError);
    expect(await a.engine.pending()).toBe(2);
    hub.state.offline = false;
    await a.engine.run();
    expect(await a.engine.pending()).toBe(0);
    expect(hub.liveItems()).toHaveLength(2);
  });

  it('marks an item too large for the hub as failed and pushes the rest', async () => {
    const field = { name: 'big', value: 'x'.repeat(10_000), hidden: false };
    const big = await a.handlers['vault.create']({ content: { ...note('Huge'), fields: Array.from({ length: 60 }, () => field) }, favourite: false });
    await a.handlers['vault.create']({ content: note('Small'), favourite: false });
    expect((await a.store().item(big.id))!.blob.length).toBeGreaterThan(SYNC_LIMITS.maxBlobBytes);
    await a.engine.run();
    expect(hub.liveItems()).toHaveLength(1);
    expect(await outbox(a)).toMatchObject([{ itemId: big.id, failed: 'item_too_large' }]);
    expect(await a.engine.failure()).toBe('item_too_large');
    // Made smaller, it goes out.
    await a.handlers['vault.update']({ id: big.id, content: note('Huge, trimmed') });
    await a.engine.run();
    expect(hub.liveItems()).toHaveLength(2);
  });

  it('stops with quota_exceeded and keeps the outbox when the hub refuses the batch', async () => {
    hub = createFakeSyncHub({ maxItems: 1 });
    a = createSyncDevice(keysets, hub, { first: true });
    await a.handlers['vault.unlock']({ masterPassword: MASTER });
    await a.handlers['vault.create']({ content: note('One'), favourite: false });
    await a.handlers['vault.create']({ content: note('Two'), favourite: false });
    const error = await failure(a.engine.run());
    expect(error).toBeInstanceOf(SyncRefusedError);
    expect(error).toMatchObject({ code: 'quota_exceeded' });
    expect(await a.engine.pending()).toBe(2);
    expect(await a.store().meta('inflight')).toBeUndefined();
  });
});

describe('sync engine: pull', () => {
  it('brings new, edited and deleted items into the listing', async () => {
    const b = await second();
    const item = await a.handlers['vault.create']({ content: login('Bank'), favourite: false });
    await a.handlers['vault.create']({ content: note('Wifi'), favourite: false });
    await a.engine.run();
    await b.engine.run();
    expect(await titles(b)).toEqual(['Bank', 'Wifi']);
    await a.handlers['vault.update']({ id: item.id, content: login('My bank') });
    await a.engine.run();
    await b.engine.run();
    expect(await titles(b)).toEqual(['My bank', 'Wifi']);
    expect((await b.handlers['vault.get']({ id: item.id })).content.title).toBe('My bank');
    await a.handlers['vault.trash']({ id: item.id });
    await a.handlers['vault.deleteForever']({ id: item.id });
    await a.engine.run();
    await b.engine.run();
    expect(await titles(b)).toEqual(['Wifi']);
    expect(await b.store().item(item.id)).toBeUndefined();
    // The listing written with the pull is the one the next unlock reads.
    await b.handlers['vault.lock']({});
    await b.handlers['vault.unlock']({ masterPassword: MASTER });
    expect(await titles(b)).toEqual(['Wifi']);
  });

  it('reports progress through a first full download', async () => {
    for (let index = 0; index < 5; index += 1) await a.handlers['vault.create']({ content: note(`N${index}`), favourite: false });
    await a.engine.run();
    const b = createSyncDevice(keysets, hub);
    await b.handlers['vault.unlock']({ masterPassword: MASTER });
    const seen: unknown[] = [];
    const { createSyncEngine } = await import('../../lib/sync/sync-engine.ts');
    const engine = createSyncEngine({
      ...b.device.vault.syncParts,
      hub: hub.hub,
      authorized: async (call) => ({ value: await call('t', 'http://hub') }),
      now: () => 0,
      pageSize: 2,
    });
    await engine.run({ hubRevision: 5, onProgress: (progress) => seen.push(progress) });
    expect(seen).toEqual([
      { done: 2, total: 5 },
      { done: 4, total: 5 },
      { done: 5, total: 5 },
    ]);
    expect(await titles(b)).toHaveLength(5);
  });

  it('stores a blob that does not decrypt as it is and lists it as a problem', async () => {
    hub.inject({ id: 'DDDDDDDDDDDDDDDDDDDDDD', blob: btoa('not a real blob, not encrypted'), deleted: false });
    await a.engine.run();
    const list = unpackVaultList(await a.handlers['vault.list']({}));
    expect(list.items).toMatchObject([{ id: 'DDDDDDDDDDDDDDDDDDDDDD', problem: 'undecryptable' }]);
    expect(await a.engine.pending()).toBe(0);
  });
});

describe('sync engine: conflicts', () => {
  async function sharedItem() {
    const b = await second();
    const item = await a.handlers['vault.create']({ content: login('GitHub', { password: 'first' }), favourite: false });
    await a.engine.run();
    await b.engine.run();
    return { b, item };
  }

  it('keeps both passwords when both devices changed it: ours in the item, theirs in the history (push conflict)', async () => {
    const { b, item } = await sharedItem();
    await a.handlers['vault.update']({ id: item.id, content: login('GitHub', { password: 'from-a' }) });
    await a.engine.run();
    await b.handlers['vault.update']({ id: item.id, content: login('GitHub', { password: 'from-b' }) });
    const pushed = await b.engine.pushOnce(); // conflict: merged, still queued
    expect(pushed?.applied).toBe(0);
    await b.engine.run();
    await a.engine.run();
    for (const device of [a, b]) {
      const seen = await device.handlers['vault.get']({ id: item.id });
      expect(seen.content.login?.password).toBe('from-b');
      expect(seen.passwordHistory.map((entry) => entry.password)).toEqual(expect.arrayContaining(['from-a', 'first']));
    }
    expect(await titles(a)).toEqual(['GitHub']);
  });

  it('keeps the other title in a conflict copy that every device ends up with', async () => {
    const { b, item } = await sharedItem();
    await a.handlers['vault.update']({ id: item.id, content: login('GitHub (work)', { password: 'first' }) });
    await a.engine.run();
    await b.handlers['vault.update']({ id: item.id, content: login('GitHub (home)', { password: 'first' }) });
    await b.engine.run();
    await a.engine.run();
    expect(await titles(b)).toEqual(['GitHub (home)', 'GitHub (work) (conflict copy)']);
    expect(await titles(a)).toEqual(await titles(b));
    expect(await a.engine.pending()).toBe(0);
    expect(await b.engine.pending()).toBe(0);
  });

  it('keeps a local edit of an item deleted elsewhere, and brings it back everywhere', async () => {
    const { b, item } = await sharedItem();
    await a.handlers['vault.trash']({ id: item.id });
    await a.handlers['vault.deleteForever']({ id: item.id });
    await a.engine.run();
    await b.handlers['vault.update']({ id: item.id, content: login('GitHub kept', { password: 'first' }) });
    await b.engine.run();
    await a.engine.run();
    expect(await titles(a)).toEqual(['GitHub kept']);
    expect(hub.items.get(item.id)?.deleted).toBe(false);
  });

  it('drops a local deletion of an item edited elsewhere', async () => {
    const { b, item } = await sharedItem();
    await a.handlers['vault.update']({ id: item.id, content: login('GitHub edited', { password: 'first' }) });
    await a.engine.run();
    await b.handlers['vault.trash']({ id: item.id });
    await b.handlers['vault.deleteForever']({ id: item.id });
    await b.engine.run();
    expect(await titles(b)).toEqual(['GitHub edited']);
    expect(await b.engine.pending()).toBe(0);
  });

  it('merges edits of different fields without a copy', async () => {
    const { b, item } = await sharedItem();
    await a.handlers['vault.update']({ id: item.id, content: login('GitHub', { password: 'first', username: 'octo' }) });
    await a.engine.run();
    await b.handlers['vault.setFavourite']({ id: item.id, favourite: true });
    await b.engine.run();
    await a.engine.run();
    const seen = await a.handlers['vault.get']({ id: item.id });
    expect(seen).toMatchObject({ favourite: true, content: { login: { username: 'octo' } } });
    expect(await titles(a)).toEqual(['GitHub']);
  });
});
