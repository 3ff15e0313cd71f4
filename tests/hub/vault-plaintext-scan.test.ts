/**
 * The zero-knowledge scan (tests/support/plaintext-scan.ts), tested against a real hub database: it
 * must find a plaintext planted anywhere (as text, base64 at any alignment, or hex), and must find
 * nothing of an item whose blob was really encrypted.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanDatabaseFor, scanSqliteFileFor } from '../support/plaintext-scan.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';
import { signedInAccount } from '../support/two-step.ts';
import { newItemId, push } from '../support/vault-sync.ts';

const ITEM = { title: 'Zephyr Credit Union', username: 'octavia.quill@example.com', password: 'Marmalade-Sextant-93', notes: 'PIN 4471 for the card' };
const NEEDLES = Object.values(ITEM);

/** What a device sends: the item JSON sealed with a key the hub never sees (AES-256-GCM here). */
function sealed(value: unknown): string {
  const key = randomBytes(32);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return Buffer.concat([Buffer.from([1]), nonce, ciphertext]).toString('base64');
}

describe('plaintext scan of the hub database', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.close());

  const db = () => hub.testDatabase.database.db;

  it('finds nothing of an item when only its ciphertext was pushed', async () => {
    const { tokens } = await signedInAccount(hub.app);
    await push(hub.app, tokens.accessToken, [{ id: newItemId(), baseRevision: 0, blob: sealed(ITEM) }]);
    expect(await db().selectFrom('vault_items').select('item_id').execute()).toHaveLength(1);
    expect(await scanDatabaseFor(hub.testDatabase.database, NEEDLES)).toEqual([]);
    expect(await scanDatabaseFor(db(), NEEDLES)).toEqual([]);
  });

  it('finds a plaintext planted in a column that is not a blob, naming table and column', async () => {
    const { account } = await signedInAccount(hub.app);
    await db().updateTable('devices').set({ name: `Laptop of ${ITEM.username}` }).where('account_id', '=', account.id).execute();
    expect(await scanDatabaseFor(hub.testDatabase.database, NEEDLES)).toEqual([{ table: 'devices', column: 'name', needle: ITEM.username, encoding: 'text' }]);
    await db().updateTable('devices').set({ name: 'Laptop' }).where('account_id', '=', account.id).execute();
  });

  it('finds an item pushed only base64-encoded, not encrypted, in the blob column', async () => {
    const { tokens } = await signedInAccount(hub.app);
    const id = newItemId();
    await push(hub.app, tokens.accessToken, [{ id, baseRevision: 0, blob: Buffer.from(JSON.stringify(ITEM)).toString('base64') }]);
    const found = await scanDatabaseFor(hub.testDatabase.database, NEEDLES);
    expect(found).toEqual(expect.arrayContaining(NEEDLES.map((needle) => ({ table: 'vault_items', column: 'blob', needle, encoding: 'base64' }))));
    expect(found.every((finding) => finding.table === 'vault_items' || finding.table === 'vault_batches')).toBe(true);
    await db().deleteFrom('vault_items').where('item_id', '=', id).execute();
    await db().deleteFrom('vault_batches').execute();
  });

  it('finds a needle base64-encoded at every byte alignment, and hex-encoded in either case', async () => {
    const { account } = await signedInAccount(hub.app);
    const needle = ITEM.password;
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      for (const encoded of [Buffer.from(`${prefix}${needle}!`).toString('base64'), Buffer.from(`${prefix}${needle}`).toString('base64url')]) {
        await db().updateTable('devices').set({ name: encoded }).where('account_id', '=', account.id).execute();
        expect(await scanDatabaseFor(db(), [needle]), `${prefix} ${encoded}`).toEqual([{ table: 'devices', column: 'name', needle, encoding: 'base64' }]);
      }
    }
    for (const hex of [Buffer.from(needle).toString('hex'), Buffer.from(needle).toString('hex').toUpperCase()]) {
      await db().updateTable('devices').set({ name: `x${hex}y` }).where('account_id', '=', account.id).execute();
      expect(await scanDatabaseFor(db(), [needle])).toEqual([{ table: 'devices', column: 'name', needle, encoding: 'hex' }]);
    }
    await db().updateTable('devices').set({ name: 'Laptop' }).where('account_id', '=', account.id).execute();
  });

  it('reads the database from its file or URL too, as an end-to-end run hands it over', async () => {
    const { account } = await signedInAccount(hub.app);
    await db().updateTable('devices').set({ name: ITEM.notes }).where('account_id', '=', account.id).execute();
    const expected = [{ table: 'devices', column: 'name', needle: ITEM.notes, encoding: 'text' }];
    const { env } = hub.testDatabase;
    if (hub.testDatabase.database.kind === 'sqlite') {
      expect(await scanSqliteFileFor(path.join(env.DATA_DIR ?? '', 'tessera.sqlite'), NEEDLES)).toEqual(expected);
      expect(await scanDatabaseFor({ sqliteFile: path.join(env.DATA_DIR ?? '', 'tessera.sqlite') }, NEEDLES)).toEqual(expected);
    } else {
      expect(await scanDatabaseFor({ postgresUrl: env.DATABASE_URL ?? '' }, NEEDLES)).toEqual(expected);
    }
    await db().updateTable('devices').set({ name: 'Laptop' }).where('account_id', '=', account.id).execute();
  });
});
