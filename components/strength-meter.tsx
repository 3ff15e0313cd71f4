/** "Strength: Strong" under a new master password, announced politely as it changes (zxcvbn score). */
import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, t } from '../lib/i18n/t.ts';
import { passwordScore, type StrengthScore } from './password-strength.ts';

const LEVELS: readonly MessageKey[] = ['strength_0', 'strength_1', 'strength_2', 'strength_3', 'strength_4'];

/** The score of `password`, recomputed as it changes (null while empty or still loading). */
export function useStrength(password: string, userInputs: string[]): StrengthScore | null {
  const [score, setScore] = useState<{ password: string; score: StrengthScore } | null>(null);
  const inputs = userInputs.join('\n');
  useEffect(() => {
    if (!password) return;
    let live = true;
    void passwordScore(password, inputs.split('\n')).then((next) => live && setScore({ password, score: next }));
    return () => {
      live = false;
    };
  }, [password, inputs]);
  return password && score?.password === password ? score.score : null;
}

export function StrengthMeter(props: { id: string; password: string; score: StrengthScore | null }) {
  const { score } = props;
  return (
    <div class="strength" id={props.id} aria-live="polite">
      {props.password && score !== null ? (
        <>
          <meter aria-hidden="true" min={0} max={4} low={2} high={3} optimum={4} value={score} />
          <span class={score >= 3 ? 'strength-text ok' : 'strength-text'}>{t('strength_label', t(LEVELS[score]!))}</span>
        </>
      ) : null}
    </div>
  );
}
