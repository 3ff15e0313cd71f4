/** `POST /v1/security-check`: a new picture when the person cannot read the one they have. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { NewChallengeRequest, NewChallengeResponse } from '../../lib/protocol/security-check.ts';
import type { AbuseGuard } from './abuse-guard.ts';

export function securityCheckRoutes(deps: { guard: AbuseGuard }): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/v1/security-check', {
      schema: {
        tags: ['security check'],
        summary: 'A new Security Check picture for an attempt of this kind (the replaced one stops working)',
        body: NewChallengeRequest,
        response: { 200: NewChallengeResponse },
      },
      handler: async (request) => ({ captcha: await deps.guard.newChallenge(request.body.kind, request.ip, request.body.replaces) }),
    });
  };
}
