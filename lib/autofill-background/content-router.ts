/**
 * Background-only. The entry point for messages from our content scripts (classifySender ===
 * 'content_script'): a narrower set than extension pages get (lib/messaging/router.ts). Every
 * message is parsed with zod, and its frame is taken from the browser-stamped sender only
 * (frame-ref.ts). Answers carry a token or a yes/no — never a preview, a password or a code.
 */
import type { Browser } from 'wxt/browser';
import type { ContentRequestMap, ContentRequestType, ContentResult } from '../autofill/protocol.ts';
import { ContentRequestSchemas, isContentRequestType } from '../messaging/content-messages.ts';
import { MessageFailure } from '../messaging/router.ts';
import { type FrameRef, frameRefOf } from './frame-ref.ts';

export type ContentHandlers = {
  [T in ContentRequestType]: (payload: ContentRequestMap[T]['request'], frame: FrameRef) => Promise<ContentRequestMap[T]['response']>;
};

export function createContentRouter(handlers: ContentHandlers, onUnexpected: (type: string, error: unknown) => void) {
  /** Undefined (synchronously) for messages that are not content-script messages: nobody answers them. */
  return function route(message: unknown, sender: Browser.runtime.MessageSender): Promise<ContentResult<ContentRequestType>> | undefined {
    if (typeof message !== 'object' || message === null) return undefined;
    const { type, payload } = message as { type?: unknown; payload?: unknown };
    if (!isContentRequestType(type)) return undefined;
    return handle(type, payload, sender);
  };

  async function handle(type: ContentRequestType, payload: unknown, sender: Browser.runtime.MessageSender): Promise<ContentResult<ContentRequestType>> {
    const parsed = ContentRequestSchemas[type].safeParse(payload ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'invalid_request' } };
    const frame = frameRefOf(sender, 'opaqueOrigin' in parsed.data && parsed.data.opaqueOrigin);
    if (!frame) return { ok: false, error: { code: 'invalid_request' } };
    try {
      const handler = handlers[type] as (payload: unknown, frame: FrameRef) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data, frame) } as ContentResult<ContentRequestType>;
    } catch (error) {
      if (error instanceof MessageFailure) return { ok: false, error: { code: error.detail.code } };
      onUnexpected(type, error);
      return { ok: false, error: { code: 'internal_error' } };
    }
  }
}
