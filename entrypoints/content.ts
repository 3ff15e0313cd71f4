/**
 * The autofill content script: every frame of every page (architecture.md §8). It stays small
 * (≤ 8 KB gzip, no zod, no crypto, no vault code, no webextension-polyfill) and does nothing but
 * find sign-in forms until a person focuses one of their fields; lib/autofill/content-main.ts.
 */
import { startAutofill } from '../lib/autofill/content-main.ts';
import { contentRuntime, extensionApi } from '../lib/autofill/runtime.ts';

export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  matchAboutBlank: true,
  runAt: 'document_idle',
  // WXT's legacy window.postMessage on start would tell every page that Tessera is installed.
  noScriptStartedPostMessage: true,
  main(ctx) {
    const api = extensionApi();
    if (api) startAutofill({ runtime: contentRuntime(api), signal: ctx.signal });
  },
});
