/** Signed in: the account (email, activation state, region) and its connected devices. */
import type { AccountView } from '../lib/protocol/accounts.ts';
import type { DeviceView } from '../lib/protocol/devices.ts';
import { t } from '../lib/i18n/t.ts';
import { DeviceList } from './device-list.tsx';
import { ErrorAlert, StatusNote } from './error-alert.tsx';
import { regionName } from './region-name.ts';

export interface AccountScreenProps {
  account: AccountView;
  devices: DeviceView[] | null;
  offline: boolean;
  busy: boolean;
  error: string | null;
  notice: string | null;
  now: number;
  onResendActivation: () => void;
  onSignOut: () => void;
  /** Changes that signing out would lose (the background refused); null when none. */
  unsyncedChanges?: number | null;
  onSignOutAnyway?: () => void;
  onKeepSignedIn?: () => void;
  onSettings: () => void;
  onTwoStep: () => void;
  /** The Devices screen: rename, sign out remotely. */
  onDevices?: () => void;
  /** Back to the vault (set up, unlock or the items). */
  onVault?: () => void;
}

export function AccountScreen(props: AccountScreenProps) {
  const { account } = props;
  return (
    <section class="screen" aria-labelledby="account-heading">
      <h1 id="account-heading">{t('account_heading')}</h1>
      {props.offline ? <p class="offline">{t('account_offline')}</p> : null}
      <dl class="account-facts">
        <dt>{t('account_email')}</dt>
        <dd class="account-email">{account.email}</dd>
        <dt>{t('account_status')}</dt>
        <dd>
          <span class={account.activated ? 'badge ok' : 'badge warn'}>
            {account.activated ? t('account_activated') : t('account_notActivated')}
          </span>
        </dd>
        <dt>{t('account_region')}</dt>
        <dd>
          {regionName(account.region)} <span class="hint">({t('account_regionNote')})</span>
        </dd>
      </dl>
      <p class="account-security">
        <button type="button" onClick={props.onTwoStep}>
          {t('button_twoStep')}
        </button>
      </p>
      {account.activated ? null : (
        <div class="activation">
          <p>{t('account_activationHint', account.email)}</p>
          <button type="button" onClick={props.onResendActivation} disabled={props.busy}>
            {t('button_resendActivation')}
          </button>
        </div>
      )}
      <StatusNote message={props.notice} />
      <ErrorAlert message={props.error} />
      <DeviceList devices={props.devices} now={props.now} />
      {props.onDevices ? (
        <p class="devices-link">
          <button type="button" onClick={props.onDevices}>
            {t('button_devices')}
          </button>
        </p>
      ) : null}
      <div class="actions">
        {props.onVault ? (
          <button type="button" onClick={props.onVault}>
            {t('button_toVault')}
          </button>
        ) : null}
        <button type="button" class="link" onClick={props.onSettings}>
          {t('button_settings')}
        </button>
        <button type="button" onClick={props.onSignOut} disabled={props.busy}>
          {t('button_signOut')}
        </button>
      </div>
      {props.unsyncedChanges ? (
        <div class="confirm" role="group" aria-label={t('account_unsyncedQuestion')}>
          <p>{t('account_unsyncedQuestion')}</p>
          <div class="actions">
            <button type="button" onClick={props.onKeepSignedIn}>
              {t('button_keepSignedIn')}
            </button>
            <button type="button" class="danger" onClick={props.onSignOutAnyway} disabled={props.busy}>
              {t('button_signOutAnyway')}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
