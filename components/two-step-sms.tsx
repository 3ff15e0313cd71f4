/** Two-step settings, SMS part: add and verify a phone number, then turn SMS codes on or off. */
import { useId, useState } from 'preact/hooks';
import { t } from '../lib/i18n/t.ts';
import type { TwoStepStatus } from '../lib/protocol/two-step.ts';
import { TextField } from './text-field.tsx';

export interface TwoStepSmsProps {
  status: TwoStepStatus;
  busy: boolean;
  /** The number the last code went to, until verified. */
  codeSentTo: string | null;
  /** "You can send a new code in …", or null. */
  sendAgainMessage: string | null;
  /** These three need the account password; the screen adds it. */
  onSendCode: (phone: string) => Promise<boolean>;
  onSetSms: (enabled: boolean) => Promise<boolean>;
  onVerifyPhone: (code: string) => Promise<boolean>;
  /** Problems found before anything is sent ("Enter the code first."). */
  onLocalError: (message: string) => void;
}

export function TwoStepSms(props: TwoStepSmsProps) {
  const { status } = props;
  const [phone, setPhone] = useState(status.phone ?? '');
  const [code, setCode] = useState('');
  const [changing, setChanging] = useState(false);
  const waitId = useId();

  if (status.phone && status.phoneVerified && !changing && !props.codeSentTo) {
    return (
      <section class="two-step-part" aria-labelledby="two-step-sms-heading">
        <h2 id="two-step-sms-heading">{t('twoStep_smsHeading')}</h2>
        <p>{t('twoStep_phoneVerified', status.phone)}</p>
        {status.sms ? <p class="hint">{t('twoStep_smsIsOn')}</p> : null}
        <div class="actions">
          <button type="button" class="link" onClick={() => setChanging(true)}>
            {t('button_changePhone')}
          </button>
          <button type="button" class={status.sms ? undefined : 'primary'} disabled={props.busy} onClick={() => void props.onSetSms(!status.sms)}>
            {status.sms ? t('button_smsOff') : t('button_smsOn')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section class="two-step-part" aria-labelledby="two-step-sms-heading">
      <h2 id="two-step-sms-heading">{t('twoStep_smsHeading')}</h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (props.busy || props.sendAgainMessage) return;
          if (!phone.trim()) props.onLocalError(t('error_invalid_phone'));
          else void props.onSendCode(phone);
        }}
      >
        <TextField label={t('field_phone')} type="tel" autocomplete="tel" inputMode="tel" value={phone} onInput={setPhone} hint={t('twoStep_phoneHint')} required />
        {props.sendAgainMessage ? (
          <p id={waitId} class="hint" role="timer">
            {props.sendAgainMessage}
          </p>
        ) : null}
        <div class="actions">
          <button
            type="submit"
            class={props.codeSentTo ? undefined : 'primary'}
            disabled={props.busy || props.sendAgainMessage !== null}
            aria-describedby={props.sendAgainMessage ? waitId : undefined}
          >
            {t('button_sendCode')}
          </button>
        </div>
      </form>
      {props.codeSentTo ? (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (props.busy) return;
            if (!code.trim()) props.onLocalError(t('twoStep_codeNeeded'));
            else
              void props.onVerifyPhone(code).then((verified) => {
                if (!verified) return;
                setCode('');
                setChanging(false);
              });
          }}
        >
          <p>{t('twoStep_codeSent', props.codeSentTo)}</p>
          <TextField label={t('field_smsCode')} autocomplete="one-time-code" inputMode="numeric" value={code} onInput={setCode} required autoFocus />
          <div class="actions">
            <button type="submit" class="primary" disabled={props.busy}>
              {t('button_verifyPhone')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
