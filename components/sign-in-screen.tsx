/** "Sign In to My Tessera": email + account password, or go create an account. */
import { useId, useState } from 'preact/hooks';
import { t } from '../lib/i18n/t.ts';
import { ErrorAlert } from './error-alert.tsx';
import { TextField } from './text-field.tsx';
import { WaitNote } from './wait-note.tsx';

export interface SignInScreenProps {
  lastEmail: string | null;
  busy: boolean;
  error: string | null;
  /** "Too many attempts, try again in …" while the background holds sign-ins back; null when free. */
  waitMessage?: string | null;
  onSignIn: (email: string, password: string) => void;
  onCreateAccount: () => void;
  onSettings: () => void;
}

export function SignInScreen(props: SignInScreenProps) {
  const [email, setEmail] = useState(props.lastEmail ?? '');
  const [password, setPassword] = useState('');
  const waitId = useId();
  const waitMessage = props.waitMessage ?? null;
  return (
    <section class="screen" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">{t('signIn_heading')}</h1>
      <p class="intro">{t('signIn_intro')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!props.busy && !waitMessage) props.onSignIn(email, password);
        }}
      >
        <TextField label={t('field_email')} type="email" autocomplete="username" value={email} onInput={setEmail} required autoFocus={!email} />
        <TextField
          label={t('field_password')}
          type="password"
          autocomplete="current-password"
          value={password}
          onInput={setPassword}
          required
          autoFocus={Boolean(email)}
        />
        <ErrorAlert message={props.error} />
        <WaitNote id={waitId} message={waitMessage} />
        <button
          type="submit"
          class="primary"
          disabled={props.busy || waitMessage !== null}
          aria-busy={props.busy}
          aria-describedby={waitMessage ? waitId : undefined}
        >
          {t('button_signIn')}
        </button>
      </form>
      <div class="secondary-actions">
        <span>{t('signIn_noAccount')}</span>
        <button type="button" onClick={props.onCreateAccount}>
          {t('button_createAccount')}
        </button>
      </div>
      <footer class="screen-footer">
        <button type="button" class="link" onClick={props.onSettings}>
          {t('button_settings')}
        </button>
      </footer>
    </section>
  );
}
