/**
 * The vault's items (lib/vault/item-service.ts) through their message handlers: create, read,
 * edit, favourites, password history, trash and purge, import, authenticator codes, and what
 * happens to blobs that do not decrypt. Real crypto, a fresh fake IndexedDB per test.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PASSWORD_HISTORY_LIMIT } from '../../lib/protocol/vault-item.ts';
import { TRASH_PURGE_ALARM } from '../../lib/vault/vault.ts';
import { createDevice, createFakeKeysetHub, DAY, type Device, failureCode, login, MASTER, note } from './support/vault-harness.ts';
import { unpackVaultList } from '../../lib/messaging/preview-pack.ts';

let device: Device;

beforeEach(async () => {
  device = createDevice({ hub: createFakeKeysetHub() });
  await device.handlers['vault.setup']({ masterPassword: MASTER });
});

const create = (content = login('Bank'), favourite = false) => device.handlers['vault.create']({ content, favourite });
const list = async () => unpackVaultList(await device.handlers['vault.list']({}));
const titles = async () => (await list()).items.map((item) => item.title);

async function relock() {
  await device.handlers['vault.lock']({});
  await device.handlers['vault.unlock']({ masterPassword: MASTER });
}

async function db() {
  return device.database();
}

describe('vault items', () => {
  it('creates an item with a 22-character random id and reads it back as created', async () => {
    const item = await create(login('Bank', { websites: [{ url: 'https://bank.example/login', match: 'site' }] }), true);
    expect(item.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(item).toMatchObject({ format: 1, favourite: true, trashedAt: null, passwordHistory: [], createdAt: device.clock.now });
    expect(await device.handlers['vault.get']({ id: item.id })).toEqual(item);
    await relock();
    expect(await device.handlers['vault.get']({ id: item.id })).toEqual(item);
  });

  it('lists previews sorted by title, with hosts and no secret', async () => {
    await create(login('Zeta', { websites: [{ url: 'https://www.zeta.example/a', match: 'site' }, { url: 'zeta.example', match: 'host' }], totp: 'JBSWY3DPEHPK3PXP' }));
    await create(note('Alpha', 'the note text'));
    const { items } = await list();
    expect(items.map((item) => item.title)).toEqual(['Alpha', 'Zeta']);
    expect(items[1]).toMatchObject({ kind: 'login', username: 'zeta@example.com', hosts: ['www.zeta.example', 'zeta.example'], hasTotp: true, problem: null });
    const text = JSON.stringify(items);
    for (const secret of ['pw-Zeta', 'the note text', 'JBSWY3DPEHPK3PXP']) expect(text).not.toContain(secret);
  });

  it('updates the content and keeps the replaced password in the history, newest first', async () => {
    const item = await create(login('Bank', { password: 'first' }));
    device.clock.now += 1000;
    await device.handlers['vault.update']({ id: item.id, content: login('Bank', { password: 'second' }) });
    device.clock.now += 1000;
    const updated = await device.handlers['vault.update']({ id: item.id, content: login('Bank', { password: 'third' }) });
    expect(updated.passwordHistory).toEqual([
      { password: 'second', changedAt: item.createdAt + 2000 },
      { password: 'first', changedAt: item.createdAt + 1000 },
    ]);
    expect(updated.updatedAt).toBe(item.createdAt + 2000);
    // A change elsewhere in the item leaves the history alone.
    const renamed = await device.handlers['vault.update']({ id: item.id, content: { ...login('Bank', { password: 'third' }), title: 'My bank' } });
    expect(renamed.passwordHistory).toHaveLength(2);
  });

  it('keeps at most PASSWORD_HISTORY_LIMIT old passwords', async () => {
    const item = await create(login('Bank', { password: 'p0' }));
    for (let i = 1; i <= PASSWORD_HISTORY_LIMIT + 3; i += 1) await device.handlers['vault.update']({ id: item.id, content: login('Bank', { password: `p${i}` }) });
    const { passwordHistory } = await device.handlers['vault.get']({ id: item.id });
    expect(passwordHistory).toHaveLength(PASSWORD_HISTORY_LIMIT);
    expect(passwordHistory[0]?.password).toBe(`p${PASSWORD_HISTORY_LIMIT + 2}`);
  });

  it('sets and clears the favourite mark', async () => {
    const item = await create();
    expect((await device.handlers['vault.setFavourite']({ id: item.id, favourite: true })).favourite).toBe(true);
    expect((await list()).items[0]?.favourite).toBe(true);
  });

  it('answers item_not_found for an unknown id', async () => {
    expect(await failureCode(device.handlers['vault.get']({ id: 'AAAAAAAAAAAAAAAAAAAAAA' }))).toBe('item_not_found');
    expect(await failureCode(device.handlers['vault.trash']({ id: 'AAAAAAAAAAAAAAAAAAAAAA' }))).toBe('item_not_found');
  });

  it('trashes, restores and trashes again; purges the item 31 days later at unlock', async () => {
    const item = await create();
    const trashed = await device.handlers['vault.trash']({ id: item.id });
    expect(trashed.trashedAt).toBe(device.clock.now);
    expect((await device.handlers['vault.restore']({ id: item.id })).trashedAt).toBeNull();
    await device.handlers['vault.trash']({ id: item.id });
    expect(await device.handlers['vault.status']({})).toMatchObject({ itemCount: 0 });
    expect((await list()).items[0]?.trashedAt).toBe(device.clock.now);

    device.clock.now += 29 * DAY;
    await relock();
    expect(await titles()).toEqual(['Bank']);
    device.clock.now += 2 * DAY;
    await relock();
    expect(await titles()).toEqual([]);
    expect(await (await db()).count('vaultItems')).toBe(0);
  });

  it('purges old trash on the daily alarm while unlocked', async () => {
    await device.handlers['vault.setLockTimeout']({ timeout: 'browser_close' }); // unlocked for a month
    const item = await create();
    await device.handlers['vault.trash']({ id: item.id });
    expect(await fakeBrowser.alarms.get(TRASH_PURGE_ALARM)).toMatchObject({ periodInMinutes: 24 * 60 });
    device.clock.now += 31 * DAY;
    await device.vault.onAlarm(TRASH_PURGE_ALARM);
    expect(await titles()).toEqual([]);
  });

  it('deletes forever only from the trash', async () => {
    const item = await create();
    expect(await failureCode(device.handlers['vault.deleteForever']({ id: item.id }))).toBe('invalid_request');
    expect(await titles()).toEqual(['Bank']);
    await device.handlers['vault.trash']({ id: item.id });
    expect(await device.handlers['vault.deleteForever']({ id: item.id })).toEqual({ deleted: true });
    expect(await titles()).toEqual([]);
    expect(await failureCode(device.handlers['vault.get']({ id: item.id }))).toBe('item_not_found');
  });

  it('empties the trash and leaves other items', async () => {
    const [a, b] = [await create(login('A')), await create(login('B'))];
    await create(login('C'));
    await device.handlers['vault.trash']({ id: a.id });
    await device.handlers['vault.trash']({ id: b.id });
    expect(await device.handlers['vault.emptyTrash']({})).toEqual({ deleted: 2 });
    expect(await titles()).toEqual(['C']);
  });

  it('imports 1,000 items in one transaction with one listing write', async () => {
    const before = (await (await db()).get('vaultMeta', 'generation')) as number;
    const items = Array.from({ length: 1000 }, (_, i) => login(`Site ${String(i).padStart(4, '0')}`));
    expect(await device.handlers['vault.import']({ items })).toEqual({ created: 1000 });
    expect(await (await db()).get('vaultMeta', 'generation')).toBe(before + 1);
    expect(await (await db()).count('vaultItems')).toBe(1000);
    expect(await device.handlers['vault.status']({})).toMatchObject({ itemCount: 1000 });
    await relock();
    expect((await list()).items).toHaveLength(1000);
  });

  it('gives the current authenticator code, and invalid_code for a login without a usable secret', async () => {
    const withTotp = await create(login('Bank', { totp: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' }));
    device.clock.now = 59_000;
    expect(await device.handlers['vault.totpCode']({ id: withTotp.id })).toEqual({ code: '287082', period: 30, remainingSeconds: 1 });
    const broken = await create(login('Shop', { totp: 'not a secret!' }));
    expect(await failureCode(device.handlers['vault.totpCode']({ id: broken.id }))).toBe('invalid_code');
    const none = await create(note('Note'));
    expect(await failureCode(device.handlers['vault.totpCode']({ id: none.id }))).toBe('invalid_code');
  });
});

describe('vault list for the current tab', () => {
  it('names the tab’s host and the items for its registrable domain (a.github.io ≠ b.github.io)', async () => {
    const a = await create(login('Pages A', { websites: [{ url: 'https://a.github.io/', match: 'site' }] }));
    await create(login('Pages B', { websites: [{ url: 'https://b.github.io/', match: 'site' }] }));
    await create(login('Never', { websites: [{ url: 'https://a.github.io/', match: 'never' }] }));
    device.site.host = 'a.github.io';
    expect(await list()).toMatchObject({ siteHost: 'a.github.io', siteItemIds: [a.id] });
    device.site.host = null;
    expect(await list()).toMatchObject({ siteHost: null, siteItemIds: [] });
  });
});

describe('vault items that do not decrypt', () => {
  async function flipBit(id: string) {
    const database = await db();
    const record = await database.get('vaultItems', id);
    if (!record) throw new Error('no record');
    const blob = record.blob.slice();
    blob[blob.length - 20] = (blob[blob.length - 20] ?? 0) ^ 1;
    await database.put('vaultItems', { ...record, blob });
    return blob;
  }

  it('answers item_undecryptable for a tampered blob, lists it with the problem, and keeps it as it is', async () => {
    const item = await create();
    const tampered = await flipBit(item.id);
    expect(await failureCode(device.handlers['vault.get']({ id: item.id }))).toBe('item_undecryptable');
    expect((await list()).items).toEqual([expect.objectContaining({ id: item.id, problem: 'undecryptable' })]);
    expect(await failureCode(device.handlers['vault.update']({ id: item.id, content: login('Overwrite') }))).toBe('item_undecryptable');
    expect(await failureCode(device.handlers['vault.trash']({ id: item.id }))).toBe('item_undecryptable');
    expect((await (await db()).get('vaultItems', item.id))?.blob).toEqual(tampered);
  });

  it('deletes an undecryptable item for good without the trash (it cannot be trashed), and queues the deletion for sync', async () => {
    const item = await create();
    const kept = await create(login('Kept'));
    await flipBit(item.id);
    expect(await device.handlers['vault.deleteForever']({ id: item.id })).toEqual({ deleted: true });
    expect(await (await db()).get('vaultItems', item.id)).toBeUndefined();
    expect((await list()).items.map((preview) => preview.id)).toEqual([kept.id]);
    expect(await (await db()).get('outbox', item.id)).toMatchObject({ itemId: item.id, deleted: true });
    expect(await failureCode(device.handlers['vault.deleteForever']({ id: kept.id }))).toBe('invalid_request');
  });

  it('lists a tampered blob as undecryptable when the listing is rebuilt at unlock', async () => {
    const item = await create();
    await create(login('Other'));
    await flipBit(item.id);
    await (await db()).delete('vaultMeta', 'listing');
    await relock();
    const { items } = await list();
    expect(items.find((preview) => preview.id === item.id)).toMatchObject({ problem: 'undecryptable', title: '' });
    expect(items.find((preview) => preview.id !== item.id)).toMatchObject({ title: 'Other', problem: null });
    expect(await (await db()).count('vaultItems')).toBe(2);
  });

  it('detects a blob copied onto another item’s id', async () => {
    const a = await create(login('A'));
    const b = await create(login('B'));
    const database = await db();
    const source = await database.get('vaultItems', a.id);
    const target = await database.get('vaultItems', b.id);
    if (!source || !target) throw new Error('no record');
    await database.put('vaultItems', { ...target, blob: source.blob });
    expect(await failureCode(device.handlers['vault.get']({ id: b.id }))).toBe('item_undecryptable');
    expect((await device.handlers['vault.get']({ id: a.id })).content.title).toBe('A');
  });
});

describe('vault listing snapshot', () => {
  it('is used at unlock without reading the item blobs while its generation matches', async () => {
    const item = await create(login('A'));
    // Removing the record behind the listing's back: a listing that is used still shows the item.
    await (await db()).delete('vaultItems', item.id);
    await relock();
    expect(await titles()).toEqual(['A']);
  });

  it('is rebuilt from the items when its generation is stale', async () => {
    const item = await create(login('A'));
    await create(login('B'));
    const database = await db();
    await database.delete('vaultItems', item.id);
    // What sync does while locked: items change, the generation moves, the listing cannot be rewritten.
    await database.put('vaultMeta', ((await database.get('vaultMeta', 'generation')) as number) + 1, 'generation');
    await relock();
    expect(await titles()).toEqual(['B']);
    const listing = (await database.get('vaultMeta', 'listing')) as { generation: number };
    expect(listing.generation).toBe(await database.get('vaultMeta', 'generation'));
  });

  it('is rebuilt when it is missing or does not decrypt', async () => {
    await create(login('A'));
    const database = await db();
    await database.delete('vaultMeta', 'listing');
    await relock();
    expect(await titles()).toEqual(['A']);
    const listing = (await database.get('vaultMeta', 'listing')) as { blob: Uint8Array; generation: number };
    const broken = listing.blob.slice();
    broken[30] = (broken[30] ?? 0) ^ 1;
    await database.put('vaultMeta', { ...listing, blob: broken }, 'listing');
    await relock();
    expect(await titles()).toEqual(['A']);
  });
});
