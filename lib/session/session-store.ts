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
  /**
   * Replaces the stored session with `change(current)` in one transaction, so a concurrent sign-out
   * or token rotation is never overwritten by older data. Writes nothing and returns null when no
   * session is stored (signed out meanwhile).
   */
  update(change: (current: StoredSession) => StoredSession): Promise<StoredSession | null>;
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
    async update(change) {
      const transaction = (await database()).transaction('session', 'readwrite');
      const current = await transaction.store.get('current');
      const next = current ? change(current) : null;
      if (next && next !== current) await transaction.store.put(next, 'current');
      await transaction.done;
      return next;
    },
    async clear() {
      await (await database()).delete('session', 'current');
    },
  };
}
