/**
 * Opens extension pages (the popup) and web pages as tabs in both browsers. Firefox over WebDriver
 * BiDi never reports a navigation to a moz-extension:// page as finished, so there the helpers start
 * the navigation without awaiting it and wait for the new document to be complete instead.
 */
import type { Page } from 'puppeteer-core';
import type { ExtensionBrowser } from './browsers.ts';
import type { PageGlobals } from './page-globals.ts';

const NAVIGATION_TIMEOUT_MS = 20_000;
const STALE_MARK = '__tesseraE2eStaleDocument';

/**
 * Navigates `page` to `url` and waits for the new document. To show a fresh popup, open a new tab
 * rather than navigating the old one again: in Firefox, queries by accessible name on a moz-extension
 * page navigated a second time never match (puppeteer's BiDi frame still waits for the first navigation).
 */
export async function navigate(page: Page, url: string): Promise<void> {
  if (!url.startsWith('moz-extension:')) {
    await page.goto(url, { waitUntil: 'load', timeout: NAVIGATION_TIMEOUT_MS });
    return;
  }
  // Mark the current document so the wait below cannot be satisfied by it (e.g. on a reload).
  await page.evaluate((mark) => Object.defineProperty(globalThis, mark, { value: true }), STALE_MARK).catch(() => undefined);
  void page.goto(url, { timeout: NAVIGATION_TIMEOUT_MS }).catch(() => undefined);
  // Polled by hand: while the document changes, Firefox's script.evaluate can fail with transient
  // protocol errors that page.waitForFunction would not retry.
  const deadline = Date.now() + NAVIGATION_TIMEOUT_MS;
  for (;;) {
    const check = page
      .evaluate(
        (target, mark) => {
          const { location, document } = globalThis as unknown as PageGlobals;
          return location.href === target && document.readyState === 'complete' && !(mark in globalThis);
        },
        url,
        STALE_MARK,
      )
      .catch(() => false);
    const loaded = await Promise.race([check, new Promise<false>((resolve) => setTimeout(resolve, 2_000, false))]);
    if (loaded) return;
    if (Date.now() > deadline) throw new Error(`${url} did not finish loading within ${NAVIGATION_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Opens `url` in a new tab and returns its page. */
export async function openTab(session: ExtensionBrowser, url: string): Promise<Page> {
  const page = await session.browser.newPage();
  await navigate(page, url);
  return page;
}

export function popupUrl(session: ExtensionBrowser): string {
  return `${session.extensionOrigin}/popup.html`;
}

/** Opens the extension's popup (popup.html) as a normal tab. */
export function openPopup(session: ExtensionBrowser): Promise<Page> {
  return openTab(session, popupUrl(session));
}

/**
 * The address of the page's document. Over BiDi, page.url() stays "about:blank" for a moz-extension
 * page whose navigation never reported completion, so ask the document.
 */
export async function currentUrl(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).location.href).catch(() => page.url());
}


/** Collects what a page logs, for diagnostics when a test fails. */
export function recordConsole(page: Page, lines: string[], label: string): void {
  page.on('console', (message) => lines.push(`[${label}] ${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => lines.push(`[${label}] page error: ${error instanceof Error ? error.message : String(error)}`));
}
