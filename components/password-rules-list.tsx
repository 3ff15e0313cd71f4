/** Which password rules are met, as the user types (shared rules from lib/protocol). */
import type { PasswordRule } from '../lib/protocol/password-rules.ts';
import { type MessageKey, t } from '../lib/i18n/t.ts';

/** The rules shown while typing; max_length is shown only when broken. */
const SHOWN_RULES: readonly PasswordRule[] = ['min_length', 'digit', 'lowercase', 'uppercase', 'no_whitespace'];

export function PasswordRulesList(props: { id: string; unmet: readonly PasswordRule[]; common: boolean | null }) {
  const rules: { key: MessageKey; met: boolean }[] = SHOWN_RULES.map((rule) => ({
    key: `rule_${rule}` as MessageKey,
    met: !props.unmet.includes(rule),
  }));
  if (props.unmet.includes('max_length')) rules.push({ key: 'rule_max_length', met: false });
  // Unknown (null) until the common-password list has loaded.
  if (props.common !== null) rules.push({ key: 'rule_not_common', met: !props.common });
  return (
    <div class="rules" id={props.id}>
      <p class="rules-heading">{t('createAccount_rulesHeading')}</p>
      <ul aria-label={t('createAccount_rulesHeading')}>
        {rules.map((rule) => (
          <li key={rule.key} class={rule.met ? 'met' : 'unmet'}>
            <span aria-hidden="true">{rule.met ? '✓' : '•'}</span> {t(rule.key)}
            <span class="visually-hidden"> ({t(rule.met ? 'rule_met' : 'rule_unmet')})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
