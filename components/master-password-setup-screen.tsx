/**
 * First connected device: create the master password. Says plainly that it cannot be recovered, and
 * refuses a short, email-like or easily guessed one before anything is sent. Loaded lazily (zxcvbn).
 */
import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/t.ts';
import { ErrorAlert } from './error-alert.tsx';
import { NewMasterPasswordFields } from './new-master-password-fields.tsx';
import { useNewMasterPassword } from './use-new-master-password.ts';

export interface MasterPasswordSetupScreenProps {
  email: string | null;
  busy: boolean;
  error: string | null;
  onCreate: (masterPassword: string) => void;
  onAccount: () => void;
}

export function MasterPasswordSetupScreen(props: MasterPasswordSetupScreenProps) {
  const { value, setValue, problem, checking, check } = useNewMasterPassword(props.email);
  const [acknowledged, setAcknowledged] = useState(false);

  async function submit() {
    if (props.busy || checking) return;
    const next = await check(() => (acknowledged ? null : 'not_acknowledged'));
    if (next !== null) props.onCreate(next);
  }

  return (
    <section class="screen" aria-labelledby="setup-heading">
      <h1 id="setup-heading">{t('setup_heading')}</h1>
      <p class="intro">{t('setup_intro')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <NewMasterPasswordFields
          value={value}
          email={props.email}
          onInput={setValue}
          labels={{ password: 'field_masterPassword', confirm: 'field_confirmMasterPassword' }}
          autoFocus
        />
        <p class="warning">{t('setup_noRecovery')}</p>
        <label class="checkbox-field">
          <input type="checkbox" checked={acknowledged} onChange={(event) => setAcknowledged(event.currentTarget.checked)} aria-required="true" />
          <span>{t('setup_acknowledge')}</span>
        </label>
        <ErrorAlert message={problem ?? props.error} />
        {props.busy || checking ? <p class="hint">{t('busy')}</p> : null}
        <div class="actions">
          <button type="button" class="link" onClick={props.onAccount}>
            {t('button_account')}
          </button>
          <button type="submit" class="primary" disabled={props.busy || checking} aria-busy={props.busy || checking}>
            {t('button_createVault')}
          </button>
        </div>
      </form>
    </section>
  );
}
