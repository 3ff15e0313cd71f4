/**
 * The background's message entry point: checks the sender, parses the payload with zod, then runs
 * the handler. Only extension pages may use these messages; content scripts get their own, narrower
 * set (the autofill issue). Errors come back as codes; nothing secret is put into them.
 */
import type { ErrorCode } from '../protocol/errors.ts';
import { isErrorCode } from '../protocol/errors.ts';
import type { MessageError, MessageResult, MessageType, RequestOf, ResponseMap } from './messages.ts';
import { RequestSchemas } from './messages.ts';
import type { SenderKind } from './sender.ts';

export type Handlers = { [T in MessageType]: (payload: RequestOf<T>) => Promise<ResponseMap[T]> };

/** An expected failure a handler reports to the UI. */
export class MessageFailure extends Error {
  override name = 'MessageFailure';
  readonly detail: MessageError;
  constructor(code: ErrorCode, extra: Omit<MessageError, 'code'> = {}) {
    super(code);
    this.detail = { code, ...extra };
  }
}

export function createMessageRouter(handlers: Handlers, onUnexpected: (type: string, error: unknown) => void) {
  /** Returns undefined (synchronously) for messages that are not ours, so other listeners may answer. */
  return function route(message: unknown, senderKind: SenderKind): Promise<MessageResult<MessageType>> | undefined {
    if (senderKind !== 'extension_page') return undefined;
    if (typeof message !== 'object' || message === null) return undefined;
    const { type, payload } = message as { type?: unknown; payload?: unknown };
    if (typeof type !== 'string' || !Object.hasOwn(RequestSchemas, type)) return undefined;
    return handle(type as MessageType, payload);
  };

  async function handle(messageType: MessageType, payload: unknown): Promise<MessageResult<MessageType>> {
    const parsed = RequestSchemas[messageType].safeParse(payload ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'invalid_request' } };
    try {
      const handler = handlers[messageType] as (payload: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      return { ok: true, value } as MessageResult<MessageType>;
    } catch (error) {
      if (error instanceof MessageFailure) return { ok: false, error: error.detail };
      onUnexpected(messageType, error);
      return { ok: false, error: { code: 'internal_error' } };
    }
  }
}

export function toMessageError(code: unknown, extra: Omit<MessageError, 'code'> = {}): MessageError {
  return { code: isErrorCode(code) ? code : 'internal_error', ...extra };
}
