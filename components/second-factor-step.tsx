/**
 * "Two-step verification" while signing in: the code from the SMS, the authenticator app or a
 * recovery code — whichever the hub accepts (its first method is the one it expects). The hub
 * checks the password again with the code, so after the background lost it (`hasPassword` false)
 * the password is asked for here too.
 */
import { useId, useState } from 'preact/hooks';
import { type MessageKey, t } from '../lib/i18n/t.ts';
import type { PendingAttempt } from '../lib/messaging/messages.ts';
import type { SecondFactorMethod } from '../lib/protocol/two-step.ts';
import { ErrorAlert } from './error-alert.tsx';
import { StepActions } from './step-actions.tsx';
import { TextField } from './text-field.tsx';

export interface SecondFactorStepProps {
  pending: PendingAttempt;
  busy: boolean;
  error: string | null;
  /** "Too many attempts, try again in …" while the background holds attempts back; null when free. */
  waitMessage: string | null;
  /** "You can ask for a new code in …" until another SMS may be asked for; null when it may. */
  smsResendMessage: string | null;
  /** `password` only when the background lost the one typed before. */
  onVerify: (factor: { method: SecondFactorMethod; code: string }, password?: string) => void;
  onResendSms: (password?: string) => void;
  onBack: () => void;
}

const FIELDS: Record<SecondFactorMethod, MessageKey> = { sms: 'field_smsCode', totp: 'field_totpCode', recovery: 'field_recoveryCode' };
const SWITCHES: Record<SecondFactorMethod, MessageKey> = { sms: 'button_useSms', totp: 'button_useTotp', recovery: 'button_useRecovery' };

export function SecondFactorStep(props: SecondFactorStepProps) {
  const challenge = props.pending.secondFactor;
  const methods: SecondFactorMethod[] = challenge?.methods.length ? challenge.methods : ['sms'];
  const [method, setMethod] = useState<SecondFactorMethod>(methods[0]!);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const needsPassword = !props.pending.hasPassword;
  const resendId = useId();
  // The hub texts on its own only when SMS is the method it expects; otherwise after "Send a new code".
  const smsSent = methods[0] === 'sms' || (challenge?.smsResendAt ?? null) !== null;

  /** The password typed again, or undefined when the background still has it; null when it is missing. */
  function passwordToSend(): string | undefined | null {
    if (!needsPassword) return password || undefined;
    return password || null;
  }

  function resend() {
    const again = passwordToSend();
    if (again === null) return setLocalError(t('securityCheck_passwordAgain'));
    setLocalError(null);
    props.onResendSms(again);
  }

  function switchTo(next: SecondFactorMethod) {
    setMethod(next);
    setCode('');
    setLocalError(null);
    const again = passwordToSend();
    if (next === 'sms' && !smsSent && !props.busy && again !== null) props.onResendSms(again);
  }

  function submit(event: Event) {
    event.preventDefault();
    if (props.busy || props.waitMessage) return;
    // Apps and SMS show codes in groups ("123 456"); recovery codes keep their dashes for the hub.
    const typed = method === 'recovery' ? code.trim() : code.replace(/\s+/g, '');
    const again = passwordToSend();
    const problem = !typed ? t('twoStep_codeNeeded') : again === null ? t('securityCheck_passwordAgain') : null;
    setLocalError(problem);
    if (!problem) props.onVerify({ method, code: typed }, again ?? undefined);
  }

  const phoneHint = challenge?.phoneHint ?? null;
  const smsIntro = !smsSent ? t('secondFactor_smsNotYet') : phoneHint ? t('secondFactor_smsSent', phoneHint) : t('secondFactor_smsSentNoHint');
  const intro = method === 'sms' ? smsIntro : method === 'totp' ? t('secondFactor_totpIntro') : t('secondFactor_recoveryIntro');

  return (
    <section class="screen" aria-labelledby="second-factor-heading">
      <h1 id="second-factor-heading">{t('secondFactor_heading')}</h1>
      <p class="intro">{intro}</p>
      <form noValidate onSubmit={submit}>
        <TextField
          key={method}
          label={t(FIELDS[method])}
          value={code}
          onInput={setCode}
          autocomplete={method === 'recovery' ? 'off' : 'one-time-code'}
          inputMode={method === 'recovery' ? 'text' : 'numeric'}
          autoCapitalize="off"
          maxLength={64}
          required
          autoFocus
        />
        {needsPassword ? (
          <TextField
            label={t('field_password')}
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={setPassword}
            hint={t('securityCheck_passwordAgain')}
            required
          />
        ) : null}
        {method === 'sms' ? (
          <div class="resend">
            <button type="button" onClick={resend} disabled={props.busy || props.smsResendMessage !== null} aria-describedby={props.smsResendMessage ? resendId : undefined}>
              {t('button_resendSms')}
            </button>
            {props.smsResendMessage ? (
              <span id={resendId} class="hint" role="timer">
                {props.smsResendMessage}
              </span>
            ) : null}
          </div>
        ) : null}
        <ErrorAlert message={localError ?? props.error} />
        <StepActions submitLabel={t('button_verify')} busy={props.busy} waitMessage={props.waitMessage} onBack={props.onBack} />
      </form>
      {methods.length > 1 ? (
        <div class="method-switch">
          {methods
            .filter((other) => other !== method)
            .map((other) => (
              <button key={other} type="button" class="link" onClick={() => switchTo(other)}>
                {t(SWITCHES[other])}
              </button>
            ))}
        </div>
      ) : null}
    </section>
  );
}
