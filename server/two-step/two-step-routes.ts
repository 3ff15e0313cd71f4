/** HTTP routes for the signed-in account's two-step verification settings. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ConfirmTotpRequest,
  DisableTotpRequest,
  RecoveryCodesResponse,
  SetPhoneRequest,
  SetSmsTwoStepRequest,
  StartTotpRequest,
  TotpEnrolment,
  TwoStepStatus,
  VerifyPhoneRequest,
} from '../../lib/protocol/two-step.ts';
import type { AccountService } from '../accounts/account-service.ts';
import type { AccountRow } from '../accounts/account-view.ts';
import { BEARER, requireSession, sessionOf } from '../http/authenticate.ts';
import { unauthorized } from '../http/hub-error.ts';
import type { SessionService } from '../sessions/session-service.ts';
import type { TwoStepService } from './two-step-service.ts';

export function twoStepRoutes(deps: { twoStep: TwoStepService; accounts: AccountService; sessions: SessionService }): FastifyPluginAsyncZod {
  const { twoStep } = deps;
  const tags = ['two-step verification'];
  const preHandler = requireSession(deps.sessions);

  return async (app) => {
    async function accountOf(request: Parameters<typeof sessionOf>[0]): Promise<AccountRow> {
      const account = await deps.accounts.findById(sessionOf(request).accountId);
      if (!account) throw unauthorized();
      return account;
    }

    app.get('/v1/account/two-step', {
      schema: { tags, summary: 'Two-step verification settings', security: BEARER, response: { 200: TwoStepStatus } },
      preHandler,
      handler: async (request) => twoStep.status((await accountOf(request)).id),
    });

    app.post('/v1/account/two-step/phone', {
      schema: {
        tags,
        summary: 'Send a verification code to a new phone number (it becomes the account’s once verified)',
        security: BEARER,
        body: SetPhoneRequest,
        response: { 202: z.object({ smsResendIn: z.number().int().min(0) }) },
      },
      preHandler,
      handler: async (request, reply) =>
        reply.status(202).send(await twoStep.setPhone(await accountOf(request), request.body.phone, request.body.password)),
    });

    app.post('/v1/account/two-step/phone/verification', {
      schema: { tags, summary: 'Confirm the phone number with the code from the SMS', security: BEARER, body: VerifyPhoneRequest, response: { 200: TwoStepStatus } },
      preHandler,
      handler: async (request) => twoStep.verifyPhone(await accountOf(request), request.body.code),
    });

    app.put('/v1/account/two-step/sms', {
      schema: { tags, summary: 'Turn two-step verification by SMS on or off', security: BEARER, body: SetSmsTwoStepRequest, response: { 200: TwoStepStatus } },
      preHandler,
      handler: async (request) => twoStep.setSms(await accountOf(request), request.body.enabled, request.body.password),
    });

    app.post('/v1/account/two-step/totp', {
      schema: { tags, summary: 'Start setting up an authenticator app', security: BEARER, body: StartTotpRequest, response: { 200: TotpEnrolment } },
      preHandler,
      handler: async (request) => twoStep.startTotp(await accountOf(request), request.body.password),
    });

    app.post('/v1/account/two-step/totp/confirmation', {
      schema: {
        tags,
        summary: 'Turn the authenticator app on with its first code; answers the recovery codes, once',
        security: BEARER,
        body: ConfirmTotpRequest,
        response: { 200: RecoveryCodesResponse },
      },
      preHandler,
      handler: async (request) => twoStep.confirmTotp(await accountOf(request), request.body.code),
    });

    app.post('/v1/account/two-step/totp/removal', {
      schema: { tags, summary: 'Turn the authenticator app off', security: BEARER, body: DisableTotpRequest, response: { 200: TwoStepStatus } },
      preHandler,
      handler: async (request) => twoStep.disableTotp(await accountOf(request), request.body.password),
    });
  };
}
