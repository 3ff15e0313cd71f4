/**
 * The vault's state in the popup: which vault screen to show (set up, unlock, unreachable, or the
 * unlocked vault's pages), and the actions on the vault as a whole. The master password passes
 * through here only as an argument to the background and is never kept; no key ever reaches the popup.
 */
import { computed, signal } from '@preact/signals';
import { t } from '../../lib/i18n/t.ts';
import type { LockTimeout, VaultStatus } from '../../lib/messaging/messages.ts';
import { createAutofillSettingsModel } from './autofill-settings-model.ts';
import { createFillModel } from './fill-model.ts';
import { createVaultItemsModel, type VaultItemsDeps } from './vault-items-model.ts';

export type VaultView = 'loading' | 'setup' | 'unlock' | 'unavailable' | 'list' | 'item' | 'unreadable' | 'editor' | 'settings';

export interface VaultModelDeps extends Omit<VaultItemsDeps, 'onLocked'> {
  error: { value: string | null };
  /** vault.status said the session is gone: the popup re-reads the session status. */
  onSignedOut: () => void;
  /** Closes the popup after a fill (tests pass a spy); defaults to window.close(). */
  closeWindow?: () => void;
}

export function createVaultModel(deps: VaultModelDeps) {
  const status = signal<VaultStatus | null>(null);
  const items = createVaultItemsModel({ ...deps, onLocked: () => void refresh() });
  const fill = createFillModel({ run: deps.run, error: deps.error, onLocked: () => void refresh(), closeWindow: deps.closeWindow });
  const autofill = createAutofillSettingsModel(deps);

  const view = computed<VaultView>(() => {
    const current = status.value;
    switch (current?.state) {
      case 'setup_required':
        return 'setup';
      case 'locked':
        return 'unlock';
      case 'unavailable':
        return 'unavailable';
      case 'unlocked':
        return items.page.value;
      default:
        return 'loading';
    }
  });

  async function apply(next: VaultStatus) {
    const wasUnlocked = status.value?.state === 'unlocked';
    status.value = next;
    if (next.state === 'signed_out') deps.onSignedOut();
    if (next.state !== 'unlocked') {
      items.reset();
      fill.reset();
    } else if (!wasUnlocked) await items.load();
  }

  /** Reads the status without touching the error shown (a "conflict" on setup stays on the unlock screen). */
  async function refresh() {
    const result = await deps.send('vault.status', {});
    if (result.ok) await apply(result.value as VaultStatus);
    else if (!status.value) status.value = { state: 'unavailable', reason: 'network_error', lockTimeout: 15 };
  }

  return {
    status,
    view,
    items,
    fill,
    autofill,
    refresh,
    /** The popup opened or the session just started: read the vault's state afresh. */
    async load() {
      status.value = null;
      items.reset();
      fill.reset();
      await refresh();
    },
    reset() {
      status.value = null;
      items.reset();
      fill.reset();
      autofill.reset();
    },

    async setup(masterPassword: string) {
      const next = await deps.run('vault.setup', { masterPassword }, (failure) => {
        // Another device created the vault meanwhile: unlock that one instead.
        if (failure.code === 'conflict') void refresh();
      });
      if (next) await apply(next);
    },

    async unlock(masterPassword: string) {
      const next = await deps.run('vault.unlock', { masterPassword });
      if (next) await apply(next);
    },

    async lock() {
      const next = await deps.run('vault.lock', {});
      if (next) await apply(next);
    },

    /** "Try again" on the unreachable screen. */
    async retry() {
      deps.error.value = null;
      await refresh();
    },

    openSettings() {
      fill.reset();
      items.page.value = 'settings';
      void autofill.load();
    },
    closeSettings: () => (items.page.value = items.item.value ? 'item' : 'list'),

    async setLockTimeout(timeout: LockTimeout) {
      const next = await deps.run('vault.setLockTimeout', { timeout });
      if (next) {
        status.value = next;
        deps.notice.value = t('settings_saved');
      }
    },

    async changeMasterPassword(current: string, next: string): Promise<boolean> {
      const changed = await deps.run('vault.changeMasterPassword', { current, next });
      if (!changed) return false;
      status.value = changed;
      deps.notice.value = t('vaultSettings_changed');
      return true;
    },
  };
}

export type VaultModel = ReturnType<typeof createVaultModel>;
