/**
 * "Master password" + "Confirm master password" with the strength meter and the rule, shared by the
 * first-device setup and "Change master password". `check()` says what is wrong (null: fine).
 */
import { useId } from 'preact/hooks';
import { type MessageKey, t } from '../lib/i18n/t.ts';
import { emailName, MASTER_PASSWORD_MIN_SCORE, type MasterPasswordProblem, masterPasswordRuleProblem } from './master-password-check.ts';
import { passwordScore } from './password-strength.ts';
import { StrengthMeter, useStrength } from './strength-meter.tsx';
import { TextField } from './text-field.tsx';

export const PROBLEM_KEYS: Record<MasterPasswordProblem, MessageKey> = {
  too_short: 'masterPassword_tooShort',
  email_name: 'masterPassword_emailName',
  weak: 'masterPassword_weak',
  mismatch: 'masterPassword_mismatch',
  not_acknowledged: 'masterPassword_notAcknowledged',
};

export interface NewMasterPassword {
  password: string;
  confirm: string;
}

/** The rule, the confirmation, then the score (which loads zxcvbn on first use). */
export async function checkNewMasterPassword(value: NewMasterPassword, email: string | null): Promise<MasterPasswordProblem | null> {
  const problem = masterPasswordRuleProblem(value.password, email);
  if (problem) return problem;
  if (value.password !== value.confirm) return 'mismatch';
  const score = await passwordScore(value.password, userInputs(email));
  return score < MASTER_PASSWORD_MIN_SCORE ? 'weak' : null;
}

const userInputs = (email: string | null) => (email ? [email, emailName(email)] : []);

export function NewMasterPasswordFields(props: {
  value: NewMasterPassword;
  email: string | null;
  onInput: (value: NewMasterPassword) => void;
  labels: { password: MessageKey; confirm: MessageKey };
  autoFocus?: boolean;
}) {
  const strengthId = useId();
  const ruleId = useId();
  const score = useStrength(props.value.password, userInputs(props.email));
  return (
    <>
      <TextField
        label={t(props.labels.password)}
        type="password"
        autocomplete="new-password"
        value={props.value.password}
        onInput={(password) => props.onInput({ ...props.value, password })}
        describedBy={`${ruleId} ${strengthId}`}
        required
        autoFocus={props.autoFocus}
      />
      <p id={ruleId} class="hint">
        {t('masterPassword_rule')}
      </p>
      <StrengthMeter id={strengthId} password={props.value.password} score={score} />
      <TextField
        label={t(props.labels.confirm)}
        type="password"
        autocomplete="new-password"
        value={props.value.confirm}
        onInput={(confirm) => props.onInput({ ...props.value, confirm })}
        required
      />
    </>
  );
}
