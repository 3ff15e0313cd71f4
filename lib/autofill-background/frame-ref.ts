/**
 * Background-only. A frame as the background knows it: only from what the browser stamped on a
 * content script's message (tab id, frame id, document id, origin or URL). Invariant: nothing the
 * page or the content script says can widen it — the one flag the content script sends,
 * `opaqueOrigin` (a sandboxed frame in Firefox, whose sender carries no origin), can only take the
 * origin away, and a frame without an http(s) origin matches no item.
 */
import type { Browser } from 'wxt/browser';
import { registrableDomain } from '../vault/shared-credentials.ts';
import { frameOriginOf } from '../vault/site-match.ts';

export interface FrameRef {
  tabId: number;
  frameId: number;
  /** Chrome's id of the frame's current document (a fill sent with it never reaches a later page); null in Firefox. */
  documentId: string | null;
  /** `scheme://host[:port]`; null when opaque (sandboxed, data:) or not http(s). */
  origin: string | null;
  /** The frame's URL as the browser reported it (for 'startsWith' websites; only counts with that origin). */
  url: string;
}

/** null when the sender is not a frame of a tab (no tab id or frame id to send a fill back to). */
export function frameRefOf(sender: Browser.runtime.MessageSender, opaqueOrigin: boolean): FrameRef | null {
  const tabId = sender.tab?.id;
  const frameId = sender.frameId;
  // Both are always stamped on a content script's message; guessing "top frame" could misdirect a fill.
  if (typeof tabId !== 'number' || tabId < 0 || typeof frameId !== 'number' || frameId < 0) return null;
  const documentId = (sender as { documentId?: unknown }).documentId;
  return {
    tabId,
    frameId,
    documentId: typeof documentId === 'string' && documentId.length > 0 ? documentId : null,
    origin: opaqueOrigin ? null : frameOriginOf(sender),
    url: sender.url ?? '',
  };
}

/** The frame's host (for "No logins for example.com"); '' when opaque. */
export function hostOf(frame: FrameRef): string {
  return frame.origin ? new URL(frame.origin).hostname : '';
}

/** The frame's site: registrable domain, else its host (IP addresses, localhost); null when opaque. */
export function siteOf(frame: FrameRef): string | null {
  const host = hostOf(frame);
  return host ? (registrableDomain(host) ?? host) : null;
}

/** Where tabs.sendMessage must go: the frame, and — when the browser gave one — only its document. */
export function sendOptionsOf(frame: FrameRef): { frameId: number; documentId?: string } {
  return frame.documentId ? { frameId: frame.frameId, documentId: frame.documentId } : { frameId: frame.frameId };
}

export const sameFrame = (a: FrameRef, b: FrameRef) => a.tabId === b.tabId && a.frameId === b.frameId && a.documentId === b.documentId;
