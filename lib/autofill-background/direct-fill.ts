/**
 * Background-only. Fills without the in-page menu: the popup's "Fill" button, the `fill-login`
 * keyboard command, and — opt-in — a fill on page load. Invariants: only frames the browser stamped
 * as having sign-in forms (frame-registry.ts) are filled, each only with an item matching its own
 * origin; the popup may fill an https item into http only after the person confirmed; the shortcut
 * and page load never fill anything that would need a confirmation, and page load only the top frame
 * of a page with exactly one matching login whose forms post to the page's own site.
 */
import type { SignInKind } from '../autofill/sign-in-kind.ts';
import type { RequestOf, ResponseMap } from '../messaging/messages.ts';
import { MessageFailure } from '../messaging/router.ts';
import type { VaultItem } from '../protocol/vault-item.ts';
import type { AutofillVaultParts } from '../vault/autofill-parts.ts';
import type { AutofillSettingsService } from './autofill-settings.ts';
import { fillValuesFor, sendFill, type SendToFrame } from './fill.ts';
import { type FrameRef, sameFrame, siteOf } from './frame-ref.ts';
import type { FrameRegistry, RegisteredFrame } from './frame-registry.ts';
import { frameMatches, itemMatch, requireFillable } from './item-match.ts';
import type { RememberedStore } from './remembered.ts';

export interface DirectFillDeps {
  vault: AutofillVaultParts;
  registry: FrameRegistry;
  remembered: RememberedStore;
  settings: AutofillSettingsService;
  send: SendToFrame;
  now: () => number;
  /** The tab the popup was opened on (the active tab of the last focused window). */
  activeTabId: () => Promise<number | null>;
  /** browser.action.openPopup, where the browser allows it (the shortcut while locked). */
  openPopup: () => Promise<void>;
}

/** The frame that last opened a menu (if it is still that document), then the top frame, then the rest. */
function inPreferredOrder(frames: RegisteredFrame[], lastMenu: FrameRef | null): RegisteredFrame[] {
  const last = lastMenu ? frames.find((entry) => sameFrame(entry.frame, lastMenu)) : undefined;
  const top = frames.find((entry) => entry.frame.frameId === 0);
  return [...new Set([last, top, ...frames].filter((entry): entry is RegisteredFrame => entry !== undefined))];
}

/** A frame with one kind of form gets only what that kind needs (a username-first step: no password). */
const formKindOf = (kinds: SignInKind[]): SignInKind | null => (kinds.length === 1 ? kinds[0]! : null);

export function createDirectFill(deps: DirectFillDeps) {
  const { vault, registry, remembered, send, now } = deps;
  /** Documents already filled on load (a document that reports new kinds is not filled twice). */
  const filledOnLoad = new Set<string>();
  const documentKey = (frame: FrameRef) => `${frame.tabId}/${frame.frameId}/${frame.documentId ?? frame.url}`;

  async function fillInto(target: RegisteredFrame, item: VaultItem): Promise<boolean> {
    const kind = formKindOf(target.kinds);
    const done = await sendFill(send, target.frame, { type: 'tessera.fill', target: 'best', ...fillValuesFor(item, kind, now()) });
    const site = siteOf(target.frame);
    if (done && kind === 'username-first' && site) await remembered.rememberItem(target.frame.tabId, site, item.id);
    return done;
  }

  return {
    async fillFromPopup({ itemId, confirmed }: RequestOf<'autofill.fillFromPopup'>): Promise<ResponseMap['autofill.fillFromPopup']> {
      const item = await vault.item(itemId);
      const tabId = await deps.activeTabId();
      const { frames, lastMenu } = tabId === null ? { frames: [], lastMenu: null } : await registry.framesOf(tabId);
      if (frames.length === 0) throw new MessageFailure('no_fillable_form');
      const target = inPreferredOrder(frames, lastMenu).find((entry) => itemMatch(item, entry.frame).matches);
      if (!target) throw new MessageFailure(item.content.login && item.trashedAt === null ? 'site_mismatch' : 'item_not_found');
      requireFillable(item, target.frame, confirmed);
      const done = await fillInto(target, item);
      await vault.markActivity();
      return { filled: done };
    },

    /** `fill-login`: the remembered item, else the best match, into the menu's frame or the top frame. */
    async command(tabId: number | null): Promise<void> {
      if ((await vault.access()) !== 'unlocked') {
        await deps.openPopup();
        return;
      }
      const tab = tabId ?? (await deps.activeTabId());
      const entries = await vault.entries();
      if (tab === null || !entries) return;
      const { frames, lastMenu } = await registry.framesOf(tab);
      const ordered = inPreferredOrder(frames, lastMenu).filter((entry) => entry.frame.frameId === 0 || (lastMenu && sameFrame(entry.frame, lastMenu)));
      for (const target of ordered) {
        const site = siteOf(target.frame);
        const remembered = site ? await deps.remembered.recall(tab, site) : null;
        const best = frameMatches(entries, target.frame, remembered?.itemId ?? null).find((match) => match.needsConfirmation === null);
        if (!best) continue;
        const item = await vault.item(best.preview.id);
        requireFillable(item, target.frame, false);
        await fillInto(target, item);
        await vault.markActivity();
        return;
      }
    },

    /** After `autofill.formsFound`: fill right away when the person turned that on and nothing is in doubt. */
    async onFormsFound(frame: FrameRef, kinds: SignInKind[], sameSiteAction: boolean): Promise<void> {
      if (frame.frameId !== 0 || !frame.origin || !kinds.includes('sign-in') || !sameSiteAction) return;
      if (filledOnLoad.has(documentKey(frame)) || !(await deps.settings.read()).fillOnLoad) return;
      const entries = (await vault.access()) === 'unlocked' ? await vault.entries() : null;
      if (!entries) return;
      const matches = frameMatches(entries, frame);
      // One login only, for this very site (not through a shared sign-in), needing no confirmation.
      if (matches.length !== 1 || matches[0]!.needsConfirmation !== null || matches[0]!.via === 'shared') return;
      filledOnLoad.add(documentKey(frame));
      const item = await vault.item(matches[0]!.preview.id);
      requireFillable(item, frame, false);
      // Not activity: nobody asked for it.
      await sendFill(send, frame, { type: 'tessera.fill', target: 'best', ...fillValuesFor(item, 'sign-in', now()) });
    },

    forgetTab(tabId: number): void {
      for (const key of filledOnLoad) if (key.startsWith(`${tabId}/`)) filledOnLoad.delete(key);
    },
  };
}

export type DirectFill = ReturnType<typeof createDirectFill>;
