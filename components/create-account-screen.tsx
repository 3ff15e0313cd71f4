/** "Create Account": email, password (+ live rules), confirmation, region, marketing consent. */
import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { t, uiLanguage } from '../lib/i18n/t.ts';
import { loadRelevantCommonPasswords } from '../lib/protocol/common-passwords.ts';
import { findRegion, REGIONS } from '../lib/protocol/regions.ts';
import { checkCreateAccount, type CreateAccountFields, regionFromLocale } from './create-account-form.ts';
import { ErrorAlert } from './error-alert.tsx';
import { PasswordRulesList } from './password-rules-list.tsx';
import { TextField } from './text-field.tsx';

export interface CreateAccountScreenProps {
  /** The form as it was when an interrupted attempt was left (the password is never kept). */
  initial?: Partial<Pick<CreateAccountFields, 'email' | 'region' | 'marketingConsent'>> | null;
  busy: boolean;
  error: string | null;
  onCreate: (fields: CreateAccountFields) => void;
  onBack: () => void;
}

function displayNames(type: 'region' | 'language'): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames([uiLanguage()], { type });
  } catch {
    return null;
  }
}

export function CreateAccountScreen(props: CreateAccountScreenProps) {
  const [fields, setFields] = useState<CreateAccountFields>({
    email: '',
    password: '',
    confirm: '',
    region: regionFromLocale(uiLanguage()),
    marketingConsent: false,
    ...props.initial,
  });
  const [touched, setTouched] = useState({ email: false, confirm: false, submitted: false });
  const [commonList, setCommonList] = useState<ReadonlySet<string> | null>(null);
  const rulesId = useId();
  const regionId = useId();
  const consentId = useId();

  useEffect(() => {
    let live = true;
    void loadRelevantCommonPasswords().then((list) => live && setCommonList(list));
    return () => {
      live = false;
    };
  }, []);

  const check = checkCreateAccount(fields, commonList);
  const regionNames = useMemo(() => displayNames('region'), []);
  const languageNames = useMemo(() => displayNames('language'), []);
  const set = <K extends keyof CreateAccountFields>(key: K) => (value: CreateAccountFields[K]) => setFields((old) => ({ ...old, [key]: value }));
  const region = findRegion(fields.region);
  const showEmailError = (touched.email || touched.submitted) && !check.emailValid;
  const showConfirmError = (touched.confirm || touched.submitted) && !check.confirmMatches;

  const localError = touched.submitted
    ? !check.emailValid
      ? t('error_invalid_email')
      : check.unmetRules.length > 0
        ? t('error_weak_password')
        : check.common
          ? t('error_common_password')
          : !check.confirmMatches
            ? t('confirm_mismatch')
            : !check.regionValid
              ? t('error_invalid_region')
              : null
    : null;

  return (
    <section class="screen" aria-labelledby="create-heading">
      <h1 id="create-heading">{t('createAccount_heading')}</h1>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setTouched((old) => ({ ...old, submitted: true }));
          if (check.ready && !props.busy) props.onCreate(fields);
        }}
      >
        <TextField
          label={t('field_email')}
          type="email"
          autocomplete="email"
          value={fields.email}
          onInput={set('email')}
          onBlur={() => setTouched((old) => ({ ...old, email: true }))}
          error={showEmailError ? t('error_invalid_email') : null}
          required
          autoFocus
        />
        <TextField
          label={t('field_password')}
          type="password"
          autocomplete="new-password"
          value={fields.password}
          onInput={set('password')}
          describedBy={rulesId}
          required
        />
        <PasswordRulesList id={rulesId} unmet={check.unmetRules} common={fields.password ? check.common : null} />
        <TextField
          label={t('field_confirmPassword')}
          type="password"
          autocomplete="new-password"
          value={fields.confirm}
          onInput={set('confirm')}
          onBlur={() => setTouched((old) => ({ ...old, confirm: true }))}
          error={showConfirmError ? t('confirm_mismatch') : null}
          required
        />
        <div class="field">
          <label for={regionId}>{t('field_region')}</label>
          <select
            id={regionId}
            value={fields.region}
            onChange={(event) => set('region')(event.currentTarget.value)}
            required
            aria-describedby={`${regionId}-hint`}
          >
            <option value="" disabled>
              {t('createAccount_regionPlaceholder')}
            </option>
            {REGIONS.map((option) => (
              <option key={option.id} value={option.id}>
                {regionNames?.of(option.id.toUpperCase()) ?? option.id.toUpperCase()}
              </option>
            ))}
          </select>
          <p id={`${regionId}-hint`} class="hint">
            {region
              ? t('createAccount_regionHint', languageNames?.of(region.language) ?? region.language)
              : t('createAccount_regionHintNone')}
          </p>
        </div>
        <div class="checkbox-field">
          <input
            id={consentId}
            type="checkbox"
            checked={fields.marketingConsent}
            onChange={(event) => set('marketingConsent')(event.currentTarget.checked)}
            aria-describedby={`${consentId}-hint`}
          />
          <label for={consentId}>{t('field_marketingConsent')}</label>
          <p id={`${consentId}-hint`} class="hint">
            {t('createAccount_marketingHint')}
          </p>
        </div>
        <ErrorAlert message={props.error ?? localError} />
        <div class="actions">
          <button type="button" onClick={props.onBack}>
            {t('button_back')}
          </button>
          <button type="submit" class="primary" disabled={props.busy} aria-busy={props.busy}>
            {t('button_create')}
          </button>
        </div>
      </form>
    </section>
  );
}
