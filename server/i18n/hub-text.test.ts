import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../lib/protocol/regions.ts';
import { HUB_TEXT, type HubTextKey, hubText } from './hub-text.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const englishKeys = Object.keys(HUB_TEXT.en).sort() as HubTextKey[];
const otherLanguages = LANGUAGES.filter((language) => language !== 'en');

describe('HUB_TEXT', () => {
  it('has a text table for every language of the regions', () => {
    expect(Object.keys(HUB_TEXT).sort()).toEqual([...LANGUAGES].sort());
  });

  it.each(LANGUAGES)('has exactly the English keys in %s', (language) => {
    expect(Object.keys(HUB_TEXT[language]).sort()).toEqual(englishKeys);
  });

  it.each(LANGUAGES)('has no empty text in %s', (language) => {
    const empty = englishKeys.filter((key) => HUB_TEXT[language][key].trim() === '');
    expect(empty).toEqual([]);
  });

  it.each(LANGUAGES)('uses the same {placeholders} as English in every text of %s', (language) => {
    const mismatched = englishKeys.filter(
      (key) => placeholders(HUB_TEXT[language][key]).join() !== placeholders(HUB_TEXT.en[key]).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it.each(otherLanguages)('translates every text into %s instead of copying the English', (language) => {
    const untranslated = englishKeys.filter((key) => HUB_TEXT[language][key] === HUB_TEXT.en[key]);
    expect(untranslated).toEqual([]);
  });
});

describe('hubText', () => {
  it('fills in placeholders when values are given', () => {
    expect(hubText('en', 'email.activation.body', { email: 'ann@example.com', days: 7 })).toContain('ann@example.com');
  });

  it('fills in the same values in every language when values are given', () => {
    for (const language of LANGUAGES) {
      const text = hubText(language, 'email.activation.body', { email: 'ann@example.com', days: 7 });
      expect(text).toContain('ann@example.com');
      expect(text).toContain('7');
      expect(text).not.toMatch(/\{\w+\}/);
    }
  });

  it('leaves a placeholder visible when its value is missing', () => {
    expect(hubText('en', 'email.activation.body', {})).toContain('{email}');
  });

  it('does not interpret replacement patterns when a value contains $ signs', () => {
    expect(hubText('en', 'email.activation.body', { email: "$&$'$`@example.com", days: 7 })).toContain("$&$'$`@example.com");
  });
});
