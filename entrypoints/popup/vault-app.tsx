/**
 * The vault's screens, chosen by the vault model's view: set up (first device), unlock, unreachable,
 * or the unlocked vault (list, item, editor, settings). The heavier screens load lazily.
 */
import { ItemView } from '../../components/item-view.tsx';
import { lazy } from '../../components/lazy.tsx';
import { SyncStatusLine } from '../../components/sync-status.tsx';
import { UndecryptableItem } from '../../components/undecryptable-item.tsx';
import { UnlockScreen, VaultUnavailableScreen } from '../../components/unlock-screen.tsx';
import { VaultScreen } from '../../components/vault-screen.tsx';
import { t } from '../../lib/i18n/t.ts';
import type { SyncModel } from './sync-model.ts';
import type { VaultModel } from './vault-model.ts';

const MasterPasswordSetupScreen = lazy(() => import('../../components/master-password-setup-screen.tsx').then((module) => module.MasterPasswordSetupScreen));
const ItemEditor = lazy(() => import('../../components/item-editor.tsx').then((module) => module.ItemEditor));
const VaultSettingsScreen = lazy(() => import('../../components/vault-settings-screen.tsx').then((module) => module.VaultSettingsScreen));

export interface VaultAppProps {
  vault: VaultModel;
  sync: SyncModel;
  email: string | null;
  busy: boolean;
  error: string | null;
  notice: string | null;
  onAccount: () => void;
}

/** Reads the sync signal itself, so a status change re-renders this line and not the list. */
function SyncLine({ sync }: { sync: SyncModel }) {
  const status = sync.status.value;
  return status ? <SyncStatusLine status={status} now={Date.now()} onTryAgain={sync.syncNow} /> : null;
}

export function VaultApp({ vault, sync, email, onAccount, ...common }: VaultAppProps) {
  const status = vault.status.value;
  const items = vault.items;
  const item = items.item.value;
  switch (vault.view.value) {
    case 'setup':
      return <MasterPasswordSetupScreen email={email} busy={common.busy} error={common.error} onCreate={vault.setup} onAccount={onAccount} />;
    case 'unlock':
      return (
        <UnlockScreen
          changedElsewhere={status?.state === 'locked' && status.changedElsewhere}
          busy={common.busy}
          error={common.error}
          onUnlock={vault.unlock}
          onAccount={onAccount}
        />
      );
    case 'unavailable':
      return <VaultUnavailableScreen busy={common.busy} error={common.error} onRetry={vault.retry} onAccount={onAccount} />;
    case 'item':
      return item ? (
        <ItemView
          key={item.id}
          {...common}
          item={item}
          onBack={items.close}
          onEdit={items.startEdit}
          onCopy={items.copy}
          onFavourite={items.setFavourite}
          onTrash={items.trash}
          onRestore={items.restore}
          onDeleteForever={items.deleteForever}
          loadCode={() => items.totpCode(item.id)}
        />
      ) : null;
    case 'unreadable':
      return items.unreadable.value ? (
        <UndecryptableItem id={items.unreadable.value} busy={common.busy} error={common.error} onBack={items.close} onDelete={items.deleteUnreadable} />
      ) : null;
    case 'editor':
      return (
        <ItemEditor
          key={items.editing.value === 'edit' && item ? item.id : 'new'}
          item={items.editing.value === 'edit' ? item : null}
          siteHost={items.list.value?.siteHost ?? null}
          busy={common.busy}
          error={common.error}
          onSave={items.save}
          onCancel={items.cancelEdit}
        />
      );
    case 'settings':
      return status ? (
        <VaultSettingsScreen
          {...common}
          lockTimeout={status.lockTimeout}
          email={email}
          onLockTimeout={vault.setLockTimeout}
          onChangeMasterPassword={vault.changeMasterPassword}
          onBack={vault.closeSettings}
          autofill={vault.autofill.settings.value}
          onFillOnLoad={vault.autofill.setFillOnLoad}
          onForgetNeverSite={vault.autofill.forgetNeverSite}
        />
      ) : null;
    case 'list':
      return (
        <VaultScreen
          {...common}
          list={items.list.value}
          results={items.results.value}
          byId={items.byId.value}
          filter={items.filter.value}
          query={items.query.value}
          shown={items.shown.value}
          onQuery={items.setQuery}
          onFilter={items.setFilter}
          onShowMore={items.showMore}
          onOpen={items.open}
          onAdd={items.startNew}
          onLock={vault.lock}
          onAccount={onAccount}
          onSettings={vault.openSettings}
          onEmptyTrash={items.emptyTrash}
          sync={<SyncLine sync={sync} />}
          onFill={vault.fill.fill}
          fillConfirm={vault.fill.confirming.value}
          onConfirmFill={vault.fill.confirm}
          onCancelFill={vault.fill.cancel}
        />
      );
    default:
      return <p class="loading">{t('loading')}</p>;
  }
}
