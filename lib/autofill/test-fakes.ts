/**
 * Test support only (never imported by the content script): a fake of the browser's extension
 * namespace that delivers messages the way Chrome does — an answer only from a listener that kept
 * the channel open by returning true.
 */
import type { ExtensionApi, MessageSender } from './runtime.ts';

type Listener = Parameters<ExtensionApi['runtime']['onMessage']['addListener']>[0];

export function fakeExtensionApi(answer: (message: { type: string; payload: unknown }) => unknown = () => undefined) {
  const listeners = new Set<Listener>();
  const sent: { type: string; payload: unknown }[] = [];
  const api: ExtensionApi = {
    runtime: {
      id: 'tessera-id',
      getURL: (path) => `chrome-extension://tessera-id${path}`,
      sendMessage: async (message) => {
        sent.push(message as { type: string; payload: unknown });
        return answer(message as { type: string; payload: unknown });
      },
      onMessage: { addListener: (l) => void listeners.add(l), removeListener: (l) => void listeners.delete(l) },
    },
  };
  /** Delivers like the browser: the answer a listener sent, or 'unanswered' when none kept the channel. */
  const deliver = (message: unknown, sender: MessageSender) =>
    new Promise<unknown>((resolve) => {
      let kept = false;
      for (const listener of listeners) if (listener(message, sender, resolve) === true) kept = true;
      if (!kept) resolve('unanswered');
    });
  return { api, sent, deliver, listeners };
}

export const FROM_BACKGROUND: MessageSender = { id: 'tessera-id' };

