/**
 * The on-demand part of the autofill content script (lib/autofill/ui.ts): never listed in the
 * manifest; the content script imports it the first time a menu, prompt or fill is needed.
 */
import { autofillUi } from '../lib/autofill/ui.ts';
import { UI_GLOBAL } from '../lib/autofill/ui-loader.ts';

export default defineUnlistedScript(() => {
  (globalThis as Record<string, unknown>)[UI_GLOBAL] = autofillUi;
});
