/**
 * This browser profile as a device of the account: a random id made once and kept for good (so
 * signing in again reuses the same device), and a name like "Chrome on Linux".
 */
import { browser } from 'wxt/browser';
import { BROWSER_NAMES, PLATFORM_NAMES } from '../protocol/device-labels.ts';
import type { DeviceInfo, DevicePlatform } from '../protocol/devices.ts';
import { deviceIdItem } from '../state/settings.ts';

type BrowserName = DeviceInfo['browser'];

const browserLabel = (name: BrowserName) => BROWSER_NAMES[name] ?? 'Browser';
const platformLabel = (name: DevicePlatform) => PLATFORM_NAMES[name] ?? 'another system';

let creating: Promise<string> | null = null;

/** Single-flight: two first calls at once must not each make (and store) their own id. */
export function deviceId(): Promise<string> {
  creating ??= (async () => {
    try {
      const existing = await deviceIdItem.getValue();
      if (existing) return existing;
      const id = crypto.randomUUID();
      await deviceIdItem.setValue(id);
      return id;
    } finally {
      creating = null;
    }
  })();
  return creating;
}

/** Which browser this build runs in; Chromium-family builds tell brands apart by userAgentData. */
export function detectBrowser(
  buildTarget: string,
  brands: readonly { brand: string }[] | undefined,
): BrowserName {
  if (buildTarget === 'firefox') return 'firefox';
  const names = (brands ?? []).map((entry) => entry.brand);
  if (names.includes('Microsoft Edge')) return 'edge';
  if (names.includes('Google Chrome')) return 'chrome';
  if (names.includes('Chromium')) return 'chromium';
  return buildTarget === 'safari' ? 'safari' : 'chrome';
}

export function platformFromOs(os: string): DevicePlatform {
  switch (os) {
    case 'linux':
    case 'openbsd':
      return 'linux';
    case 'win':
      return 'windows';
    case 'mac':
      return 'macos';
    case 'cros':
      return 'chromeos';
    case 'android':
      return 'android';
    case 'ios':
      return 'ios';
    default:
      return 'other';
  }
}

export function deviceName(browserName: BrowserName, platform: DevicePlatform): string {
  return `${browserLabel(browserName)} on ${platformLabel(platform)}`;
}

export async function describeThisDevice(): Promise<DeviceInfo> {
  const brands = (navigator as Navigator & { userAgentData?: { brands: { brand: string }[] } }).userAgentData?.brands;
  const browserName = detectBrowser(import.meta.env.BROWSER, brands);
  const platform = platformFromOs((await browser.runtime.getPlatformInfo()).os);
  return { id: await deviceId(), name: deviceName(browserName, platform), browser: browserName, platform };
}
