/**
 * Who sent a runtime message. The background acts on a message only after classifying its sender
 * from what the browser stamped on it — never from anything in the payload.
 */
import type { Browser } from 'wxt/browser';

export type SenderKind = 'extension_page' | 'content_script' | 'other';

/**
 * @param extensionOrigin `originOf(browser.runtime.getURL('/'))`; null (unknown) matches no sender.
 */
export function classifySender(sender: Browser.runtime.MessageSender, extensionId: string, extensionOrigin: string | null): SenderKind {
  if (sender.id !== extensionId) return 'other';
  const url = sender.url ?? '';
  // Extension pages (popup, options) run at the extension's own origin.
  if (extensionOrigin !== null && originOf(url) === extensionOrigin) return 'extension_page';
  // Our content scripts carry the id of this extension and the URL of the web page they run in.
  if (sender.tab && url.length > 0) return 'content_script';
  return 'other';
}

/**
 * `scheme://host[:port]` of a URL, or null when it has no host (about:blank, data:, garbage).
 * Not `URL.origin`: by the URL standard, chrome-extension:// and moz-extension:// URLs have the
 * opaque origin "null" — the same for every extension and for about:blank — so comparing that
 * would let any frame with an opaque origin pass as an extension page.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}
