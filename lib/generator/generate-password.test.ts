import { describe, expect, it } from 'vitest';
import { AMBIGUOUS_CHARACTERS, CHARACTER_SETS, GeneratorError, type PasswordOptions, generatePassword } from './generate-password.ts';
import { parsePasswordRules } from './password-rules.ts';
import { createRandom } from './random.ts';
import { looksUniform, seededSource } from './test-support/statistics.ts';

const ALL: PasswordOptions = { length: 20, lower: true, upper: true, digits: true, symbols: true, avoidAmbiguous: false };
const CLASSES = ['lower', 'upper', 'digits', 'symbols'] as const;
const has = (password: string, set: string) => [...password].some((c) => set.includes(c));

describe('generatePassword', () => {
  it('gives exactly the requested length for every length from 8 to 128', () => {
    for (let length = 8; length <= 128; length++) expect(generatePassword({ ...ALL, length }).password).toHaveLength(length);
  });

  it('throws invalid_length when the length is outside 8..128 or not whole', () => {
    for (const length of [7, 129, 12.5, Number.NaN]) expect(() => generatePassword({ ...ALL, length })).toThrow(expect.objectContaining({ code: 'invalid_length' }));
  });

  it('throws a GeneratorError with code no_character_class when no class is chosen', () => {
    const error = (() => {
      try {
        generatePassword({ ...ALL, lower: false, upper: false, digits: false, symbols: false });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(GeneratorError);
    expect(error).toMatchObject({ code: 'no_character_class' });
  });

  it('uses every chosen class and no other when any combination of classes is chosen', () => {
    for (let mask = 1; mask < 16; mask++) {
      const options = { ...ALL, length: 8, ...Object.fromEntries(CLASSES.map((name, bit) => [name, Boolean(mask & (1 << bit))])) };
      for (let i = 0; i < 50; i++) {
        const { password } = generatePassword(options);
        for (const name of CLASSES) expect({ mask, name, present: has(password, CHARACTER_SETS[name]) }).toEqual({ mask, name, present: options[name] });
      }
    }
  });

  it('leaves out ambiguous characters when asked to', () => {
    const chars = new Set(Array.from({ length: 300 }, () => generatePassword({ ...ALL, length: 64, avoidAmbiguous: true }).password).join(''));
    expect([...AMBIGUOUS_CHARACTERS].filter((c) => chars.has(c))).toEqual([]);
    expect(chars.size).toBe(new Set(Object.values(CHARACTER_SETS).join('')).size - [...AMBIGUOUS_CHARACTERS].filter((c) => Object.values(CHARACTER_SETS).join('').includes(c)).length);
  });

  it('reports the entropy of the construction when generating', () => {
    expect(generatePassword({ ...ALL, symbols: false, upper: false, digits: false, length: 10 }).entropyBits).toBeCloseTo(10 * Math.log2(26));
    const bits = generatePassword(ALL).entropyBits;
    expect(bits).toBeGreaterThan(120);
    expect(bits).toBeLessThanOrEqual(20 * Math.log2(90));
  });

  it('puts every character at every position with the probability the construction predicts (chi-square, p = 0.001)', () => {
    // One pick from each of the four classes, the rest from their union, then a shuffle: at any
    // position a character of class C has probability (1/L)(1/|C|) + ((L − 4)/L)(1/|union|).
    const length = 12;
    const union = Object.values(CHARACTER_SETS).join('');
    const probability = [...union].map((c) => {
      const own = Object.values(CHARACTER_SETS).find((set) => set.includes(c))!;
      return 1 / length / own.length + (length - 4) / length / union.length;
    });
    const random = createRandom(seededSource('positions'));
    const counts = Array.from({ length }, () => new Uint32Array(union.length));
    const total = new Uint32Array(union.length);
    for (let i = 0; i < 30_000; i++) {
      [...generatePassword({ ...ALL, length }, random).password].forEach((c, position) => {
        counts[position]![union.indexOf(c)]!++;
        total[union.indexOf(c)]!++;
      });
    }
    expect(counts.map((perPosition) => looksUniform(perPosition, probability))).toEqual(counts.map(() => true));
    expect(looksUniform(total, probability)).toBe(true);
    // The check has teeth: the same counts are not uniform over the union.
    expect(looksUniform(total)).toBe(false);
  });

  describe('with site rules', () => {
    it('clamps the length into the site\'s minimum and maximum', () => {
      expect(generatePassword({ ...ALL, length: 64, rules: parsePasswordRules('maxlength: 16;') }).password).toHaveLength(16);
      expect(generatePassword({ ...ALL, length: 8, rules: parsePasswordRules('minlength: 12;') }).password).toHaveLength(12);
      expect(generatePassword({ ...ALL, length: 20, rules: parsePasswordRules('minlength: 4; maxlength: 4; required: digit;') }).password).toMatch(/^\d{4}$/);
    });

    it('drops the classes the site does not allow and adds what it requires', () => {
      const rules = parsePasswordRules('required: upper; required: [!#$%&*@^]; allowed: lower,digit;');
      for (let i = 0; i < 100; i++) {
        const { password } = generatePassword({ ...ALL, upper: false, rules }, createRandom());
        expect(password).toMatch(/^[a-z0-9A-Z!#$%&*@^]+$/);
        expect(password).toMatch(/[A-Z]/);
        expect(password).toMatch(/[!#$%&*@^]/);
      }
    });

    it('never repeats a character more often in a row than max-consecutive allows', () => {
      const rules = parsePasswordRules('max-consecutive: 1; allowed: digit;');
      for (let i = 0; i < 200; i++) expect(generatePassword({ ...ALL, length: 16, rules }).password).not.toMatch(/(.)\1/);
    });

    it('throws rules_unsatisfiable when the rules cannot be met', () => {
      const rules = parsePasswordRules('maxlength: 1; required: digit; required: lower;');
      expect(() => generatePassword({ ...ALL, rules })).toThrow(expect.objectContaining({ code: 'rules_unsatisfiable' }));
      const impossible = parsePasswordRules('max-consecutive: 1; allowed: [a];');
      expect(() => generatePassword({ ...ALL, rules: impossible })).toThrow(expect.objectContaining({ code: 'rules_unsatisfiable' }));
    });
  });
});
