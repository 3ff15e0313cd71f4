/**
 * The background's vault (lib/vault/vault.ts) as entrypoints/background.ts wires it — real crypto,
 * real IndexedDB (fake-indexeddb), real storage.session (fakeBrowser) — against an in-memory hub
 * keyset store that several "devices" share. A device has its own IndexedDB; the first device uses
 * the fake browser's storage.session, further ones an in-memory one of their own.
 */
import type { IDBFactory } from 'fake-indexeddb';
import type { KdfParams } from '../../../lib/crypto/kdf.ts';
import { MessageFailure } from '../../../lib/messaging/router.ts';
import type { RequestOf } from '../../../lib/messaging/messages.ts';
import type { Keyset } from '../../../lib/protocol/vault-keyset.ts';
import type { ItemContent } from '../../../lib/protocol/vault-item.ts';
import { HubRequestError } from '../../../lib/session/hub-client.ts';
import type { VaultHub } from '../../../lib/vault/keyset-source.ts';
import { databaseOn } from '../../support/indexed-db.ts';
import type { KeyStorage } from '../../../lib/vault/vault-key-holder.ts';
import { createVault } from '../../../lib/vault/vault.ts';

/** Argon2id at its lowest allowed cost: these tests are about the vault, not the KDF. */
export const FAST_KDF: KdfParams = { algorithm: 'argon2id', memoryKiB: 8192, iterations: 1, parallelism: 1 };
export const MASTER = 'correct horse battery staple';
export const ACCOUNT = { id: 'acc-1', email: 'someone@example.com' };
export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

/** The hub's keyset routes, in memory, with the same compare-and-swap and errors as the real hub. */
export function createFakeKeysetHub() {
  let current: Keyset | null = null;
  let offline = false;
  const calls: string[] = [];
  const hub: VaultHub = {
    async keyset() {
      calls.push('GET keyset');
      if (offline) throw new HubRequestError('network_error', 0);
      if (!current) throw new HubRequestError('no_keyset', 404);
      return structuredClone(current);
    },
    async putKeyset(body) {
      calls.push('PUT keyset');
      if (offline) throw new HubRequestError('network_error', 0);
      const version = current?.version ?? null;
      if (body.replaces !== version) throw new HubRequestError('conflict', 409, { current: version });
      current = { version: (version ?? 0) + 1, kdf: body.kdf, salt: body.salt, wrappedKey: body.wrappedKey };
      return { version: current.version };
    },
  };
  return {
    hub,
    calls,
    current: () => current,
    setOffline: (value: boolean) => {
      offline = value;
    },
  };
}
export type FakeKeysetHub = ReturnType<typeof createFakeKeysetHub>;

export function memoryKeyStorage(): KeyStorage & { value: unknown } {
  const holder = {
    value: null as unknown,
    getValue: async () => holder.value,
    setValue: async (value: unknown) => {
      holder.value = value;
    },
    removeValue: async () => {
      holder.value = null;
    },
  };
  return holder;
}


export interface DeviceOptions {
  hub: FakeKeysetHub;
  /** Defaults to the test's global IndexedDB; a second device passes `new IDBFactory()`. */
  indexedDb?: IDBFactory;
  keyStorage?: KeyStorage;
  kdfParams?: KdfParams;
  clock?: { now: number };
  account?: { current: { id: string; email: string } | null };
  tabHost?: string | null;
  /** The vault's lock hook (autofill drops waiting save offers there). */
  onLocked?: () => Promise<void>;
}

/** One browser's background vault: `restart()` gives new service instances over the same storage. */
export function createDevice(options: DeviceOptions) {
  const factory = options.indexedDb ?? (globalThis.indexedDB as IDBFactory);
  const clock = options.clock ?? { now: Date.UTC(2026, 0, 1) };
  const account = options.account ?? { current: { ...ACCOUNT } };
  const site = { host: options.tabHost ?? null };
  const database = databaseOn(factory);
  const build = () =>
    createVault({
      database,
      hub: options.hub.hub,
      authorized: async (call) => {
        if (!account.current) throw new MessageFailure('unauthorized');
        return { value: await call('tsa_test', 'http://127.0.0.1:8787') };
      },
      account: async () => account.current,
      activeTabHost: async () => site.host,
      kdfParams: options.kdfParams ?? FAST_KDF,
      ...(options.keyStorage ? { keyStorage: options.keyStorage } : {}),
      ...(options.onLocked ? { onLocked: options.onLocked } : {}),
      now: () => clock.now,
    });
  const device = {
    vault: build(),
    hub: options.hub,
    clock,
    account,
    site,
    database,
    /** A new service worker: memory gone, storage.session and IndexedDB kept. */
    restart() {
      device.vault = build();
    },
    get handlers() {
      return device.vault.handlers;
    },
  };
  return device;
}
export type Device = ReturnType<typeof createDevice>;

export function login(title: string, overrides: Partial<NonNullable<ItemContent['login']>> = {}): ItemContent {
  return {
    kind: 'login',
    title,
    notes: '',
    fields: [],
    login: { username: `${title.toLowerCase()}@example.com`, password: `pw-${title}`, websites: [], totp: '', ...overrides },
  };
}

export const note = (title: string, notes = 'secret note'): ItemContent => ({ kind: 'note', title, notes, fields: [], login: null });

/** The MessageFailure code a promise rejects with. */
export async function failureCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MessageFailure) return error.detail.code;
    throw error;
  }
  throw new Error('expected a MessageFailure');
}

export type CreateRequest = RequestOf<'vault.create'>;
