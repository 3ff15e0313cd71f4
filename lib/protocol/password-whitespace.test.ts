import { describe, expect, it } from 'vitest';
import { unmetPasswordRules } from './password-rules.ts';

/** Every Unicode White_Space character, plus the invisible separators people paste by accident. */
const WHITESPACE: [name: string, char: string][] = [
  ['SPACE', ' '],
  ['CHARACTER TABULATION', '\t'],
  ['LINE FEED', '\n'],
  ['LINE TABULATION', '\v'],
  ['FORM FEED', '\f'],
  ['CARRIAGE RETURN', '\r'],
  ['NEXT LINE', '\u0085'],
  ['NO-BREAK SPACE', '\u00A0'],
  ['OGHAM SPACE MARK', '\u1680'],
  ['EN QUAD', '\u2000'],
  ['EM QUAD', '\u2001'],
  ['EN SPACE', '\u2002'],
  ['EM SPACE', '\u2003'],
  ['THREE-PER-EM SPACE', '\u2004'],
  ['FOUR-PER-EM SPACE', '\u2005'],
  ['SIX-PER-EM SPACE', '\u2006'],
  ['FIGURE SPACE', '\u2007'],
  ['PUNCTUATION SPACE', '\u2008'],
  ['THIN SPACE', '\u2009'],
  ['HAIR SPACE', '\u200A'],
  ['LINE SEPARATOR', '\u2028'],
  ['PARAGRAPH SEPARATOR', '\u2029'],
  ['NARROW NO-BREAK SPACE', '\u202F'],
  ['MEDIUM MATHEMATICAL SPACE', '\u205F'],
  ['IDEOGRAPHIC SPACE', '\u3000'],
  ['MONGOLIAN VOWEL SEPARATOR', '\u180E'],
  ['ZERO WIDTH SPACE', '\u200B'],
  ['ZERO WIDTH NON-JOINER', '\u200C'],
  ['ZERO WIDTH JOINER', '\u200D'],
  ['WORD JOINER', '\u2060'],
  ['ZERO WIDTH NO-BREAK SPACE (BOM)', '\uFEFF'],
];

describe('unmetPasswordRules: no_whitespace', () => {
  it.each(WHITESPACE)('reports no_whitespace alone when the password contains %s in the middle', (_name, char) => {
    expect(unmetPasswordRules(`Abcd${char}efg1`)).toEqual(['no_whitespace']);
  });

  it.each(WHITESPACE)('reports no_whitespace when the password starts with %s', (_name, char) => {
    expect(unmetPasswordRules(`${char}Abcdefg1`)).toContain('no_whitespace');
  });

  it.each(WHITESPACE)('reports no_whitespace when the password ends with %s', (_name, char) => {
    expect(unmetPasswordRules(`Abcdefg1${char}`)).toContain('no_whitespace');
  });

  it('covers every White_Space character of Unicode when listing the test cases', () => {
    // Guards the list above: a White_Space code point missing from it would go untested.
    const listed = new Set(WHITESPACE.map(([, char]) => char));
    const missing: string[] = [];
    for (let code = 0; code <= 0x10ffff; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      if (/\p{White_Space}/u.test(char) && !listed.has(char)) missing.push(code.toString(16));
    }
    expect(missing).toEqual([]);
  });

  it('passes when the password has visible punctuation instead of spaces', () => {
    expect(unmetPasswordRules('Abc-def_1.!')).toEqual([]);
  });

  it('does not treat a visible non-ASCII symbol as whitespace when checking the rules', () => {
    expect(unmetPasswordRules('Abc·def€1')).toEqual([]);
  });
});
