/** The popup: one screen at a time, chosen by the model's signals. */
import { AccountScreen } from '../../components/account-screen.tsx';
import type { CreateAccountFields } from '../../components/create-account-form.ts';
import { CreateAccountScreen } from '../../components/create-account-screen.tsx';
import { lazy } from '../../components/lazy.tsx';
import { SecondFactorStep } from '../../components/second-factor-step.tsx';
import { SecurityCheckStep } from '../../components/security-check-step.tsx';
import { SettingsScreen } from '../../components/settings-screen.tsx';
import { SignInScreen } from '../../components/sign-in-screen.tsx';
import { TwoStepScreen } from '../../components/two-step-screen.tsx';
import { t } from '../../lib/i18n/t.ts';
import type { PendingAttempt } from '../../lib/messaging/messages.ts';
import type { PopupModel } from './popup-model.ts';
import { VaultApp } from './vault-app.tsx';

const DevicesScreen = lazy(() => import('../../components/devices-screen.tsx').then((module) => module.DevicesScreen));

/** The Create Account form as the interrupted attempt left it; the background never hands back the password. */
function draftFields(draft: PendingAttempt): Partial<CreateAccountFields> {
  return { email: draft.email, ...(draft.region ? { region: draft.region } : {}), marketingConsent: draft.marketingConsent ?? false };
}

export function App({ model }: { model: PopupModel }) {
  const status = model.status.value;
  const common = { busy: model.busy.value, error: model.error.value };
  const pending = model.pending.value;
  const draft = model.draft.value;
  switch (model.screen.value) {
    case 'loading':
      return <p class="loading">{t('loading')}</p>;
    case 'createAccount':
      return (
        <CreateAccountScreen
          {...common}
          initial={draft?.kind === 'createAccount' ? draftFields(draft) : null}
          onCreate={model.createAccount}
          onBack={model.showSignIn}
        />
      );
    case 'securityCheck':
      return pending ? (
        <SecurityCheckStep
          key={`${pending.kind}:${pending.email}`}
          {...common}
          pending={pending}
          waitMessage={model.waitMessage.value}
          pictureExpired={model.pictureExpired.value}
          onContinue={model.continueAttempt}
          onNewPicture={model.newPicture}
          onBack={model.cancelAttempt}
        />
      ) : null;
    case 'secondFactor':
      return pending ? (
        <SecondFactorStep
          key={`${pending.kind}:${pending.email}`}
          {...common}
          pending={pending}
          waitMessage={model.waitMessage.value}
          smsResendMessage={model.smsResendMessage.value}
          onVerify={(secondFactor, password) => model.continueAttempt({ secondFactor, password })}
          onResendSms={model.resendSms}
          onBack={model.cancelAttempt}
        />
      ) : null;
    case 'twoStep':
      return (
        <TwoStepScreen
          {...common}
          notice={model.notice.value}
          status={model.twoStep.status.value}
          codeSentTo={model.twoStep.codeSentTo.value}
          sendAgainMessage={model.twoStep.sendAgainMessage.value}
          enrolment={model.twoStep.enrolment.value}
          recoveryCodes={model.twoStep.recoveryCodes.value}
          actions={model.twoStep}
          onBack={model.closeTwoStep}
        />
      );
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
    case 'vault':
      return (
        <VaultApp
          {...common}
          vault={model.vault}
          sync={model.sync}
          email={status?.state === 'signed_in' ? status.account.email : null}
          notice={model.notice.value}
          onAccount={model.openAccount}
        />
      );
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
            onSignOut={() => void model.signOut()}
            unsyncedChanges={model.unsyncedOnSignOut.value}
            onSignOutAnyway={() => void model.signOut(true)}
            onKeepSignedIn={model.keepSignedIn}
            onSettings={model.openSettings}
            onTwoStep={model.openTwoStep}
            onDevices={model.openDevices}
            onVault={model.closeAccount}
          />
        );
      }
      return null;
    case 'devices':
      return status?.state === 'signed_in' ? (
        <DevicesScreen
          {...common}
          devices={status.devices}
          notice={model.notice.value}
          now={Date.now()}
          onRename={model.devices.rename}
          onSignOut={(id) => void model.devices.signOut(id)}
          onBack={model.closeDevices}
        />
      ) : null;
    default:
      return (
        <SignInScreen
          {...common}
          lastEmail={draft?.kind === 'signIn' ? draft.email : status?.state === 'signed_out' ? status.lastEmail : null}
          waitMessage={model.waitMessage.value}
          onSignIn={model.signIn}
          onCreateAccount={model.showCreateAccount}
          onSettings={model.openSettings}
        />
      );
  }
}
