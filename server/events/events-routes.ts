/**
 * `GET /v1/events`: the WebSocket that tells a signed-in device what changed (lib/protocol/vault-sync.ts).
 *
 * - The first message must be `hello` with the device's access token, within the hello timeout;
 *   anything else, an unknown token or silence closes the socket with 4401 (EVENTS_CLOSE_UNAUTHORIZED).
 * - Then the hub sends `ready { revision, keysetVersion }` and forwards the account's notices:
 *   `revision` and `keyset` to every socket of the account, `signed_out` only to the sockets of the
 *   device that was signed out, which are closed with 4401 right after.
 * - `ping` is answered `pong`. A malformed or unknown message after `hello` closes with 4400.
 * - Heartbeat: every interval the hub sends a WebSocket ping frame and drops a socket that has not
 *   answered the previous one; it also checks that each socket's session still exists, so a socket
 *   never outlives its session even if a notice was lost (signed_out when the device has no session
 *   left, a plain 4401 when the device signed in again with a new session).
 * - On shutdown every socket is closed with 1001 (going away).
 */
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { RawData, WebSocket } from 'ws';
import { ClientEvent, EVENTS_CLOSE_UNAUTHORIZED, EVENTS_HELLO_TIMEOUT_MS, type HubEvent } from '../../lib/protocol/vault-sync.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { HubError } from '../http/hub-error.ts';
import type { AuthenticatedSession, SessionService } from '../sessions/session-service.ts';
import type { AccountEvent, Notifier } from './notifier.ts';

export const EVENTS_PATH = '/v1/events';
/** Closes a socket whose message after `hello` is not JSON or not a ClientEvent. */
export const EVENTS_CLOSE_INVALID_MESSAGE = 4400;
export const EVENTS_CLOSE_GOING_AWAY = 1001;
export const EVENTS_HEARTBEAT_MS = 30_000;
/** Every client message is tiny; anything larger is closed by ws with 1009. */
const MAX_MESSAGE_BYTES = 4096;
/** Sockets still open this long after the shutdown close frame are cut. */
const SHUTDOWN_GRACE_MS = 1_000;
/** Session ids per query in the heartbeat's session check. */
const SESSION_CHECK_CHUNK = 500;

export interface EventsRoutesDeps {
  db: Kysely<Database>;
  sessions: SessionService;
  notifier: Notifier;
  clock: Clock;
  /** The account's vault revision right now (0 before its first push); default: readVaultRevision. */
  accountRevision?: (accountId: string) => Promise<number>;
  helloTimeoutMs?: number;
  heartbeatMs?: number;
}

interface Connection {
  socket: WebSocket;
  session: AuthenticatedSession;
  /** Notices that arrived before `ready` went out, sent right after it. */
  pending: HubEvent[] | null;
}

/** The account's open, authenticated sockets. */
function createRegistry() {
  const byAccount = new Map<string, Set<Connection>>();
  return {
    add(connection: Connection) {
      const set = byAccount.get(connection.session.accountId) ?? new Set();
      set.add(connection);
      byAccount.set(connection.session.accountId, set);
    },
    remove(connection: Connection) {
      const set = byAccount.get(connection.session.accountId);
      set?.delete(connection);
      if (set?.size === 0) byAccount.delete(connection.session.accountId);
    },
    of: (accountId: string): Connection[] => [...(byAccount.get(accountId) ?? [])],
    all: (): Connection[] => [...byAccount.values()].flatMap((set) => [...set]),
  };
}

function send(socket: WebSocket, event: HubEvent): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
}

