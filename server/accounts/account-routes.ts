/** HTTP routes for accounts: create, activate (API), resend activation, read own account, regions. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AcceptedResponse,
  AccountView,
  ActivationRequest,
  ActivationResponse,
  CreateAccountRequest,
  CreateAccountResponse,
  RegionListResponse,
  ResendActivationRequest,
} from '../../lib/protocol/accounts.ts';
import { REGIONS } from '../../lib/protocol/regions.ts';
import { BEARER, bearerToken, OPTIONAL_BEARER, optionalSession, requireSession, sessionOf } from '../http/authenticate.ts';
import { HubError, unauthorized } from '../http/hub-error.ts';
import type { AbuseGuard, Attempt } from '../security-check/abuse-guard.ts';
import { attemptAccountKey, type SessionService } from '../sessions/session-service.ts';
import type { AccountService } from './account-service.ts';
import { toAccountView } from './account-view.ts';

/** Registration failures that count towards the Security Check: the answers an abuser probes with. */
const REGISTRATION_FAILURES = new Set(['email_in_use', 'invalid_email', 'common_password']);

export function accountRoutes(deps: { accounts: AccountService; sessions: SessionService; guard: AbuseGuard }): FastifyPluginAsyncZod {
  const { accounts, sessions, guard } = deps;
  return async (app) => {
    app.post('/v1/accounts', {
      schema: {
        tags: ['accounts'],
        summary: 'Create a My Tessera account and send its activation email',
        body: CreateAccountRequest,
        response: { 201: CreateAccountResponse },
      },
      handler: async (request, reply) => {
        const attempt: Attempt = {
          kind: 'registration',
          account: attemptAccountKey(request.body.email),
          ip: request.ip,
          deviceId: request.body.device?.id ?? null,
        };
        await guard.admit(attempt, request.body.captcha);
        try {
          const account = await accounts.create(request.body);
          return reply.status(201).send({ account });
        } catch (error) {
          if (error instanceof HubError && REGISTRATION_FAILURES.has(error.code)) {
            const next = await guard.recordFailure(attempt);
            throw new HubError(error.statusCode, error.code, error.message, { ...error.details, ...next }, error.headers);
          }
          throw error;
        }
      },
    });

    app.post('/v1/accounts/activation', {
      schema: {
        tags: ['accounts'],
        summary: 'Activate an account with the token from its activation email',
        body: ActivationRequest,
        response: { 200: ActivationResponse },
      },
      handler: async (request) => {
        const outcome = await accounts.activate(request.body.token);
        switch (outcome.status) {
          case 'activated':
            return { activated: true as const };
          case 'used':
            throw new HubError(400, 'token_used', 'This activation link was already used.');
          case 'expired':
            throw new HubError(400, 'token_expired', 'This activation link has expired; ask for a new one.');
          default:
            throw new HubError(400, 'invalid_token', 'This activation link is not valid.');
        }
      },
    });

    app.post('/v1/accounts/activation-email', {
      schema: {
        tags: ['accounts'],
        summary: 'Send the activation email again (signed in: to this account; otherwise to the named address)',
        security: OPTIONAL_BEARER,
        // Fastify hands a bodyless request to validation as `null`, not `undefined`: nullish, so a
        // signed-in caller can post without a body as the protocol promises.
        body: ResendActivationRequest.nullish(),
        response: { 202: AcceptedResponse },
      },
      handler: async (request, reply) => {
        const session = await optionalSession(request, sessions);
        if (session) {
          const account = await accounts.findById(session.accountId);
          if (!account) throw unauthorized();
          await accounts.resendActivation(account, false);
        } else {
          const email = request.body?.email;
          if (!email) {
            // A caller that did send a bearer token meant "my account": tell it the token is no good
            // (so it refreshes and retries) rather than asking for an address it never meant to send.
            if (bearerToken(request)) throw unauthorized();
            throw new HubError(400, 'invalid_request', 'Sign in, or name the email address of the account.');
          }
          const account = await accounts.findByEmail(email);
          if (account) await accounts.resendActivation(account, true);
        }
        return reply.status(202).send({ accepted: true as const });
      },
    });

    app.get('/v1/account', {
      schema: { tags: ['accounts'], summary: 'The signed-in account', security: BEARER, response: { 200: AccountView } },
      preHandler: requireSession(sessions),
      handler: async (request) => {
        const account = await accounts.findById(sessionOf(request).accountId);
        if (!account) throw unauthorized();
        return toAccountView(account);
      },
    });

    app.get('/v1/regions', {
      schema: { tags: ['accounts'], summary: 'Regions an account can be created in', response: { 200: RegionListResponse } },
      handler: async () => ({ regions: REGIONS.map(({ id, language }) => ({ id, language })) }),
    });
  };
}
