/**
 * Content-safe. The few extension APIs the content script uses, straight from the browser's own
 * namespace (`browser` in Firefox, `chrome` in Chrome) instead of webextension-polyfill, which
 * alone would eat a third of the 8 KB budget. Both return promises from runtime.sendMessage in MV3;
 * both honour `sendResponse` + `return true` in onMessage (Chrome ignores a returned promise).
 *
 * Keeps one invariant for everything that arrives: a `tessera.*` message counts only when this
 * extension's background sent it — same extension id and no `sender.tab`. Our own menu and prompt
 * iframes run inside a tab, so they (and any other sender in a page) carry a tab and are ignored.
 */
import type { ContentRequestMap, ContentRequestType, ContentResult, ToContent } from './protocol.ts';

export interface MessageSender {
  id?: string;
  tab?: unknown;
}

type Listener = (message: unknown, sender: MessageSender, sendResponse: (answer: unknown) => void) => boolean | undefined;

/** The slice of `browser`/`chrome` we touch (structural, so tests pass a plain object). */
export interface ExtensionApi {
  runtime: {
    id?: string;
    getURL(path: string): string;
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: { addListener(listener: Listener): void; removeListener(listener: Listener): void };
  };
  dom?: { openOrClosedShadowRoot?(element: Element): ShadowRoot | null };
}

export interface ContentRuntime {
  getURL(path: string): string;
  /** Asks the background; null when it said no, failed, or the extension was reloaded under us. */
  ask<T extends ContentRequestType>(type: T, payload: ContentRequestMap[T]['request']): Promise<ContentRequestMap[T]['response'] | null>;
  /** Handles background messages; the handler's value is the answer. Returns the unsubscribe. */
  listen(handler: (message: ToContent) => unknown): () => void;
  /** Closed shadow roots where the browser lets an extension reach them. */
  shadowRoot(element: Element): ShadowRoot | null | undefined;
}

const isToContent = (message: unknown): message is ToContent =>
  typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string' && (message as { type: string }).type.startsWith('tessera.');

export function contentRuntime(api: ExtensionApi): ContentRuntime {
  return {
    getURL: (path) => api.runtime.getURL(path),
    async ask(type, payload) {
      try {
        const answer = (await api.runtime.sendMessage({ type, payload })) as ContentResult<typeof type> | undefined;
        return answer?.ok ? answer.value : null;
      } catch {
        // "Extension context invalidated" after an update, or the worker was restarting.
        return null;
      }
    },
    listen(handler) {
      const listener: Listener = (message, sender, sendResponse) => {
        if (!isToContent(message) || !api.runtime.id || sender.id !== api.runtime.id || sender.tab) return undefined;
        Promise.resolve()
          .then(() => handler(message))
          .then(sendResponse, () => sendResponse(undefined));
        return true;
      };
      api.runtime.onMessage.addListener(listener);
      return () => api.runtime.onMessage.removeListener(listener);
    },
    shadowRoot(element) {
      const reach = api.dom?.openOrClosedShadowRoot;
      if (reach) return reach.call(api.dom, element);
      return (element as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot;
    },
  };
}

/** The browser's extension namespace, or undefined outside an extension (a page that copied us). */
export function extensionApi(): ExtensionApi | undefined {
  const scope = globalThis as { browser?: ExtensionApi; chrome?: ExtensionApi };
  const api = scope.browser?.runtime?.id ? scope.browser : scope.chrome;
  return api?.runtime?.id ? api : undefined;
}
