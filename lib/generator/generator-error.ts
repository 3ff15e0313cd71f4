/** Why the generator could not produce a value; the UI turns the code into words. Safe in every context. */
export type GeneratorErrorCode = 'no_character_class' | 'invalid_length' | 'rules_unsatisfiable' | 'invalid_word_count' | 'invalid_separator' | 'word_list_unavailable';

export class GeneratorError extends Error {
  override readonly name = 'GeneratorError';
  readonly code: GeneratorErrorCode;

  constructor(code: GeneratorErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
