/**
 * Background-only. Where the vault's keyset (wrapped vault key, salt, KDF parameters) comes from:
 * the hub when it answers — and each answer is cached in vaultMeta 'keyset' so this device can
 * unlock offline — else that cache. Invariant: the cache only ever holds what the hub answered
 * (or accepted), so a device never invents a keyset the other devices do not share.
 */
import { MessageFailure } from '../messaging/router.ts';
import type { Keyset, PutKeysetRequest } from '../protocol/vault-keyset.ts';
import { HubRequestError } from '../session/hub-client.ts';
import type { VaultStore } from './vault-store.ts';

/** The hub's keyset routes (hub-client `hub.vault`). */
export interface VaultHub {
  /** 404 → HubRequestError 'no_keyset'. */
  keyset(token: string, baseUrl: string): Promise<Keyset>;
  /** Compare-and-swap; 409 → HubRequestError 'conflict'. */
  putKeyset(body: PutKeysetRequest, token: string, baseUrl: string): Promise<{ version: number }>;
}

/** session-service's `authorized`: a hub call with a valid access token (MessageFailure 'unauthorized' when signed out). */
export type Authorized = <T>(call: (token: string, baseUrl: string) => Promise<T>) => Promise<{ value: T }>;

export type KeysetLookup =
  | { kind: 'found'; keyset: Keyset; fromHub: boolean }
  | { kind: 'none' }
  | { kind: 'unavailable'; error: HubRequestError };

export function createKeysetSource({ hub, authorized, store }: { hub: VaultHub; authorized: Authorized; store: VaultStore }) {
  return {
    /** The hub's keyset (cached on the way), else the cached one when the hub cannot be asked. */
    async lookup(): Promise<KeysetLookup> {
      try {
        const { value } = await authorized((token, baseUrl) => hub.keyset(token, baseUrl));
        await store.setMeta('keyset', value);
        return { kind: 'found', keyset: value, fromHub: true };
      } catch (error) {
        if (error instanceof MessageFailure) throw error; // signed out meanwhile
        if (!(error instanceof HubRequestError)) throw error;
        if (error.code === 'no_keyset') return { kind: 'none' };
        const cached = await store.meta('keyset');
        return cached ? { kind: 'found', keyset: cached, fromHub: false } : { kind: 'unavailable', error };
      }
    },

    /** Stores a new keyset on the hub and, once accepted, in the cache; answers its version. */
    async put(request: PutKeysetRequest): Promise<Keyset> {
      const { value } = await authorized((token, baseUrl) => hub.putKeyset(request, token, baseUrl));
      const keyset: Keyset = { version: value.version, kdf: request.kdf, salt: request.salt, wrappedKey: request.wrappedKey };
      await store.setMeta('keyset', keyset);
      return keyset;
    },
  };
}

export type KeysetSource = ReturnType<typeof createKeysetSource>;
