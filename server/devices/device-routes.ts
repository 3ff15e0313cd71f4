/**
 * HTTP routes for the account's connected devices: list, rename, sign out remotely.
 *
 * A device is "connected" while it holds a live session; a signed-out device (or one idle past the
 * refresh lifetime) is off the list, and renaming or signing it out answers 404 device_not_found,
 * exactly like an unknown id or another account's device.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { DeviceIdParams, DeviceListResponse, DeviceView, RenameDeviceRequest } from '../../lib/protocol/devices.ts';
import { type Clock, toIso } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { BEARER, requireSession, sessionOf } from '../http/authenticate.ts';
import { HubError } from '../http/hub-error.ts';
import type { SessionService } from '../sessions/session-service.ts';

const deviceNotFound = () => new HubError(404, 'device_not_found', 'This account has no connected device with that id.');

export function deviceRoutes(deps: { db: Kysely<Database>; sessions: SessionService; clock: Clock }): FastifyPluginAsyncZod {
  /** The account's connected devices, most recently seen first; one device when `deviceId` is given. */
  async function connectedDevices(accountId: string, currentDeviceId: string, deviceId?: string): Promise<DeviceView[]> {
    let query = deps.db
      .selectFrom('devices')
      .innerJoin('sessions', (join) => join.onRef('sessions.account_id', '=', 'devices.account_id').onRef('sessions.device_id', '=', 'devices.id'))
      .select(['devices.id', 'devices.name', 'devices.browser', 'devices.platform', 'devices.created_at', 'devices.last_seen_at'])
      .where('devices.account_id', '=', accountId)
      // Devices idle past the refresh lifetime drop off too (their session row waits for the janitor).
      .where('sessions.refresh_expires_at', '>', deps.clock());
    if (deviceId !== undefined) query = query.where('devices.id', '=', deviceId);
    const rows = await query.orderBy('devices.last_seen_at', 'desc').execute();
    return rows.map(
      (row): DeviceView => ({
        id: row.id,
        name: row.name,
        browser: row.browser as DeviceView['browser'],
        platform: row.platform as DeviceView['platform'],
        createdAt: toIso(row.created_at),
        lastSeenAt: toIso(row.last_seen_at),
        current: row.id === currentDeviceId,
      }),
    );
  }

  return async (app) => {
    const preHandler = requireSession(deps.sessions);

    app.get('/v1/devices', {
      schema: { tags: ['devices'], summary: 'Browsers connected to this account', security: BEARER, response: { 200: DeviceListResponse } },
      preHandler,
      handler: async (request) => {
        const session = sessionOf(request);
        return { devices: await connectedDevices(session.accountId, session.deviceId) };
      },
    });

    app.patch('/v1/devices/:id', {
      schema: {
        tags: ['devices'],
        summary: 'Rename one of this account’s devices (the name is kept when that device signs in again)',
        security: BEARER,
        params: DeviceIdParams,
        body: RenameDeviceRequest,
        response: { 200: DeviceView },
      },
      preHandler,
      handler: async (request) => {
        const session = sessionOf(request);
        const [device] = await connectedDevices(session.accountId, session.deviceId, request.params.id);
        if (!device) throw deviceNotFound();
        await deps.db
          .updateTable('devices')
          .set({ name: request.body.name, renamed_at: deps.clock() })
          .where('account_id', '=', session.accountId)
          .where('id', '=', device.id)
          .execute();
        request.log.info({ accountId: session.accountId, deviceId: device.id }, 'device renamed');
        return { ...device, name: request.body.name };
      },
    });

    app.delete('/v1/devices/:id', {
      schema: {
        tags: ['devices'],
        summary: 'Sign one of this account’s devices out (revokes its tokens; its open event socket is told and closed)',
        security: BEARER,
        params: DeviceIdParams,
        response: { 204: z.null() },
      },
      preHandler,
      handler: async (request, reply) => {
        const session = sessionOf(request);
        if (!(await deps.sessions.signOutDevice(session.accountId, request.params.id, session))) throw deviceNotFound();
        return reply.status(204).send(null);
      },
    });
  };
}
