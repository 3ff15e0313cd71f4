/**
 * Who sent a runtime message. The background acts on a message only after classifying its sender
 * from what the browser stamped on it — never from anything in the payload.
 */
import type { Browser } from 'wxt/browser';

export type SenderKind = 'extension_page' | 'content_script' | 'other';

export function classifySender(sender: Browser.runtime.MessageSender, extensionId: string, extensionOrigin: string): SenderKind {
  if (sender.id !== extensionId) return 'other';
  const url = sender.url ?? '';
  // Extension pages (popup, options) run at the extension's own origin.
  if (originOf(url) === extensionOrigin) return 'extension_page';
  // Our content scripts carry the id of this extension and the URL of the web page they run in.
  if (sender.tab && url.length > 0) return 'content_script';
  return 'other';
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
