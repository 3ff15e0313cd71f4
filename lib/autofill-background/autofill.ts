/**
 * Background-only. Autofill's background side, joined: the content-script handlers (for
 * content-router.ts), the `autofillMenu.*` / `autofillPrompt.*` / `autofill.*` handlers for extension
 * pages, the `fill-login` command and the tab clean-up. Invariant: the menu and prompt handlers are
 * bound to the sender of the message they answer, so a token works only in its own tab.
 */
import type { Browser } from 'wxt/browser';
import type { MessageType } from '../messaging/messages.ts';
import { type Handlers, MessageFailure } from '../messaging/router.ts';
import type { AutofillVaultParts } from '../vault/autofill-parts.ts';
import { createAutofillSettings } from './autofill-settings.ts';
import type { ContentHandlers } from './content-router.ts';
import { createDirectFill } from './direct-fill.ts';
import type { SendToFrame } from './fill.ts';
import { createFrameRegistry } from './frame-registry.ts';
import { generateForHost } from './generator.ts';
import { createMenu } from './menu.ts';
import { createRemembered } from './remembered.ts';
import { createSaveOffers } from './save-offers.ts';
import { createTokens } from './tokens.ts';

export type AutofillMessage = Extract<MessageType, `autofillMenu.${string}` | `autofillPrompt.${string}` | `autofill.${string}`>;
export type AutofillHandlers = Pick<Handlers, AutofillMessage>;

export const FILL_LOGIN_COMMAND = 'fill-login';

export interface AutofillDeps {
  vault: AutofillVaultParts;
  send: SendToFrame;
  activeTabId: () => Promise<number | null>;
  openPopup: () => Promise<void>;
  now?: () => number;
  generate?: (host: string) => string;
  /** A fill on page load that failed is nobody's error to show; it is logged (kind only). */
  onBackgroundFailure?: (what: string, error: unknown) => void;
}

export function createAutofill(deps: AutofillDeps) {
  const now = deps.now ?? Date.now;
  const { vault, send } = deps;
  const tokens = createTokens(now);
  const registry = createFrameRegistry();
  const remembered = createRemembered(now);
  const settings = createAutofillSettings(vault.settings);
  const menu = createMenu({ vault, tokens, registry, remembered, send, now, generate: deps.generate ?? generateForHost });
  const offers = createSaveOffers({ vault, settings, tokens, remembered, send });
  const direct = createDirectFill({ vault, registry, remembered, settings, send, now, activeTabId: deps.activeTabId, openPopup: deps.openPopup });

  const contentHandlers: ContentHandlers = {
    'autofill.formsFound': async ({ kinds, sameSiteAction }, frame) => {
      await registry.register(frame, kinds, sameSiteAction);
      await direct.onFormsFound(frame, kinds, sameSiteAction).catch((error: unknown) => {
        // Nobody asked for this fill, so nobody is told it failed; only a real fault is logged (its kind only).
        if (!(error instanceof MessageFailure)) deps.onBackgroundFailure?.('fill on load', error);
      });
      return { ok: true };
    },
    'autofill.openMenu': (request, frame) => menu.openMenu(frame, request),
    'autofill.submitted': (request, frame) => offers.submitted(frame, request),
    'autofill.pendingPrompt': (_request, frame) => offers.pendingPrompt(frame),
  };

  /** The handlers for one message from an extension page; `sender.tab` is the menu's or prompt's tab (none for the popup). */
  function pageHandlers(sender: Browser.runtime.MessageSender): AutofillHandlers {
    const tabId = sender.tab?.id;
    return {
      'autofillMenu.state': (request) => menu.state(request, tabId),
      'autofillMenu.fill': (request) => menu.fill(request, tabId),
      'autofillMenu.generate': (request) => menu.generate(request, tabId),
      'autofillMenu.close': (request) => menu.close(request, tabId),
      'autofillPrompt.details': (request) => offers.details(request, tabId),
      'autofillPrompt.save': (request) => offers.save(request, tabId),
      'autofillPrompt.never': (request) => offers.never(request, tabId),
      'autofillPrompt.dismiss': (request) => offers.dismiss(request, tabId),
      'autofill.fillFromPopup': (request) => direct.fillFromPopup(request),
      'autofill.settings': () => settings.read(),
      'autofill.setFillOnLoad': ({ enabled }) => settings.setFillOnLoad(enabled),
      'autofill.forgetNeverSite': ({ site }) => settings.forgetNeverSite(site),
    };
  }

  return {
    contentHandlers,
    pageHandlers,

    /** commands.onCommand */
    async onCommand(command: string, tab?: Browser.tabs.Tab): Promise<void> {
      if (command === FILL_LOGIN_COMMAND) await direct.command(typeof tab?.id === 'number' && tab.id >= 0 ? tab.id : null);
    },

    /** tabs.onRemoved: everything about the tab goes. */
    async onTabRemoved(tabId: number): Promise<void> {
      direct.forgetTab(tabId);
      await tokens.dropTab(tabId);
      await registry.dropTab(tabId);
      await remembered.dropTab(tabId);
    },

    /**
     * tabs.onUpdated: the top frame started loading a page. Frames and menus without a document id
     * (Firefox) cannot be told apart from the next page's, so they go; a waiting save offer and the
     * username-first memory stay — step 2 and the page after a sign-in are exactly what come next.
     */
    async onTabUpdated(tabId: number, change: { status?: string }): Promise<void> {
      if (change.status !== 'loading') return;
      direct.forgetTab(tabId);
      await tokens.dropUnboundMenus(tabId);
      await registry.topNavigated(tabId);
    },

    /** The vault locked (or was found locked): submitted passwords waiting in save offers go. */
    onVaultLocked: () => tokens.dropOffers(),
  };
}

export type Autofill = ReturnType<typeof createAutofill>;
