/**
 * The extension's IndexedDB database `tessera`, with numbered migrations. Background-only.
 * Later issues add stores as new numbered steps; a step never changes what it does once shipped.
 */
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB, type StoreNames } from 'idb';
import type { AutofillSettings, LockTimeout } from '../messaging/messages.ts';
import type { AccountView } from '../protocol/accounts.ts';
import type { DeviceView } from '../protocol/devices.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import type { PushChange } from '../protocol/vault-sync.ts';
import type { Keyset } from '../protocol/vault-keyset.ts';

export interface StoredSession {
  accessToken: string;
  /** Epoch ms; refreshed a little before this. */
  accessExpiresAt: number;
  refreshToken: string;
  deviceId: string;
  /** The hub the tokens belong to. */
  serverAddress: string;
  account: AccountView;
  devices: DeviceView[] | null;
}

/** One vault item as stored here: only ciphertext (architecture §3) plus what sync needs. */
export interface StoredItem {
  id: string;
  /** `encryptItem(vaultKey, id, VaultItem JSON)`. */
  blob: Uint8Array;
  /** Hub revision this copy is based on; 0 = never on the hub. */
  revision: number;
  /**
   * The blob as the hub acknowledged it at `revision` — the common ancestor a three-way merge needs
   * (lib/sync/merge.ts); null = none (never synced, or the hub's copy at `revision` is a tombstone).
   * Equal to `blob` unless a local change waits in the outbox.
   */
  base: Uint8Array | null;
  /** Epoch ms of the last local write (not secret: no item field). */
  updatedAt: number;
}

/**
 * A local change the hub has not acknowledged yet (lib/sync). One entry per item: edits coalesce —
 * the push sends the item's blob as it is at push time, based on its record's `revision`.
 */
export interface OutboxEntry {
  itemId: string;
  /** The item was deleted here (its record is gone); `baseRevision` is the revision it was deleted at. */
  deleted: boolean;
  /** For a deletion: the hub revision the deleted copy was based on (0 = never on the hub: nothing to send). */
  baseRevision: number;
  /** Epoch ms of the change that queued it. */
  queuedAt: number;
  /** The hub refused this one change for good (`item_too_large`); skipped until the item changes again. */
  failed: ErrorCode | null;
}

/**
 * The push batch being sent, persisted BEFORE the request leaves: a worker killed mid-push resends
 * exactly this (same batchId, same bodies) and the hub answers from its first run — no duplicate, no loss.
 */
export interface InflightBatch {
  batchId: string;
  changes: PushChange[];
}

/** The encrypted listing snapshot (lib/vault/listing.ts): valid only while `generation` equals vaultMeta 'generation'. */
export interface StoredListing {
  blob: Uint8Array;
  generation: number;
}

/** Records of the `vaultMeta` store, by key. */
export interface VaultMeta {
  /** Account id the local vault belongs to; another account signing in wipes the vault first. */
  owner: string;
  /** The last keyset fetched from the hub, so this device can unlock offline. */
  keyset: Keyset;
  /** Version of the keyset this device last unlocked with (≠ hub's: changed elsewhere). */
  unlockedKeysetVersion: number;
  listing: StoredListing;
  /** Bumped by every transaction that changes vaultItems. */
  generation: number;
  settings: { lockTimeout: LockTimeout };
  /** Sync: the hub revision this device has pulled everything up to (0 = nothing yet: a full download). */
  cursor: number;
  /** Sync: the push batch in flight, or absent. */
  inflight: InflightBatch;
  /** Autofill: "fill on page load" and the "never offer to save" sites (wiped on sign-out). */
  autofill: AutofillSettings;
}
export type VaultMetaKey = keyof VaultMeta;

export interface TesseraDb extends DBSchema {
  session: { key: 'current'; value: StoredSession };
  vaultItems: { key: string; value: StoredItem };
  vaultMeta: { key: VaultMetaKey; value: VaultMeta[VaultMetaKey] };
  outbox: { key: string; value: OutboxEntry };
}

export const DATABASE_NAME = 'tessera';

type UpgradeTransaction = IDBPTransaction<TesseraDb, StoreNames<TesseraDb>[], 'versionchange'>;

const MIGRATIONS: ((db: IDBPDatabase<TesseraDb>, transaction: UpgradeTransaction) => void)[] = [
  // 1: the signed-in session
  (db) => {
    db.createObjectStore('session');
  },
  // 2: the local vault (issue 4).
  (db) => {
    db.createObjectStore('vaultItems', { keyPath: 'id' });
    db.createObjectStore('vaultMeta');
  },
  // 3: sync (issue 5): the outbox; items gain `base`. Items written before sync exist only on this
  // device: each gets `base: null` and an outbox entry, so the first sync uploads them.
  // (vaultMeta 'cursor' and 'inflight' need no schema change.)
  (db, transaction) => {
    db.createObjectStore('outbox', { keyPath: 'itemId' });
    const items = transaction.objectStore('vaultItems');
    const outbox = transaction.objectStore('outbox');
    void (async () => {
      for (let cursor = await items.openCursor(); cursor; cursor = await cursor.continue()) {
        const record = cursor.value;
        void cursor.update({ ...record, base: record.base ?? null });
        if (record.revision === 0) void outbox.put({ itemId: record.id, deleted: false, baseRevision: 0, queuedAt: record.updatedAt, failed: null });
      }
    })();
  },
];

export const DATABASE_VERSION = MIGRATIONS.length;

export function openLocalDatabase(): Promise<IDBPDatabase<TesseraDb>> {
  return openDB<TesseraDb>(DATABASE_NAME, DATABASE_VERSION, {
    upgrade(db, oldVersion, _newVersion, transaction) {
      for (let version = oldVersion; version < MIGRATIONS.length; version++) MIGRATIONS[version]?.(db, transaction);
    },
  });
}
