/**
 * Brand and system names of devices ("Chromium", "macOS"), the same in every language; "other" has
 * no name here (each caller words it). Pure TS without zod, so the popup can import it too.
 */
import type { DeviceView } from './devices.ts';

export const BROWSER_NAMES: Record<DeviceView['browser'], string | null> = {
  chrome: 'Chrome',
  chromium: 'Chromium',
  edge: 'Edge',
  firefox: 'Firefox',
  safari: 'Safari',
  other: null,
};

export const PLATFORM_NAMES: Record<DeviceView['platform'], string | null> = {
  linux: 'Linux',
  windows: 'Windows',
  macos: 'macOS',
  chromeos: 'ChromeOS',
  android: 'Android',
  ios: 'iOS',
  other: null,
};
