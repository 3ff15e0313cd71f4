/**
 * Background-only. The in-page menu: the content script asks whether a menu may open on a field
 * (and gets a token, never a preview), the menu iframe — an extension page in the same tab holding
 * the token — gets the previews and asks for a fill or a generated password. Invariants: previews
 * and fills are for the items matching the menu's FRAME; the chosen item's values go only to the
 * frame and document that opened the menu; an https item reaches an http page only when confirmed.
 */
import type { ContentRequestMap, MenuEntry, MenuState } from '../autofill/protocol.ts';
import type { RequestOf, ResponseMap } from '../messaging/messages.ts';
import { MessageFailure } from '../messaging/router.ts';
import type { AutofillVaultParts } from '../vault/autofill-parts.ts';
import { fillValuesFor, sendFill, sendQuietly, type SendToFrame } from './fill.ts';
import { type FrameRef, hostOf, sendOptionsOf, siteOf } from './frame-ref.ts';
import type { FrameRegistry } from './frame-registry.ts';
import { frameMatches, requireFillable, sharedFromOf } from './item-match.ts';
import type { RememberedStore } from './remembered.ts';
import type { TokenStore } from './tokens.ts';

export interface MenuDeps {
  vault: AutofillVaultParts;
  tokens: TokenStore;
  registry: FrameRegistry;
  remembered: RememberedStore;
  send: SendToFrame;
  generate: (host: string) => string;
  now: () => number;
}

/** Forms whose menu offers the generator even with no saved login. */
const offersGenerator = (field: string, formKind: string) => field === 'newPassword' || formKind === 'sign-up' || formKind === 'change-password';

export function createMenu({ vault, tokens, registry, remembered, send, generate, now }: MenuDeps) {
  async function rememberedId(frame: FrameRef): Promise<string | null> {
    const site = siteOf(frame);
    return site ? ((await remembered.recall(frame.tabId, site))?.itemId ?? null) : null;
  }

  const closeMenu = (frame: FrameRef) => sendQuietly(send, frame.tabId, { type: 'tessera.closeMenu' }, sendOptionsOf(frame));

  async function entriesFor(frame: FrameRef): Promise<MenuEntry[] | null> {
    const entries = await vault.entries();
    if (!entries) return null;
    const byId = new Map(entries.map((entry) => [entry.preview.id, entry]));
    return frameMatches(entries, frame, await rememberedId(frame)).map(({ preview, needsConfirmation, via }) => ({
      id: preview.id,
      title: preview.title,
      username: preview.username,
      needsConfirmation,
      sharedFrom: via === 'shared' ? sharedFromOf(byId.get(preview.id)!, frame) : null,
      hasTotp: preview.hasTotp,
    }));
  }

  /** After a fill: the menu's work is done. */
  async function filled(token: string, frame: FrameRef): Promise<void> {
    await tokens.drop(token);
    await closeMenu(frame);
  }

  return {
    async openMenu(frame: FrameRef, { field, formKind }: ContentRequestMap['autofill.openMenu']['request']): Promise<{ token: string } | null> {
      if (!frame.origin) return null; // opaque: nothing may be offered or filled there
      const access = await vault.access();
      if (access === 'signed_out') return null;
      if (access === 'unlocked' && !offersGenerator(field, formKind)) {
        const entries = await vault.entries();
        if (entries && frameMatches(entries, frame).length === 0) return null;
      }
      const token = await tokens.issueMenu(frame, field, formKind);
      await registry.menuOpened(frame, formKind);
      return { token };
    },

    async state({ token }: RequestOf<'autofillMenu.state'>, senderTabId: number | undefined): Promise<MenuState> {
      const { frame, field, formKind } = await tokens.menu(token, senderTabId);
      const access = await vault.access();
      const base = { field, formKind, host: hostOf(frame) };
      if (access !== 'unlocked') return { ...base, vault: access, entries: [] };
      const entries = formKind === 'sign-up' ? [] : await entriesFor(frame);
      return entries ? { ...base, vault: 'unlocked', entries } : { ...base, vault: 'locked', entries: [] };
    },

    async fill({ token, itemId, confirmed }: RequestOf<'autofillMenu.fill'>, senderTabId: number | undefined): Promise<ResponseMap['autofillMenu.fill']> {
      const { frame, formKind } = await tokens.menu(token, senderTabId);
      const item = await vault.item(itemId);
      requireFillable(item, frame, confirmed);
      const done = await sendFill(send, frame, { type: 'tessera.fill', target: 'menu', ...fillValuesFor(item, formKind, now()) });
      await vault.markActivity();
      if (done) {
        const site = siteOf(frame);
        if (formKind === 'username-first' && site) await remembered.rememberItem(frame.tabId, site, item.id);
        await filled(token, frame);
      }
      return { filled: done };
    },

    async generate({ token }: RequestOf<'autofillMenu.generate'>, senderTabId: number | undefined): Promise<ResponseMap['autofillMenu.generate']> {
      const { frame } = await tokens.menu(token, senderTabId);
      // Only while unlocked: the password is worth generating only if the save offer can keep it.
      if ((await vault.access()) !== 'unlocked') throw new MessageFailure('vault_locked');
      const done = await sendFill(send, frame, { type: 'tessera.fill', target: 'menu', newPassword: generate(hostOf(frame)) });
      await vault.markActivity();
      if (done) await filled(token, frame);
      return { filled: done };
    },

    async close({ token }: RequestOf<'autofillMenu.close'>, senderTabId: number | undefined): Promise<ResponseMap['autofillMenu.close']> {
      const { frame } = await tokens.menu(token, senderTabId);
      await tokens.drop(token);
      await closeMenu(frame);
      return { closed: true };
    },
  };
}

export type Menu = ReturnType<typeof createMenu>;
