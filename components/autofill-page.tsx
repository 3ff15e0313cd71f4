/**
 * What the two autofill pages (the in-page menu and the save prompt) share. Both are extension pages
 * a content script frames with `#<token>`; the token is all they know about the tab, and the
 * background checks it against the frame that asked. Kept free of zod and of the popup's code: the
 * menu loads on every focus of a sign-in field.
 */
import type { MessageResult, MessageType, RequestOf } from '../lib/messaging/messages.ts';

/** lib/messaging/send-message.ts in the page, a scripted background in tests. */
export type PageSend = <T extends MessageType>(type: T, payload: RequestOf<T>) => Promise<MessageResult<T>>;

/** The same shape the background accepts (messages.ts AutofillToken); anything else is stale or forged. */
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/** The token from `location.hash`, or null when there is none worth sending. */
export function tokenFromHash(hash: string): string | null {
  const token = hash.replace(/^#/, '');
  return TOKEN.test(token) ? token : null;
}

/** The Tessera mark: four tiles of a mosaic (decorative; the name next to it is the text). */
export function TesseraMark() {
  return (
    <svg class="mark" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="1" y="1" width="6.5" height="6.5" rx="1.5" fill="#3b5bdb" />
      <rect x="8.5" y="1" width="6.5" height="6.5" rx="1.5" fill="#4c9aff" />
      <rect x="1" y="8.5" width="6.5" height="6.5" rx="1.5" fill="#2b8a3e" />
      <rect x="8.5" y="8.5" width="6.5" height="6.5" rx="1.5" fill="#f59f00" />
    </svg>
  );
}
