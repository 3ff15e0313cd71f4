import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_RULES, unmetPasswordRules } from './password-rules.ts';

describe('unmetPasswordRules: length', () => {
  it('passes when the password has exactly the minimum length', () => {
    expect(unmetPasswordRules('Abcdef12')).toEqual([]);
  });

  it('reports min_length alone when the password is one character short', () => {
    expect(unmetPasswordRules('Abcdef1')).toEqual(['min_length']);
  });

  it('counts code points, not UTF-16 units, when the password holds astral characters', () => {
    // Four emoji are eight UTF-16 units but four characters: 3 + 4 = 7 < 8.
    expect(unmetPasswordRules('Aa1😀😀😀😀')).toEqual(['min_length']);
    expect(unmetPasswordRules('Aa1😀😀😀😀😀')).toEqual([]);
  });

  it('counts a decomposed accent as part of its letter when the password is not in NFC', () => {
    // "Aa1" + four times e + COMBINING ACUTE: eleven code points as typed, seven after NFC.
    expect(unmetPasswordRules('Aa1' + 'e\u0301'.repeat(4))).toEqual(['min_length']);
  });

  it('passes when the password has exactly the maximum length', () => {
    expect(unmetPasswordRules('Aa1' + 'x'.repeat(PASSWORD_MAX_LENGTH - 3))).toEqual([]);
  });

  it('reports max_length alone when the password is one character too long', () => {
    expect(unmetPasswordRules('Aa1' + 'x'.repeat(PASSWORD_MAX_LENGTH - 2))).toEqual(['max_length']);
  });

  it('counts astral characters once when checking the maximum length', () => {
    expect(unmetPasswordRules('Aa1' + '𝒳'.repeat(PASSWORD_MAX_LENGTH - 3))).toEqual([]);
  });

  it('uses the policy of the architecture when reading the limits', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(8);
    expect(PASSWORD_MAX_LENGTH).toBeGreaterThanOrEqual(64);
  });
});

describe('unmetPasswordRules: digit', () => {
  it('reports digit alone when the password has no digit', () => {
    expect(unmetPasswordRules('Abcdefgh')).toEqual(['digit']);
  });

  it.each([
    ['Arabic-Indic', '\u0663'],
    ['Extended Arabic-Indic', '\u06F5'],
    ['Devanagari', '\u0969'],
    ['Bengali', '\u09E7'],
    ['Thai', '\u0E52'],
    ['fullwidth', '\uFF13'],
    ['mathematical bold', '\u{1D7D1}'],
  ])('accepts a %s digit when it is the only digit', (_name, digit) => {
    expect(unmetPasswordRules(`Abcdefg${digit}`)).toEqual([]);
  });

  it.each([
    ['superscript two', '\u00B2'],
    ['vulgar fraction one half', '\u00BD'],
    ['Roman numeral twelve', '\u216B'],
    ['circled digit one', '\u2460'],
  ])('reports digit when the only number-like character is a %s', (_name, char) => {
    expect(unmetPasswordRules(`Abcdefg${char}`)).toEqual(['digit']);
  });
});

