/**
 * "Two-step verification" (account settings): whether it is on, the SMS part and the authenticator
 * part. One "Account password" field serves every change that needs it, and is emptied after each
 * one that succeeds — the password is not kept on screen longer than needed.
 */
import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/t.ts';
import type { TotpEnrolment, TwoStepStatus } from '../lib/protocol/two-step.ts';
import { ErrorAlert, StatusNote } from './error-alert.tsx';
import { TextField } from './text-field.tsx';
import { TwoStepSms } from './two-step-sms.tsx';
import { RecoveryCodes, TwoStepTotp } from './two-step-totp.tsx';

/** The model's two-step actions; each that talks to the hub resolves to whether it succeeded. */
export interface TwoStepActions {
  load: () => void;
  sendPhoneCode: (phone: string, password: string) => Promise<boolean>;
  verifyPhone: (code: string) => Promise<boolean>;
  setSms: (enabled: boolean, password: string) => Promise<boolean>;
  startTotp: (password: string) => Promise<boolean>;
  confirmTotp: (code: string) => Promise<boolean>;
  cancelTotp: () => void;
  disableTotp: (password: string) => Promise<boolean>;
  recoveryCodesSaved: () => void;
}

export interface TwoStepScreenProps {
  /** null until loaded (or when loading failed: the error says why). */
  status: TwoStepStatus | null;
  busy: boolean;
  error: string | null;
  notice: string | null;
  codeSentTo: string | null;
  sendAgainMessage: string | null;
  enrolment: TotpEnrolment | null;
  recoveryCodes: string[] | null;
  actions: TwoStepActions;
  onBack: () => void;
}

export function TwoStepScreen(props: TwoStepScreenProps) {
  const { status, actions } = props;
  const [password, setPassword] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);

  /** Runs a change that needs the account password; empties the field when it went through. */
  function withPassword(change: (password: string) => Promise<boolean>): Promise<boolean> {
    if (!password) {
      setLocalError(t('twoStep_passwordNeeded'));
      return Promise.resolve(false);
    }
    setLocalError(null);
    return change(password).then((done) => {
      if (done) setPassword('');
      return done;
    });
  }

  function withoutPassword<A extends unknown[]>(change: (...args: A) => Promise<boolean>) {
    return (...args: A) => {
      setLocalError(null);
      return change(...args);
    };
  }

  const heading = <h1 id="two-step-heading">{t('twoStep_heading')}</h1>;
  const messages = (
    <>
      <StatusNote message={props.notice} />
      <ErrorAlert message={localError ?? props.error} />
    </>
  );

  if (props.recoveryCodes) {
    return (
      <section class="screen" aria-labelledby="two-step-heading">
        {heading}
        {messages}
        <RecoveryCodes codes={props.recoveryCodes} onSaved={actions.recoveryCodesSaved} />
      </section>
    );
  }

  return (
    <section class="screen" aria-labelledby="two-step-heading">
      {heading}
      {status ? <p class={status.sms || status.totp ? 'two-step-state on' : 'two-step-state'}>{status.sms || status.totp ? t('twoStep_isOn') : t('twoStep_isOff')}</p> : null}
      {messages}
      {status ? (
        <>
          <TextField
            label={t('field_accountPassword')}
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={setPassword}
            hint={t('twoStep_passwordHint')}
          />
          <TwoStepSms
            status={status}
            busy={props.busy}
            codeSentTo={props.codeSentTo}
            sendAgainMessage={props.sendAgainMessage}
            onSendCode={(phone) => withPassword((typed) => actions.sendPhoneCode(phone, typed))}
            onSetSms={(enabled) => withPassword((typed) => actions.setSms(enabled, typed))}
            onVerifyPhone={withoutPassword(actions.verifyPhone)}
            onLocalError={setLocalError}
          />
          <TwoStepTotp
            status={status}
            enrolment={props.enrolment}
            busy={props.busy}
            onStart={() => withPassword(actions.startTotp)}
            onDisable={() => withPassword(actions.disableTotp)}
            onConfirm={withoutPassword(actions.confirmTotp)}
            onCancel={actions.cancelTotp}
            onLocalError={setLocalError}
          />
        </>
      ) : props.busy ? (
        <p class="loading">{t('loading')}</p>
      ) : (
        <button type="button" onClick={actions.load}>
          {t('button_refresh')}
        </button>
      )}
      <div class="actions">
        <button type="button" onClick={props.onBack}>
          {t('button_back')}
        </button>
      </div>
    </section>
  );
}
