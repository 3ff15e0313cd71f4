/**
 * "Security Check": the picture the hub asked about, its characters, and the interrupted form kept
 * filled in. The password is never filled in again — the background kept it in memory
 * (`hasPassword`); typing it here replaces it, e.g. to correct a typo. The email is shown but not
 * editable: the attempt belongs to it (another email means Back and a new sign-in).
 */
import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/t.ts';
import type { PendingAttempt } from '../lib/messaging/messages.ts';
import { ErrorAlert } from './error-alert.tsx';
import { StepActions } from './step-actions.tsx';
import { regionName } from './region-name.ts';
import { TextField } from './text-field.tsx';

export interface SecurityCheckInput {
  captchaAnswer: string;
  password?: string;
}

export interface SecurityCheckStepProps {
  pending: PendingAttempt;
  busy: boolean;
  error: string | null;
  /** "Too many attempts, try again in …" while the background holds attempts back; null when free. */
  waitMessage: string | null;
  pictureExpired: boolean;
  onContinue: (input: SecurityCheckInput) => void;
  onNewPicture: () => void;
  onBack: () => void;
}

export function SecurityCheckStep(props: SecurityCheckStepProps) {
  const { pending } = props;
  const signIn = pending.kind === 'signIn';
  const image = pending.captcha?.image ?? null;
  // Characters typed for one picture mean nothing for the next: the answer belongs to its picture.
  const [typed, setTyped] = useState({ image, answer: '' });
  const answer = typed.image === image ? typed.answer : '';
  const setAnswer = (value: string) => setTyped({ image, answer: value });
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);

  function localProblem(): string | null {
    if (!answer.trim()) return t('error_captcha_required');
    if (!pending.hasPassword && !password) return t('securityCheck_passwordAgain');
    if (!signIn && !pending.hasPassword && password !== confirm) return t('confirm_mismatch');
    return null;
  }

  function submit(event: Event) {
    event.preventDefault();
    if (props.busy || props.waitMessage) return;
    const problem = localProblem();
    setLocalError(problem);
    if (problem) return;
    const input: SecurityCheckInput = { captchaAnswer: answer.trim() };
    if (password) input.password = password;
    props.onContinue(input);
  }

  return (
    <section class="screen" aria-labelledby="security-check-heading">
      <h1 id="security-check-heading">{t('securityCheck_heading')}</h1>
      <p class="intro">{t('securityCheck_intro')}</p>
      <form noValidate onSubmit={submit}>
        <div class="captcha">
          {image ? <img class="captcha-picture" src={image} alt={t('securityCheck_picture')} /> : null}
          <button type="button" onClick={props.onNewPicture} disabled={props.busy}>
            {t('button_newPicture')}
          </button>
        </div>
        {props.pictureExpired ? <p class="hint">{t('securityCheck_expired')}</p> : null}
        <TextField
          label={t('field_captcha')}
          value={answer}
          onInput={setAnswer}
          autocomplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          maxLength={32}
          hint={t('securityCheck_captchaHint')}
          required
          autoFocus
        />
        {signIn ? (
          <>
            <TextField label={t('field_email')} type="email" autocomplete="username" value={pending.email} onInput={() => undefined} readOnly />
            <TextField
              label={t('field_password')}
              type="password"
              autocomplete="current-password"
              value={password}
              onInput={setPassword}
              hint={pending.hasPassword ? t('securityCheck_passwordOptional') : t('securityCheck_passwordAgain')}
              required={!pending.hasPassword}
            />
          </>
        ) : (
          <>
            <p class="attempt-summary">{t('securityCheck_creating', [pending.email, regionName(pending.region ?? '')])}</p>
            {pending.hasPassword ? null : (
              <>
                <TextField
                  label={t('field_password')}
                  type="password"
                  autocomplete="new-password"
                  value={password}
                  onInput={setPassword}
                  hint={t('securityCheck_passwordAgain')}
                  required
                />
                <TextField label={t('field_confirmPassword')} type="password" autocomplete="new-password" value={confirm} onInput={setConfirm} required />
              </>
            )}
          </>
        )}
        <ErrorAlert message={localError ?? props.error} />
        <StepActions submitLabel={signIn ? t('button_signIn') : t('button_createAccount')} busy={props.busy} waitMessage={props.waitMessage} onBack={props.onBack} />
      </form>
    </section>
  );
}
