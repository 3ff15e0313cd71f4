/**
 * A site's password rules from Apple's password-manager-resources (data/password-rules.json, MIT,
 * licence in data/password-manager-resources-LICENSE.md). Safe in every context; the popup loads this
 * module with `import()` because the data is ~60 KB and only needed when a site is known.
 */
import data from './data/password-rules.json';
import { type PasswordRules, parsePasswordRules } from './password-rules.ts';

const entries = data as Record<string, { 'password-rules': string }>;
const parsed = new Map<string, PasswordRules>();

/** The data key that applies to a host: the host itself, else its closest listed parent domain. */
export function siteRulesKey(hostname: string): string | null {
  const labels = hostname.trim().toLowerCase().replace(/\.$/, '').split('.');
  // Parents down to two labels (`co.uk` is tried; the data has no public suffixes as keys).
  for (let i = 0; i <= labels.length - 2; i++) {
    const candidate = labels.slice(i).join('.');
    if (Object.hasOwn(entries, candidate)) return candidate;
  }
  return null;
}

export function rulesForHost(hostname: string): PasswordRules | null {
  const key = siteRulesKey(hostname);
  if (key === null) return null;
  let rules = parsed.get(key);
  if (!rules) {
    rules = parsePasswordRules(entries[key]!['password-rules']);
    parsed.set(key, rules);
  }
  return rules;
}
