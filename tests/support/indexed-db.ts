/**
 * Test-only: an IndexedDB opener bound to one fake-indexeddb factory, so several simulated devices
 * in one test process each keep their own database (idb opens through the global `indexedDB`).
 */
import type { IDBPDatabase } from 'idb';
import { openLocalDatabase, type TesseraDb } from '../../lib/state/local-database.ts';

/** `factory`: a `new IDBFactory()` from fake-indexeddb. */
export function databaseOn(factory: unknown): () => Promise<IDBPDatabase<TesseraDb>> {
  let opened: Promise<IDBPDatabase<TesseraDb>> | undefined;
  // Typed loosely: the hub tests' tsconfig has no DOM types.
  const global = globalThis as { indexedDB?: unknown };
  return () => {
    if (opened) return opened;
    const saved = global.indexedDB;
    global.indexedDB = factory;
    try {
      opened = openLocalDatabase();
    } finally {
      global.indexedDB = saved;
    }
    return opened;
  };
}
