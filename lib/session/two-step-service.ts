/**
 * Two-step verification settings of the signed-in account (`twoStep.*` messages): phone, SMS
 * codes, authenticator app. Background-only: every call rides on the session's access token, which
 * never leaves the background; passwords and codes are passed through to the hub, never kept.
 */
import type { RequestOf } from '../messaging/messages.ts';
import { MessageFailure } from '../messaging/router.ts';
import { normalizePhoneNumber } from '../protocol/two-step.ts';
import { toFailure } from './failure.ts';
import type { HubClient } from './hub-client.ts';

export interface TwoStepServiceDeps {
  hub: HubClient;
  /** session-service's `authorized`: refreshes the tokens when needed, signs out when they are gone. */
  authorized: <T>(call: (token: string, baseUrl: string) => Promise<T>) => Promise<{ value: T }>;
}

export function createTwoStepService({ hub, authorized }: TwoStepServiceDeps) {
  const withToken = async <T>(call: (token: string, baseUrl: string) => Promise<T>): Promise<T> =>
    (await authorized(call).catch(toFailure)).value;
  const twoStep = hub.twoStep;

  return {
    status: () => withToken((token, baseUrl) => twoStep.status(token, baseUrl)),

    /** Saves the number in E.164 form; one that cannot be a phone number never reaches the hub. */
    async setPhone({ phone, password }: RequestOf<'twoStep.setPhone'>) {
      const normalized = normalizePhoneNumber(phone);
      if (!normalized) throw new MessageFailure('invalid_phone');
      return withToken((token, baseUrl) => twoStep.setPhone({ phone: normalized, password }, token, baseUrl));
    },

    verifyPhone: ({ code }: RequestOf<'twoStep.verifyPhone'>) =>
      withToken((token, baseUrl) => twoStep.verifyPhone({ code: code.replace(/\s+/g, '') }, token, baseUrl)),

    setSms: (request: RequestOf<'twoStep.setSms'>) => withToken((token, baseUrl) => twoStep.setSms(request, token, baseUrl)),

    startTotp: (request: RequestOf<'twoStep.startTotp'>) => withToken((token, baseUrl) => twoStep.startTotp(request, token, baseUrl)),

    confirmTotp: ({ code }: RequestOf<'twoStep.confirmTotp'>) =>
      withToken((token, baseUrl) => twoStep.confirmTotp({ code: code.replace(/\s+/g, '') }, token, baseUrl)),

    disableTotp: (request: RequestOf<'twoStep.disableTotp'>) => withToken((token, baseUrl) => twoStep.disableTotp(request, token, baseUrl)),
  };
}

export type TwoStepService = ReturnType<typeof createTwoStepService>;
