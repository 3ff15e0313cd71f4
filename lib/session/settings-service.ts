/**
 * "Server address": which hub this browser talks to. A new address is checked (format, https
 * rule, a Tessera hub really answering there) before it is saved, and only while signed out —
 * tokens belong to the hub that issued them.
 */
import type { Settings } from '../messaging/messages.ts';
import { MessageFailure } from '../messaging/router.ts';
import { BUILT_IN_SERVER_ADDRESS } from '../state/settings.ts';
import { type HubClient, HubRequestError } from './hub-client.ts';
import { checkServerAddress, originPattern } from '../protocol/server-address.ts';

export interface SettingsServiceDeps {
  hub: HubClient;
  isSignedIn: () => Promise<boolean>;
  readServerAddress: () => Promise<string | null>;
  writeServerAddress: (address: string | null) => Promise<void>;
  hasHostPermission: (pattern: string) => Promise<boolean>;
}

export function createSettingsService(deps: SettingsServiceDeps) {
  async function settings(): Promise<Settings> {
    const custom = await deps.readServerAddress();
    return { serverAddress: custom ?? BUILT_IN_SERVER_ADDRESS, builtInServerAddress: BUILT_IN_SERVER_ADDRESS, custom: custom !== null };
  }

  return {
    settings,

    async setServerAddress(input: string): Promise<Settings> {
      if (await deps.isSignedIn()) throw new MessageFailure('invalid_request');
      const check = checkServerAddress(input);
      if (!check.ok) throw new MessageFailure('invalid_server_address');
      // The popup asks the user for this permission (it needs a click); without it, fetch would fail.
      if (!(await deps.hasHostPermission(originPattern(check.origin)))) throw new MessageFailure('server_permission_denied');
      // Going back to the built-in hub is always allowed: it must not depend on that hub answering right now.
      if (check.address === BUILT_IN_SERVER_ADDRESS) {
        await deps.writeServerAddress(null);
        return settings();
      }
      try {
        await deps.hub.health(check.address);
      } catch (error) {
        if (error instanceof HubRequestError) {
          throw new MessageFailure(error.code === 'network_error' ? 'network_error' : 'not_a_tessera_hub');
        }
        throw error;
      }
      await deps.writeServerAddress(check.address);
      return settings();
    },
  };
}
