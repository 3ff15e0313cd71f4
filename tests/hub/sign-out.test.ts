import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createActivatedAccount, getAccount, getDevices, newDevice, postRefresh, signIn } from '../support/hub-client.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';

describe('DELETE /v1/sessions/current', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.close());

  const signOut = (accessToken: string) => hub.app.inject({ method: 'DELETE', url: '/v1/sessions/current', headers: bearer(accessToken) });

  async function twoDevices() {
    const credentials = await createActivatedAccount(hub.app);
    const laptop = await signIn(hub.app, credentials);
    const desktop = await signIn(hub.app, { ...credentials, device: newDevice({ name: 'Firefox on Windows', browser: 'firefox' }) });
    return { credentials, laptop, desktop };
  }

  it('answers 204 without a body when the device signs out', async () => {
    const { laptop } = await twoDevices();
    const response = await signOut(laptop.accessToken);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
  });

  it('stops the access token when the device has signed out', async () => {
    const { laptop } = await twoDevices();
    await signOut(laptop.accessToken);
    expect((await getAccount(hub.app, laptop.accessToken)).statusCode).toBe(401);
  });

  it('stops the refresh token when the device has signed out', async () => {
    const { laptop } = await twoDevices();
    await signOut(laptop.accessToken);
    expect((await postRefresh(hub.app, laptop.refreshToken)).statusCode).toBe(401);
  });

  it('removes the device from the list of the other devices when it signs out', async () => {
    const { laptop, desktop } = await twoDevices();
    await signOut(laptop.accessToken);
    const { devices } = (await getDevices(hub.app, desktop.accessToken)).json() as { devices: { id: string }[] };
    expect(devices.map((device) => device.id)).toEqual([desktop.deviceId]);
  });

  it('leaves the other devices signed in when one device signs out', async () => {
    const { laptop, desktop } = await twoDevices();
    await signOut(laptop.accessToken);
    expect((await getAccount(hub.app, desktop.accessToken)).statusCode).toBe(200);
  });

  it('answers 401 unauthorized when the device signs out a second time', async () => {
    const { laptop } = await twoDevices();
    await signOut(laptop.accessToken);
    const again = await signOut(laptop.accessToken);
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('answers 401 unauthorized when no token is sent', async () => {
    const response = await hub.app.inject({ method: 'DELETE', url: '/v1/sessions/current' });
    expect(response.statusCode).toBe(401);
  });

  it('lets the device sign in again and be listed when it has signed out', async () => {
    const { credentials, laptop } = await twoDevices();
    await signOut(laptop.accessToken);
    const again = await signIn(hub.app, credentials);
    const { devices } = (await getDevices(hub.app, again.accessToken)).json() as { devices: { id: string }[] };
    expect(devices.map((device) => device.id)).toContain(credentials.device.id);
  });
});
