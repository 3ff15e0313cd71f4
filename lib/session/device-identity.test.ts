import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DeviceInfo } from '../protocol/devices.ts';
import { deviceIdItem } from '../state/settings.ts';
import { describeThisDevice, detectBrowser, deviceId, deviceName, platformFromOs } from './device-identity.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('deviceId', () => {
  it('makes a random uuid and stores it when the profile has none', async () => {
    const id = await deviceId();
    expect(id).toMatch(UUID);
    expect(await deviceIdItem.getValue()).toBe(id);
  });

  it('reuses the stored id when asked again', async () => {
    const first = await deviceId();
    expect(await deviceId()).toBe(first);
  });

  it('gives one id to callers that ask at the same time when the profile has none', async () => {
    const ids = await Promise.all([deviceId(), deviceId(), deviceId()]);
    expect(new Set(ids).size).toBe(1);
    expect(await deviceIdItem.getValue()).toBe(ids[0]);
  });

  it('makes a different id when another profile (empty storage) asks', async () => {
    const first = await deviceId();
    fakeBrowser.reset();
    expect(await deviceId()).not.toBe(first);
  });
});

describe('detectBrowser', () => {
  it.each([
    ['firefox', 'firefox', undefined],
    ['firefox', 'firefox', [{ brand: 'Google Chrome' }]],
    ['chrome', 'chrome', [{ brand: 'Not A(Brand' }, { brand: 'Google Chrome' }, { brand: 'Chromium' }]],
    ['edge', 'chrome', [{ brand: 'Chromium' }, { brand: 'Microsoft Edge' }]],
    ['edge', 'edge', [{ brand: 'Microsoft Edge' }]],
    ['chromium', 'chrome', [{ brand: 'Not)A;Brand' }, { brand: 'Chromium' }]],
    ['chrome', 'chrome', undefined],
    ['chrome', 'chrome', []],
    ['safari', 'safari', undefined],
  ] as const)('names the browser %s when the build is %s with brands %j', (expected, target, brands) => {
    expect(detectBrowser(target, brands)).toBe(expected);
  });
});

describe('platformFromOs', () => {
  it.each([
    ['linux', 'linux'],
    ['openbsd', 'linux'],
    ['win', 'windows'],
    ['mac', 'macos'],
    ['cros', 'chromeos'],
    ['android', 'android'],
    ['ios', 'ios'],
    ['fuchsia', 'other'],
    ['', 'other'],
  ] as const)('maps the os %j to %s when the browser reports it', (os, platform) => {
    expect(platformFromOs(os)).toBe(platform);
  });
});

describe('deviceName', () => {
  it('says "Chromium on Linux" when the browser is Chromium on Linux', () => {
    expect(deviceName('chromium', 'linux')).toBe('Chromium on Linux');
  });

  it('says "Browser on another system" when neither is known', () => {
    expect(deviceName('other', 'other')).toBe('Browser on another system');
  });
});

describe('describeThisDevice', () => {
  it('describes this browser in the shape the hub accepts when the platform is known', async () => {
    vi.spyOn(fakeBrowser.runtime, 'getPlatformInfo').mockResolvedValue({ os: 'mac', arch: 'arm64', nacl_arch: 'arm' } as never);
    const device = await describeThisDevice();
    expect(DeviceInfo.safeParse(device).success).toBe(true);
    expect(device).toMatchObject({ id: await deviceId(), platform: 'macos' });
    expect(device.name).toMatch(/ on macOS$/);
  });
});