function parseMessage(data: RawData, isBinary: boolean): ClientEvent | null {
  if (isBinary) return null;
  try {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    const parsed = ClientEvent.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The keyset version of the account (0 before the first keyset). */
async function keysetVersion(db: Kysely<Database>, accountId: string): Promise<number> {
  const row = await db.selectFrom('vault_keysets').select('version').where('account_id', '=', accountId).executeTakeFirst();
  return row ? Number(row.version) : 0;
}

/**
 * Registers @fastify/websocket on the root instance, before any route: its onRoute hook must see every
 * route, so an upgrade request to a plain HTTP route is closed instead of left hanging.
 */
export async function installWebsocket(app: FastifyInstance): Promise<void> {
  await app.register(websocket, {
    options: { maxPayload: MAX_MESSAGE_BYTES },
    // The events routes close their sockets themselves (with 1001) in their own preClose hook.
    preClose: (done) => done(),
  });
}

/** The account's vault revision (`vault_state`, migration 0004); 0 before its first push. */
export async function readVaultRevision(db: Kysely<Database>, accountId: string): Promise<number> {
  const row = await db.selectFrom('vault_state').select('revision').where('account_id', '=', accountId).executeTakeFirst();
  return row ? Number(row.revision) : 0;
}

export function eventsRoutes(deps: EventsRoutesDeps): FastifyPluginAsync {
  const helloTimeoutMs = deps.helloTimeoutMs ?? EVENTS_HELLO_TIMEOUT_MS;
  const heartbeatMs = deps.heartbeatMs ?? EVENTS_HEARTBEAT_MS;
  const accountRevision = deps.accountRevision ?? ((accountId: string) => readVaultRevision(deps.db, accountId));

  return async (app) => {
    const registry = createRegistry();
    /** Every socket, authenticated or not, and whether it answered the last ping frame. */
    const sockets = new Map<WebSocket, { alive: boolean }>();
    let shuttingDown = false;

    function signOff(connection: Connection, signedOut: boolean, reason: string): void {
      registry.remove(connection);
      if (signedOut) send(connection.socket, { type: 'signed_out' });
      connection.socket.close(EVENTS_CLOSE_UNAUTHORIZED, reason);
    }

    const unsubscribe = deps.notifier.subscribe((accountId, event: AccountEvent) => {
      for (const connection of registry.of(accountId)) {
        if (event.type === 'signed_out') {
          if (connection.session.deviceId !== event.deviceId) continue;
          if (event.sessionId !== undefined && connection.session.sessionId !== event.sessionId) continue;
          signOff(connection, true, 'signed out');
          continue;
        }
        const notice: HubEvent = event.type === 'revision' ? { type: 'revision', revision: event.revision } : { type: 'keyset', version: event.version };
        if (connection.pending) connection.pending.push(notice);
        else send(connection.socket, notice);
      }
    });

    /** Closes sockets whose session is gone or expired (a lost or missed notice, an idle expiry). */
    async function checkSessions(): Promise<void> {
      const connections = registry.all();
      const now = deps.clock();
      for (let start = 0; start < connections.length; start += SESSION_CHECK_CHUNK) {
        const chunk = connections.slice(start, start + SESSION_CHECK_CHUNK);
        const live = new Set(
          (
            await deps.db
              .selectFrom('sessions')
              .select('id')
              .where('id', 'in', chunk.map((connection) => connection.session.sessionId))
              .where('refresh_expires_at', '>', now)
              .execute()
          ).map((row) => row.id),
        );
        for (const connection of chunk) {
          if (live.has(connection.session.sessionId)) continue;
          const { accountId, deviceId } = connection.session;
          const replaced = await deps.db
            .selectFrom('sessions')
            .select('id')
            .where('account_id', '=', accountId)
            .where('device_id', '=', deviceId)
            .where('refresh_expires_at', '>', now)
            .executeTakeFirst();
          signOff(connection, !replaced, replaced ? 'session replaced' : 'signed out');
        }
      }
    }

    let checking = false;
    const heartbeat = setInterval(() => {
      for (const [socket, state] of sockets) {
        if (!state.alive) {
          socket.terminate();
          continue;
        }
        state.alive = false;
        socket.ping();
      }
      if (checking) return;
      checking = true;
      checkSessions()
        .catch((error: unknown) => app.log.warn({ err: error }, 'events: session check failed'))
        .finally(() => {
          checking = false;
        });
    }, heartbeatMs);
    heartbeat.unref();

    app.addHook('preClose', async () => {
      shuttingDown = true;
      clearInterval(heartbeat);
      unsubscribe();
      const open = [...sockets.keys()];
      for (const socket of open) socket.close(EVENTS_CLOSE_GOING_AWAY, 'hub shutting down');
      const closed = Promise.all(open.map((socket) => new Promise((resolve) => socket.once('close', resolve))));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)))]);
      clearTimeout(timer);
      for (const socket of sockets.keys()) socket.terminate();
      await new Promise<void>((resolve) => app.websocketServer.close(() => resolve()));
    });

    function onSocket(socket: WebSocket): void {
      if (shuttingDown) {
        socket.close(EVENTS_CLOSE_GOING_AWAY, 'hub shutting down');
        return;
      }
      const state = { alive: true };
      sockets.set(socket, state);
      socket.on('pong', () => {
        state.alive = true;
      });
      let connection: Connection | null = null;
      let helloSeen = false;
      const helloTimer = setTimeout(() => socket.close(EVENTS_CLOSE_UNAUTHORIZED, 'hello expected'), helloTimeoutMs);
      socket.on('close', () => {
        clearTimeout(helloTimer);
        sockets.delete(socket);
        if (connection) registry.remove(connection);
      });

      async function hello(accessToken: string): Promise<void> {
        const session = await deps.sessions.authenticate(accessToken);
        if (!session) {
          socket.close(EVENTS_CLOSE_UNAUTHORIZED, 'unauthorized');
          return;
        }
        if (socket.readyState !== socket.OPEN) return;
        clearTimeout(helloTimer);
        // Registered before the state is read, so no notice falls between the read and the first send;
        // the ones that come meanwhile wait in `pending` and follow `ready` (a repeat is harmless).
        const current: Connection = { socket, session, pending: [] };
        connection = current;
        registry.add(current);
        const [revision, version] = await Promise.all([accountRevision(session.accountId), keysetVersion(deps.db, session.accountId)]);
        send(socket, { type: 'ready', revision, keysetVersion: version });
        const pending = current.pending ?? [];
        current.pending = null;
        for (const notice of pending) send(socket, notice);
      }

      // One message at a time, in order: a ping sent right after hello is answered after ready.
      let queue = Promise.resolve();
      socket.on('message', (data, isBinary) => {
        const message = parseMessage(data, isBinary);
        queue = queue
          .then(async () => {
            if (socket.readyState !== socket.OPEN) return;
            if (!helloSeen) {
              helloSeen = true;
              if (message?.type !== 'hello') {
                socket.close(EVENTS_CLOSE_UNAUTHORIZED, 'hello expected');
                return;
              }
              await hello(message.accessToken);
              return;
            }
            if (message?.type === 'ping') send(socket, { type: 'pong' });
            else socket.close(EVENTS_CLOSE_INVALID_MESSAGE, 'invalid message');
          })
          .catch((error: unknown) => {
            app.log.error({ err: error }, 'events: message handling failed');
            socket.close(1011, 'internal error');
          });
      });
    }

    app.route({
      method: 'GET',
      url: EVENTS_PATH,
      // OpenAPI cannot describe a WebSocket; the protocol is in lib/protocol/vault-sync.ts and README.
      schema: { hide: true },
      handler: async () => {
        throw new HubError(426, 'invalid_request', 'This address takes WebSocket connections only (see the /v1/events protocol).');
      },
      wsHandler: (socket) => onSocket(socket),
    });
  };
}
