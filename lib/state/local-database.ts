/**
 * The extension's IndexedDB database `tessera`, with numbered migrations. Background-only.
 * Later issues add stores (vault items, outbox, sync cursor) as new numbered steps; a step never
 * changes once shipped.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { AccountView } from '../protocol/accounts.ts';
import type { DeviceView } from '../protocol/devices.ts';

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

export interface TesseraDb extends DBSchema {
  session: { key: 'current'; value: StoredSession };
}

export const DATABASE_NAME = 'tessera';

const MIGRATIONS: ((db: IDBPDatabase<TesseraDb>) => void)[] = [
  // 1: the signed-in session
  (db) => {
    db.createObjectStore('session');
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
