/**
 * "Vault settings": when the vault locks by itself, "Change master password", and autofill ("Fill on
 * page load", "Never offer to save on"). Loaded lazily; Escape goes back.
 */
import { useState } from 'preact/hooks';
import type { AutofillSettings, LockTimeout } from '../lib/messaging/messages.ts';
import { type MessageKey, t } from '../lib/i18n/t.ts';
import { AutofillSettingsSection } from './autofill-settings.tsx';
import { ChangeMasterPasswordForm } from './change-master-password-form.tsx';
import { ErrorAlert, StatusNote } from './error-alert.tsx';
import { useFocusHeading } from './use-focus-heading.ts';

export interface VaultSettingsScreenProps {
  lockTimeout: LockTimeout;
  email: string | null;
  busy: boolean;
  error: string | null;
  notice: string | null;
  onLockTimeout: (timeout: LockTimeout) => void;
  onChangeMasterPassword: (current: string, next: string) => Promise<boolean>;
  onBack: () => void;
  /** null until the background answered. */
  autofill: AutofillSettings | null;
  onFillOnLoad: (enabled: boolean) => void;
  onForgetNeverSite: (site: string) => void;
}

/**
 * LOCK_TIMEOUT_CHOICES of lib/messaging/messages.ts, repeated because that module's values bring zod
 * along; the type keeps them to valid choices and a unit test keeps the two lists equal.
 */
export const LOCK_AFTER_CHOICES = [1, 5, 15, 30, 60, 240, 'browser_close'] as const satisfies readonly LockTimeout[];

const choiceKey = (choice: LockTimeout) => `lock_${choice}` as MessageKey;

export function VaultSettingsScreen(props: VaultSettingsScreenProps) {
  const [changing, setChanging] = useState(false);
  const heading = useFocusHeading();
  return (
    <section
      class="screen"
      aria-labelledby="vault-settings-heading"
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onBack();
      }}
    >
      <h1 id="vault-settings-heading" ref={heading} tabIndex={-1}>
        {t('vaultSettings_heading')}
      </h1>
      <div class="field">
        <label for="lock-after">{t('field_lockAfter')}</label>
        <select
          id="lock-after"
          value={String(props.lockTimeout)}
          disabled={props.busy}
          onChange={(event) => {
            const chosen = LOCK_AFTER_CHOICES.find((choice) => String(choice) === event.currentTarget.value);
            if (chosen !== undefined) props.onLockTimeout(chosen);
          }}
        >
          {LOCK_AFTER_CHOICES.map((choice) => (
            <option key={choice} value={String(choice)}>
              {t(choiceKey(choice))}
            </option>
          ))}
        </select>
      </div>
      {changing ? (
        <ChangeMasterPasswordForm
          email={props.email}
          busy={props.busy}
          error={props.error}
          onChange={async (current, next) => {
            const done = await props.onChangeMasterPassword(current, next);
            if (done) setChanging(false);
            return done;
          }}
          onCancel={() => setChanging(false)}
        />
      ) : (
        <>
          <ErrorAlert message={props.error} />
          <p>
            <button type="button" onClick={() => setChanging(true)}>
              {t('button_changeMasterPassword')}
            </button>
          </p>
        </>
      )}
      <AutofillSettingsSection settings={props.autofill} busy={props.busy} onFillOnLoad={props.onFillOnLoad} onForgetNeverSite={props.onForgetNeverSite} />
      <StatusNote message={props.notice} />
      <div class="actions">
        <button type="button" onClick={props.onBack}>
          {t('button_back')}
        </button>
      </div>
    </section>
  );
}
