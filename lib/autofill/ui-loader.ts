/**
 * Content-safe. Loads the on-demand part of the content script (ui.ts) once: a dynamic import of
 * the extension's own script, which runs in the content script's isolated world / sandbox and
 * leaves its API on that world's global — invisible to the page, which has a global of its own.
 */
import type { AutofillUi } from './ui.ts';

/** Built from entrypoints/autofill-ui.ts; web-accessible so a content script may import it. */
export const UI_SCRIPT = '/autofill-ui.js';
export const UI_GLOBAL = '__tesseraAutofillUi';

export function uiLoader(getURL: (path: string) => string): () => Promise<AutofillUi> {
  let loading: Promise<AutofillUi> | undefined;
  const load = async () => {
    await import(/* @vite-ignore */ getURL(UI_SCRIPT));
    const ui = (globalThis as { [UI_GLOBAL]?: AutofillUi })[UI_GLOBAL];
    if (!ui) throw new Error('autofill UI missing');
    return ui;
  };
  return () =>
    (loading ??= load().catch((error: unknown) => {
      // The extension may have been updated under the page; a later attempt may work.
      loading = undefined;
      throw error;
    }));
}
