/**
 * The background's session service wired as entrypoints/background.ts wires it (real hub client,
 * IndexedDB store, storage.session attempt record) against a scripted hub, with a clock the test
 * moves and a "service-worker restart" that builds a new service over the same storage.
 */
import { expect } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PendingAttempt, SessionStatus } from '../../../lib/messaging/messages.ts';
import { MessageFailure } from '../../../lib/messaging/router.ts';
import { createHubClient } from '../../../lib/session/hub-client.ts';
import { createSessionService } from '../../../lib/session/session-service.ts';
import { createSessionStore } from '../../../lib/session/session-store.ts';
import { sessionAttemptStorage } from '../../../lib/state/attempt-state.ts';
import { openLocalDatabase } from '../../../lib/state/local-database.ts';
import { lastEmailItem } from '../../../lib/state/settings.ts';
import type { ScriptedHub } from './scripted-hub.ts';
import { THIS_DEVICE } from './session-harness.ts';

export const START = Date.UTC(2026, 0, 1, 12);
export const SECOND = 1000;

export function createAttemptHarness(hub: ScriptedHub) {
  let now = START;
  let address = hub.address;
  const hubClient = createHubClient(async () => address);
  const start = () =>
    createSessionService({
      hub: hubClient,
      store: createSessionStore(openLocalDatabase),
      attempts: sessionAttemptStorage,
      serverAddress: async () => address,
      describeDevice: async () => THIS_DEVICE,
      rememberEmail: (email) => lastEmailItem.setValue(email),
      lastEmail: () => lastEmailItem.getValue(),
      now: () => now,
    });
  let service = start();

  return {
    get service() {
      return service;
    },
    hubClient,
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    /** A new service over the same storage.session and IndexedDB: what a service-worker restart leaves. */
    restart() {
      service = start();
    },
    useServerAddress(next: string) {
      address = next;
    },
    async pending(): Promise<PendingAttempt | null> {
      const status = await service.status();
      return status.state === 'signed_out' ? status.pending : null;
    },
  };
}

export type AttemptHarness = ReturnType<typeof createAttemptHarness>;

export async function failureOf(promise: Promise<unknown>): Promise<MessageFailure> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MessageFailure);
  return error as MessageFailure;
}

export function expectSignedIn(status: SessionStatus, email: string): void {
  expect(status.state).toBe('signed_in');
  expect(status.state === 'signed_in' && status.account.email).toBe(email);
}

/** Everything the extension stored, as text: storage.local/session/sync and every IndexedDB record. */
export async function everythingStored(): Promise<string> {
  const { local, session, sync } = fakeBrowser.storage;
  const areas = await Promise.all([local.get(null), session.get(null), sync.get(null)]);
  const records: unknown[] = [];
  for (const { name } of await indexedDB.databases()) {
    if (!name) continue;
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('open failed'));
    });
    for (const store of Array.from(database.objectStoreNames)) {
      const all = database.transaction(store).objectStore(store).getAll();
      records.push(
        await new Promise((resolve, reject) => {
          all.onsuccess = () => resolve(all.result);
          all.onerror = () => reject(all.error ?? new Error('read failed'));
        }),
      );
    }
    database.close();
  }
  return JSON.stringify({ areas, records });
}
