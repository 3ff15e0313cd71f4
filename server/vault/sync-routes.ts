/**
 * HTTP routes of vault sync: `GET /v1/vault/changes` (pull) and `POST /v1/vault/changes` (push).
 * A session reaches only its own account's items: the account id comes from the access token.
 * Limits (README "Sync"): a blob ≤ SYNC_LIMITS.maxBlobBytes (413 item_too_large, with the item id),
 * ≤ maxChangesPerBatch changes and ≤ PUSH_BODY_LIMIT_BYTES per push (413 payload_too_large), pages of
 * ≤ maxPageSize items, and VAULT_MAX_ITEMS live items per account (403 quota_exceeded).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ItemId } from '../../lib/protocol/vault-item.ts';
import { ChangesPage, ChangesQuery, PushRequest, PushResponse, SYNC_LIMITS } from '../../lib/protocol/vault-sync.ts';
import { BEARER, requireSession, sessionOf } from '../http/authenticate.ts';
import { HubError } from '../http/hub-error.ts';
import type { SessionService } from '../sessions/session-service.ts';
import type { SyncService } from './sync-service.ts';

const CHANGES = '/v1/vault/changes';

/** The largest push body: a batch of small items fits many times; large blobs go in several batches. */
export const PUSH_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** Bytes a base64 text of this length and padding decodes to (an estimate when it is not base64). */
function decodedBytes(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - padding;
}

/**
 * Answers an oversized blob with 413 item_too_large naming the item, before the schema would answer a
 * plain 400. Only looks at shapes it can trust (an array of objects with a valid id and a string blob);
 * everything else is left to the schema.
 */
async function refuseOversizedBlobs(request: FastifyRequest): Promise<void> {
  const changes = (request.body as { changes?: unknown } | null | undefined)?.changes;
  if (!Array.isArray(changes)) return;
  for (const change of changes as unknown[]) {
    if (typeof change !== 'object' || change === null) continue;
    const { id, blob } = change as { id?: unknown; blob?: unknown };
    if (typeof blob !== 'string' || decodedBytes(blob) <= SYNC_LIMITS.maxBlobBytes) continue;
    if (!ItemId.safeParse(id).success) continue;
    throw new HubError(413, 'item_too_large', `An item blob may hold at most ${SYNC_LIMITS.maxBlobBytes} bytes.`, {
      id,
      maxBytes: SYNC_LIMITS.maxBlobBytes,
    });
  }
}

export function syncRoutes(deps: { sync: SyncService; sessions: SessionService; bodyLimitBytes: number }): FastifyPluginAsyncZod {
  const { sync } = deps;
  const tags = ['vault'];
  const preHandler = requireSession(deps.sessions);

  return async (app) => {
    app.get(CHANGES, {
      schema: {
        tags,
        summary: 'Items and tombstones changed after the cursor `since`, oldest first, paged; an unchanged vault answers an empty page',
        security: BEARER,
        querystring: ChangesQuery,
        response: { 200: ChangesPage },
      },
      preHandler,
      handler: async (request) => sync.changes(sessionOf(request).accountId, request.query),
    });

    app.post(CHANGES, {
      bodyLimit: Math.max(PUSH_BODY_LIMIT_BYTES, deps.bodyLimitBytes),
      schema: {
        tags,
        summary:
          'Apply a batch of changes, each based on the revision the device last saw (per-item `conflict` otherwise); the same batchId again gets the same answer',
        security: BEARER,
        body: PushRequest,
        response: { 200: PushResponse },
      },
      preValidation: refuseOversizedBlobs,
      preHandler,
      handler: async (request) => {
        const session = sessionOf(request);
        return sync.push(session.accountId, session.deviceId, request.body);
      },
    });
  };
}
