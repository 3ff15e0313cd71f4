/** HTTP routes for sessions: sign in, refresh, sign out. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RefreshRequest, SessionTokens, SignInRequest } from '../../lib/protocol/sessions.ts';
import { BEARER, requireSession, sessionOf } from '../http/authenticate.ts';
import type { SessionService } from './session-service.ts';

export function sessionRoutes(deps: { sessions: SessionService }): FastifyPluginAsyncZod {
  const { sessions } = deps;
  return async (app) => {
    app.post('/v1/sessions', {
      schema: {
        tags: ['sessions'],
        summary: 'Sign in this device',
        body: SignInRequest,
        response: { 200: SessionTokens },
      },
      handler: async (request) => sessions.signIn(request.body, { ip: request.ip }),
    });

    app.post('/v1/sessions/refresh', {
      schema: {
        tags: ['sessions'],
        summary: 'Exchange the refresh token for a new token pair (the old refresh token stops working)',
        body: RefreshRequest,
        response: { 200: SessionTokens },
      },
      handler: async (request) => sessions.refresh(request.body.refreshToken),
    });

    app.delete('/v1/sessions/current', {
      schema: { tags: ['sessions'], summary: 'Sign this device out (revokes its tokens)', security: BEARER, response: { 204: z.null() } },
      preHandler: requireSession(sessions),
      handler: async (request, reply) => {
        await sessions.signOut(sessionOf(request));
        return reply.status(204).send(null);
      },
    });
  };
}
