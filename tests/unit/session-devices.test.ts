// @vitest-environment node
/**
 * The session service's sync hooks and device actions against a real hub over HTTP: rename a
 * device, sign another one out remotely (and this one, which is a plain sign-out), the remote
 * sign-out notice, and the outbox flush before a voluntary sign-out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActivatedAccount, newDevice, signIn } from '../support/hub-client.ts';
import { type LiveHub, startLiveHub } from './support/live-hub.ts';
import { createSessionHarness, PASSWORD, THIS_DEVICE } from './support/session-harness.ts';

let hub: LiveHub;
let session: ReturnType<typeof createSessionHarness>;

beforeEach(async () => {
  hub = await startLiveHub();
  session = createSessionHarness(hub);
});
afterEach(() => hub.close());

async function signedInWithSecondDevice() {
  const { email } = await createActivatedAccount(hub.app, { password: PASSWORD });
  await session.service.signIn(email, PASSWORD);
  const other = newDevice({ name: 'Firefox on Windows' });
  const tokens = await signIn(hub.app, { email, password: PASSWORD, device: other });
  return { email, other, tokens };
}

describe('session service: sync hooks', () => {
  it('starts sync after a sign-in, and flushes it before a voluntary sign-out revokes the session', async () => {
    await signedInWithSecondDevice();
    expect(session.onSignedIn).toHaveBeenCalledOnce();
    await session.service.signOut();
    expect(session.flushedWhileSignedIn).toEqual([true]);
    expect(session.onSignedOut).toHaveBeenCalledOnce();
  });

  it('refuses to sign out (and wipe) while changes could not reach the hub, unless told to discard them', async () => {
    await signedInWithSecondDevice();
    session.flush.unsynced = 3;
    await expect(session.service.signOut()).rejects.toMatchObject({ detail: { code: 'unsynced_changes', pending: 3 } });
    expect(session.onSignedOut).not.toHaveBeenCalled();
    expect(await session.service.isSignedIn()).toBe(true);
    expect(await session.service.signOut({ discardUnsynced: true })).toMatchObject({ state: 'signed_out' });
    expect(session.onSignedOut).toHaveBeenCalledOnce();
  });

  it('asks too when the number of waiting changes cannot be read (fails closed)', async () => {
    await signedInWithSecondDevice();
    session.beforeSignOut.mockRejectedValueOnce(new Error('IndexedDB read failed'));
    await expect(session.service.signOut()).rejects.toMatchObject({ detail: { code: 'unsynced_changes' } });
    expect(session.onSignedOut).not.toHaveBeenCalled();
  });
});

describe('session service: devices', () => {
  it('renames a device and answers the devices read again', async () => {
    const { other } = await signedInWithSecondDevice();
    const status = await session.service.renameDevice(other.id, 'Work laptop');
    expect(status.state === 'signed_in' && status.devices?.find((device) => device.id === other.id)?.name).toBe('Work laptop');
  });

  it('signs another device out remotely: its tokens stop working and it leaves the list', async () => {
    const { other, tokens } = await signedInWithSecondDevice();
    const status = await session.service.signOutDevice(other.id);
    expect(status.state === 'signed_in' && status.devices?.map((device) => device.id)).toEqual([THIS_DEVICE.id]);
    const response = await hub.app.inject({ method: 'GET', url: '/v1/account', headers: { authorization: `Bearer ${tokens.accessToken}` } });
    expect(response.statusCode).toBe(401);
    expect(session.onSignedOut).not.toHaveBeenCalled();
  });

  it('signs this device out as usual when asked to sign itself out remotely', async () => {
    await signedInWithSecondDevice();
    expect(await session.service.signOutDevice(THIS_DEVICE.id)).toMatchObject({ state: 'signed_out' });
    expect(session.onSignedOut).toHaveBeenCalledOnce();
  });

  it('forgets the session at once when the hub says this device was signed out', async () => {
    await signedInWithSecondDevice();
    await session.service.signedOutRemotely();
    expect(await session.store.load()).toBeNull();
    expect(session.onSignedOut).toHaveBeenCalledOnce();
    await session.service.signedOutRemotely(); // already signed out: nothing more
    expect(session.onSignedOut).toHaveBeenCalledOnce();
  });
});
