/** A region id ("de") as the user's language names it ("Germany"); the id itself when Intl cannot. */
import { uiLanguage } from '../lib/i18n/t.ts';

export function regionName(id: string): string {
  try {
    return new Intl.DisplayNames([uiLanguage()], { type: 'region' }).of(id.toUpperCase()) ?? id;
  } catch {
    return id.toUpperCase();
  }
}
