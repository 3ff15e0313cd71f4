import { describe, expect, it } from 'vitest';
import data from './data/password-rules.json';
import { generatePassword } from './generate-password.ts';
import { rulesForHost, siteRulesKey } from './site-rules.ts';

const entries = Object.entries(data as Record<string, { 'password-rules': string }>).map(([host, entry]) => ({ host, text: entry['password-rules'] }));

/**
 * An independent reading of a rule string (regular expressions, its own class tables): whether a
 * password keeps it, and why not.
 */
function violations(password: string, text: string): string[] {
  const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
  const named: Record<string, string> = {
    upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    lower: 'abcdefghijklmnopqrstuvwxyz',
    digit: '0123456789',
    special: ' -~!@#$%^&*_+=`|(){}[:;"\'<>,.?]',
    'ascii-printable': printable,
    unicode: printable,
  };
  const classOf = (value: string) =>
    [...value.matchAll(/\[([^\]]*\]?)\]|([a-z-]+)/gi)]
      .map((match) => (match[1] !== undefined ? [...match[1]].filter((c, i) => c !== '-' || i === 0).join('') : (named[match[2]!.toLowerCase()] ?? '')))
      .join('');
  const problems: string[] = [];
  const characterRules: string[] = [];
  for (const [, name, value] of text.matchAll(/([a-z-]+)\s*:\s*((?:\[[^\]]*\]\]?|[^;[])*)/gi)) {
    const number = Number(value!.trim());
    if (name === 'minlength' && password.length < number) problems.push(`shorter than ${number}`);
    if (name === 'maxlength' && password.length > number) problems.push(`longer than ${number}`);
    if (name === 'max-consecutive' && new RegExp(`(.)\\1{${number}}`).test(password)) problems.push(`more than ${number} in a row`);
    if (name === 'required' || name === 'allowed') characterRules.push(classOf(value!));
    if (name === 'required' && ![...password].some((c) => classOf(value!).includes(c))) problems.push(`nothing from ${value}`);
  }
  const allowed = characterRules.length ? characterRules.join('') : printable;
  const outside = [...password].filter((c) => c === ' ' || !allowed.includes(c));
  if (outside.length) problems.push(`not allowed: ${outside.join('')}`);
  return problems;
}

// Every 10th entry of the data (44 sites), a fixed, spread-out sample.
const sample = entries.filter((_, index) => index % 10 === 0);

describe('rulesForHost', () => {
  it('finds a host, and a subdomain through its parent, case- and trailing-dot-insensitively', () => {
    expect(rulesForHost('163.com')).toMatchObject({ minLength: 6, maxLength: 16 });
    expect(siteRulesKey('Login.Mail.163.COM.')).toBe('163.com');
    expect(rulesForHost('login.mail.163.com')).toEqual(rulesForHost('163.com'));
  });

  it('returns null when neither the host nor a parent has rules', () => {
    for (const host of ['example.com', 'com', '', '.', 'constructor', '__proto__', 'toString.com', 'not a host']) expect(rulesForHost(host)).toBeNull();
  });

  it('has a sample of at least 40 sites that covers short maximums, max-consecutive and custom classes', () => {
    expect(sample.length).toBeGreaterThanOrEqual(40);
    expect(sample.filter((entry) => Number(/maxlength:\s*(\d+)/.exec(entry.text)?.[1] ?? Infinity) <= 16).length).toBeGreaterThanOrEqual(5);
    expect(sample.filter((entry) => entry.text.includes('max-consecutive')).length).toBeGreaterThanOrEqual(5);
    expect(sample.filter((entry) => entry.text.includes('[')).length).toBeGreaterThanOrEqual(5);
  });

  it('has a checker that catches each kind of broken rule', () => {
    expect(violations('aaa b', 'minlength: 8; required: digit; max-consecutive: 2; allowed: lower;')).toHaveLength(4);
    expect(violations('ab]-9', 'maxlength: 4; required: [-]]; allowed: digit;')).toEqual(['longer than 4', 'not allowed: ab']);
  });

  it.each(sample)('honours the rules of $host in 25 generated passwords', ({ host, text }) => {
    const rules = rulesForHost(host)!;
    expect(rules).not.toBeNull();
    const minimum = Number(/minlength:\s*(\d+)/.exec(text)?.[1] ?? 0);
    const maximum = Number(/maxlength:\s*(\d+)/.exec(text)?.[1] ?? Infinity);
    for (let i = 0; i < 25; i++) {
      const length = [8, 20, 64][i % 3]!;
      const { password } = generatePassword({ length, lower: true, upper: true, digits: true, symbols: true, avoidAmbiguous: i % 2 === 0, rules });
      expect({ password, problems: violations(password, text) }).toEqual({ password, problems: [] });
      expect(password).toHaveLength(Math.min(Math.max(length, minimum), maximum));
    }
  });
});
