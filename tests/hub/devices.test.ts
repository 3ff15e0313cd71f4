import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeviceView, DeviceListResponse } from '../../lib/protocol/devices.ts';
import {
  createActivatedAccount,
  DAY,
  getAccount,
  getDevices,
  MINUTE,
  newDevice,
  postRefresh,
  postSession,
  signIn,
  type Tokens,
} from '../support/hub-client.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';

describe('GET /v1/devices', () => {
  let hub: TestHub;
  // One hub per file: every test makes its own account, so tests share nothing but the clock,
  // which only moves forward.
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.close());

  const chrome = () => newDevice({ name: 'Chrome on Linux', browser: 'chrome', platform: 'linux' });
  const firefox = () => newDevice({ name: 'Firefox on macOS', browser: 'firefox', platform: 'macos' });

  async function devicesSeenBy(accessToken: string): Promise<DeviceView[]> {
    const response = await getDevices(hub.app, accessToken);
    expect(response.statusCode).toBe(200);
    return DeviceListResponse.parse(response.json()).devices;
  }

  it('lists both devices with what they sent when two devices are signed in', async () => {
    const credentials = await createActivatedAccount(hub.app);
    const a = chrome();
    const b = firefox();
    const tokens = await signIn(hub.app, { ...credentials, device: a });
    await signIn(hub.app, { ...credentials, device: b });
    const devices = await devicesSeenBy(tokens.accessToken);
    expect(devices).toHaveLength(2);
    expect(devices).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: a.id, name: a.name, browser: 'chrome', platform: 'linux' }),
        expect.objectContaining({ id: b.id, name: b.name, browser: 'firefox', platform: 'macos' }),
      ]),
    );
  });

  it('marks only the calling device as current when asked from either device', async () => {
    const credentials = await createActivatedAccount(hub.app);
    const a = await signIn(hub.app, { ...credentials, device: chrome() });
    const b = await signIn(hub.app, { ...credentials, device: firefox() });
    for (const caller of [a, b]) {
      const current = (await devicesSeenBy(caller.accessToken)).filter((device) => device.current).map((device) => device.id);
      expect(current).toEqual([caller.deviceId]);
    }
  });

  it('reports creation and last-seen times of the sign-in when a device has just signed in', async () => {
    const credentials = await createActivatedAccount(hub.app);
    const tokens = await signIn(hub.app, credentials);
    const [device] = await devicesSeenBy(tokens.accessToken);
    const now = new Date(hub.clock()).toISOString();
    expect(device).toMatchObject({ createdAt: now, lastSeenAt: now });
  });

  it('updates the last-seen time when the device makes an authenticated request later', async () => {
    const credentials = await createActivatedAccount(hub.app);
    const a = await signIn(hub.app, { ...credentials, device: chrome() });
    const b = await signIn(hub.app, { ...credentials, device: firefox() });
    hub.clock.advance(5 * MINUTE);
    await getAccount(hub.app, b.accessToken);
    const seenB = (await devicesSeenBy(a.accessToken)).find((device) => device.id === b.deviceId);
    expect(seenB?.lastSeenAt).toBe(new Date(hub.clock()).toISOString());
    expect(seenB?.createdAt).toBe(new Date(hub.clock() - 5 * MINUTE).toISOString());
  });

  it('lists the most recently seen device first', async () => {
    const credentials = await createActivatedAccount(hub.app);
    const a = await signIn(hub.app, { ...credentials, device: chrome() });
    hub.clock.advance(2 * MINUTE);
    const b = await signIn(hub.app, { ...credentials, device: firefox() });
    hub.clock.advance(2 * MINUTE);
    // The caller is seen by its own request, so it asks last and comes first.
    const c = await signIn(hub.app, { ...credentials, device: newDevice({ name: 'Edge on Windows' }) });
    expect((await devicesSeenBy(c.accessToken)).map((device) => device.id)).toEqual([c.deviceId, b.deviceId, a.deviceId]);
  });

  it('updates name, browser and platform without a duplicate when the same device id signs in again', async () => {
    const credentials = await createActivatedAccount(hub.app);
    const device = chrome();
    await signIn(hub.app, { ...credentials, device });
    hub.clock.advance(MINUTE);
    const renamed = { ...device, name: 'Chromium on ChromeOS', browser: 'chromium' as const, platform: 'chromeos' as const };
    const tokens = await signIn(hub.app, { ...credentials, device: renamed });
    const devices = await devicesSeenBy(tokens.accessToken);
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ id: device.id, name: renamed.name, browser: 'chromium', platform: 'chromeos', current: true });
    expect(devices[0]?.createdAt).toBe(new Date(hub.clock() - MINUTE).toISOString());
  });

  it('trims the device name when it is sent with surrounding spaces', async () => {
    const credentials = await createActivatedAccount(hub.app);
    const tokens = await signIn(hub.app, { ...credentials, device: newDevice({ name: '  Work laptop  ' }) });
    expect((await devicesSeenBy(tokens.accessToken))[0]?.name).toBe('Work laptop');
  });

  it('answers 400 invalid_request when the device name holds a control character', async () => {
    const credentials = await createActivatedAccount(hub.app);
    const response = await postSession(hub.app, { ...credentials, device: newDevice({ name: 'Chrome\u0000' }) });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('never lists the devices of another account', async () => {
    const mine = await createActivatedAccount(hub.app);
    const theirs = await createActivatedAccount(hub.app);
    const tokens = await signIn(hub.app, mine);
    await signIn(hub.app, theirs);
    expect((await devicesSeenBy(tokens.accessToken)).map((device) => device.id)).toEqual([mine.device.id]);
  });

  it('keeps two accounts apart when one browser profile signs in to both', async () => {
    const first = await createActivatedAccount(hub.app);
    const second = await createActivatedAccount(hub.app);
    const shared = chrome();
    const a = await signIn(hub.app, { ...first, device: shared });
    const b = await signIn(hub.app, { ...second, device: { ...shared, name: 'Renamed' } });
    expect((await devicesSeenBy(a.accessToken))[0]?.name).toBe('Chrome on Linux');
    expect((await devicesSeenBy(b.accessToken))[0]?.name).toBe('Renamed');
  });

  it('drops a device from the list when it has been idle past the refresh lifetime', async () => {
    const credentials = await createActivatedAccount(hub.app);
    const idle = await signIn(hub.app, { ...credentials, device: chrome() });
    let active = await signIn(hub.app, { ...credentials, device: firefox() });
    for (let day = 0; day < 3; day += 1) {
      hub.clock.advance(11 * DAY);
      active = (await postRefresh(hub.app, active.refreshToken)).json() as Tokens;
    }
    expect((await devicesSeenBy(active.accessToken)).map((device) => device.id)).toEqual([active.deviceId]);
    expect((await postRefresh(hub.app, idle.refreshToken)).statusCode).toBe(401);
  });

  it('answers 401 unauthorized when no token is sent', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/v1/devices' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });
});
