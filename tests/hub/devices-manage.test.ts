/** Renaming devices and signing them out remotely: PATCH and DELETE /v1/devices/:id. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceListResponse, DeviceView } from '../../lib/protocol/devices.ts';
import { bearer, createActivatedAccount, getDevices, newDevice, postRefresh, signIn } from '../support/hub-client.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';

describe('PATCH and DELETE /v1/devices/:id', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.close());

  const rename = (accessToken: string, id: string, name: unknown) =>
    hub.app.inject({ method: 'PATCH', url: `/v1/devices/${id}`, headers: bearer(accessToken), payload: { name } });
  const signOutDevice = (accessToken: string, id: string) => hub.app.inject({ method: 'DELETE', url: `/v1/devices/${id}`, headers: bearer(accessToken) });
  const listed = async (accessToken: string) => DeviceListResponse.parse((await getDevices(hub.app, accessToken)).json()).devices;

  async function twoDevices() {
    const credentials = await createActivatedAccount(hub.app);
    const chrome = newDevice({ name: 'Chrome on Linux' });
    const firefox = newDevice({ name: 'Firefox on macOS', browser: 'firefox', platform: 'macos' });
    const a = await signIn(hub.app, { ...credentials, device: chrome });
    const b = await signIn(hub.app, { ...credentials, device: firefox });
    return { credentials, chrome, firefox, a, b };
  }

  it('renames another device and answers its view when the id is the account’s', async () => {
    const { firefox, a } = await twoDevices();
    const response = await rename(a.accessToken, firefox.id, '  Work laptop ');
    expect(response.statusCode).toBe(200);
    const view = DeviceView.parse(response.json());
    expect(view).toMatchObject({ id: firefox.id, name: 'Work laptop', browser: 'firefox', platform: 'macos', current: false });
    expect((await listed(a.accessToken)).find((device) => device.id === firefox.id)?.name).toBe('Work laptop');
  });

  it('renames the calling device itself and marks it current', async () => {
    const { chrome, a } = await twoDevices();
    const response = await rename(a.accessToken, chrome.id, 'My desktop');
    expect(response.json()).toMatchObject({ id: chrome.id, name: 'My desktop', current: true });
  });

  it('keeps the user’s name when the renamed device signs in again with its default name', async () => {
    const { credentials, chrome, a } = await twoDevices();
    expect((await rename(a.accessToken, chrome.id, 'Kitchen PC')).statusCode).toBe(200);
    const again = await signIn(hub.app, { ...credentials, device: { ...chrome, name: 'Chrome on Linux', browser: 'chromium' } });
    const device = (await listed(again.accessToken)).find((entry) => entry.id === chrome.id);
    expect(device).toMatchObject({ name: 'Kitchen PC', browser: 'chromium' });
  });

  it('answers 404 device_not_found when the id is unknown, another account’s or signed out', async () => {
    const { firefox, a, b } = await twoDevices();
    const stranger = await createActivatedAccount(hub.app);
    await signIn(hub.app, stranger);
    for (const id of [randomUUID(), stranger.device.id]) {
      for (const response of [await rename(a.accessToken, id, 'Mine now'), await signOutDevice(a.accessToken, id)]) {
        expect(response.statusCode).toBe(404);
        expect(response.json()).toMatchObject({ error: { code: 'device_not_found' } });
      }
    }
    expect((await signOutDevice(a.accessToken, firefox.id)).statusCode).toBe(204);
    expect((await signOutDevice(a.accessToken, firefox.id)).statusCode).toBe(404);
    expect((await rename(a.accessToken, firefox.id, 'Gone')).statusCode).toBe(404);
    expect((await postRefresh(hub.app, b.refreshToken)).statusCode).toBe(401);
  });

  it('leaves another account’s device untouched when asked to sign it out', async () => {
    const { a } = await twoDevices();
    const stranger = await createActivatedAccount(hub.app);
    const theirs = await signIn(hub.app, stranger);
    expect((await signOutDevice(a.accessToken, stranger.device.id)).statusCode).toBe(404);
    expect((await postRefresh(hub.app, theirs.refreshToken)).statusCode).toBe(200);
  });

  it('signs the calling device out when it names itself', async () => {
    const { chrome, a, b } = await twoDevices();
    expect((await signOutDevice(a.accessToken, chrome.id)).statusCode).toBe(204);
    expect((await getDevices(hub.app, a.accessToken)).statusCode).toBe(401);
    expect((await listed(b.accessToken)).map((device) => device.id)).toEqual([b.deviceId]);
  });

  it('answers 400 invalid_request when the id is not a UUID or the name is not acceptable', async () => {
    const { chrome, a } = await twoDevices();
    for (const response of [
      await rename(a.accessToken, 'not-a-uuid', 'Name'),
      await signOutDevice(a.accessToken, 'not-a-uuid'),
      await rename(a.accessToken, chrome.id, ''),
      await rename(a.accessToken, chrome.id, '   '),
      await rename(a.accessToken, chrome.id, 'x'.repeat(65)),
      await rename(a.accessToken, chrome.id, 'Tab\there'),
      await rename(a.accessToken, chrome.id, 42),
    ]) {
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'invalid_request' } });
    }
  });

  it('answers 401 unauthorized when no token is sent', async () => {
    const id = randomUUID();
    for (const method of ['PATCH', 'DELETE'] as const) {
      const response = await hub.app.inject({ method, url: `/v1/devices/${id}`, ...(method === 'PATCH' ? { payload: { name: 'X' } } : {}) });
      expect(response.statusCode).toBe(401);
    }
  });
});
