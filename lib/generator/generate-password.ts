/**
 * Random passwords from chosen character classes, optionally within a site's password rules.
 * Safe in every context (popup included): it holds no secrets beyond the password it returns.
 */
import { GeneratorError } from './generator-error.ts';
import type { PasswordRules } from './password-rules.ts';
import { type Random, createRandom } from './random.ts';

export { GeneratorError } from './generator-error.ts';

export const PASSWORD_LENGTH = { min: 8, max: 128, default: 20 } as const;

export const CHARACTER_SETS = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  // ASCII punctuation without the quotes and the backslash, which sites and shells mangle most often.
  symbols: '!#$%&()*+,-./:;<=>?@[]^_{|}~',
} as const;

/**
 * Characters that are easily mistaken for one another when read or typed from a screen: the vertical
 * strokes I l 1 |, the rounds O 0 o, and the quote marks ` ' ".
 */
export const AMBIGUOUS_CHARACTERS = 'Il1|O0o`\'"';

export interface PasswordOptions {
  length: number;
  lower: boolean;
  upper: boolean;
  digits: boolean;
  symbols: boolean;
  avoidAmbiguous: boolean;
  rules?: PasswordRules | null;
}

export interface GeneratedPassword {
  password: string;
  /** log2 of the number of passwords this construction can produce (approximate). */
  entropyBits: number;
}

/** Redraws when a site's max-consecutive rule is broken; far more than any real rule needs. */
const MAX_ATTEMPTS = 1000;

const defaultRandom = createRandom();

const without = (set: string, excluded: string) => [...set].filter((c) => !excluded.includes(c)).join('');
const within = (set: string, allowed: string) => [...set].filter((c) => allowed.includes(c)).join('');
const union = (sets: string[]) => [...new Set(sets.join(''))].sort().join('');

/** The longest run of one repeated character. */
export function longestRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = i > 0 && text[i] === text[i - 1] ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  return longest;
}

interface Pools {
  /** One character from each: the site's required sets, then the chosen classes it allows. */
  siteSets: string[];
  classes: string[];
  /** Where the remaining characters come from. */
  fill: string;
}

/** Pools per option set (and per rules object): building them costs more than drawing a password. */
const poolCache = new WeakMap<PasswordRules | typeof CHARACTER_SETS, Map<string, Pools>>();

function poolsFor(options: PasswordOptions, chosen: string[]): Pools {
  const rules = options.rules ?? null;
  const key = `${options.lower}${options.upper}${options.digits}${options.symbols}${options.avoidAmbiguous}`;
  const cache = poolCache.get(rules ?? CHARACTER_SETS) ?? new Map<string, Pools>();
  poolCache.set(rules ?? CHARACTER_SETS, cache);
  const cached = cache.get(key);
  if (cached) return cached;
  // Leave ambiguous characters out, except where that would leave nothing to choose from.
  const clear = (set: string) => (options.avoidAmbiguous ? without(set, AMBIGUOUS_CHARACTERS) || set : set);
  const allowed = clear(rules?.allowed ?? union(chosen));
  // Classes the site does not allow are dropped; the site's required sets come first.
  const classes = chosen.map((set) => clear(within(set, allowed))).filter(Boolean);
  const siteSets = (rules?.required ?? []).map((set) => clear(within(set, allowed))).filter(Boolean);
  const pools = { siteSets, classes, fill: union(classes) || allowed };
  cache.set(key, pools);
  return pools;
}

export function generatePassword(options: PasswordOptions, random: Random = defaultRandom): GeneratedPassword {
  if (!Number.isInteger(options.length) || options.length < PASSWORD_LENGTH.min || options.length > PASSWORD_LENGTH.max) {
    throw new GeneratorError('invalid_length', `Password length must be a whole number from ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max}.`);
  }
  const chosen = (['lower', 'upper', 'digits', 'symbols'] as const).filter((name) => options[name]).map((name) => CHARACTER_SETS[name]);
  if (chosen.length === 0) throw new GeneratorError('no_character_class', 'Choose at least one kind of character.');
  const rules = options.rules ?? null;
  const { siteSets, classes, fill } = poolsFor(options, chosen);

  let length = options.length;
  if (rules?.minLength !== undefined) length = Math.max(length, rules.minLength);
  if (rules?.maxLength !== undefined) length = Math.min(length, rules.maxLength);
  // When the site's maximum is too short for every class, the site's own requirements win.
  const picks = [...siteSets, ...classes].slice(0, Math.max(length, siteSets.length));
  if (picks.length > length || length < 1) {
    throw new GeneratorError('rules_unsatisfiable', "The site's password rules cannot be met with these settings.");
  }

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const chars = picks.map((set) => random.pick(set));
    while (chars.length < length) chars.push(random.pick(fill));
    const password = random.shuffle(chars).join('');
    if (rules?.maxConsecutive === undefined || longestRun(password) <= rules.maxConsecutive) {
      const entropyBits = picks.reduce((bits, set) => bits + Math.log2(set.length), 0) + (length - picks.length) * Math.log2(fill.length);
      return { password, entropyBits };
    }
  }
  throw new GeneratorError('rules_unsatisfiable', "The site's password rules cannot be met with these settings.");
}
