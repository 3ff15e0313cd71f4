/**
 * How extension pages talk to the background: one typed function. Pages never call the hub
 * themselves; the background holds the session.
 */
import { browser } from 'wxt/browser';
import type { MessageResult, MessageType, RequestOf } from './messages.ts';

export async function sendMessage<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<MessageResult<T>> {
  try {
    const result = (await browser.runtime.sendMessage({ type, payload })) as MessageResult<T> | undefined;
    return result ?? { ok: false, error: { code: 'internal_error' } };
  } catch {
    // The background was restarting; the popup offers to try again.
    return { ok: false, error: { code: 'internal_error' } };
  }
}
