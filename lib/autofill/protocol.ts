/**
 * Content-safe, zod-free. The autofill wire contract between the three parties of issue 6:
 *
 *   content script (every frame)  --runtime.sendMessage-->  background   (ContentRequest below)
 *   background  --tabs.sendMessage(tabId, msg, { frameId, documentId })-->  content script (ToContent)
 *   menu / save-prompt iframes (extension pages)  --runtime.sendMessage-->  background
 *        (the `autofillMenu.*`, `autofillPrompt.*` and `autofill.*` entries of lib/messaging/messages.ts)
 *
 * Invariants (architecture.md §8, §10):
 * - The background classifies every sender (lib/messaging/sender.ts) and knows a frame only by what the
 *   browser stamped on the message (tab id, frame id, document id, origin/url). Nothing a content script
 *   says about *where* it is counts, with one exception that can only narrow: `opaqueOrigin` (a sandboxed
 *   frame in Firefox, where the sender has no `origin`) makes the frame match nothing.
 * - A content script never receives previews of items or any key; it receives exactly one item's
 *   username/password/code, at fill time, for the frame and document that opened the menu (or the frame
 *   the popup/shortcut picked), and only after a user action the page cannot fake (a click inside our
 *   extension iframe, the popup, a browser keyboard command, or — opt-in — page load autofill).
 * - Tokens are 128-bit random strings made by the background; a token binds one tab, frame and document
 *   and expires (menu: 10 minutes, save offer: 2 minutes unless shown).
 */
import type { SignInKind } from './sign-in-kind.ts';

/** Which field of a sign-in form the person focused. */
export type FocusedField = 'username' | 'password' | 'newPassword' | 'otp';

/** Messages a content script sends to the background. Answers are `ContentResult<T>`. */
export interface ContentRequestMap {
  /**
   * "This frame has sign-in forms" (sent once per document, again when new kinds appear). The
   * background remembers the frame for popup/shortcut fills and, when the opt-in "fill on page load"
   * setting is on, may fill it right away (top frame only; `sameSiteAction` = every form's action
   * goes to the page's own site — the content script checks that from the form's `action`).
   */
  'autofill.formsFound': { request: { kinds: SignInKind[]; sameSiteAction: boolean; opaqueOrigin: boolean }; response: { ok: true } };
  /**
   * A trusted focus/click on a sign-in field: may the menu open, and with which token? `null` when
   * there is nothing to offer (signed out; unlocked with no match and not a new-password field).
   */
  'autofill.openMenu': { request: { field: FocusedField; formKind: SignInKind; opaqueOrigin: boolean }; response: { token: string } | null };
  /**
   * A form was submitted (submit event, click on its button, Enter, or its fields went away after a
   * fetch) with a non-empty password. The background decides save / update / nothing (vault locked,
   * nothing new, "never for this site"); when it offers one it tells the TOP frame to show the prompt.
   */
  'autofill.submitted': {
    request: { formKind: SignInKind; username: string; password: string; newPassword: string | null; opaqueOrigin: boolean };
    response: { prompt: 'save' | 'update' | null };
  };
  /** Top frame at load: a save/update offer still waiting for this tab (the form navigated away). */
  'autofill.pendingPrompt': { request: Record<string, never>; response: { token: string } | null };
}
export type ContentRequestType = keyof ContentRequestMap;
export type ContentRequest<T extends ContentRequestType = ContentRequestType> = { type: T; payload: ContentRequestMap[T]['request'] };
export type ContentResult<T extends ContentRequestType> = { ok: true; value: ContentRequestMap[T]['response'] } | { ok: false; error: { code: string } };

/** What the background sends to one content script (tabs.sendMessage with frameId/documentId). */
export type ToContent =
  /**
   * Fill the form the menu was opened on (`target: 'menu'`), or the best sign-in form of the frame
   * (`'best'`: popup, shortcut, page load). Absent values are left alone. `otp` goes into one-time-code
   * fields (split over boxes); `newPassword` only into new-password fields (the generator). Answer:
   * `{ filled: boolean }` — false when no fillable field was found (invisible fields never count).
   */
  | {
      type: 'tessera.fill';
      target: 'menu' | 'best';
      /**
       * The frame origin the background matched the item against. The content script fills only if
       * its document still has this origin — a second lock beside the document id, for Firefox, whose
       * senders carry no document id (a registered subframe may have navigated elsewhere since).
       */
      origin: string;
      username?: string;
      password?: string;
      otp?: string;
      newPassword?: string;
    }
  /** Show the save/update prompt iframe (top frame only). */
  | { type: 'tessera.showPrompt'; token: string }
  /** Remove the in-page menu (after a fill, Escape, or the menu's close button). */
  | { type: 'tessera.closeMenu' }
  /** Remove the save/update prompt. */
  | { type: 'tessera.closePrompt' };

/** Extension pages the content script frames: `${runtime.getURL(path)}#${token}`. */
export const MENU_PAGE = '/autofill-menu.html';
export const PROMPT_PAGE = '/save-prompt.html';

/** A save/update offer as the prompt iframe shows it (never the password itself). */
export interface PromptDetails {
  kind: 'save' | 'update';
  /** Suggested title (the site's registrable domain) — editable for 'save'. */
  title: string;
  username: string;
  /** The page's host, for "Save password for example.com?". */
  host: string;
  /** 'update': the item that gets the new password. */
  itemTitle: string | null;
}

/** One row of the in-page menu (previews of items matching the menu's own frame only). */
export interface MenuEntry {
  id: string;
  title: string;
  username: string;
  /** 'http_downgrade': an https item on this http page — the menu asks before filling. */
  needsConfirmation: 'http_downgrade' | null;
  /** When it matched through a group of sites sharing one sign-in: the item's own site, to name it. */
  sharedFrom: string | null;
  hasTotp: boolean;
}

export interface MenuState {
  vault: 'signed_out' | 'locked' | 'unlocked';
  field: FocusedField;
  formKind: SignInKind;
  /** The frame's host, for "No logins for example.com". */
  host: string;
  entries: MenuEntry[];
}
