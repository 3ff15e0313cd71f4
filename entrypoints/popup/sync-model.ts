/**
 * Sync as the popup shows it. While the unlocked vault is on screen the popup asks the background to
 * sync once, then reads its status every second (an item saved on another device shows within the
 * 2 s the issue allows); leaving the vault stops the timer. When the vault's generation moves, the
 * list is read again — not during the first download, whose progress the status line shows instead.
 * Quiet: no busy flag and no error banner. Answers that arrive after a stop are dropped.
 */
import { effect, signal, untracked } from '@preact/signals';
import type { MessageResult, MessageType, RequestOf, SyncStatus } from '../../lib/messaging/messages.ts';

export const SYNC_POLL_MS = 1000;

export interface SyncModelDeps {
  send: <T extends MessageType>(type: T, payload: RequestOf<T>) => Promise<MessageResult<T>>;
  /** True while the unlocked vault is shown (read in an effect: polling follows it). */
  active: () => boolean;
  /** The vault changed (pulled or local changes): read the list again. */
  onChanged: () => void;
  /** The background stopped syncing (the vault locked, the session ended): re-read the vault's state. */
  onStopped: () => void;
}

const same = (a: SyncStatus | null, b: SyncStatus) =>
  a !== null &&
  a.state === b.state &&
  a.pending === b.pending &&
  a.lastSyncedAt === b.lastSyncedAt &&
  a.generation === b.generation &&
  a.error === b.error &&
  a.progress?.done === b.progress?.done &&
  a.progress?.total === b.progress?.total;

export function createSyncModel(deps: SyncModelDeps) {
  const status = signal<SyncStatus | null>(null);
  let running = false;
  /** Bumped on every start and stop, so a late answer or timer of an earlier run does nothing. */
  let run = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** The generation the shown list is known to reflect (the first answer's, then each reload's). */
  let listed: number | null = null;

  function apply(next: SyncStatus) {
    if (!same(status.value, next)) status.value = next;
    if (next.state === 'off') deps.onStopped();
    else if (listed === null) listed = next.generation;
    else if (next.generation !== listed && !next.progress) {
      listed = next.generation;
      deps.onChanged();
    }
  }

  async function ask(type: 'sync.now' | 'sync.status') {
    const asked = run;
    const result = await deps.send(type, {}).catch(() => null);
    if (asked !== run || !result) return;
    if (result.ok) apply(result.value);
    else if (result.error.code === 'unauthorized' || result.error.code === 'vault_locked') deps.onStopped();
  }

  function schedule() {
    const scheduled = run;
    timer = setTimeout(() => {
      timer = null;
      void ask('sync.status').then(() => {
        if (scheduled === run) schedule();
      });
    }, SYNC_POLL_MS);
  }

  function start() {
    if (running) return;
    running = true;
    run += 1;
    listed = null;
    schedule();
    // The status first (answered at once, before the list is read: the baseline generation), then
    // sync.now, which answers only when that sync is done.
    void ask('sync.status');
    void ask('sync.now');
  }

  function stop() {
    if (!running) return;
    running = false;
    run += 1;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    status.value = null;
  }

  const unwatch = effect(() => {
    const active = deps.active();
    untracked(() => (active ? start() : stop()));
  });

  return {
    status,
    /** "Try again": sync now, showing "Syncing…" until the background answers. */
    syncNow() {
      const current = status.value;
      if (current) status.value = { ...current, state: 'syncing', error: null };
      void ask('sync.now');
    },
    dispose() {
      unwatch();
      stop();
    },
  };
}

export type SyncModel = ReturnType<typeof createSyncModel>;
