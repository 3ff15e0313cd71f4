/** GET /health, GET /openapi.json and the stylesheet of the hub's pages. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HUB_SERVICE_NAME, HealthResponse } from '../../lib/protocol/health.ts';
import { HUB_CSS } from '../pages/html.ts';

export function metaRoutes(deps: { version: string }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/health', {
      schema: { tags: ['meta'], summary: 'Liveness, and how a client recognises a Tessera hub', response: { 200: HealthResponse } },
      handler: async () => ({ status: 'ok' as const, service: HUB_SERVICE_NAME, version: deps.version, apiVersion: 1 as const }),
    });

    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

    app.get('/assets/hub.css', { schema: { hide: true } }, async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(HUB_CSS),
    );
  };
}
