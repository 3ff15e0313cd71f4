/** "Change master password": the current one, then a new one under the same rule and strength meter. */
import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/t.ts';
import { ErrorAlert } from './error-alert.tsx';
import { NewMasterPasswordFields } from './new-master-password-fields.tsx';
import { TextField } from './text-field.tsx';
import { useNewMasterPassword } from './use-new-master-password.ts';

export interface ChangeMasterPasswordFormProps {
  email: string | null;
  busy: boolean;
  error: string | null;
  /** Resolves true when the background changed it (the form then closes). */
  onChange: (current: string, next: string) => Promise<boolean>;
  onCancel: () => void;
}

export function ChangeMasterPasswordForm(props: ChangeMasterPasswordFormProps) {
  const [current, setCurrent] = useState('');
  const { value, setValue, problem, checking, check } = useNewMasterPassword(props.email);

  async function submit() {
    if (props.busy || checking) return;
    const next = await check();
    if (next !== null) await props.onChange(current, next);
  }

  return (
    <form
      class="change-master-password"
      aria-labelledby="change-master-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <h2 id="change-master-heading">{t('button_changeMasterPassword')}</h2>
      <TextField label={t('field_currentMasterPassword')} type="password" autocomplete="current-password" value={current} onInput={setCurrent} required autoFocus />
      <NewMasterPasswordFields
        value={value}
        email={props.email}
        onInput={setValue}
        labels={{ password: 'field_newMasterPassword', confirm: 'field_confirmNewMasterPassword' }}
      />
      <p class="hint">{t('vaultSettings_changeHint')}</p>
      <ErrorAlert message={problem ?? props.error} />
      <div class="actions">
        <button type="button" onClick={props.onCancel}>
          {t('button_cancel')}
        </button>
        <button type="submit" class="primary" disabled={props.busy || checking} aria-busy={props.busy || checking}>
          {t('button_saveMasterPassword')}
        </button>
      </div>
    </form>
  );
}
