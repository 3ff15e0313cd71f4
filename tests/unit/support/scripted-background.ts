/** Test-only: the background as the popup sees it — a scripted answer per message type, every call recorded. */
import type { MessageError, MessageResult, MessageType, RequestOf, ResponseMap } from '../../../lib/messaging/messages.ts';
import type { ErrorCode } from '../../../lib/protocol/errors.ts';

export type Script = { [T in MessageType]?: (payload: RequestOf<T>) => Promise<MessageResult<T>> | MessageResult<T> };

export const ok = <T extends MessageType>(value: ResponseMap[T]): MessageResult<T> => ({ ok: true, value });
/** A failure fits every message's result. */
export const fail = (code: ErrorCode, extra: { retryAfterSeconds?: number } = {}): { ok: false; error: MessageError } => ({ ok: false, error: { code, ...extra } });

export function scriptedBackground(script: Script) {
  const calls: { type: MessageType; payload: unknown }[] = [];
  const send = async <T extends MessageType>(type: T, payload: RequestOf<T>): Promise<MessageResult<T>> => {
    calls.push({ type, payload });
    const answer = script[type] as ((payload: RequestOf<T>) => Promise<MessageResult<T>> | MessageResult<T>) | undefined;
    if (!answer) throw new Error(`unexpected message ${type}`);
    return answer(payload);
  };
  return { send, calls, types: () => calls.map((call) => call.type) };
}
