/**
 * The background's session service wired as entrypoints/background.ts wires it — real hub client,
 * real IndexedDB store, real storage items — against a live test hub, with one clock for both sides.
 */
import { vi } from 'vitest';
import type { DeviceInfo } from '../../../lib/protocol/devices.ts';
import { createHubClient } from '../../../lib/session/hub-client.ts';
import { createSessionService } from '../../../lib/session/session-service.ts';
import { createSessionStore } from '../../../lib/session/session-store.ts';
import { sessionAttemptStorage } from '../../../lib/state/attempt-state.ts';
import { openLocalDatabase } from '../../../lib/state/local-database.ts';
import { lastEmailItem } from '../../../lib/state/settings.ts';
import type { LiveHub } from './live-hub.ts';

/** Passes every password rule and is on no common-password list. */
export const PASSWORD = 'Quartz-Lantern-47';
export const MINUTE = 60_000;

export const THIS_DEVICE: DeviceInfo = {
  id: '0b7f6c1e-3d2a-4f5b-9c8d-7e6f5a4b3c2d',
  name: 'Chromium on Linux',
  browser: 'chromium',
  platform: 'linux',
};

let emails = 0;
export function newEmail(): string {
  emails += 1;
  return `person.${emails}.${Date.now().toString(36)}@example.com`;
}

export function createSessionHarness(hub: LiveHub) {
  let now = hub.clock();
  const hubClient = createHubClient(async () => hub.address);
  const store = createSessionStore(openLocalDatabase);
  const onSignedOut = vi.fn(async () => {});
  const onSignedIn = vi.fn(async () => {});
  /**
   * Sees whether the session still works on the hub when a voluntary sign-out asks sync to flush,
   * and answers `unsynced` as the changes still waiting (tests set it).
   */
  const flush = { unsynced: 0 };
  const beforeSignOut = vi.fn(async () => {
    const current = await store.load();
    // Like sync's flush, never throws: an unreachable hub is "not signed in there", not a failure.
    const worksOnHub = current ? await getWithToken(hub, '/v1/account', current.accessToken).then((status) => status === 200, () => false) : false;
    flushedWhileSignedIn.push(worksOnHub);
    return flush.unsynced;
  });
  const flushedWhileSignedIn: boolean[] = [];
  const service = createSessionService({
    hub: hubClient,
    store,
    attempts: sessionAttemptStorage,
    serverAddress: async () => hub.address,
    describeDevice: async () => THIS_DEVICE,
    rememberEmail: (email) => lastEmailItem.setValue(email),
    lastEmail: () => lastEmailItem.getValue(),
    onSignedOut,
    onSignedIn,
    beforeSignOut,
    now: () => now,
  });


  return {
    service,
    hubClient,
    store,
    onSignedOut,
    onSignedIn,
    beforeSignOut,
    flush,
    flushedWhileSignedIn,
    now: () => now,
    /** Moves the hub's clock and the extension's clock forward together. */
    advance(ms: number) {
      now += ms;
      hub.clock.advance(ms);
    },
    /** An account created through the service (signed in, not activated). */
    async createAccount(email = newEmail()) {
      const status = await service.createAccount({ email, password: PASSWORD, region: 'de', marketingConsent: false });
      return { email, status };
    },
  };
}

/** A direct HTTP call to the hub with a bearer token, bypassing the extension's client. */
export async function getWithToken(hub: LiveHub, path: string, accessToken: string): Promise<number> {
  const response = await fetch(`${hub.address}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
  await response.body?.cancel();
  return response.status;
}

export async function postJson(hub: LiveHub, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${hub.address}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}
