/**
 * Content-safe. Stands in for `wxt/browser` in content-script bundles only (aliased in
 * wxt.config.ts): WXT's own content-script wrapper (ContentScriptContext) imports it just to read
 * `browser.runtime.id`, and the webextension-polyfill behind it would cost ~3 KB gzip of the
 * content script's 8 KB budget. Our own code uses lib/autofill/runtime.ts, never this.
 */
const scope = globalThis as { browser?: { runtime?: { id?: string } }; chrome?: { runtime?: { id?: string } } };

export const browser = scope.browser?.runtime?.id ? scope.browser : scope.chrome;
