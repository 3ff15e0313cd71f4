/**
 * Background-only. The password the in-page menu puts into a sign-up or change-password form: the
 * popup generator's defaults, within the site's published password rules when it has any.
 */
import { GeneratorError, generatePassword, PASSWORD_LENGTH, type PasswordOptions } from '../generator/generate-password.ts';
import { rulesForHost } from '../generator/site-rules.ts';

const DEFAULTS: PasswordOptions = { length: PASSWORD_LENGTH.default, lower: true, upper: true, digits: true, symbols: true, avoidAmbiguous: false };

export function generateForHost(host: string): string {
  const rules = host ? rulesForHost(host) : null;
  try {
    return generatePassword({ ...DEFAULTS, rules }).password;
  } catch (error) {
    // Rules these defaults cannot meet (rare, data errors): a strong password still beats none.
    if (error instanceof GeneratorError && rules) return generatePassword(DEFAULTS).password;
    throw error;
  }
}
