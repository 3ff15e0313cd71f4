// @vitest-environment node
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deadAddress, type LiveHub, startLiveHub } from '../../tests/unit/support/live-hub.ts';
import { json, type ScriptedServer, startScriptedServer } from '../../tests/unit/support/scripted-server.ts';
import { MessageFailure } from '../messaging/router.ts';
import { BUILT_IN_SERVER_ADDRESS, serverAddressItem } from '../state/settings.ts';
import { createHubClient } from './hub-client.ts';
import { createSettingsService } from './settings-service.ts';

let hub: LiveHub;
let other: ScriptedServer;
beforeAll(async () => {
  hub = await startLiveHub();
});
afterAll(() => hub.close());
beforeEach(async () => {
  other = await startScriptedServer();
});
afterEach(() => other.close());

/** A host-permission match pattern as browsers grant it: scheme and host, no port (it covers every port). */
function patternFor(address: string): string {
  const url = new URL(address);
  return `${url.protocol}//${url.hostname}/*`;
}

/** The service as the background wires it; the browser's permission store is a set of granted patterns. */
function createService(options: { signedIn?: boolean; granted?: string[] } = {}) {
  const asked: string[] = [];
  const granted = new Set(options.granted ?? [patternFor(hub.address), patternFor(other.address), patternFor(BUILT_IN_SERVER_ADDRESS)]);
  const service = createSettingsService({
    hub: createHubClient(async () => (await serverAddressItem.getValue()) ?? BUILT_IN_SERVER_ADDRESS),
    isSignedIn: async () => options.signedIn ?? false,
    readServerAddress: () => serverAddressItem.getValue(),
    writeServerAddress: (address) => serverAddressItem.setValue(address),
    hasHostPermission: async (pattern) => (asked.push(pattern), granted.has(pattern)),
  });
  return { service, asked };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MessageFailure);
  return (error as MessageFailure).detail.code;
}

describe('settings service', () => {
  it('reports the built-in address as not custom when nothing was chosen', async () => {
    expect(await createService().service.settings()).toEqual({
      serverAddress: BUILT_IN_SERVER_ADDRESS,
      builtInServerAddress: BUILT_IN_SERVER_ADDRESS,
      custom: false,
    });
  });

  it('saves the address without its trailing slash when a real hub answers there', async () => {
    const settings = await createService().service.setServerAddress(`${hub.address}/`);
    expect(settings).toMatchObject({ serverAddress: hub.address, custom: true });
    expect(await serverAddressItem.getValue()).toBe(hub.address);
  });

  it('refuses and contacts nothing when signed in', async () => {
    const { service, asked } = createService({ signedIn: true });
    other.answer(json(200, { status: 'ok', service: 'tessera-hub', version: '1', apiVersion: 1 }));
    expect(await codeOf(service.setServerAddress(other.address))).toBe('invalid_request');
    expect(asked).toEqual([]);
    expect(other.seen).toEqual([]);
    expect(await serverAddressItem.getValue()).toBeNull();
  });

  it('refuses with invalid_server_address when the address is plain http to another computer', async () => {
    expect(await codeOf(createService().service.setServerAddress('http://hub.example.com'))).toBe('invalid_server_address');
  });

  it('refuses with invalid_server_address when the address is not a URL', async () => {
    expect(await codeOf(createService().service.setServerAddress('my hub'))).toBe('invalid_server_address');
  });

  it('refuses with server_permission_denied when the host permission was not granted', async () => {
    const { service, asked } = createService({ granted: [] });
    expect(await codeOf(service.setServerAddress(`${hub.address}/tessera/`))).toBe('server_permission_denied');
    expect(asked).toEqual([patternFor(hub.address)]);
    expect(asked[0]).not.toContain(`:${new URL(hub.address).port}`);
    expect(await serverAddressItem.getValue()).toBeNull();
  });

  it('refuses with not_a_tessera_hub and saves nothing when another server answers there', async () => {
    other.answer({ status: 200, headers: { 'content-type': 'text/html' }, body: '<h1>It works!</h1>' });
    expect(await codeOf(createService().service.setServerAddress(other.address))).toBe('not_a_tessera_hub');
    expect(other.seen.map((request) => request.url)).toEqual(['/health']);
    expect(await serverAddressItem.getValue()).toBeNull();
  });

  it('refuses with network_error when nothing answers at the address', async () => {
    const address = await deadAddress();
    const { service } = createService({ granted: [patternFor(address)] });
    expect(await codeOf(service.setServerAddress(address))).toBe('network_error');
  });

  it('stores null when the built-in address is chosen again, even while that server does not answer', async () => {
    const { service } = createService();
    await service.setServerAddress(hub.address);
    const settings = await service.setServerAddress(`${BUILT_IN_SERVER_ADDRESS}/`);
    expect(settings).toEqual({ serverAddress: BUILT_IN_SERVER_ADDRESS, builtInServerAddress: BUILT_IN_SERVER_ADDRESS, custom: false });
    expect(await serverAddressItem.getValue()).toBeNull();
  });
});
