/**
 * An item whose blob does not decrypt on this device (tampered, damaged, or sealed under another
 * vault key): it cannot be opened, edited or trashed, only deleted for good — on every device, as
 * sync carries the deletion — after the person confirms. Until then it is kept as it is.
 */
import { t } from '../lib/i18n/t.ts';
import { ConfirmButton } from './confirm-button.tsx';
import { ErrorAlert } from './error-alert.tsx';
import { ItemScreen } from './item-screen.tsx';

export interface UndecryptableItemProps {
  id: string;
  busy: boolean;
  error: string | null;
  onBack: () => void;
  onDelete: () => void;
}

export function UndecryptableItem(props: UndecryptableItemProps) {
  return (
    <ItemScreen itemKey={props.id} heading={t('vault_undecryptableTitle')} onBack={props.onBack}>
      <p class="hint">{t('vault_undecryptableExplain')}</p>
      <ErrorAlert message={props.error} />
      <div class="actions item-actions">
        <ConfirmButton label={t('button_deleteForever')} question={t('vault_undecryptableDeleteConfirm')} busy={props.busy} onConfirm={props.onDelete} />
      </div>
    </ItemScreen>
  );
}
