/** Another device, or after a lock: "Unlock your vault" with the master password. A wrong one gets no hint. */
import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/t.ts';
import { ErrorAlert } from './error-alert.tsx';
import { TextField } from './text-field.tsx';

export interface UnlockScreenProps {
  /** The master password was changed on another device: the old one no longer works. */
  changedElsewhere: boolean;
  busy: boolean;
  error: string | null;
  onUnlock: (masterPassword: string) => void;
  onAccount: () => void;
}

export function UnlockScreen(props: UnlockScreenProps) {
  const [password, setPassword] = useState('');
  return (
    <section class="screen" aria-labelledby="unlock-heading">
      <h1 id="unlock-heading">{t('unlock_heading')}</h1>
      {props.changedElsewhere ? <p class="notice">{t('unlock_changedElsewhere')}</p> : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!props.busy && password) props.onUnlock(password);
        }}
      >
        <TextField label={t('field_masterPassword')} type="password" autocomplete="current-password" value={password} onInput={setPassword} required autoFocus />
        <ErrorAlert message={props.error} />
        {/* The key derivation takes a moment: say something is happening. */}
        {props.busy ? <p class="hint">{t('busy')}</p> : null}
        <div class="actions">
          <button type="button" class="link" onClick={props.onAccount}>
            {t('button_account')}
          </button>
          <button type="submit" class="primary" disabled={props.busy} aria-busy={props.busy}>
            {t('button_unlock')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** No keyset here and the hub could not be asked: say so, offer "Try again". */
export function VaultUnavailableScreen(props: { busy: boolean; error: string | null; onRetry: () => void; onAccount: () => void }) {
  return (
    <section class="screen" aria-labelledby="unavailable-heading">
      <h1 id="unavailable-heading">{t('vault_unavailable')}</h1>
      <p class="intro">{t('vault_unavailableHint')}</p>
      <ErrorAlert message={props.error} />
      <div class="actions">
        <button type="button" class="link" onClick={props.onAccount}>
          {t('button_account')}
        </button>
        <button type="button" class="primary" onClick={props.onRetry} disabled={props.busy} autoFocus>
          {t('button_tryAgain')}
        </button>
      </div>
    </section>
  );
}
