/**
 * Test-only. Autofill's background side over a real vault (tests/unit/support/vault-harness.ts: real
 * crypto, fake IndexedDB, fakeBrowser storage.session), with content scripts and extension pages
 * stamped the way the browser stamps senders, and tabs.sendMessage recorded instead of delivered.
 */
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ContentRequestMap, ContentRequestType, ContentResult, ToContent } from '../../autofill/protocol.ts';
import type { RequestOf, ResponseMap } from '../../messaging/messages.ts';
import type { ItemContent } from '../../protocol/vault-item.ts';
import { createDevice, createFakeKeysetHub, login, MASTER } from '../../../tests/unit/support/vault-harness.ts';
import { type Autofill, type AutofillMessage, createAutofill } from '../autofill.ts';
import { createContentRouter } from '../content-router.ts';

export const GENERATED = 'Generated-Password-1!';

export interface Sent {
  tabId: number;
  message: ToContent;
  options: { frameId: number; documentId?: string };
}

export interface FrameSpec {
  tabId?: number;
  frameId?: number;
  url: string;
  /** Chrome's sender.origin; absent in Firefox (then it comes from the URL). */
  origin?: string;
  documentId?: string;
}

/** A content script's sender, as the browser stamps it. */
export function contentSender({ tabId = 1, frameId = 0, url, origin, documentId }: FrameSpec): Browser.runtime.MessageSender {
  return {
    id: fakeBrowser.runtime.id,
    url,
    tab: { id: tabId, index: 0, windowId: 1, active: true } as Browser.tabs.Tab,
    frameId,
    ...(origin === undefined ? {} : { origin }),
    ...(documentId === undefined ? {} : { documentId }),
  } as Browser.runtime.MessageSender;
}

/** The menu or prompt iframe (an extension page) inside tab `tabId`; the popup has no tab. */
export function pageSender(tabId: number | null, page = '/autofill-menu.html'): Browser.runtime.MessageSender {
  return {
    id: fakeBrowser.runtime.id,
    url: fakeBrowser.runtime.getURL(page as '/popup.html'),
    ...(tabId === null ? {} : { tab: { id: tabId, index: 0, windowId: 1, active: true } as Browser.tabs.Tab, frameId: 9 }),
  };
}

export function site(title: string, url: string, overrides: Partial<NonNullable<ItemContent['login']>> = {}): ItemContent {
  return login(title, { websites: [{ url, match: 'site' }], ...overrides });
}

/** The vault as background.ts wires it for autofill: the vault harness's device with the `onLocked` hook. */
const createVaultDevice = (onLocked: () => Promise<void>) => createDevice({ hub: createFakeKeysetHub(), onLocked });

export async function createHarness() {
  let autofill: Autofill | null = null;
  const device = createVaultDevice(async () => {
    await autofill?.onVaultLocked();
  });
  await device.handlers['vault.setup']({ masterPassword: MASTER });
  const sent: Sent[] = [];
  const browserSide = {
    /** What a content script answers to a fill (default: it filled). */
    answer: (_sent: Sent): unknown => ({ filled: true }),
    activeTabId: 1 as number | null,
    popupsOpened: 0,
  };
  const unexpected: unknown[] = [];

  const build = () =>
    (autofill = createAutofill({
      vault: device.vault.autofillParts,
      send: async (tabId, message, options) => {
        const entry = { tabId, message, options };
        sent.push(entry);
        const answer = browserSide.answer(entry);
        if (answer instanceof Error) throw answer;
        return answer;
      },
      activeTabId: async () => browserSide.activeTabId,
      openPopup: async () => {
        browserSide.popupsOpened += 1;
      },
      now: () => device.clock.now,
      generate: () => GENERATED,
      onBackgroundFailure: (_what, error) => unexpected.push(error),
    }));

  const harness = {
    device,
    sent,
    browser: browserSide,
    unexpected,
    autofill: build(),
    /** A new service worker: memory gone; storage.session and IndexedDB kept. */
    restart() {
      device.restart();
      harness.autofill = build();
    },

    async addItem(content: ItemContent, favourite = false) {
      return device.handlers['vault.create']({ content, favourite });
    },

    /** A content script's message through the content router, as the browser delivers it. */
    async fromContent<T extends ContentRequestType>(type: T, payload: unknown, sender: Browser.runtime.MessageSender): Promise<ContentResult<T>> {
      const route = createContentRouter(harness.autofill.contentHandlers, (_type, error) => unexpected.push(error));
      return (await route({ type, payload }, sender)) as ContentResult<T>;
    },

    /** The value of a content-script message that must succeed. */
    async content<T extends ContentRequestType>(type: T, payload: ContentRequestMap[T]['request'], sender: Browser.runtime.MessageSender): Promise<ContentRequestMap[T]['response']> {
      const result = await harness.fromContent(type, payload, sender);
      if (!result.ok) throw new Error(`${type} failed: ${result.error.code}`);
      return result.value;
    },

    /** An extension page's autofill message (handlers bound to its sender, as background.ts binds them). */
    page<T extends AutofillMessage>(type: T, payload: RequestOf<T>, sender: Browser.runtime.MessageSender): Promise<ResponseMap[T]> {
      const handler = harness.autofill.pageHandlers(sender)[type] as (payload: RequestOf<T>) => Promise<ResponseMap[T]>;
      return handler(payload);
    },

    /** Opens a menu on a field of the frame and answers its token. */
    async openMenu(sender: Browser.runtime.MessageSender, field: 'username' | 'password' | 'newPassword' | 'otp' = 'password', formKind: ContentRequestMap['autofill.openMenu']['request']['formKind'] = 'sign-in') {
      const answer = await harness.content('autofill.openMenu', { field, formKind, opaqueOrigin: false }, sender);
      if (!answer) throw new Error('no menu');
      return answer.token;
    },

    fills: () => sent.filter((entry) => entry.message.type === 'tessera.fill'),
  };
  return harness;
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;

/** The MessageFailure code a promise rejects with (the vault harness's helper). */
export { failureCode as codeOf } from '../../../tests/unit/support/vault-harness.ts';
