import { describe, expect, it } from 'vitest';
import { RULE_CLASSES, parsePasswordRules } from './password-rules.ts';

const UPPER = RULE_CLASSES.upper!;
const LOWER = RULE_CLASSES.lower!;
const DIGIT = RULE_CLASSES.digit!;
const sorted = (chars: string) => [...new Set(chars)].sort().join('');

describe('parsePasswordRules', () => {
  it('reads lengths, max-consecutive and one required set per required rule', () => {
    expect(parsePasswordRules('minlength: 8; maxlength: 20; max-consecutive: 2; required: lower, upper; required: digit;')).toEqual({
      required: [sorted(LOWER + UPPER), DIGIT],
      allowed: sorted(LOWER + UPPER + DIGIT),
      minLength: 8,
      maxLength: 20,
      maxConsecutive: 2,
    });
  });

  it('allows every printable ASCII character except space when there is no character rule', () => {
    const rules = parsePasswordRules('minlength: 6; maxlength: 16;');
    expect(rules.required).toEqual([]);
    expect(rules.allowed).toHaveLength(94);
    expect(rules.allowed).not.toContain(' ');
  });

  it('uses the spec\'s special set, without space, "/" or "\\"', () => {
    const { allowed } = parsePasswordRules('allowed: special;');
    expect(allowed).toBe(sorted('-~!@#$%^&*_+=`|(){}[:;"\'<>,.?]'));
    expect(allowed).not.toMatch(/[ /\\]/);
  });

  it('reads a custom class with a leading "-" and a closing "]]" (admiral.com)', () => {
    const rules = parsePasswordRules('minlength: 8; required: digit; required: [- !"#$&\'()*+,.:;<=>?@[^_`{|}~]]; allowed: lower, upper;');
    expect(rules.required[1]).toBe(sorted('-!"#$&\'()*+,.:;<=>?@[^_`{|}~]'));
    expect(rules.minLength).toBe(8);
    expect(rules.allowed).toBe(sorted(DIGIT + LOWER + UPPER + rules.required[1]));
  });

  it('reads "[a-z]" as the two letters a and z, because the language has no ranges', () => {
    expect(parsePasswordRules('required: [a-z];').required).toEqual(['az']);
    expect(parsePasswordRules('required: [-a];').required).toEqual(['-a']);
  });

  it('mixes named and custom classes in one rule', () => {
    expect(parsePasswordRules('required: upper,lower,[#$+./:=?@[^_|~];').required).toEqual([sorted(UPPER + LOWER + '#$+./:=?@[^_|~')]);
  });

  it('keeps the strictest value when a length property repeats', () => {
    expect(parsePasswordRules('minlength: 6; minlength: 10; maxlength: 30; maxlength: 20; max-consecutive: 3; max-consecutive: 2')).toMatchObject({
      minLength: 10,
      maxLength: 20,
      maxConsecutive: 2,
    });
  });

  it('reads names case-insensitively and tolerates missing spaces and a missing final ";"', () => {
    expect(parsePasswordRules('MinLength:12;Required:DIGIT')).toEqual({ required: [DIGIT], allowed: DIGIT, minLength: 12 });
  });

  it('ignores unknown properties, unknown class names and unusable numbers', () => {
    const rules = parsePasswordRules('frobnicate: [;;;]; minlength: many; maxlength: -3; required: digit, sparkles; colour: blue;');
    expect(rules).toEqual({ required: [DIGIT], allowed: DIGIT });
  });

  it('reads unicode as printable ASCII, since that is all we generate', () => {
    expect(parsePasswordRules('allowed: unicode;').allowed).toHaveLength(94);
  });

  it('returns what parsed before garbage and never throws on malformed input', () => {
    expect(parsePasswordRules('minlength: 8; required: [abc')).toEqual({ required: [], allowed: expect.any(String), minLength: 8 });
    for (const garbage of ['', ';;;', ':', 'required:', '[[[', ']]]', 'required: ;', 'maxlength', '\u0000\uffff', 'a'.repeat(10_000), 'required: [ ]']) {
      expect(() => parsePasswordRules(garbage)).not.toThrow();
      expect(parsePasswordRules(garbage).allowed.length).toBeGreaterThan(0);
    }
    expect(() => parsePasswordRules(undefined as unknown as string)).not.toThrow();
  });
});
