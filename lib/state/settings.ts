/**
 * User settings kept in storage.local (not secret). Background-only writers; see stored-state.ts.
 */
import { storage } from 'wxt/utils/storage';
import { LOCAL_KEYS } from './stored-state.ts';

/**
 * Built in at build time (WXT_HUB_URL); the development default is a hub on this computer. Kept
 * without a trailing slash, like every saved address, so paths append cleanly and it compares equal.
 */
export const BUILT_IN_SERVER_ADDRESS: string = ((import.meta.env.WXT_HUB_URL as string | undefined) ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');

export const serverAddressItem = storage.defineItem<string | null>(LOCAL_KEYS.serverAddress, { fallback: null });
export const deviceIdItem = storage.defineItem<string | null>(LOCAL_KEYS.deviceId, { fallback: null });
export const lastEmailItem = storage.defineItem<string | null>(LOCAL_KEYS.lastEmail, { fallback: null });

export async function currentServerAddress(): Promise<string> {
  return (await serverAddressItem.getValue()) ?? BUILT_IN_SERVER_ADDRESS;
}
