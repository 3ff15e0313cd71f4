/**
 * Bearer authentication for hub routes: `Authorization: Bearer <accessToken>`. Anything else —
 * missing, malformed, expired or revoked — is 401 `unauthorized`, with no hint which.
 */
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedSession, SessionService } from '../sessions/session-service.ts';
import { unauthorized } from './hub-error.ts';

declare module 'fastify' {
  interface FastifyRequest {
    session: AuthenticatedSession | null;
  }
}

const BEARER_HEADER = /^Bearer ([A-Za-z0-9_-]{1,128})$/;

type SecurityRequirements = readonly Record<string, readonly string[]>[];
/** OpenAPI `security` of routes behind requireSession (the scheme is declared in app.ts). */
export const BEARER: SecurityRequirements = [{ bearer: [] }];
/** OpenAPI `security` of routes that act on the caller's account when a token is sent, and work without. */
export const OPTIONAL_BEARER: SecurityRequirements = [{ bearer: [] }, {}];

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  return BEARER_HEADER.exec(header)?.[1] ?? null;
}

/** Resolves the caller's session if a valid token is present; null otherwise. */
export async function optionalSession(request: FastifyRequest, sessions: SessionService): Promise<AuthenticatedSession | null> {
  const token = bearerToken(request);
  if (!token) return null;
  return sessions.authenticate(token);
}

/** A preHandler that refuses the request unless it carries a valid access token. */
export function requireSession(sessions: SessionService) {
  return async (request: FastifyRequest): Promise<void> => {
    const session = await optionalSession(request, sessions);
    if (!session) throw unauthorized();
    request.session = session;
  };
}

/** For handlers behind requireSession. */
export function sessionOf(request: FastifyRequest): AuthenticatedSession {
  if (!request.session) throw unauthorized();
  return request.session;
}
