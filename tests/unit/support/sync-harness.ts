/**
 * Sync for unit tests: an in-memory hub with the same rules as server/vault/sync-service.ts
 * (revisions, conflicts, tombstones, idempotent batches, quota), and devices — the vault harness's
 * real vault over its own fake IndexedDB — each with the real sync engine talking to that hub.
 */
import { IDBFactory } from 'fake-indexeddb';
import { MessageFailure } from '../../../lib/messaging/router.ts';
import { type ChangesPage, type PushRequest, type PushResponse, type PushResult, type RemoteItem, SYNC_LIMITS } from '../../../lib/protocol/vault-sync.ts';
import { HubRequestError } from '../../../lib/session/hub-client.ts';
import { createSyncEngine, type SyncHub } from '../../../lib/sync/sync-engine.ts';
import { createDevice, type FakeKeysetHub, memoryKeyStorage } from './vault-harness.ts';

export function createFakeSyncHub(options: { maxItems?: number } = {}) {
  const items = new Map<string, RemoteItem>();
  const batches = new Map<string, { body: string; response: PushResponse }>();
  let revision = 0;
  const state = {
    offline: false,
    /** The next push is applied, then its answer is lost (network_error). */
    loseNextAnswer: false,
    /** Runs after a push was applied, before it is answered (to edit "during" a push). */
    beforeAnswer: null as null | (() => Promise<void>),
    /** Runs before a page of changes is answered (to wipe a device "while the pull is under way"). */
    beforePage: null as null | (() => Promise<void>),
    pushes: [] as PushRequest[],
  };

  function apply(body: PushRequest): PushResponse {
    const results: PushResult[] = [];
    const live = [...items.values()].filter((item) => !item.deleted).length;
    const adds = body.changes.filter((change) => change.blob !== undefined && (!items.get(change.id) || items.get(change.id)!.deleted)).length;
    if (options.maxItems !== undefined && adds > 0 && live + adds > options.maxItems) throw new HubRequestError('quota_exceeded', 403);
    for (const change of body.changes) {
      const row = items.get(change.id);
      if (change.deleted && row?.deleted) {
        results.push({ id: change.id, status: 'applied', revision: row.revision });
        continue;
      }
      if (row && row.revision !== change.baseRevision) {
        results.push({ id: change.id, status: 'conflict', current: structuredClone(row) });
        continue;
      }
      revision += 1;
      items.set(change.id, { id: change.id, revision, blob: change.blob ?? null, deleted: change.deleted === true });
      results.push({ id: change.id, status: 'applied', revision });
    }
    return { results, cursor: revision };
  }

  const hub: SyncHub = {
    async changes(since, limit = SYNC_LIMITS.defaultPageSize): Promise<ChangesPage> {
      if (state.offline) throw new HubRequestError('network_error', 0);
      const newer = [...items.values()].filter((item) => item.revision > since).sort((a, b) => a.revision - b.revision);
      const page = newer.slice(0, limit);
      const more = newer.length > limit;
      await state.beforePage?.();
      return structuredClone({ items: page, cursor: more ? page.at(-1)!.revision : revision, more });
    },
    async push(body) {
      state.pushes.push(structuredClone(body));
      if (state.offline) throw new HubRequestError('network_error', 0);
      for (const change of body.changes) {
        if (change.blob && change.blob.length * 0.75 > SYNC_LIMITS.maxBlobBytes) throw new HubRequestError('item_too_large', 413, { id: change.id });
      }
      const text = JSON.stringify(body);
      const prior = batches.get(body.batchId);
      let response: PushResponse;
      if (prior) {
        if (prior.body !== text) throw new HubRequestError('conflict', 409);
        // Replayed: applied results as they were, a conflict's `current` read again.
        response = {
          ...prior.response,
          results: prior.response.results.map((result) => (result.status === 'conflict' ? { ...result, current: structuredClone(items.get(result.id)!) } : result)),
        };
      } else {
        response = apply(body);
        batches.set(body.batchId, { body: text, response });
      }
      await state.beforeAnswer?.();
      if (state.loseNextAnswer) {
        state.loseNextAnswer = false;
        throw new HubRequestError('network_error', 0);
      }
      return structuredClone(response);
    },
  };

  return {
    hub,
    state,
    items,
    revision: () => revision,
    /** Stores a blob as if another device had pushed it (e.g. one this device cannot decrypt). */
    inject(item: Omit<RemoteItem, 'revision'>) {
      revision += 1;
      items.set(item.id, { ...item, revision });
    },
    liveItems: () => [...items.values()].filter((item) => !item.deleted),
  };
}
export type FakeSyncHub = ReturnType<typeof createFakeSyncHub>;

/** A device (vault harness) with a sync engine on `syncHub`; `restart()` rebuilds both over the same storage. */
export function createSyncDevice(keysets: FakeKeysetHub, syncHub: FakeSyncHub, options: { first?: boolean } = {}) {
  const signedIn = { current: true };
  const device = createDevice({
    hub: keysets,
    ...(options.first ? {} : { indexedDb: new IDBFactory(), keyStorage: memoryKeyStorage() }),
  });
  const engineFor = () =>
    createSyncEngine({
      ...device.vault.syncParts,
      hub: syncHub.hub,
      authorized: async (call) => {
        if (!signedIn.current) throw new MessageFailure('unauthorized');
        return { value: await call('tsa_test', 'http://127.0.0.1:8787') };
      },
      now: () => device.clock.now,
    });
  const synced = {
    device,
    engine: engineFor(),
    signedIn,
    get handlers() {
      return device.vault.handlers;
    },
    restart() {
      device.restart();
      synced.engine = engineFor();
    },
    store: () => device.vault.syncParts.store,
  };
  return synced;
}
export type SyncDevice = ReturnType<typeof createSyncDevice>;
