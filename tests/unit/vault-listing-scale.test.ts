/**
 * The listing snapshot at scale: with 10,000 items, unlocking reads one listing blob instead of
 * 10,000 item blobs (no rebuild), and every preview is there. How fast that is, is measured by the
 * vault benchmark in real Chromium (npm run bench -- vault), not asserted here.
 */
import { describe, expect, it } from 'vitest';
import { newVaultKey } from '../../lib/crypto/vault-keys.ts';
import { ITEM_FORMAT, type VaultItem } from '../../lib/protocol/vault-item.ts';
import { openLocalDatabase } from '../../lib/state/local-database.ts';
import { newItemId, sealItem } from '../../lib/vault/item-codec.ts';
import { createListing } from '../../lib/vault/listing.ts';
import { entryOf } from '../../lib/vault/preview.ts';
import { createVaultStore } from '../../lib/vault/vault-store.ts';
import { login } from './support/vault-harness.ts';

const ITEMS = 10_000;

function item(i: number): VaultItem {
  const content = login(`Site ${i}`, { websites: [{ url: `https://login.site${i}.example/`, match: 'site' }] });
  return { format: ITEM_FORMAT, id: newItemId(), content, favourite: i % 50 === 0, createdAt: i, updatedAt: i, trashedAt: null, passwordHistory: [] };
}

describe('vault listing at 10,000 items', () => {
  it('loads the previews from the snapshot without the slow path', async () => {
    let database: ReturnType<typeof openLocalDatabase> | undefined;
    const store = createVaultStore(() => (database ??= openLocalDatabase()));
    const vaultKey = newVaultKey();
    const writer = createListing(store);
    await writer.load(vaultKey); // empty vault
    const items = Array.from({ length: ITEMS }, (_, i) => item(i));
    await writer.commit(vaultKey, { put: items.map((it) => ({ record: sealItem(vaultKey, it, 0), entry: entryOf(it) })) });

    const reader = createListing(store);
    const { rebuilt } = await reader.load(vaultKey);
    expect(rebuilt).toBe(false);
    expect(reader.entries().size).toBe(ITEMS);
    expect([...reader.entries().values()].filter((entry) => entry.preview.favourite)).toHaveLength(ITEMS / 50);
  }, 60_000);
});
