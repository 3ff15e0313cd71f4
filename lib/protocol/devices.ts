/** Device schemas of the hub API (v1). A device is one connected browser profile. */
import { z } from 'zod';
import { NO_CONTROL_CHARACTERS } from './text.ts';

export const DEVICE_BROWSERS = ['chrome', 'chromium', 'edge', 'firefox', 'safari', 'other'] as const;
export const DevicePlatform = z.enum(['linux', 'windows', 'macos', 'chromeos', 'android', 'ios', 'other']);
export type DevicePlatform = z.infer<typeof DevicePlatform>;

/** What the extension says about itself when it signs in. The id is made once per browser profile. */
export const DeviceInfo = z.strictObject({
  id: z.uuid(),
  name: z.string().trim().min(1).max(64).regex(NO_CONTROL_CHARACTERS, 'Use a name without control characters.'),
  browser: z.enum(DEVICE_BROWSERS),
  platform: DevicePlatform,
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;

export const DeviceView = z.object({
  id: z.string(),
  name: z.string(),
  browser: z.enum(DEVICE_BROWSERS),
  platform: DevicePlatform,
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  /** True for the device that made the request. */
  current: z.boolean(),
});
export type DeviceView = z.infer<typeof DeviceView>;

export const DeviceListResponse = z.object({ devices: z.array(DeviceView) });
export type DeviceListResponse = z.infer<typeof DeviceListResponse>;

/** `PATCH /v1/devices/:id` — renames one of the account's devices. */
export const RenameDeviceRequest = z.strictObject({ name: DeviceInfo.shape.name });
export type RenameDeviceRequest = z.infer<typeof RenameDeviceRequest>;

export const DeviceIdParams = z.strictObject({ id: z.uuid() });
