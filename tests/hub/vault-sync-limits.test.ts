/**
 * The changes API's limits and its answers to bad input: blob size (413 item_too_large), body size
 * (413 payload_too_large), items per account (403 quota_exceeded), batch shape and query values
 * (400 invalid_request) — always the error envelope, never a 500, and nothing applied.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_LIMITS } from '../../lib/protocol/vault-sync.ts';
import { loadConfig } from '../../server/config.ts';
import { PUSH_BODY_LIMIT_BYTES } from '../../server/vault/sync-routes.ts';
import { PAGE_BLOB_BUDGET } from '../../server/vault/sync-service.ts';
import { expectRefused } from '../support/bad-input.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';
import { errorOf, signedInAccount } from '../support/two-step.ts';
import { newItemId, pull, push, pushBody, randomBlob, syncApi } from '../support/vault-sync.ts';

describe('vault changes limits', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({ env: { IP_ATTEMPT_CEILING: '1000000', VAULT_MAX_ITEMS: '3' } });
  });
  afterAll(() => hub.close());

  const tokenOfNewAccount = async () => (await signedInAccount(hub.app)).tokens.accessToken;

  it('stores a blob of exactly the largest size', async () => {
    const token = await tokenOfNewAccount();
    const id = newItemId();
    const blob = randomBlob(SYNC_LIMITS.maxBlobBytes);
    expect((await push(hub.app, token, [{ id, baseRevision: 0, blob }])).results).toEqual([{ id, status: 'applied', revision: 1 }]);
    expect((await pull(hub.app, token)).items[0]?.blob).toBe(blob);
  });

  it('answers 413 item_too_large naming the item and applies nothing when one blob is a byte too large', async () => {
    const token = await tokenOfNewAccount();
    const [small, large] = [newItemId(), newItemId()];
    for (const bytes of [SYNC_LIMITS.maxBlobBytes + 1, SYNC_LIMITS.maxBlobBytes + 3, 2 * SYNC_LIMITS.maxBlobBytes]) {
      const response = await syncApi.push(
        hub.app,
        pushBody([
          { id: small, baseRevision: 0, blob: randomBlob() },
          { id: large, baseRevision: 0, blob: randomBlob(bytes) },
        ]),
        token,
      );
      expectRefused(response, `${bytes} bytes`);
      expect(response.statusCode).toBe(413);
      expect(response.json()).toEqual({ error: { code: 'item_too_large', message: expect.any(String), id: large, maxBytes: SYNC_LIMITS.maxBlobBytes } });
    }
    expect(await pull(hub.app, token)).toEqual({ items: [], cursor: 0, more: false });
  });

  it('answers 413 payload_too_large when a push body is over the push limit', async () => {
    const token = await tokenOfNewAccount();
    const count = Math.ceil(PUSH_BODY_LIMIT_BYTES / (SYNC_LIMITS.maxBlobBytes * (4 / 3))) + 1;
    const changes = Array.from({ length: count }, () => ({ id: newItemId(), baseRevision: 0, blob: randomBlob(SYNC_LIMITS.maxBlobBytes) }));
    const response = await syncApi.push(hub.app, pushBody(changes), token);
    expectRefused(response, 'oversized push');
    expect(response.statusCode).toBe(413);
    expect(errorOf(response).code).toBe('payload_too_large');
    expect((await pull(hub.app, token)).cursor).toBe(0);
  });

  it('accepts a push body far larger than BODY_LIMIT_BYTES when it is under the push limit', async () => {
    const token = await tokenOfNewAccount();
    const changes = Array.from({ length: 3 }, () => ({ id: newItemId(), baseRevision: 0, blob: randomBlob(400 * 1024) }));
    expect(JSON.stringify(pushBody(changes)).length).toBeGreaterThan(hub.config.bodyLimitBytes);
    expect((await push(hub.app, token, changes)).cursor).toBe(3);
  });

  it('ends a page after about 8 MiB of blobs and carries on from there on the next one', async () => {
    const other = await createTestHub({ env: { IP_ATTEMPT_CEILING: '1000000' } });
    try {
      const token = (await signedInAccount(other.app)).tokens.accessToken;
      const ids: string[] = [];
      for (let batch = 0; batch < 2; batch += 1) {
        const changes = Array.from({ length: 10 }, () => ({ id: newItemId(), baseRevision: 0, blob: randomBlob(SYNC_LIMITS.maxBlobBytes) }));
        ids.push(...changes.map((change) => change.id));
        await push(other.app, token, changes);
      }
      const first = await pull(other.app, token, '?limit=1000');
      expect(first.more).toBe(true);
      expect(first.items.length).toBeGreaterThan(1);
      expect(first.items.reduce((sum, item) => sum + (item.blob?.length ?? 0), 0)).toBeLessThanOrEqual(PAGE_BLOB_BUDGET);
      expect(first.cursor).toBe(first.items.at(-1)?.revision);
      const rest: string[] = [];
      for (let page = first, guard = 0; page.more && guard < 10; guard += 1) {
        page = await pull(other.app, token, `?since=${page.cursor}&limit=1000`);
        rest.push(...page.items.map((item) => item.id));
        if (!page.more) expect(page.cursor).toBe(20);
      }
      expect([...first.items.map((item) => item.id), ...rest]).toEqual(ids);
    } finally {
      await other.close();
    }
  });

  it('refuses a batch that would leave more live items than VAULT_MAX_ITEMS with 403 quota_exceeded, applying none of it', async () => {
    const token = await tokenOfNewAccount();
    const ids = [newItemId(), newItemId(), newItemId()];
    await push(hub.app, token, ids.map((id) => ({ id, baseRevision: 0, blob: randomBlob() })));
    const refusedBody = pushBody([
      { id: ids[0]!, baseRevision: 1, blob: randomBlob() },
      { id: newItemId(), baseRevision: 0, blob: randomBlob() },
    ]);
    const refused = await syncApi.push(hub.app, refusedBody, token);
    expectRefused(refused, 'over quota');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ error: { code: 'quota_exceeded', message: expect.any(String), maxItems: 3, items: 3 } });
    const page = await pull(hub.app, token);
    expect(page.cursor).toBe(3);
    expect(page.items.map((item) => item.revision)).toEqual([1, 2, 3]);

    // Deleting one first makes room; the refused batch was not recorded, so its batchId still works.
    expect((await push(hub.app, token, [{ id: ids[1]!, baseRevision: 2, deleted: true }])).cursor).toBe(4);
    expect((await syncApi.push(hub.app, refusedBody, token)).json()).toMatchObject({ results: [{ status: 'applied' }, { status: 'applied' }], cursor: 6 });
  });

  it('counts a deletion and a new item in one batch against each other, and tombstones not at all', async () => {
    const token = await tokenOfNewAccount();
    const ids = [newItemId(), newItemId(), newItemId()];
    await push(hub.app, token, ids.map((id) => ({ id, baseRevision: 0, blob: randomBlob() })));
    const swapped = await push(hub.app, token, [
      { id: ids[0]!, baseRevision: 1, deleted: true },
      { id: newItemId(), baseRevision: 0, blob: randomBlob() },
    ]);
    expect(swapped.results.map((result) => result.status)).toEqual(['applied', 'applied']);
    // Bringing the deleted one back would make four.
    const back = await syncApi.push(hub.app, pushBody([{ id: ids[0]!, baseRevision: 4, blob: randomBlob() }]), token);
    expect(back.statusCode).toBe(403);
    // Edits and a conflict while at the limit are fine.
    expect((await push(hub.app, token, [{ id: ids[1]!, baseRevision: 2, blob: randomBlob() }, { id: ids[2]!, baseRevision: 1, blob: randomBlob() }])).results.map((r) => r.status)).toEqual([
      'applied',
      'conflict',
    ]);
  });

  it('refuses VAULT_MAX_ITEMS values that are not a positive whole number', () => {
    expect(loadConfig({}).vaultMaxItems).toBe(50_000);
    expect(loadConfig({ VAULT_MAX_ITEMS: '10' }).vaultMaxItems).toBe(10);
    for (const value of ['0', '-1', '1.5', 'many']) expect(() => loadConfig({ VAULT_MAX_ITEMS: value }), value).toThrow(/VAULT_MAX_ITEMS/);
  });
});

describe('vault changes bad input', () => {
  let hub: TestHub;
  let token: string;
  let accountId: string;
  beforeAll(async () => {
    hub = await createTestHub({ env: { IP_ATTEMPT_CEILING: '1000000' } });
    const account = await signedInAccount(hub.app);
    token = account.tokens.accessToken;
    accountId = account.account.id;
  });
  afterAll(() => hub.close());

  const change = (overrides: Record<string, unknown> = {}) => ({ id: newItemId(), baseRevision: 0, blob: randomBlob(), ...overrides });

  it('refuses malformed pushes with 400 invalid_request and stores nothing', async () => {
    const repeated = newItemId();
    const bad: [string, unknown][] = [
      ['a blob that is not base64', pushBody([change({ blob: '!!!not base64!!!' })])],
      ['a base64url blob', pushBody([change({ blob: Buffer.alloc(30, 0xfb).toString('base64url') })])],
      ['a blob without padding', pushBody([change({ blob: randomBlob(31).replace(/=+$/, '') })])],
      ['an empty blob', pushBody([change({ blob: '' })])],
      ['a blob that is a number', pushBody([change({ blob: 12 })])],
      ['both blob and deleted', pushBody([change({ deleted: true })])],
      ['neither blob nor deleted', pushBody([{ id: newItemId(), baseRevision: 0 }])],
      ['deleted false', { batchId: randomUUID(), changes: [{ id: newItemId(), baseRevision: 0, deleted: false }] }],
      ['a blob of null', pushBody([change({ blob: null })])],
      ['an id that is too short', pushBody([change({ id: 'short' })])],
      ['an id with a slash', pushBody([change({ id: `${newItemId()}/x` })])],
      ['an id that is too long', pushBody([change({ id: 'a'.repeat(65) })])],
      ['a negative baseRevision', pushBody([change({ baseRevision: -1 })])],
      ['a fractional baseRevision', pushBody([change({ baseRevision: 1.5 })])],
      ['a baseRevision as text', pushBody([change({ baseRevision: '0' })])],
      ['a baseRevision past 2^53', pushBody([change({ baseRevision: 2 ** 53 })])],
      ['the same item twice', pushBody([change({ id: repeated }), change({ id: repeated, baseRevision: 1 })])],
      ['no changes', pushBody([])],
      ['501 changes', pushBody(Array.from({ length: SYNC_LIMITS.maxChangesPerBatch + 1 }, () => change({ blob: 'AAAA' })))],
      ['a batchId that is not a UUID', { batchId: 'retry-1', changes: [change()] }],
      ['no batchId', { changes: [change()] }],
      ['changes as an object', { batchId: randomUUID(), changes: { 0: change() } }],
      ['a change that is null', { batchId: randomUUID(), changes: [null] }],
      ['an extra field in a change', pushBody([change({ revision: 3 })])],
      ['an extra field', { ...pushBody([change()]), cursor: 0 }],
    ];
    for (const [what, body] of bad) {
      const response = await syncApi.push(hub.app, body, token);
      expectRefused(response, what);
      expect(response.statusCode, what).toBe(400);
      expect(errorOf(response).code, what).toBe('invalid_request');
    }
    expect(await pull(hub.app, token)).toEqual({ items: [], cursor: 0, more: false });
    const batches = await hub.testDatabase.database.db.selectFrom('vault_batches').select('batch_id').where('account_id', '=', accountId).execute();
    expect(batches).toEqual([]);
  });

  it('names the repeated item when a batch holds one item twice', async () => {
    const id = newItemId();
    const response = await syncApi.push(hub.app, pushBody([change({ id }), change({ id, deleted: true, blob: undefined })]), token);
    expect(response.json()).toEqual({ error: { code: 'invalid_request', message: expect.any(String), id } });
  });

  it('accepts exactly 500 changes in one batch', async () => {
    const other = await signedInAccount(hub.app);
    const answer = await push(hub.app, other.tokens.accessToken, Array.from({ length: SYNC_LIMITS.maxChangesPerBatch }, () => change({ blob: 'AAAA' })));
    expect(answer.cursor).toBe(500);
    expect((await pull(hub.app, other.tokens.accessToken, '?limit=1000')).items).toHaveLength(500);
  });

  it('refuses malformed pull queries with 400 invalid_request', async () => {
    for (const query of ['?since=-1', '?since=abc', '?since=1.5', '?since=9007199254740993', '?limit=0', '?limit=5000', '?limit=1001', '?limit=abc', '?since=1&since=2', '?cursor=3', '?since[]=1']) {
      const response = await syncApi.pull(hub.app, token, query);
      expectRefused(response, query);
      expect(response.statusCode, query).toBe(400);
      expect(errorOf(response).code, query).toBe('invalid_request');
    }
    expect(await pull(hub.app, token, '?limit=1000')).toMatchObject({ cursor: 0 });
  });
});
