/**
 * Background-only. One device's sync with the hub (architecture.md §7): pull "changes since the
 * cursor" page by page, push the outbox in idempotent batches. Invariants:
 * - a push batch is persisted (vaultMeta 'inflight') BEFORE it is sent, and until its answer is
 *   stored only that exact batch (same batchId, same bodies) is ever sent again — so a worker killed
 *   mid-push, or an answer lost on the way, costs neither a duplicate nor an edit;
 * - every answer (page or push result) is applied in ONE transaction together with the items, the
 *   outbox, the listing, the cursor and the cleared in-flight batch — a crash leaves all or nothing;
 * - an outbox entry leaves only when the hub acknowledged exactly the blob the item still has here;
 * - the cursor moves only past revisions whose items are stored here: through pulls, or through a
 *   push answer whose applied revisions are exactly every revision after the cursor.
 * Network calls run outside the vault's serial queue (the popup never waits on the hub); reading and
 * writing local state runs inside it, with the key (`withKey`).
 */
import { fromBase64, toBase64 } from '../crypto/base64.ts';
import { MessageFailure } from '../messaging/router.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import { type ChangesPage, type PushChange, type PushRequest, type PushResponse, SYNC_LIMITS } from '../protocol/vault-sync.ts';
import { HubRequestError } from '../session/hub-client.ts';
import type { InflightBatch, OutboxEntry } from '../state/local-database.ts';
import { openItem } from '../vault/item-codec.ts';
import type { Authorized } from '../vault/keyset-source.ts';
import type { Listing } from '../vault/listing.ts';
import { entryOf, undecryptableEntry } from '../vault/preview.ts';
import type { VaultStore } from '../vault/vault-store.ts';
import { ChangeSet, reconcile } from './reconcile.ts';

/** The hub's sync routes (hub-client `hub.vault`). */
export interface SyncHub {
  changes(since: number, limit: number | undefined, token: string, baseUrl: string): Promise<ChangesPage>;
  /** Never retried by the client: the caller resends the same batch itself. */
  push(body: PushRequest, token: string, baseUrl: string): Promise<PushResponse>;
}

export interface SyncEngineDeps {
  store: VaultStore;
  listing: Listing;
  /** Runs `task` with the vault key inside the vault's serial queue; MessageFailure 'vault_locked' when locked. */
  withKey: <T>(task: (vaultKey: Uint8Array) => Promise<T>) => Promise<T>;
  hub: SyncHub;
  authorized: Authorized;
  now: () => number;
  newBatchId?: () => string;
  pageSize?: number;
  /** Base64 characters of blobs in one push (the hub takes bodies up to 8 MiB). */
  pushBudget?: number;
}

/** The hub refused a push for good (not a network failure): the run stops with this code. */
export class SyncRefusedError extends Error {
  override name = 'SyncRefusedError';
  readonly code: ErrorCode;
  constructor(code: ErrorCode) {
    super(code);
    this.code = code;
  }
}

export interface PullProgress {
  /** Items received in this pull so far. */
  done: number;
  /** Estimate from the hub's revision when known (an upper bound: one revision per change). */
  total: number | null;
}

export interface RunOptions {
  /** The hub's latest revision as the events socket last said (for the progress estimate). */
  hubRevision?: number | null;
  onProgress?: (progress: PullProgress) => void;
}

/** A whole outbox of a big import goes in many batches; a run stops after this many and the next trigger goes on. */
const MAX_PUSH_ROUNDS = 200;
const DEFAULT_PUSH_BUDGET = 6 * 1024 * 1024;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

