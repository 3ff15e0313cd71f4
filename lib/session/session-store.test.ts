import { describe, expect, it } from 'vitest';
import type { StoredSession } from '../state/local-database.ts';
import { DATABASE_NAME, DATABASE_VERSION, openLocalDatabase } from '../state/local-database.ts';
import { createSessionStore } from './session-store.ts';
import { sampleAccount } from '../../tests/unit/support/fixtures.ts';

const SESSION: StoredSession = {
  accessToken: 'tsa_access',
  accessExpiresAt: 1_000,
  refreshToken: 'tsr_refresh',
  deviceId: 'd-1',
  serverAddress: 'https://hub.example',
  account: sampleAccount(),
  devices: null,
};

describe('session store', () => {
  it('loads null when nothing was saved', async () => {
    expect(await createSessionStore(openLocalDatabase).load()).toBeNull();
  });

  it('loads the saved session through a new connection when saved earlier', async () => {
    await createSessionStore(openLocalDatabase).save(SESSION);
    expect(await createSessionStore(openLocalDatabase).load()).toEqual(SESSION);
  });

  it('keeps the session in the IndexedDB database `tessera` when saved', async () => {
    await createSessionStore(openLocalDatabase).save(SESSION);
    const databases = await indexedDB.databases();
    expect(databases).toContainEqual({ name: DATABASE_NAME, version: DATABASE_VERSION });
  });

  it('forgets the session when cleared', async () => {
    const store = createSessionStore(openLocalDatabase);
    await store.save(SESSION);
    await store.clear();
    expect(await store.load()).toBeNull();
  });

  it('replaces the stored session with the change when updated', async () => {
    const store = createSessionStore(openLocalDatabase);
    await store.save(SESSION);
    const updated = await store.update((current) => ({ ...current, devices: [] }));
    expect(updated).toEqual({ ...SESSION, devices: [] });
    expect(await store.load()).toEqual({ ...SESSION, devices: [] });
  });

  it('writes nothing and returns null when updated while nothing is stored', async () => {
    const store = createSessionStore(openLocalDatabase);
    expect(await store.update((current) => ({ ...current, devices: [] }))).toBeNull();
    expect(await store.load()).toBeNull();
  });
});
