/**
 * The autofill content script: every frame of every page (architecture.md §8). It stays small
 * (≤ 8 KB gzip, no zod, no crypto, no vault code, no webextension-polyfill) and does nothing but
 * find sign-in forms until a person clicks one of their fields; lib/autofill/content-main.ts.
 *
 * An unlisted script, declared in the manifest by wxt.config.ts (`content_scripts`), rather than a
 * WXT content-script entrypoint: WXT's wrapper (ContentScriptContext) costs ≈ 600 bytes gzip of
 * the 8 KB budget, and it stops the script when the page dispatches a certain DOM event — which a
 * page that knows our extension id could use to switch autofill off for itself.
 */
import { startAutofill } from '../lib/autofill/content-main.ts';
import { contentRuntime, extensionApi } from '../lib/autofill/runtime.ts';

export default defineUnlistedScript(() => {
  const api = extensionApi();
  // Never aborted by the page. When the extension is updated or removed, the old script's messages
  // fail (its runtime is gone) and it does nothing more.
  if (api) startAutofill({ runtime: contentRuntime(api), signal: new AbortController().signal });
});
