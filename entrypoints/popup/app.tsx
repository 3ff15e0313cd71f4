/** The popup: one screen at a time, chosen by the model's signals. */
import { AccountScreen } from '../../components/account-screen.tsx';
import { CreateAccountScreen } from '../../components/create-account-screen.tsx';
import { SettingsScreen } from '../../components/settings-screen.tsx';
import { SignInScreen } from '../../components/sign-in-screen.tsx';
import { t } from '../../lib/i18n/t.ts';
import type { PopupModel } from './popup-model.ts';

export function App({ model }: { model: PopupModel }) {
  const status = model.status.value;
  const common = { busy: model.busy.value, error: model.error.value };
  switch (model.screen.value) {
    case 'loading':
      return <p class="loading">{t('loading')}</p>;
    case 'createAccount':
      return <CreateAccountScreen {...common} onCreate={model.createAccount} onBack={model.showSignIn} />;
    case 'settings':
      return model.settings.value ? (
        <SettingsScreen
          key={model.settings.value.serverAddress}
          {...common}
          notice={model.notice.value}
          settings={model.settings.value}
          signedIn={status?.state === 'signed_in'}
          onSaveServerAddress={model.saveServerAddress}
          onBack={model.closeSettings}
        />
      ) : null;
    case 'account':
      if (status?.state === 'signed_in') {
        return (
          <AccountScreen
            {...common}
            account={status.account}
            devices={status.devices}
            offline={status.offlineSince !== null}
            notice={model.notice.value}
            now={Date.now()}
            onResendActivation={model.resendActivation}
            onSignOut={model.signOut}
            onSettings={model.openSettings}
          />
        );
      }
      return null;
    default:
      return (
        <SignInScreen
          {...common}
          lastEmail={status?.state === 'signed_out' ? status.lastEmail : null}
          onSignIn={model.signIn}
          onCreateAccount={model.showCreateAccount}
          onSettings={model.openSettings}
        />
      );
  }
}
