// @vitest-environment node
/**
 * Keeping the session fresh against a real hub over HTTP: access-token expiry, one refresh for many
 * callers, revocation on the hub, and the hub being unreachable.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LiveHub, startLiveHub } from './support/live-hub.ts';
import { createSessionHarness, getWithToken, MINUTE, PASSWORD, postJson, THIS_DEVICE } from './support/session-harness.ts';

let hub: LiveHub;
let session: ReturnType<typeof createSessionHarness>;

beforeEach(async () => {
  hub = await startLiveHub();
  session = createSessionHarness(hub);
});
afterEach(() => hub.close());

/** A promise the test resolves when it chooses. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('session service: refreshAccount', () => {
  it('refreshes the tokens once and keeps working when the access token has expired', async () => {
    await session.createAccount();
    const before = await session.store.load();
    const refresh = vi.spyOn(session.hubClient, 'refresh');
    session.advance(16 * MINUTE);

    expect((await session.service.refreshAccount()).state).toBe('signed_in');
    expect((await session.service.refreshAccount()).state).toBe('signed_in');
    expect(refresh).toHaveBeenCalledTimes(1);
    const after = await session.store.load();
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(after!.accessExpiresAt).toBeGreaterThan(session.now());
    expect(await getWithToken(hub, '/v1/account', after!.accessToken)).toBe(200);
  });

  it('does not refresh when the access token is still fresh', async () => {
    await session.createAccount();
    const refresh = vi.spyOn(session.hubClient, 'refresh');
    session.advance(5 * MINUTE);
    expect((await session.service.refreshAccount()).state).toBe('signed_in');
    expect(refresh).not.toHaveBeenCalled();
  });

  it('shares one refresh between concurrent callers when the access token has expired', async () => {
    await session.createAccount();
    const refresh = vi.spyOn(session.hubClient, 'refresh');
    session.advance(16 * MINUTE);

    const statuses = await Promise.all([session.service.refreshAccount(), session.service.refreshAccount(), session.service.refreshAccount()]);
    expect(statuses.map((status) => status.state)).toEqual(['signed_in', 'signed_in', 'signed_in']);
    expect(refresh).toHaveBeenCalledTimes(1);
    // A second refresh with the same token would have made the hub revoke the session.
    expect((await session.service.refreshAccount()).state).toBe('signed_in');
    expect(await getWithToken(hub, '/v1/account', (await session.store.load())!.accessToken)).toBe(200);
  });

  it('refreshes once and retries when the hub refuses an access token this browser still thought valid', async () => {
    await session.createAccount();
    const refresh = vi.spyOn(session.hubClient, 'refresh');
    hub.clock.advance(16 * MINUTE); // only the hub's clock: the extension does not know yet
    expect((await session.service.refreshAccount()).state).toBe('signed_in');
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('keeps the session when a slow call with the old access token comes back refused after another call already refreshed', async () => {
    await session.createAccount();
    hub.clock.advance(16 * MINUTE);
    // The first caller's requests (account and devices) are held until the second caller has
    // refreshed the tokens and finished; then they reach the hub with the old access token.
    const slowCaller = gate();
    const secondDone = gate();
    let holding = true;
    const hold = async () => {
      if (!holding) return;
      slowCaller.open();
      await secondDone.opened;
    };
    const { account, devices } = session.hubClient;
    vi.spyOn(session.hubClient, 'account').mockImplementation(async (token, baseUrl) => (await hold(), account(token, baseUrl)));
    vi.spyOn(session.hubClient, 'devices').mockImplementation(async (token, baseUrl) => (await hold(), devices(token, baseUrl)));

    const first = session.service.refreshAccount();
    await slowCaller.opened;
    holding = false;
    const second = await session.service.refreshAccount();
    secondDone.open();
    expect(second.state).toBe('signed_in');
    expect((await first).state).toBe('signed_in');
    expect(await getWithToken(hub, '/v1/account', (await session.store.load())!.accessToken)).toBe(200);
  });

  it('signs out and wipes the local session when the hub has revoked it', async () => {
    const { email } = await session.createAccount();
    // The same device signing in elsewhere replaces (revokes) this session on the hub.
    expect((await postJson(hub, '/v1/sessions', { email, password: PASSWORD, device: THIS_DEVICE })).status).toBe(200);

    expect(await session.service.refreshAccount()).toEqual({ state: 'signed_out', lastEmail: email, pending: null });
    expect(await session.store.load()).toBeNull();
    expect(session.onSignedOut).toHaveBeenCalledTimes(1);
  });

  it('signs out and wipes the local session when the refresh token was already used elsewhere', async () => {
    const { email } = await session.createAccount();
    const stolen = (await session.store.load())!.refreshToken;
    expect((await postJson(hub, '/v1/sessions/refresh', { refreshToken: stolen })).status).toBe(200);
    session.advance(16 * MINUTE);

    expect(await session.service.refreshAccount()).toEqual({ state: 'signed_out', lastEmail: email, pending: null });
    expect(await session.store.load()).toBeNull();
  });

  it('stays signed in with offlineSince and the cached account when the hub is unreachable', async () => {
    const { status: online } = await session.createAccount();
    await hub.close();
    session.advance(MINUTE);

    const offline = await session.service.refreshAccount();
    expect(offline).toMatchObject({ state: 'signed_in', offlineSince: session.now(), deviceId: THIS_DEVICE.id });
    expect(offline.state === 'signed_in' && offline.account).toEqual(online.state === 'signed_in' && online.account);
    expect(await session.store.load()).not.toBeNull();
  });

  it('keeps the first offlineSince when the hub stays unreachable', async () => {
    await session.createAccount();
    await hub.close();
    const since = session.now();
    await session.service.refreshAccount();
    session.advance(MINUTE);
    expect(await session.service.refreshAccount()).toMatchObject({ state: 'signed_in', offlineSince: since });
  });

  it('stays signed in offline when the access token expired while the hub is unreachable', async () => {
    await session.createAccount();
    await hub.close();
    session.advance(16 * MINUTE);
    expect(await session.service.refreshAccount()).toMatchObject({ state: 'signed_in', offlineSince: session.now() });
    expect(await session.store.load()).not.toBeNull();
  });

  it('does not bring the session back when the user signs out while a refresh is on its way', async () => {
    await session.createAccount();
    const answered = gate();
    const signedOut = gate();
    const realDevices = session.hubClient.devices;
    vi.spyOn(session.hubClient, 'devices').mockImplementation(async (token, baseUrl) => {
      const devices = await realDevices(token, baseUrl);
      answered.open();
      await signedOut.opened;
      return devices;
    });

    const refreshing = session.service.refreshAccount();
    await answered.opened;
    await session.service.signOut();
    signedOut.open();
    expect((await refreshing).state).toBe('signed_out');
    expect(await session.store.load()).toBeNull();
    expect((await session.service.status()).state).toBe('signed_out');
  });

  it('reports signed_out when nobody is signed in', async () => {
    expect(await session.service.refreshAccount()).toEqual({ state: 'signed_out', lastEmail: null, pending: null });
  });
});
