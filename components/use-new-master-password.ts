/**
 * The state both "Create your master password" and "Change master password" keep for the new
 * password: the two fields, the problem shown, and whether the (lazy, zxcvbn-backed) check runs.
 * `check(extra)` answers the password to send, or null after showing what is wrong; `extra` lets a
 * screen add its own last condition (the setup screen's "I understand" box).
 */
import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/t.ts';
import type { MasterPasswordProblem } from './master-password-check.ts';
import { checkNewMasterPassword, type NewMasterPassword, PROBLEM_KEYS } from './new-master-password-fields.tsx';

export function useNewMasterPassword(email: string | null) {
  const [value, setValue] = useState<NewMasterPassword>({ password: '', confirm: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  async function check(extra: () => MasterPasswordProblem | null = () => null): Promise<string | null> {
    setChecking(true);
    const found = (await checkNewMasterPassword(value, email)) ?? extra();
    setChecking(false);
    setProblem(found ? t(PROBLEM_KEYS[found]) : null);
    return found ? null : value.password;
  }

  return { value, setValue, problem, checking, check };
}
