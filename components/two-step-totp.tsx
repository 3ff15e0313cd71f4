/**
 * Two-step settings, authenticator part: set up (QR code + key, confirmed by a first code), turn
 * off, and the ten recovery codes shown once after setup.
 */
import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/t.ts';
import type { TotpEnrolment, TwoStepStatus } from '../lib/protocol/two-step.ts';
import { TextField } from './text-field.tsx';

export interface TwoStepTotpProps {
  status: TwoStepStatus;
  enrolment: TotpEnrolment | null;
  busy: boolean;
  /** These two need the account password; the screen adds it. */
  onStart: () => Promise<boolean>;
  onDisable: () => Promise<boolean>;
  onConfirm: (code: string) => Promise<boolean>;
  onCancel: () => void;
  onLocalError: (message: string) => void;
}

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to type into an app by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

export function TwoStepTotp(props: TwoStepTotpProps) {
  const [code, setCode] = useState('');
  const { enrolment } = props;
  return (
    <section class="two-step-part" aria-labelledby="two-step-totp-heading">
      <h2 id="two-step-totp-heading">{t('twoStep_totpHeading')}</h2>
      {enrolment ? (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (props.busy) return;
            if (!code.trim()) props.onLocalError(t('twoStep_codeNeeded'));
            else void props.onConfirm(code).then((confirmed) => confirmed && setCode(''));
          }}
        >
          <p>{t('twoStep_totpScan')}</p>
          <img class="qr-code" src={enrolment.qrCode} alt={t('twoStep_qrAlt')} />
          <dl class="secret">
            <dt>{t('twoStep_secret')}</dt>
            <dd>
              <code>{groupSecret(enrolment.secret)}</code>
            </dd>
          </dl>
          <TextField label={t('field_totpSetupCode')} autocomplete="one-time-code" inputMode="numeric" value={code} onInput={setCode} required autoFocus />
          <div class="actions">
            <button type="button" onClick={props.onCancel}>
              {t('button_cancel')}
            </button>
            <button type="submit" class="primary" disabled={props.busy}>
              {t('button_confirm')}
            </button>
          </div>
        </form>
      ) : props.status.totp ? (
        <>
          <p>{t('twoStep_totpIsOn', String(props.status.recoveryCodesLeft))}</p>
          <div class="actions">
            <button type="button" disabled={props.busy} onClick={() => void props.onDisable()}>
              {t('button_totpOff')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p class="hint">{t('twoStep_totpIntro')}</p>
          <div class="actions">
            <button type="button" disabled={props.busy} onClick={() => void props.onStart()}>
              {t('button_startTotp')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** The recovery codes, shown once: nothing else on the screen until the user says they are saved. */
export function RecoveryCodes(props: { codes: string[]; onSaved: () => void }) {
  return (
    <section class="two-step-part" aria-labelledby="recovery-codes-heading">
      <h2 id="recovery-codes-heading">{t('twoStep_recoveryHeading')}</h2>
      <p>{t('twoStep_recoveryIntro')}</p>
      <ol class="recovery-codes" aria-labelledby="recovery-codes-heading">
        {props.codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div class="actions">
        <button type="button" class="primary" onClick={props.onSaved}>
          {t('button_codesSaved')}
        </button>
      </div>
    </section>
  );
}
