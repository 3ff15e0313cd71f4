/**
 * The password generator panel: a password or passphrase, regenerated on every change of settings.
 * Site rules and the word list are loaded with import() so they stay out of the popup's first bundle.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { type MessageKey, t } from '../lib/i18n/t.ts';
import { GeneratorError, PASSWORD_LENGTH, generatePassword } from '../lib/generator/generate-password.ts';
import type { GeneratorErrorCode } from '../lib/generator/generator-error.ts';
import type { PasswordRules } from '../lib/generator/password-rules.ts';

export interface GeneratorPanelProps {
  siteHost?: string | null;
  onUse: (password: string) => void;
  onClose?: () => void;
}

type Mode = 'password' | 'passphrase';
type Flag = 'upper' | 'lower' | 'digits' | 'symbols' | 'avoidAmbiguous';

const CLASS_FLAGS: readonly { flag: Flag; key: MessageKey }[] = [
  { flag: 'upper', key: 'generator_upper' },
  { flag: 'lower', key: 'generator_lower' },
  { flag: 'digits', key: 'generator_digits' },
  { flag: 'symbols', key: 'generator_symbols' },
  { flag: 'avoidAmbiguous', key: 'generator_avoidAmbiguous' },
];

const ERROR_KEYS: Partial<Record<GeneratorErrorCode, MessageKey>> = {
  no_character_class: 'generator_error_noClass',
  rules_unsatisfiable: 'generator_error_rules',
};

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(value) || min));

function strengthKey(bits: number): MessageKey {
  return bits < 50 ? 'generator_strength_weak' : bits < 75 ? 'generator_strength_fair' : bits < 100 ? 'generator_strength_strong' : 'generator_strength_veryStrong';
}

/** "8–16 characters; at most 2 identical characters in a row". */
function describeRules(rules: PasswordRules): string {
  const { minLength: min, maxLength: max } = rules;
  const parts = [
    min !== undefined && max !== undefined
      ? t('generator_rules_lengthRange', [String(min), String(max)])
      : min !== undefined
        ? t('generator_rules_lengthMin', String(min))
        : max !== undefined
          ? t('generator_rules_lengthMax', String(max))
          : null,
    rules.maxConsecutive !== undefined ? t('generator_rules_consecutive', String(rules.maxConsecutive)) : null,
    rules.required.length ? t('generator_rules_required', String(rules.required.length)) : null,
  ];
  return parts.filter(Boolean).join('; ') || t('generator_rules_characters');
}

