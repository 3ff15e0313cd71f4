/**
 * The extension's IndexedDB database `tessera`, with numbered migrations. Background-only.
 * Later issues add stores (outbox, sync cursor) as new numbered steps; a step never changes once
 * shipped.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { LockTimeout } from '../messaging/messages.ts';
import type { AccountView } from '../protocol/accounts.ts';
import type { DeviceView } from '../protocol/devices.ts';
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
  /** Hub revision this copy is based on; 0 = never synced (the sync issue uses it). */
  revision: number;
  /** Epoch ms of the last local write (not secret: no item field). */
  updatedAt: number;
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
}
export type VaultMetaKey = keyof VaultMeta;

export interface TesseraDb extends DBSchema {
  session: { key: 'current'; value: StoredSession };
  vaultItems: { key: string; value: StoredItem };
  vaultMeta: { key: VaultMetaKey; value: VaultMeta[VaultMetaKey] };
}

export const DATABASE_NAME = 'tessera';

const MIGRATIONS: ((db: IDBPDatabase<TesseraDb>) => void)[] = [
  // 1: the signed-in session
  (db) => {
    db.createObjectStore('session');
  },
  // 2: the local vault (issue 4). Migration 3 (sync) adds an `outbox` store and a cursor record in
  // vaultMeta; nothing here needs rewriting for it.
  (db) => {
    db.createObjectStore('vaultItems', { keyPath: 'id' });
    db.createObjectStore('vaultMeta');
  },
];

export const DATABASE_VERSION = MIGRATIONS.length;

export function openLocalDatabase(): Promise<IDBPDatabase<TesseraDb>> {
  return openDB<TesseraDb>(DATABASE_NAME, DATABASE_VERSION, {
    upgrade(db, oldVersion) {
      for (let version = oldVersion; version < MIGRATIONS.length; version++) MIGRATIONS[version]?.(db);
    },
  });
}
