/** HTTP routes for the account's connected devices. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { DeviceListResponse, type DeviceView } from '../../lib/protocol/devices.ts';
import { type Clock, toIso } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { BEARER, requireSession, sessionOf } from '../http/authenticate.ts';
import type { SessionService } from '../sessions/session-service.ts';

export function deviceRoutes(deps: { db: Kysely<Database>; sessions: SessionService; clock: Clock }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/v1/devices', {
      schema: { tags: ['devices'], summary: 'Browsers connected to this account', security: BEARER, response: { 200: DeviceListResponse } },
      preHandler: requireSession(deps.sessions),
      handler: async (request) => {
        const session = sessionOf(request);
        // A device is connected while it holds a live session; signed-out devices drop off the list, and
        // so do devices idle past the refresh lifetime (their session row waits for the janitor).
        const rows = await deps.db
          .selectFrom('devices')
          .innerJoin('sessions', (join) =>
            join.onRef('sessions.account_id', '=', 'devices.account_id').onRef('sessions.device_id', '=', 'devices.id'),
          )
          .select(['devices.id', 'devices.name', 'devices.browser', 'devices.platform', 'devices.created_at', 'devices.last_seen_at'])
          .where('devices.account_id', '=', session.accountId)
          .where('sessions.refresh_expires_at', '>', deps.clock())
          .orderBy('devices.last_seen_at', 'desc')
          .execute();
        const devices = rows.map(
          (row): DeviceView => ({
            id: row.id,
            name: row.name,
            browser: row.browser as DeviceView['browser'],
            platform: row.platform as DeviceView['platform'],
            createdAt: toIso(row.created_at),
            lastSeenAt: toIso(row.last_seen_at),
            current: row.id === session.deviceId,
          }),
        );
        return { devices };
      },
    });
  };
}
