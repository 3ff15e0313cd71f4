/** A secret shown as dots until revealed, with "Show …"/"Hide …" and "Copy …" (password, hidden field, old password). */
import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/t.ts';

export interface SecretValueProps {
  value: string;
  /** Accessible names of the buttons, e.g. "Show password", "Hide password", "Copy password". */
  labels: { show: string; hide: string; copy: string };
  onCopy: (value: string) => void;
  /** Revealed from the start (a list the user just opened to see, like the password history). */
  initiallyShown?: boolean;
}

export function SecretValue(props: SecretValueProps) {
  const [shown, setShown] = useState(props.initiallyShown ?? false);
  return (
    <span class="secret-value">
      <code class={shown ? 'revealed' : 'masked'}>{shown ? props.value : '••••••••'}</code>
      <button type="button" class="small" onClick={() => setShown(!shown)}>
        {shown ? props.labels.hide : props.labels.show}
      </button>
      <button type="button" class="small" onClick={() => props.onCopy(props.value)}>
        {props.labels.copy}
      </button>
    </span>
  );
}

/** "Mar 4, 2026, 10:15" in the UI language. */
export function formatDate(time: number, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(time);
}

export const passwordLabels = () => ({ show: t('field_showPassword'), hide: t('button_hidePassword'), copy: t('button_copyPassword') });
