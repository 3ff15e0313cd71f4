/**
 * Turns a hub failure into the MessageFailure the popup sees: the code plus the few non-secret
 * details it needs (unmet password rules, seconds to wait). Background-only.
 */
import type { MessageError } from '../messaging/messages.ts';
import { MessageFailure } from '../messaging/router.ts';
import { HubRequestError } from './hub-client.ts';

/** Whole seconds from `now` until `until`, at least 1 (a wait of 0.2 s still means "wait"). */
export function secondsUntil(until: number, now: number): number {
  return Math.max(1, Math.ceil((until - now) / 1000));
}

export function failureFrom(error: HubRequestError, extra: Omit<MessageError, 'code'> = {}): MessageFailure {
  const unmetRules = Array.isArray(error.details.unmetRules) ? (error.details.unmetRules as MessageError['unmetRules']) : undefined;
  const retryAfter = typeof error.details.retryAfter === 'number' ? error.details.retryAfter : undefined;
  return new MessageFailure(error.code, {
    ...(unmetRules ? { unmetRules } : {}),
    ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
    ...extra,
  });
}

/** For `.catch(toFailure)`: hub errors become MessageFailures; anything else goes on unchanged. */
export function toFailure(error: unknown): never {
  throw error instanceof HubRequestError ? failureFrom(error) : error;
}