export function createSyncEngine(deps: SyncEngineDeps) {
  const { store, listing, withKey, hub, authorized, now } = deps;
  const newBatchId = deps.newBatchId ?? (() => crypto.randomUUID());
  const pushBudget = deps.pushBudget ?? DEFAULT_PUSH_BUDGET;

  async function commit(vaultKey: Uint8Array, changes: ChangeSet, also: { cursor?: number; inflight?: null }): Promise<void> {
    if (changes.put.size + changes.remove.size === 0) {
      await store.setSyncMeta({ ...also, outbox: { put: [...changes.outboxPut.values()], remove: [...changes.outboxRemove] } });
      return;
    }
    await listing.commit(vaultKey, {
      put: [...changes.put.values()],
      remove: [...changes.remove],
      also: { ...also, outbox: { put: [...changes.outboxPut.values()], remove: [...changes.outboxRemove] } },
    });
  }

  /** One page of changes, applied in one transaction with its cursor. */
  async function applyPage(page: ChangesPage, since: number, owner: string | undefined): Promise<void> {
    await withKey(async (vaultKey) => {
      // A page asked for before a sign-out wiped the vault belongs to a vault that is gone (maybe
      // another account's): applying it would store items and a cursor this store never earned.
      if (!(await stillTheSameVault(since, owner))) throw new StaleSyncError();
      const changes = new ChangeSet();
      const context = { vaultKey, now: now(), changes };
      const { records, entries } = await store.itemsWithEntries(page.items.map((item) => item.id));
      page.items.forEach((remote, index) => reconcile(context, remote, records[index], entries[index]));
      if (changes.empty && page.cursor === since) return;
      await commit(vaultKey, changes, { cursor: page.cursor });
    });
  }

  /** The store is still the one a request was made for: same owner, same cursor. */
  async function stillTheSameVault(since: number, owner: string | undefined): Promise<boolean> {
    return (await store.meta('owner')) === owner && ((await store.meta('cursor')) ?? 0) === since;
  }

  async function pull(options: RunOptions = {}): Promise<void> {
    const owner = await store.meta('owner');
    let since = (await store.meta('cursor')) ?? 0;
    const full = since === 0;
    let done = 0;
    for (let more = true; more; ) {
      const { value: page } = await authorized((token, baseUrl) => hub.changes(since, deps.pageSize, token, baseUrl));
      if (page.cursor < since) {
        // The hub is behind this device (restored from an older backup): read everything again;
        // copies no newer than what is here change nothing, and local edits merge as usual.
        await withKey(async () => {
          if (!(await stillTheSameVault(since, owner))) throw new StaleSyncError();
          await store.setSyncMeta({ cursor: 0 });
        });
        since = 0;
        continue;
      }
      await applyPage(page, since, owner);
      done += page.items.length;
      since = page.cursor;
      more = page.more;
      if (full && options.onProgress) {
        const hubRevision = options.hubRevision ?? null;
        options.onProgress({ done, total: more ? (hubRevision === null ? null : done + Math.max(0, hubRevision - page.cursor)) : done });
      }
    }
  }

  /** The next batch from the outbox, persisted as in flight; null when nothing is to be sent. */
  function nextBatch(): Promise<InflightBatch | null> {
    return withKey(async () => {
      const queued = (await store.outboxEntries()).filter((entry) => entry.failed === null).sort((a, b) => a.queuedAt - b.queuedAt);
      const changes: PushChange[] = [];
      const dropped: string[] = [];
      const failed: OutboxEntry[] = [];
      let budget = pushBudget;
      for (const entry of queued) {
        if (changes.length >= SYNC_LIMITS.maxChangesPerBatch) break;
        if (entry.deleted) {
          // Never on the hub: nothing to tell it.
          if (entry.baseRevision === 0) dropped.push(entry.itemId);
          else changes.push({ id: entry.itemId, baseRevision: entry.baseRevision, deleted: true });
          continue;
        }
        const record = await store.item(entry.itemId);
        if (!record) {
          dropped.push(entry.itemId);
          continue;
        }
        if (record.blob.length > SYNC_LIMITS.maxBlobBytes) {
          failed.push({ ...entry, failed: 'item_too_large' });
          continue;
        }
        const blob = toBase64(record.blob);
        if (changes.length > 0 && blob.length > budget) break;
        budget -= blob.length;
        changes.push({ id: entry.itemId, baseRevision: record.revision, blob });
      }
      const batch = changes.length > 0 ? { batchId: newBatchId(), changes } : null;
      await store.setSyncMeta({ ...(batch ? { inflight: batch } : {}), outbox: { put: failed, remove: dropped } });
      return batch;
    });
  }

  /** Stores a push answer: acknowledged blobs become the new base, conflicts are merged. */
  function applyAnswer(batch: InflightBatch, response: PushResponse): Promise<{ applied: number; covered: boolean }> {
    return withKey(async (vaultKey) => {
      // The batch is stored before it is sent; an answer to a batch no longer in flight (the vault
      // was wiped meanwhile) describes a vault that is gone.
      if ((await store.meta('inflight'))?.batchId !== batch.batchId) throw new StaleSyncError();
      const changes = new ChangeSet();
      const context = { vaultKey, now: now(), changes };
      const sent = new Map(batch.changes.map((change) => [change.id, change]));
      const results = response.results.filter((result) => sent.has(result.id));
      const { records, entries } = await store.itemsWithEntries(results.map((result) => result.id));
      const revisions = new Set<number>();
      results.forEach((result, index) => {
        const change = sent.get(result.id)!;
        const [record, entry] = [records[index], entries[index]];
        if (result.status === 'conflict') return reconcile(context, result.current, record, entry);
        revisions.add(result.revision);
        if (change.blob === undefined) {
          if (entry?.deleted) changes.unqueue(result.id);
          return;
        }
        if (!record) {
          // Deleted here while the push was under way: the deletion now goes out based on this revision.
          if (entry?.deleted) changes.queue({ ...entry, baseRevision: result.revision });
          return;
        }
        const acknowledged = fromBase64(change.blob);
        const listed = listing.entries().get(record.id) ?? listedEntry(vaultKey, record);
        changes.putRecord({ ...record, revision: Math.max(record.revision, result.revision), base: acknowledged }, listed);
        if (entry && !entry.deleted && sameBytes(record.blob, acknowledged)) changes.unqueue(result.id);
      });
      const cursor = (await store.meta('cursor')) ?? 0;
      const fresh = [...revisions].filter((revision) => revision > cursor && revision <= response.cursor);
      const covered = response.cursor <= cursor || fresh.length === response.cursor - cursor;
      await commit(vaultKey, changes, { inflight: null, ...(covered && response.cursor > cursor ? { cursor: response.cursor } : {}) });
      return { applied: revisions.size, covered };
    });
  }

  function listedEntry(vaultKey: Uint8Array, record: Parameters<typeof openItem>[1]) {
    try {
      return entryOf(openItem(vaultKey, record));
    } catch {
      return undecryptableEntry(record);
    }
  }

  /** Sends one batch (the one in flight first); null when nothing was to be sent. */
  async function pushOnce(): Promise<{ applied: number; covered: boolean } | null> {
    const batch = (await store.meta('inflight')) ?? (await nextBatch());
    if (!batch) return null;
    let response: PushResponse;
    try {
      ({ value: response } = await authorized((token, baseUrl) => hub.push(batch, token, baseUrl)));
    } catch (error) {
      if (!(error instanceof HubRequestError) || !isRefusal(error)) throw error; // kept in flight: resent as it is
      // Refused whole, nothing applied: the batch is dropped (its entries stay queued).
      if ((await store.meta('inflight'))?.batchId !== batch.batchId) throw new StaleSyncError();
      const tooLarge = error.code === 'item_too_large' && typeof error.details.id === 'string' ? await store.outboxEntry(error.details.id) : undefined;
      await store.setSyncMeta({ inflight: null, ...(tooLarge ? { outbox: { put: [{ ...tooLarge, failed: 'item_too_large' }] } } : {}) });
      if (tooLarge) return { applied: 0, covered: true }; // the rest goes in the next batch
      throw new SyncRefusedError(error.code);
    }
    return applyAnswer(batch, response);
  }

  return {
    pull,
    pushOnce,

    /**
     * A whole sync: the batch left in flight (if any) first, then pull, then push the outbox batch
     * by batch — pulling again whenever someone else pushed meanwhile, so conflicts merge here.
     */
    async run(options: RunOptions = {}): Promise<void> {
      if (await store.meta('inflight')) await pushOnce();
      await pull(options);
      for (let round = 0; round < MAX_PUSH_ROUNDS; round += 1) {
        const pushed = await pushOnce();
        if (!pushed) return;
        if (!pushed.covered) await pull();
      }
    },

    /** Local changes not yet acknowledged (failed ones included: they wait for an edit). */
    pending: () => store.outboxCount(),

    /** The first change the hub refused for good, if any (the status names it). */
    async failure(): Promise<ErrorCode | null> {
      return (await store.outboxEntries()).find((entry) => entry.failed !== null)?.failed ?? null;
    },
  };
}

/**
 * A hub answer that arrived for a vault that is no longer there (wiped by a sign-out while the
 * request was under way): dropped, and the run ends; the next run starts from what is stored.
 */
export class StaleSyncError extends Error {
  override name = 'StaleSyncError';
}

/** A 4xx answer: the hub looked at the batch and applied none of it (429 and 401 excluded). */
function isRefusal(error: HubRequestError): boolean {
  return error.status >= 400 && error.status < 500 && error.status !== 429 && error.status !== 401 && error.status !== 408;
}

export function isLocked(error: unknown): boolean {
  return error instanceof MessageFailure && error.detail.code === 'vault_locked';
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;
