/**
 * Structure tests for public/_locales: every language has exactly the English keys with the same
 * placeholders, and every key the code asks for exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PASSWORD_RULES } from '../../lib/protocol/password-rules.ts';

interface LocaleEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
type Locale = Record<string, LocaleEntry>;

const ROOT = join(import.meta.dirname, '../..');
const LOCALES_DIR = join(ROOT, 'public/_locales');
const readLocale = (language: string): Locale => JSON.parse(readFileSync(join(LOCALES_DIR, language, 'messages.json'), 'utf8')) as Locale;

const english = readLocale('en');
const languages = readdirSync(LOCALES_DIR).filter((name) => name !== 'en');

/** Placeholder names used in a message ($NAME$, case-insensitive as in Chrome). */
const usedPlaceholders = (message: string) => [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((match) => match[1]!.toLowerCase()).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('public/_locales', () => {
  it('has the languages the hub is translated into when listed', () => {
    expect(languages.sort()).toEqual(['de', 'fr']);
  });

  it.each(languages)('has exactly the English keys when the language is %s', (language) => {
    expect(Object.keys(readLocale(language)).sort()).toEqual(Object.keys(english).sort());
  });

  it.each(languages)('has the English placeholders in every message when the language is %s', (language) => {
    const locale = readLocale(language);
    for (const [key, entry] of Object.entries(english)) {
      const translated = locale[key];
      expect({ key, placeholders: translated?.placeholders }).toEqual({ key, placeholders: entry.placeholders });
      expect({ key, used: usedPlaceholders(translated?.message ?? '') }).toEqual({ key, used: usedPlaceholders(entry.message) });
    }
  });

  it.each(['en', ...languages])('declares every placeholder a message uses, and uses every one it declares, when the language is %s', (language) => {
    for (const [key, entry] of Object.entries(readLocale(language))) {
      const declared = Object.keys(entry.placeholders ?? {}).sort();
      expect({ key, used: [...new Set(usedPlaceholders(entry.message))] }).toEqual({ key, used: declared });
    }
  });

  it.each(['en', ...languages])('has no empty message when the language is %s', (language) => {
    for (const [key, entry] of Object.entries(readLocale(language))) expect({ key, empty: entry.message.trim() === '' }).toEqual({ key, empty: false });
  });
});

describe('message keys used by the code', () => {
  const files = ['entrypoints', 'components', 'lib'].flatMap((dir) => sourceFiles(join(ROOT, dir)));
  const uses = files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const calls = [...text.matchAll(/\b(?:t|getMessage)\(\s*'([^']+)'/g), ...text.matchAll(/__MSG_(\w+)__/g)];
    return calls.map((match) => ({ file: relative(ROOT, file), key: match[1]! }));
  });
  const manifest = [...readFileSync(join(ROOT, 'wxt.config.ts'), 'utf8').matchAll(/__MSG_(\w+)__/g)].map((match) => ({ file: 'wxt.config.ts', key: match[1]! }));

  it('finds the keys in the source when scanned (the scan works)', () => {
    expect(uses.length).toBeGreaterThan(40);
    expect(manifest.map((use) => use.key).sort()).toEqual(['commandFillLogin', 'extDescription', 'extName']);
  });

  it('has an English message when the code or the manifest uses a key', () => {
    expect([...uses, ...manifest].filter((use) => !(use.key in english))).toEqual([]);
  });

  it('has an English message when the rules list shows a password rule', () => {
    expect([...PASSWORD_RULES, 'not_common', 'met', 'unmet'].filter((rule) => !(`rule_${rule}` in english))).toEqual([]);
  });
});
