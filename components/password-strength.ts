/**
 * The zxcvbn score (0–4) of a password. zxcvbn-ts and its dictionaries (~hundreds of KB) are loaded
 * with dynamic import() the first time a strength is asked for — only on the screens that set a
 * master password — and kept for the popup's life.
 */
type Checker = (password: string, userInputs: string[]) => number;

let checker: Promise<Checker> | null = null;

function loadChecker(): Promise<Checker> {
  checker ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]).then(
    ([core, common, english]) => {
      const factory = new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...english.dictionary },
        graphs: common.adjacencyGraphs,
        translations: english.translations,
      });
      return (password, userInputs) => factory.check(password, userInputs).score;
    },
  );
  return checker;
}

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export async function passwordScore(password: string, userInputs: string[] = []): Promise<StrengthScore> {
  const check = await loadChecker();
  return check(password, userInputs) as StrengthScore;
}
