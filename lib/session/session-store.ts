/**
 * Persists the signed-in session (tokens + last known account and devices) in the extension's
 * IndexedDB, so it survives popup closes, service-worker restarts and browser restarts.
 * Background-only.
 */
import type { IDBPDatabase } from 'idb';
import type { StoredSession, TesseraDb } from '../state/local-database.ts';

export interface SessionStore {
  load(): Promise<StoredSession | null>;
  save(session: StoredSession): Promise<void>;
  clear(): Promise<void>;
}

export function createSessionStore(database: () => Promise<IDBPDatabase<TesseraDb>>): SessionStore {
  return {
    async load() {
      return (await (await database()).get('session', 'current')) ?? null;
    },
    async save(session) {
      await (await database()).put('session', session, 'current');
    },
    async clear() {
      await (await database()).delete('session', 'current');
    },
  };
}
