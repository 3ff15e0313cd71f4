/** Settings: the hub this browser talks to ("Server address"), changeable while signed out. */
import { useState } from 'preact/hooks';
import type { Settings } from '../lib/messaging/messages.ts';
import { t } from '../lib/i18n/t.ts';
import { ErrorAlert, StatusNote } from './error-alert.tsx';
import { TextField } from './text-field.tsx';

export interface SettingsScreenProps {
  settings: Settings;
  signedIn: boolean;
  busy: boolean;
  error: string | null;
  notice: string | null;
  onSaveServerAddress: (address: string) => void;
  onBack: () => void;
}

export function SettingsScreen(props: SettingsScreenProps) {
  const [address, setAddress] = useState(props.settings.serverAddress);
  return (
    <section class="screen" aria-labelledby="settings-heading">
      <h1 id="settings-heading">{t('settings_heading')}</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!props.busy && !props.signedIn) props.onSaveServerAddress(address);
        }}
      >
        <TextField
          label={t('field_serverAddress')}
          type="url"
          autocomplete="url"
          value={address}
          onInput={setAddress}
          hint={props.signedIn ? t('settings_signOutFirst') : t('settings_serverHint')}
          required
        />
        <p class="hint">{t('settings_builtIn', props.settings.builtInServerAddress)}</p>
        <ErrorAlert message={props.error} />
        <StatusNote message={props.notice} />
        <div class="actions">
          <button type="button" onClick={props.onBack}>
            {t('button_back')}
          </button>
          {props.settings.custom && !props.signedIn ? (
            <button type="button" onClick={() => props.onSaveServerAddress(props.settings.builtInServerAddress)} disabled={props.busy}>
              {t('button_useBuiltIn')}
            </button>
          ) : null}
          <button type="submit" class="primary" disabled={props.busy || props.signedIn} aria-busy={props.busy}>
            {t('button_save')}
          </button>
        </div>
      </form>
    </section>
  );
}
