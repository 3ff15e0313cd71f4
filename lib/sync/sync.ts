/**
 * Background-only. When sync runs and what the popup sees of it: the `sync.*` message handlers,
 * the `sync-poll` alarm, the events socket and the debounced push after local changes. Invariants:
 * one sync run at a time (a trigger during a run makes one more run after it); sync runs only while
 * the vault is unlocked (merging and the listing need the key) while the socket, once signed in,
 * keeps listening for `signed_out` and `keyset` even when locked; a remote sign-out wipes at once.
 *
 * Triggers: a local change (debounced PUSH_DEBOUNCE_MS), the socket's `ready`/`revision` notice when
 * the hub is ahead of the cursor, `sync.now` (the popup sends it when it opens), unlock, and the
 * `sync-poll` alarm every minute as a fallback while the socket is not connected.
 */
import { browser } from 'wxt/browser';
import type { SyncStatus } from '../messaging/messages.ts';
import { type Handlers, MessageFailure } from '../messaging/router.ts';
import type { HubEvent } from '../protocol/vault-sync.ts';
import { HubRequestError } from '../session/hub-client.ts';
import type { VaultStore } from '../vault/vault-store.ts';
import { createEventsClient, type EventsClientDeps } from './events-client.ts';
import { isLocked, type PullProgress, type SyncEngine, StaleSyncError, SyncRefusedError } from './sync-engine.ts';

export const SYNC_POLL_ALARM = 'sync-poll';
export const PUSH_DEBOUNCE_MS = 300;
/** A voluntary sign-out waits this long for the outbox to reach the hub. */
export const SIGN_OUT_FLUSH_MS = 5_000;

export interface SyncDeps {
  engine: SyncEngine;
  store: VaultStore;
  isUnlocked: () => Promise<boolean>;
  isSignedIn: () => Promise<boolean>;
  /** The events socket's URL for the signed-in hub (null when signed out) and a fresh access token. */
  eventsUrl: () => Promise<string | null>;
  accessToken: () => Promise<string>;
  openSocket?: EventsClientDeps['openSocket'];
  /** Re-reads the keyset from the hub (cached for the next unlock; `changedElsewhere`). */
  refreshKeyset: () => Promise<void>;
  /** The hub said this device is signed out: wipe the session (which wipes the vault). */
  signedOutRemotely: () => Promise<void>;
  /** A hub request through the session: wipes if the session is gone, refreshes an expired token otherwise. */
  checkSession: () => Promise<void>;
  now?: () => number;
}

type Outcome = { state: 'synced' } | { state: 'offline' } | { state: 'error'; code: SyncStatus['error'] };