/** A labelled checkbox in the popup's checkbox style. */
function Checkbox(props: { label: string; checked: boolean; onChange: (checked: boolean) => void; hint?: string | null }) {
  const id = useId();
  return (
    <div class="checkbox-field">
      <input id={id} type="checkbox" checked={props.checked} onChange={(event) => props.onChange(event.currentTarget.checked)} aria-describedby={props.hint ? `${id}-hint` : undefined} />
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p id={`${id}-hint`} class="hint">
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

export function GeneratorPanel(props: GeneratorPanelProps) {
  const [mode, setMode] = useState<Mode>('password');
  const [length, setLength] = useState<number>(PASSWORD_LENGTH.default);
  const [flags, setFlags] = useState<Record<Flag, boolean>>({ upper: true, lower: true, digits: true, symbols: true, avoidAmbiguous: false });
  const [words, setWords] = useState(5);
  const [separator, setSeparator] = useState('-');
  const [capitalize, setCapitalize] = useState(false);
  const [includeNumber, setIncludeNumber] = useState(false);
  const [siteRules, setSiteRules] = useState<PasswordRules | null>(null);
  const [followRules, setFollowRules] = useState(true);
  const [result, setResult] = useState<{ value: string; bits: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copyNote, setCopyNote] = useState('');
  const [round, setRound] = useState(0);
  const headingId = useId();

  useEffect(() => {
    let current = true;
    setSiteRules(null);
    if (props.siteHost) {
      void import('../lib/generator/site-rules.ts').then((module) => {
        if (current) setSiteRules(module.rulesForHost(props.siteHost!));
      });
    }
    return () => {
      current = false;
    };
  }, [props.siteHost]);

  useEffect(() => {
    let current = true;
    const show = (next: { value: string; bits: number } | null, problem: unknown) => {
      if (!current) return;
      setResult(next);
      setCopyNote('');
      const key = problem instanceof GeneratorError ? ERROR_KEYS[problem.code] : undefined;
      setError(problem ? t(key ?? 'generator_error_generic') : null);
    };
    if (mode === 'password') {
      try {
        const { password, entropyBits } = generatePassword({ length, ...flags, rules: followRules ? siteRules : null });
        show({ value: password, bits: entropyBits }, null);
      } catch (problem) {
        show(null, problem);
      }
    } else {
      void import('../lib/generator/generate-passphrase.ts')
        .then((module) => module.generatePassphrase({ words, separator, capitalize, includeNumber }))
        .then(({ passphrase, entropyBits }) => show({ value: passphrase, bits: entropyBits }, null), (problem: unknown) => show(null, problem));
    }
    return () => {
      current = false;
    };
  }, [mode, length, flags, words, separator, capitalize, includeNumber, siteRules, followRules, round]);

  const copy = () => {
    if (!result) return;
    navigator.clipboard.writeText(result.value).then(
      () => setCopyNote(t('generator_copied')),
      () => setCopyNote(t('generator_copyFailed')),
    );
  };

  return (
    <section class="generator" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('generator_heading')}</h2>
      <fieldset class="method-switch">
        <legend>{t('generator_mode')}</legend>
        {(['password', 'passphrase'] as const).map((value) => (
          <label key={value}>
            <input type="radio" name={`${headingId}-mode`} value={value} checked={mode === value} onChange={() => setMode(value)} />{' '}
            {t(value === 'password' ? 'generator_mode_password' : 'generator_mode_passphrase')}
          </label>
        ))}
      </fieldset>
      <div
        class="generated-value"
        role="textbox"
        aria-readonly="true"
        aria-label={t('generator_value')}
        tabIndex={0}
        style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', userSelect: 'all', wordBreak: 'break-all' }}
      >
        {result?.value ?? ''}
      </div>
      {error ? <p class="alert" role="alert">{error}</p> : null}
      {result ? <p class="hint">{t('generator_strength', [t(strengthKey(result.bits)), String(Math.round(result.bits))])}</p> : null}
      <div class="actions">
        <button type="button" onClick={() => setRound(round + 1)}>
          {t('generator_regenerate')}
        </button>
        <button type="button" onClick={copy} disabled={!result}>
          {t('generator_copy')}
        </button>
        <button type="button" class="primary" onClick={() => result && props.onUse(result.value)} disabled={!result}>
          {t('generator_use')}
        </button>
      </div>
      <p class="status-note" role="status">
        {copyNote}
      </p>
      {mode === 'password' ? (
        <div class="generator-options">
          <div class="field">
            <label for={`${headingId}-length`}>{t('generator_length')}</label>
            <input
              type="range"
              min={PASSWORD_LENGTH.min}
              max={PASSWORD_LENGTH.max}
              value={length}
              aria-label={t('generator_lengthSlider')}
              onInput={(event) => setLength(clamp(Number(event.currentTarget.value), PASSWORD_LENGTH.min, PASSWORD_LENGTH.max))}
            />
            <input
              id={`${headingId}-length`}
              type="number"
              min={PASSWORD_LENGTH.min}
              max={PASSWORD_LENGTH.max}
              value={length}
              onChange={(event) => setLength(clamp(Number(event.currentTarget.value), PASSWORD_LENGTH.min, PASSWORD_LENGTH.max))}
            />
          </div>
          {CLASS_FLAGS.map(({ flag, key }) => (
            <Checkbox key={flag} label={t(key)} checked={flags[flag]} onChange={(checked) => setFlags({ ...flags, [flag]: checked })} />
          ))}
          {siteRules ? <Checkbox label={t('generator_followRules')} checked={followRules} onChange={setFollowRules} hint={describeRules(siteRules)} /> : null}
        </div>
      ) : (
        <div class="generator-options">
          <div class="field">
            <label for={`${headingId}-words`}>{t('generator_words')}</label>
            <input id={`${headingId}-words`} type="number" min={3} max={20} value={words} onChange={(event) => setWords(clamp(Number(event.currentTarget.value), 3, 20))} />
          </div>
          <div class="field">
            <label for={`${headingId}-separator`}>{t('generator_separator')}</label>
            <input id={`${headingId}-separator`} type="text" maxLength={3} value={separator} spellcheck={false} onInput={(event) => setSeparator([...event.currentTarget.value].slice(0, 3).join(''))} />
          </div>
          <Checkbox label={t('generator_capitalize')} checked={capitalize} onChange={setCapitalize} />
          <Checkbox label={t('generator_includeNumber')} checked={includeNumber} onChange={setIncludeNumber} />
        </div>
      )}
      {props.onClose ? (
        <footer class="screen-footer">
          <button type="button" class="link" onClick={props.onClose}>
            {t('generator_close')}
          </button>
        </footer>
      ) : null}
    </section>
  );
}
