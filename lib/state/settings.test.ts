import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BUILT_IN_SERVER_ADDRESS, currentServerAddress, serverAddressItem } from './settings.ts';
import { LOCAL_KEYS } from './stored-state.ts';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function builtInWith(hubUrl: string): Promise<string> {
  vi.stubEnv('WXT_HUB_URL', hubUrl);
  vi.resetModules();
  return (await import('./settings.ts')).BUILT_IN_SERVER_ADDRESS;
}

describe('BUILT_IN_SERVER_ADDRESS', () => {
  it('is the hub named at build time when WXT_HUB_URL is set', async () => {
    expect(await builtInWith('https://hub.tessera.example')).toBe('https://hub.tessera.example');
  });

  it('has no trailing slash when WXT_HUB_URL ends with one', async () => {
    expect(await builtInWith('https://hub.tessera.example/')).toBe('https://hub.tessera.example');
  });
});

describe('currentServerAddress', () => {
  it('is the built-in address when the user chose none', async () => {
    expect(await currentServerAddress()).toBe(BUILT_IN_SERVER_ADDRESS);
  });

  it('is the saved address when the user chose one', async () => {
    await serverAddressItem.setValue('https://self-hosted.example');
    expect(await currentServerAddress()).toBe('https://self-hosted.example');
  });

  it('keeps the address in storage.local under the key stored-state.ts names when saved', async () => {
    await serverAddressItem.setValue('https://self-hosted.example');
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ [LOCAL_KEYS.serverAddress.replace('local:', '')]: 'https://self-hosted.example' });
  });
});
