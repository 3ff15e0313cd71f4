/**
 * HTTP routes for the signed-in account's vault keyset. A session reaches only its own account's
 * keyset: the account id comes from the access token, never from the request.
 *
 * Not-yet-activated accounts may read and write it too, on purpose: the creating browser is signed in
 * before the activation link is clicked (see session-service), and the user sets the master password
 * right after creating the account. Activation proves the email address; it guards nothing here.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Keyset, PutKeysetRequest, PutKeysetResponse } from '../../lib/protocol/vault-keyset.ts';
import { BEARER, requireSession, sessionOf } from '../http/authenticate.ts';
import type { SessionService } from '../sessions/session-service.ts';
import type { KeysetService } from './keyset-service.ts';

const KEYSET = '/v1/vault/keyset';

export function keysetRoutes(deps: { keysets: KeysetService; sessions: SessionService }): FastifyPluginAsyncZod {
  const { keysets } = deps;
  const tags = ['vault'];
  const preHandler = requireSession(deps.sessions);

  return async (app) => {
    app.get(KEYSET, {
      schema: {
        tags,
        summary: 'The wrapped vault key with its Argon2id salt and parameters (404 no_keyset before the first PUT)',
        security: BEARER,
        response: { 200: Keyset },
      },
      preHandler,
      handler: async (request) => keysets.read(sessionOf(request).accountId),
    });

    app.put(KEYSET, {
      schema: {
        tags,
        summary: 'Store the keyset if `replaces` names the current version (null: none yet); 409 conflict with `current` otherwise',
        security: BEARER,
        body: PutKeysetRequest,
        response: { 200: PutKeysetResponse },
      },
      preHandler,
      handler: async (request) => {
        const session = sessionOf(request);
        return keysets.write(session.accountId, session.deviceId, request.body);
      },
    });
  };
}
