/**
 * The rules for a device name, as the hub checks them (lib/protocol/devices.ts DeviceInfo name:
 * trimmed, 1–64 characters, no control characters) — repeated here so the popup ships no zod and
 * can say what is wrong before anything is sent.
 */
import type { MessageKey } from '../lib/i18n/t.ts';
import { BROWSER_NAMES, PLATFORM_NAMES } from '../lib/protocol/device-labels.ts';
import type { DeviceView } from '../lib/protocol/devices.ts';

export const DEVICE_NAME_MAX = 64;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

export function checkDeviceName(typed: string): { name: string } | { error: MessageKey } {
  const name = typed.trim();
  if (!name) return { error: 'devices_nameEmpty' };
  if (name.length > DEVICE_NAME_MAX) return { error: 'devices_nameTooLong' };
  if (CONTROL_CHARACTER.test(name)) return { error: 'devices_nameControl' };
  return { name };
}

/** Brand and system names stay as they are in every language; only "other" is translated (by the caller). */
export const browserName = (device: Pick<DeviceView, 'browser'>) => BROWSER_NAMES[device.browser];
export const platformName = (device: Pick<DeviceView, 'platform'>) => PLATFORM_NAMES[device.platform];