export function createSync(deps: SyncDeps) {
  const { engine, store } = deps;
  const now = deps.now ?? Date.now;
  const logFailure = (what: string) => (error: unknown) => console.error(`tessera: ${what} failed: ${error instanceof Error ? error.name : 'unknown error'}`);
  let running: Promise<void> | null = null;
  let again = false;
  let outcome: Outcome | null = null;
  let lastSyncedAt: number | null = null;
  let progress: PullProgress | null = null;
  let hubRevision: number | null = null;
  let debounce: ReturnType<typeof setTimeout> | null = null;

  const events = createEventsClient({
    url: deps.eventsUrl,
    accessToken: deps.accessToken,
    ...(deps.openSocket ? { openSocket: deps.openSocket } : {}),
    onEvent: (event) => {
      onEvent(event).catch(logFailure(`event ${event.type}`));
    },
    onUnauthorized: () => {
      deps.checkSession().catch(logFailure('session check'));
    },
  });

  async function onEvent(event: HubEvent): Promise<void> {
    if (event.type === 'signed_out') {
      await deps.signedOutRemotely();
      return;
    }
    if (event.type === 'keyset') return deps.refreshKeyset();
    if (event.type === 'ready' || event.type === 'revision') {
      hubRevision = Math.max(hubRevision ?? 0, event.revision);
      if (event.type === 'ready' && (await store.meta('keyset'))?.version !== event.keysetVersion) await deps.refreshKeyset();
      if (event.revision > ((await store.meta('cursor')) ?? 0) || event.type === 'ready') void trigger();
    }
  }

  async function runOnce(): Promise<void> {
    if (!(await deps.isUnlocked())) {
      outcome = null;
      return;
    }
    try {
      await engine.run({ hubRevision, onProgress: (next) => (progress = next) });
      outcome = { state: 'synced' };
      lastSyncedAt = now();
    } catch (error) {
      if (isLocked(error) || error instanceof MessageFailure || error instanceof StaleSyncError) outcome = null; // locked or signed out meanwhile
      else if (error instanceof HubRequestError) outcome = error.code === 'network_error' ? { state: 'offline' } : { state: 'error', code: error.code };
      else if (error instanceof SyncRefusedError) outcome = { state: 'error', code: error.code };
      else {
        outcome = { state: 'error', code: 'internal_error' };
        logFailure('sync')(error);
      }
    } finally {
      progress = null;
    }
  }

  /** Runs a sync now, or once more right after the one under way. */
  function trigger(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await runOnce();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  }

  async function status(): Promise<SyncStatus> {
    const pending = await engine.pending();
    const generation = (await store.meta('generation')) ?? 0;
    const base = { pending, lastSyncedAt, progress: null, error: null, generation };
    if (!(await deps.isSignedIn()) || !(await deps.isUnlocked())) return { ...base, state: 'off' };
    if (running || !outcome) {
      if (!running) void trigger(); // first look after a worker start: find out
      return { ...base, state: 'syncing', progress };
    }
    if (outcome.state === 'error') return { ...base, state: 'error', error: outcome.code };
    if (outcome.state === 'offline') return { ...base, state: 'offline', error: 'network_error' };
    const failed = pending > 0 ? await engine.failure() : null;
    return failed ? { ...base, state: 'error', error: failed } : { ...base, state: 'synced' };
  }

  const handlers: Pick<Handlers, 'sync.status' | 'sync.now'> = {
    'sync.status': () => status(),
    'sync.now': async () => {
      events.nudge();
      await trigger();
      return status();
    },
  };

  return {
    handlers,

    /** At worker start and after sign-in: listen to the hub, and poll as a fallback. */
    async start(): Promise<void> {
      if (!(await deps.isSignedIn())) return;
      events.start();
      await browser.alarms.create(SYNC_POLL_ALARM, { periodInMinutes: 1 });
    },

    /** After unlock: start (if not yet) and sync. */
    async onUnlocked(): Promise<void> {
      await this.start();
      void trigger();
    },

    /** After a local change: push soon, several quick edits in one go. */
    onLocalChange(): void {
      if (debounce !== null) clearTimeout(debounce);
      debounce = setTimeout(() => {
        debounce = null;
        void trigger();
      }, PUSH_DEBOUNCE_MS);
    },

    async onAlarm(name: string): Promise<void> {
      if (name !== SYNC_POLL_ALARM) return;
      if (!(await deps.isSignedIn())) {
        await browser.alarms.clear(SYNC_POLL_ALARM);
        return;
      }
      events.nudge();
      if (!events.connected()) await trigger();
    },

    /**
     * Voluntary sign-out: gives the outbox up to `timeoutMs` to reach the hub, and answers how many
     * changes are still waiting (locked or offline: they cannot be sent now).
     */
    async flush(timeoutMs = SIGN_OUT_FLUSH_MS): Promise<number> {
      if ((await engine.pending()) === 0) return 0;
      if (await deps.isUnlocked()) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([trigger(), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
        clearTimeout(timer);
      }
      return engine.pending();
    },

    /** Signed out (any way): stop listening and polling; the vault wipes itself. */
    async onSignedOut(): Promise<void> {
      events.stop();
      if (debounce !== null) clearTimeout(debounce);
      debounce = null;
      outcome = null;
      lastSyncedAt = null;
      hubRevision = null;
      await browser.alarms.clear(SYNC_POLL_ALARM);
    },

    /** Waits for the run under way (tests). */
    idle: () => running ?? Promise.resolve(),
    events,
  };
}

export type Sync = ReturnType<typeof createSync>;
