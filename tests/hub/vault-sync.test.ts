/**
 * The changes API (issue 5, hub side): a per-account revision counter, items as opaque blobs pulled as
 * "changes since a cursor" and pushed in idempotent batches with a compare-and-swap per item.
 * Limits, bad input and concurrency are in vault-sync-limits.test.ts and vault-sync-concurrency.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDevice, signIn } from '../support/hub-client.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';
import { errorOf, signedInAccount } from '../support/two-step.ts';
import { newItemId, pull, push, pushBody, pushedOf, randomBlob, syncApi } from '../support/vault-sync.ts';

describe('vault changes', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({ env: { IP_ATTEMPT_CEILING: '1000000' } });
  });
  afterAll(() => hub.close());

  const db = () => hub.testDatabase.database.db;
  const tokenOfNewAccount = async () => (await signedInAccount(hub.app)).tokens.accessToken;
  const revisionOf = async (accountId: string) =>
    Number((await db().selectFrom('vault_state').select('revision').where('account_id', '=', accountId).executeTakeFirst())?.revision ?? 0);

  it('answers an empty page at cursor 0 when the vault is empty', async () => {
    expect(await pull(hub.app, await tokenOfNewAccount())).toEqual({ items: [], cursor: 0, more: false });
  });

  it('applies a new item at revision 1 and hands it back when pulled since 0', async () => {
    const token = await tokenOfNewAccount();
    const id = newItemId();
    const blob = randomBlob();
    expect(await push(hub.app, token, [{ id, baseRevision: 0, blob }])).toEqual({ results: [{ id, status: 'applied', revision: 1 }], cursor: 1 });
    const expected = { items: [{ id, revision: 1, blob, deleted: false }], cursor: 1, more: false };
    expect(await pull(hub.app, token)).toEqual(expected);
    expect(await pull(hub.app, token, '?since=0')).toEqual(expected);
  });

  it('answers an empty page with the same cursor when nothing changed since it', async () => {
    const token = await tokenOfNewAccount();
    await push(hub.app, token, [{ id: newItemId(), baseRevision: 0, blob: randomBlob() }, { id: newItemId(), baseRevision: 0, blob: randomBlob() }]);
    const { cursor } = await pull(hub.app, token);
    expect(cursor).toBe(2);
    expect(await pull(hub.app, token, `?since=${cursor}`)).toEqual({ items: [], cursor: 2, more: false });
  });

  it('answers its own, lower revision as the cursor when asked from beyond it (restored from an older backup)', async () => {
    const token = await tokenOfNewAccount();
    await push(hub.app, token, [{ id: newItemId(), baseRevision: 0, blob: randomBlob() }, { id: newItemId(), baseRevision: 0, blob: randomBlob() }]);
    expect(await pull(hub.app, token, '?since=50')).toEqual({ items: [], cursor: 2, more: false });
  });

  it('keeps the stored row exactly as pushed, with the revision, device and time', async () => {
    const { account, tokens } = await signedInAccount(hub.app);
    const id = newItemId();
    const blob = randomBlob(300);
    await push(hub.app, tokens.accessToken, [{ id, baseRevision: 0, blob }]);
    expect(await db().selectFrom('vault_items').selectAll().where('account_id', '=', account.id).execute()).toEqual([
      { account_id: account.id, item_id: id, revision: 1, blob, deleted: 0, updated_at: hub.clock(), device_id: tokens.deviceId },
    ]);
  });

  it('applies an edit based on the current revision and hands out only the newer version', async () => {
    const token = await tokenOfNewAccount();
    const [a, b] = [newItemId(), newItemId()];
    await push(hub.app, token, [{ id: a, baseRevision: 0, blob: randomBlob() }, { id: b, baseRevision: 0, blob: randomBlob() }]);
    const edited = randomBlob();
    expect(await push(hub.app, token, [{ id: a, baseRevision: 1, blob: edited }])).toEqual({ results: [{ id: a, status: 'applied', revision: 3 }], cursor: 3 });
    expect(await pull(hub.app, token, '?since=2')).toEqual({ items: [{ id: a, revision: 3, blob: edited, deleted: false }], cursor: 3, more: false });
    expect((await pull(hub.app, token)).items.map((item) => [item.id, item.revision])).toEqual([[b, 2], [a, 3]]);
  });

  it('answers a conflict with the current item and changes nothing when the base revision is stale', async () => {
    const token = await tokenOfNewAccount();
    const id = newItemId();
    const first = randomBlob();
    await push(hub.app, token, [{ id, baseRevision: 0, blob: first }]);
    const second = randomBlob();
    await push(hub.app, token, [{ id, baseRevision: 1, blob: second }]);
    const current = { id, revision: 2, blob: second, deleted: false };
    expect(await push(hub.app, token, [{ id, baseRevision: 1, blob: randomBlob() }])).toEqual({ results: [{ id, status: 'conflict', current }], cursor: 2 });
    // A new item under an id that exists is a conflict too (baseRevision 0 is "I never saw it").
    expect(await push(hub.app, token, [{ id, baseRevision: 0, blob: randomBlob() }])).toEqual({ results: [{ id, status: 'conflict', current }], cursor: 2 });
    expect(await push(hub.app, token, [{ id, baseRevision: 7, deleted: true }])).toEqual({ results: [{ id, status: 'conflict', current }], cursor: 2 });
    expect(await pull(hub.app, token)).toEqual({ items: [current], cursor: 2, more: false });
  });

  it('applies the rest of a batch when one change conflicts, each in the order sent', async () => {
    const token = await tokenOfNewAccount();
    const [a, b, c] = [newItemId(), newItemId(), newItemId()];
    await push(hub.app, token, [{ id: a, baseRevision: 0, blob: randomBlob() }]);
    const answer = await push(hub.app, token, [
      { id: b, baseRevision: 0, blob: randomBlob() },
      { id: a, baseRevision: 5, blob: randomBlob() },
      { id: c, baseRevision: 0, blob: randomBlob() },
    ]);
    expect(answer.results.map((result) => [result.id, result.status, result.status === 'applied' ? result.revision : result.current.revision])).toEqual([
      [b, 'applied', 2],
      [a, 'conflict', 1],
      [c, 'applied', 3],
    ]);
    expect(answer.cursor).toBe(3);
  });

  it('turns a deletion into a tombstone that is handed out as a change', async () => {
    const token = await tokenOfNewAccount();
    const id = newItemId();
    await push(hub.app, token, [{ id, baseRevision: 0, blob: randomBlob() }]);
    expect(await push(hub.app, token, [{ id, baseRevision: 1, deleted: true }])).toEqual({ results: [{ id, status: 'applied', revision: 2 }], cursor: 2 });
    expect(await pull(hub.app, token, '?since=1')).toEqual({ items: [{ id, revision: 2, blob: null, deleted: true }], cursor: 2, more: false });
    const row = await db().selectFrom('vault_items').select(['blob', 'deleted']).where('item_id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ blob: null, deleted: 1 });
  });

  it('brings a deleted item back when a blob is based on the tombstone, and conflicts when based on the version before', async () => {
    const token = await tokenOfNewAccount();
    const id = newItemId();
    await push(hub.app, token, [{ id, baseRevision: 0, blob: randomBlob() }]);
    await push(hub.app, token, [{ id, baseRevision: 1, deleted: true }]);
    const tombstone = { id, revision: 2, blob: null, deleted: true };
    expect((await push(hub.app, token, [{ id, baseRevision: 1, blob: randomBlob() }])).results).toEqual([{ id, status: 'conflict', current: tombstone }]);
    const restored = randomBlob();
    expect((await push(hub.app, token, [{ id, baseRevision: 2, blob: restored }])).results).toEqual([{ id, status: 'applied', revision: 3 }]);
    expect((await pull(hub.app, token)).items).toEqual([{ id, revision: 3, blob: restored, deleted: false }]);
  });

  it('applies deleting an item that is already deleted without a new revision, whatever its base', async () => {
    const token = await tokenOfNewAccount();
    const id = newItemId();
    await push(hub.app, token, [{ id, baseRevision: 0, blob: randomBlob() }]);
    await push(hub.app, token, [{ id, baseRevision: 1, deleted: true }]);
    expect(await push(hub.app, token, [{ id, baseRevision: 1, deleted: true }])).toEqual({ results: [{ id, status: 'applied', revision: 2 }], cursor: 2 });
    expect(await push(hub.app, token, [{ id, baseRevision: 2, deleted: true }])).toEqual({ results: [{ id, status: 'applied', revision: 2 }], cursor: 2 });
    expect((await pull(hub.app, token)).cursor).toBe(2);
  });

  it('applies a change to an item the hub never had, whatever its base, and records a deletion of one as a tombstone', async () => {
    const token = await tokenOfNewAccount();
    const [edited, deleted, created] = [newItemId(), newItemId(), newItemId()];
    const blob = randomBlob();
    const answer = await push(hub.app, token, [
      { id: edited, baseRevision: 41, blob },
      { id: deleted, baseRevision: 9, deleted: true },
      { id: created, baseRevision: 0, deleted: true },
    ]);
    expect(answer).toEqual({
      results: [
        { id: edited, status: 'applied', revision: 1 },
        { id: deleted, status: 'applied', revision: 2 },
        { id: created, status: 'applied', revision: 3 },
      ],
      cursor: 3,
    });
    expect((await pull(hub.app, token)).items).toEqual([
      { id: edited, revision: 1, blob, deleted: false },
      { id: deleted, revision: 2, blob: null, deleted: true },
      { id: created, revision: 3, blob: null, deleted: true },
    ]);
  });

  it('pages 5 items by 2 with cursors that continue where the last page ended', async () => {
    const token = await tokenOfNewAccount();
    const ids = Array.from({ length: 5 }, newItemId);
    await push(hub.app, token, ids.map((id) => ({ id, baseRevision: 0, blob: randomBlob() })));
    const first = await pull(hub.app, token, '?since=0&limit=2');
    expect([first.items.map((item) => item.id), first.cursor, first.more]).toEqual([ids.slice(0, 2), 2, true]);
    const second = await pull(hub.app, token, `?since=${first.cursor}&limit=2`);
    expect([second.items.map((item) => item.id), second.cursor, second.more]).toEqual([ids.slice(2, 4), 4, true]);
    const third = await pull(hub.app, token, `?since=${second.cursor}&limit=2`);
    expect([third.items.map((item) => item.id), third.cursor, third.more]).toEqual([ids.slice(4), 5, false]);
    expect(await pull(hub.app, token, `?since=${third.cursor}&limit=2`)).toEqual({ items: [], cursor: 5, more: false });
    // Exactly a page's worth left: no "more", and the cursor is the account's revision.
    expect(await pull(hub.app, token, '?since=3&limit=2')).toMatchObject({ cursor: 5, more: false });
  });

  it('answers the account revision as the cursor when older revisions were superseded', async () => {
    const token = await tokenOfNewAccount();
    const id = newItemId();
    await push(hub.app, token, [{ id, baseRevision: 0, blob: randomBlob() }]);
    await push(hub.app, token, [{ id, baseRevision: 1, blob: randomBlob() }]);
    await push(hub.app, token, [{ id, baseRevision: 2, blob: randomBlob() }]);
    expect(await pull(hub.app, token, '?since=0&limit=1')).toMatchObject({ items: [{ id, revision: 3 }], cursor: 3, more: false });
  });

  it('answers a retried batch from its first run: the same body, applied once', async () => {
    const { account, tokens } = await signedInAccount(hub.app);
    const [a, b] = [newItemId(), newItemId()];
    await push(hub.app, tokens.accessToken, [{ id: b, baseRevision: 0, blob: randomBlob() }]);
    const body = pushBody([
      { id: a, baseRevision: 0, blob: randomBlob() },
      { id: b, baseRevision: 0, blob: randomBlob() },
    ]);
    const first = await syncApi.push(hub.app, body, tokens.accessToken);
    const again = await syncApi.push(hub.app, body, tokens.accessToken);
    expect(pushedOf(first).results.map((result) => result.status)).toEqual(['applied', 'conflict']);
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect(await revisionOf(account.id)).toBe(2);
    expect((await pull(hub.app, tokens.accessToken)).items.map((item) => item.id)).toEqual([b, a]);
  });

  it('answers a replayed conflict with the item as the hub holds it now', async () => {
    const token = await tokenOfNewAccount();
    const id = newItemId();
    await push(hub.app, token, [{ id, baseRevision: 0, blob: randomBlob() }]);
    const body = pushBody([{ id, baseRevision: 0, blob: randomBlob() }]);
    expect(pushedOf(await syncApi.push(hub.app, body, token)).results).toMatchObject([{ status: 'conflict', current: { revision: 1 } }]);
    const newer = randomBlob();
    await push(hub.app, token, [{ id, baseRevision: 1, blob: newer }]);
    expect(pushedOf(await syncApi.push(hub.app, body, token))).toEqual({
      results: [{ id, status: 'conflict', current: { id, revision: 2, blob: newer, deleted: false } }],
      cursor: 1,
    });
  });

  it('refuses a batchId used before for other changes with 409 conflict and applies nothing', async () => {
    const { account, tokens } = await signedInAccount(hub.app);
    const batchId = randomUUID();
    await push(hub.app, tokens.accessToken, [{ id: newItemId(), baseRevision: 0, blob: randomBlob() }], batchId);
    const response = await syncApi.push(hub.app, pushBody([{ id: newItemId(), baseRevision: 0, blob: randomBlob() }], batchId), tokens.accessToken);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({ error: { code: 'conflict', message: expect.any(String), batchId } });
    expect(await revisionOf(account.id)).toBe(1);
  });

  it('keeps batchIds per account: another account may use the same one', async () => {
    const batchId = randomUUID();
    const one = await push(hub.app, await tokenOfNewAccount(), [{ id: newItemId(), baseRevision: 0, blob: randomBlob() }], batchId);
    const other = await push(hub.app, await tokenOfNewAccount(), [{ id: newItemId(), baseRevision: 0, blob: randomBlob() }], batchId);
    expect([one.results[0]?.status, other.results[0]?.status]).toEqual(['applied', 'applied']);
  });

  it('keeps each account to its own items when another account pulls or pushes the same ids', async () => {
    const owner = await signedInAccount(hub.app);
    const other = await signedInAccount(hub.app);
    const id = newItemId();
    const mine = randomBlob();
    await push(hub.app, owner.tokens.accessToken, [{ id, baseRevision: 0, blob: mine }]);
    expect(await pull(hub.app, other.tokens.accessToken)).toEqual({ items: [], cursor: 0, more: false });
    // The other account's change lands in its own vault: a new item there, nothing overwritten here.
    expect((await push(hub.app, other.tokens.accessToken, [{ id, baseRevision: 1, deleted: true }])).results).toEqual([{ id, status: 'applied', revision: 1 }]);
    expect((await push(hub.app, other.tokens.accessToken, [{ id, baseRevision: 1, blob: randomBlob() }])).results).toEqual([{ id, status: 'applied', revision: 2 }]);
    expect(await pull(hub.app, owner.tokens.accessToken)).toEqual({ items: [{ id, revision: 1, blob: mine, deleted: false }], cursor: 1, more: false });
  });

  it('lets every device of the account see the changes of the others', async () => {
    const account = await signedInAccount(hub.app);
    const second = await signIn(hub.app, { ...account, device: newDevice() });
    const id = newItemId();
    await push(hub.app, account.tokens.accessToken, [{ id, baseRevision: 0, blob: randomBlob() }]);
    expect((await pull(hub.app, second.accessToken)).items.map((item) => item.id)).toEqual([id]);
    await push(hub.app, second.accessToken, [{ id, baseRevision: 1, deleted: true }]);
    expect((await pull(hub.app, account.tokens.accessToken, '?since=1')).items).toEqual([{ id, revision: 2, blob: null, deleted: true }]);
    const row = await db().selectFrom('vault_items').select('device_id').where('item_id', '=', id).executeTakeFirstOrThrow();
    expect(row.device_id).toBe(second.deviceId);
  });

  it('answers 401 unauthorized when no valid access token is sent', async () => {
    for (const token of [undefined, 'tsa_not-a-real-token']) {
      const pulled = await syncApi.pull(hub.app, token);
      expect(pulled.statusCode).toBe(401);
      expect(errorOf(pulled).code).toBe('unauthorized');
      const pushed = await syncApi.push(hub.app, pushBody([{ id: newItemId(), baseRevision: 0, blob: randomBlob() }]), token);
      expect(pushed.statusCode).toBe(401);
      expect(errorOf(pushed).code).toBe('unauthorized');
    }
  });
});
