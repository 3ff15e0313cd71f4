/**
 * Background-only. The frames of each tab that reported sign-in forms (`autofill.formsFound`) and the
 * frame that last opened a menu — where the popup's "Fill" and the keyboard shortcut may fill. Every
 * frame here was stamped by the browser (frame-ref.ts). Invariant: a frame without a document id
 * (Firefox) is forgotten when its tab's top frame navigates, since the next page in the same frame
 * could not be told apart from it; with a document id (Chrome) a fill never reaches a later document.
 */
import { z } from 'zod';
import type { SignInKind } from '../autofill/sign-in-kind.ts';
import type { FrameRef } from './frame-ref.ts';
import { createSessionState } from './session-state.ts';
import { guard, SignInKindSchema, StoredFrame } from './stored-shapes.ts';

const RegisteredFrame = z.strictObject({ frame: StoredFrame, kinds: z.array(SignInKindSchema), sameSiteAction: z.boolean() });
export type RegisteredFrame = z.infer<typeof RegisteredFrame>;
const TabFrames = z.strictObject({
  /** By frame id: a frame's new document replaces its old one. */
  frames: z.record(z.string(), RegisteredFrame),
  lastMenu: StoredFrame.nullable(),
});
const Registry = z.record(z.string(), TabFrames);
type TabFrames = z.infer<typeof TabFrames>;

/** At most this many frames per tab are remembered (a page with hundreds of ad frames must not grow this forever). */
const FRAMES_PER_TAB = 50;

export function createFrameRegistry() {
  const state = createSessionState<z.infer<typeof Registry>>('session:autofillFrames', guard(Registry), () => ({}));

  const tabOf = (registry: z.infer<typeof Registry>, tabId: number): TabFrames => (registry[String(tabId)] ??= { frames: {}, lastMenu: null });

  return {
    register: (frame: FrameRef, kinds: SignInKind[], sameSiteAction: boolean) =>
      state.update((registry) => {
        const tab = tabOf(registry, frame.tabId);
        const key = String(frame.frameId);
        const earlier = tab.frames[key];
        // The same document reporting again (new kinds appeared) keeps what it reported before.
        const sameDocument = earlier && earlier.frame.documentId === frame.documentId && earlier.frame.url === frame.url;
        const merged = sameDocument ? [...new Set([...earlier.kinds, ...kinds])] : [...new Set(kinds)];
        delete tab.frames[key];
        tab.frames[key] = { frame, kinds: merged, sameSiteAction };
        if (tab.lastMenu?.frameId === frame.frameId && (tab.lastMenu.documentId !== frame.documentId || tab.lastMenu.url !== frame.url)) tab.lastMenu = null;
        const keys = Object.keys(tab.frames);
        if (keys.length > FRAMES_PER_TAB) delete tab.frames[keys[0]!];
        return { changed: true, result: undefined };
      }),

    /** A menu opened here: the popup and the shortcut fill this frame first. */
    menuOpened: (frame: FrameRef, formKind: SignInKind) =>
      state.update((registry) => {
        const tab = tabOf(registry, frame.tabId);
        const key = String(frame.frameId);
        const earlier = tab.frames[key];
        if (!earlier || earlier.frame.documentId !== frame.documentId || earlier.frame.url !== frame.url) {
          // Found only at focus time (the watcher had given up): known from now on.
          delete tab.frames[key];
          tab.frames[key] = { frame, kinds: [formKind], sameSiteAction: false };
        }
        tab.lastMenu = frame;
        return { changed: true, result: undefined };
      }),

    async framesOf(tabId: number): Promise<{ frames: RegisteredFrame[]; lastMenu: FrameRef | null }> {
      const tab = (await state.read())[String(tabId)];
      return { frames: tab ? Object.values(tab.frames) : [], lastMenu: tab?.lastMenu ?? null };
    },

    dropTab: (tabId: number) =>
      state.update((registry) => {
        const changed = String(tabId) in registry;
        delete registry[String(tabId)];
        return { changed, result: undefined };
      }),

    /** The tab's top frame started loading another page. */
    topNavigated: (tabId: number) =>
      state.update((registry) => {
        const tab = registry[String(tabId)];
        if (!tab) return { changed: false, result: undefined };
        for (const [key, entry] of Object.entries(tab.frames)) if (entry.frame.documentId === null) delete tab.frames[key];
        if (tab.lastMenu?.documentId === null) tab.lastMenu = null;
        return { changed: true, result: undefined };
      }),
  };
}

export type FrameRegistry = ReturnType<typeof createFrameRegistry>;