describe('unmetPasswordRules: letters', () => {
  it('reports lowercase alone when every letter is uppercase', () => {
    expect(unmetPasswordRules('ABCDEFG1')).toEqual(['lowercase']);
  });

  it('reports uppercase alone when every letter is lowercase', () => {
    expect(unmetPasswordRules('abcdefg1')).toEqual(['uppercase']);
  });

  it('reports both letter rules when the password has no letter at all', () => {
    expect(unmetPasswordRules('12345678!')).toEqual(['lowercase', 'uppercase']);
  });

  it.each([
    ['Greek', 'Κωδικός12'],
    ['Cyrillic', 'Пароль123'],
    ['Armenian', 'Գաղտնաբառ1'],
    ['Georgian Mtavruli + Mkhedruli', 'Ჰპაროლი123'],
    ['German with umlauts', 'Äpfelbaum7'],
    ['Cherokee', 'Ꭰꮣꮤꮥꮦꮧꮨ1'],
  ])('passes when the cased letters are %s', (_script, password) => {
    expect(unmetPasswordRules(password)).toEqual([]);
  });

  it('reports lowercase when Cyrillic letters are all uppercase', () => {
    expect(unmetPasswordRules('ПАРОЛЬ123')).toEqual(['lowercase']);
  });

  it('reports uppercase when Greek letters are all lowercase', () => {
    expect(unmetPasswordRules('κωδικός12')).toEqual(['uppercase']);
  });

  it('counts German ß as the lowercase letter when the rest is upper case', () => {
    expect(unmetPasswordRules('STRAßE123')).toEqual([]);
  });

  it('counts Ä as the uppercase letter when the rest is lower case', () => {
    expect(unmetPasswordRules('äpfelÄ123')).toEqual([]);
  });

  it('counts a titlecase digraph as the uppercase letter when the rest is lower case', () => {
    // U+01C5 LATIN CAPITAL LETTER D WITH SMALL LETTER Z WITH CARON is titlecase (Lt).
    expect(unmetPasswordRules('\u01C5ungla123')).toEqual([]);
  });

  it.each([
    ['Han', '密码密码密码12'],
    ['Arabic', 'كلمةالسر12'],
    ['Hebrew', 'סיסמהסודית12'],
    ['Hiragana', 'ぱすわーどです12'],
    ['Devanagari', 'पासवर्ड1234'],
  ])('reports both letter rules when the letters are only %s, which has no case', (_script, password) => {
    expect(unmetPasswordRules(password)).toEqual(['lowercase', 'uppercase']);
  });

  it('passes when a caseless script is mixed with one upper- and one lowercase letter', () => {
    expect(unmetPasswordRules('كلمةالسر12Aa')).toEqual([]);
  });

  it('does not count a modifier letter as lowercase when it is the only candidate', () => {
    // U+02B0 MODIFIER LETTER SMALL H is Lm, not Ll.
    expect(unmetPasswordRules('ABCDEF1\u02B0')).toEqual(['lowercase']);
  });
});

describe('unmetPasswordRules: display order', () => {
  it('lists every unmet rule in the order of PASSWORD_RULES when the password is empty', () => {
    expect(unmetPasswordRules('')).toEqual(['min_length', 'digit', 'lowercase', 'uppercase']);
  });

  it('puts no_whitespace last when it fails together with the other rules', () => {
    expect(unmetPasswordRules(' ')).toEqual(['min_length', 'digit', 'lowercase', 'uppercase', 'no_whitespace']);
  });

  it('puts max_length before the character rules when a long password fails them too', () => {
    expect(unmetPasswordRules('x y'.repeat(200))).toEqual(['max_length', 'digit', 'uppercase', 'no_whitespace']);
  });

  it('returns a duplicate-free subsequence of PASSWORD_RULES when given any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (password) => {
        const unmet = unmetPasswordRules(password);
        const positions = unmet.map((rule) => PASSWORD_RULES.indexOf(rule));
        expect(positions.every((position, i) => position >= 0 && (i === 0 || position > (positions[i - 1] ?? -1)))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('normalizePassword', () => {
  it('composes a decomposed accent when given NFD input', () => {
    expect(normalizePassword('Cafe\u0301')).toBe('Caf\u00E9');
  });

  it('leaves an NFC password unchanged when it is already composed', () => {
    expect(normalizePassword('Caf\u00E9-42')).toBe('Caf\u00E9-42');
  });

  it('gives composed and decomposed forms the same verdict when checking the rules', () => {
    const composed = '\u00C9t\u00E9';
    const decomposed = 'E\u0301te\u0301';
    expect(unmetPasswordRules(composed)).toEqual(unmetPasswordRules(decomposed));
    expect(unmetPasswordRules(`${composed}12345`)).toEqual([]);
    expect(unmetPasswordRules(`${decomposed}12345`)).toEqual([]);
  });
});
