/**
 * `/v1/events` against a listening in-process hub with a real WebSocket client: hello and its
 * refusals, ready, notices per account and per device, remote sign-out, the heartbeat and shutdown.
 * The hello timeout and heartbeat are shortened so the suite stays fast.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENTS_CLOSE_UNAUTHORIZED, type HubEvent } from '../../lib/protocol/vault-sync.ts';
import { createPasswordHasher } from '../../server/accounts/password-hasher.ts';
import { buildHub } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { EVENTS_CLOSE_GOING_AWAY, EVENTS_CLOSE_INVALID_MESSAGE } from '../../server/events/events-routes.ts';
import { type EventSocket, openEventSocket, pause } from '../support/event-socket.ts';
import { bearer, createActivatedAccount, newDevice, postRefresh, signIn, type Tokens } from '../support/hub-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { createTestClock, type TestClock } from '../support/test-hub.ts';

const HELLO_TIMEOUT_MS = 300;
const HEARTBEAT_MS = 150;

interface EventsHub {
  app: FastifyInstance;
  url: string;
  clock: TestClock;
  testDatabase: TestDatabase;
}

const KEYSET_BODY = (replaces: number | null) => ({
  replaces,
  kdf: { algorithm: 'argon2id', memoryKiB: 65_536, iterations: 3, parallelism: 4 },
  salt: randomBytes(16).toString('base64'),
  wrappedKey: randomBytes(73).toString('base64'),
});

describe('GET /v1/events', () => {
  const hubs: EventsHub[] = [];
  const sockets: EventSocket[] = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    for (const hub of hubs.splice(0)) {
      await hub.app.close();
      await hub.testDatabase.dispose();
    }
  });

  async function startHub(events: { helloTimeoutMs?: number; heartbeatMs?: number } = {}): Promise<EventsHub> {
    const testDatabase = await createTestDatabase();
    const config = loadConfig({ NODE_ENV: 'test', DEV_MODE: 'true', PUBLIC_URL: 'http://hub.test', LOG_LEVEL: 'silent', ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' });
    const clock = createTestClock(Date.now());
    const app = await buildHub({
      config,
      database: testDatabase.database,
      hasher: await createPasswordHasher(config.argon2),
      clock,
      logger: false,
      events: { helloTimeoutMs: HELLO_TIMEOUT_MS, heartbeatMs: 60_000, ...events },
    });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const hub = { app, url, clock, testDatabase };
    hubs.push(hub);
    return hub;
  }

  async function open(hub: EventsHub, options: { autoPong?: boolean } = {}): Promise<EventSocket> {
    const socket = await openEventSocket(hub.url, options);
    sockets.push(socket);
    return socket;
  }

  /** A socket after hello and ready. */
  async function connected(hub: EventsHub, tokens: Tokens, options: { autoPong?: boolean } = {}): Promise<{ socket: EventSocket; ready: HubEvent }> {
    const socket = await open(hub, options);
    socket.hello(tokens.accessToken);
    const ready = await socket.next((event) => event.type === 'ready');
    return { socket, ready };
  }

  /** One account signed in on two browsers. */
  async function twoDevices(hub: EventsHub) {
    const credentials = await createActivatedAccount(hub.app);
    const a = await signIn(hub.app, { ...credentials, device: newDevice({ name: 'Chrome on Linux' }) });
    const b = await signIn(hub.app, { ...credentials, device: newDevice({ name: 'Firefox on macOS', browser: 'firefox', platform: 'macos' }) });
    return { credentials, a, b };
  }

  const putKeyset = (hub: EventsHub, tokens: Tokens, replaces: number | null) =>
    hub.app.inject({ method: 'PUT', url: '/v1/vault/keyset', headers: bearer(tokens.accessToken), payload: KEYSET_BODY(replaces) });

  describe('hello', () => {
    it('closes with 4401 when the hello carries an unknown token', async () => {
      const hub = await startHub();
      const socket = await open(hub);
      socket.hello('tsa_not-a-real-token');
      expect((await socket.closed()).code).toBe(EVENTS_CLOSE_UNAUTHORIZED);
      expect(socket.received).toEqual([]);
    });

    it('closes with 4401 when the first message is not a hello', async () => {
      const hub = await startHub();
      for (const first of [{ type: 'ping' }, { type: 'hello' }, { type: 'hello', accessToken: '' }, 'not json', { type: 'subscribe' }]) {
        const socket = await open(hub);
        socket.send(first);
        expect((await socket.closed()).code, JSON.stringify(first)).toBe(EVENTS_CLOSE_UNAUTHORIZED);
      }
    });

    it('closes with 4401 when no hello comes within the hello timeout', async () => {
      const hub = await startHub();
      const socket = await open(hub);
      const started = Date.now();
      expect((await socket.closed()).code).toBe(EVENTS_CLOSE_UNAUTHORIZED);
      expect(Date.now() - started).toBeGreaterThanOrEqual(HELLO_TIMEOUT_MS - 50);
    });

    it('closes with 4401 when the access token has expired', async () => {
      const hub = await startHub();
      const credentials = await createActivatedAccount(hub.app);
      const tokens = await signIn(hub.app, credentials);
      hub.clock.advance(tokens.expiresIn * 1000 + 1);
      const socket = await open(hub);
      socket.hello(tokens.accessToken);
      expect((await socket.closed()).code).toBe(EVENTS_CLOSE_UNAUTHORIZED);
    });

    it('answers ready with revision 0 and keyset version 0 when the account has neither yet', async () => {
      const hub = await startHub();
      const { a } = await twoDevices(hub);
      const { ready } = await connected(hub, a);
      expect(ready).toEqual({ type: 'ready', revision: 0, keysetVersion: 0 });
    });

    it('answers ready with the current revision and keyset version when the account has both', async () => {
      const hub = await startHub();
      const { a } = await twoDevices(hub);
      expect((await putKeyset(hub, a, null)).statusCode).toBe(200);
      expect((await putKeyset(hub, a, 1)).statusCode).toBe(200);
      const push = await hub.app.inject({
        method: 'POST',
        url: '/v1/vault/changes',
        headers: bearer(a.accessToken),
        payload: { batchId: randomUUID(), changes: [{ id: randomBytes(12).toString('base64url'), baseRevision: 0, blob: randomBytes(40).toString('base64') }] },
      });
      expect(push.statusCode).toBe(200);
      const { ready } = await connected(hub, a);
      expect(ready).toEqual({ type: 'ready', revision: 1, keysetVersion: 2 });
    });

    it('refuses a plain GET without the WebSocket upgrade with 426', async () => {
      const hub = await startHub();
      const response = await hub.app.inject({ method: 'GET', url: '/v1/events' });
      expect(response.statusCode).toBe(426);
      expect(response.json()).toMatchObject({ error: { code: 'invalid_request' } });
    });
  });

  describe('after ready', () => {
    it('answers ping with pong', async () => {
      const hub = await startHub();
      const { a } = await twoDevices(hub);
      const { socket } = await connected(hub, a);
      socket.send({ type: 'ping' });
      expect(await socket.next((event) => event.type === 'pong')).toEqual({ type: 'pong' });
    });

    it('closes with 4400 when a later message is not a known client message', async () => {
      const hub = await startHub();
      const { a } = await twoDevices(hub);
      for (const message of ['{', { type: 'subscribe' }, { type: 'ping', extra: 1 }, { type: 'hello', accessToken: a.accessToken }]) {
        const { socket } = await connected(hub, a);
        socket.send(message);
        expect((await socket.closed()).code, JSON.stringify(message)).toBe(EVENTS_CLOSE_INVALID_MESSAGE);
      }
    });

    it('sends keyset to every socket of the account and none to another account when the keyset is replaced', async () => {
      const hub = await startHub();
      const { a, b } = await twoDevices(hub);
      const stranger = await signIn(hub.app, await createActivatedAccount(hub.app));
      const onA = await connected(hub, a);
      const onB = await connected(hub, b);
      const onStranger = await connected(hub, stranger);
      expect((await putKeyset(hub, b, null)).statusCode).toBe(200);
      expect(await onA.socket.next((event) => event.type === 'keyset')).toEqual({ type: 'keyset', version: 1 });
      expect(await onB.socket.next((event) => event.type === 'keyset')).toEqual({ type: 'keyset', version: 1 });
      await pause(100);
      expect(onStranger.socket.received).toEqual([onStranger.ready]);
    });

    it('sends revision to the account’s sockets when a push applies changes', async () => {
      const hub = await startHub();
      const { a, b } = await twoDevices(hub);
      const onA = await connected(hub, a);
      const push = await hub.app.inject({
        method: 'POST',
        url: '/v1/vault/changes',
        headers: bearer(b.accessToken),
        payload: { batchId: randomUUID(), changes: [{ id: randomBytes(12).toString('base64url'), baseRevision: 0, blob: randomBytes(40).toString('base64') }] },
      });
      expect(push.statusCode).toBe(200);
      expect(await onA.socket.next((event) => event.type === 'revision')).toEqual({ type: 'revision', revision: 1 });
    });

    it('closes every socket with 1001 when the hub shuts down', async () => {
      const hub = await startHub();
      const { a } = await twoDevices(hub);
      const { socket } = await connected(hub, a);
      const waiting = await open(hub);
      await hub.app.close();
      expect((await socket.closed()).code).toBe(EVENTS_CLOSE_GOING_AWAY);
      expect((await waiting.closed()).code).toBe(EVENTS_CLOSE_GOING_AWAY);
    });
  });

  describe('signing out', () => {
    it('tells only the signed-out device and closes its socket when another device signs it out remotely', async () => {
      const hub = await startHub();
      const { a, b } = await twoDevices(hub);
      const onA = await connected(hub, a);
      const onB = await connected(hub, b);
      const response = await hub.app.inject({ method: 'DELETE', url: `/v1/devices/${b.deviceId}`, headers: bearer(a.accessToken) });
      expect(response.statusCode).toBe(204);
      expect(await onB.socket.next((event) => event.type === 'signed_out')).toEqual({ type: 'signed_out' });
      expect((await onB.socket.closed()).code).toBe(EVENTS_CLOSE_UNAUTHORIZED);

      expect((await postRefresh(hub.app, b.refreshToken)).statusCode).toBe(401);
      expect((await hub.app.inject({ method: 'GET', url: '/v1/account', headers: bearer(b.accessToken) })).statusCode).toBe(401);
      // A stays connected and is told nothing about it.
      onA.socket.send({ type: 'ping' });
      await onA.socket.next((event) => event.type === 'pong');
      expect(onA.socket.received.map((event) => event.type)).toEqual(['ready', 'pong']);
      const listed = await hub.app.inject({ method: 'GET', url: '/v1/devices', headers: bearer(a.accessToken) });
      expect((listed.json() as { devices: { id: string }[] }).devices.map((device) => device.id)).toEqual([a.deviceId]);
    });

    it('tells the device itself when it signs out with DELETE /v1/sessions/current', async () => {
      const hub = await startHub();
      const { a } = await twoDevices(hub);
      const { socket } = await connected(hub, a);
      expect((await hub.app.inject({ method: 'DELETE', url: '/v1/sessions/current', headers: bearer(a.accessToken) })).statusCode).toBe(204);
      await socket.next((event) => event.type === 'signed_out');
      expect((await socket.closed()).code).toBe(EVENTS_CLOSE_UNAUTHORIZED);
    });

    it('tells the device when its refresh token is reused and the session revoked', async () => {
      const hub = await startHub();
      const { a } = await twoDevices(hub);
      const refreshed = (await postRefresh(hub.app, a.refreshToken)).json() as Tokens;
      const { socket } = await connected(hub, refreshed);
      expect((await postRefresh(hub.app, a.refreshToken)).statusCode).toBe(401);
      await socket.next((event) => event.type === 'signed_out');
      expect((await socket.closed()).code).toBe(EVENTS_CLOSE_UNAUTHORIZED);
    });

    it('leaves the socket of a later sign-in of the same device alone when an older session ends', async () => {
      const hub = await startHub();
      const { credentials, a } = await twoDevices(hub);
      const refreshed = (await postRefresh(hub.app, a.refreshToken)).json() as Tokens;
      const old = await connected(hub, refreshed);
      // The same browser signs in again: its old session is replaced, then a token of the old one is reused.
      const again = await signIn(hub.app, { ...credentials, device: { ...newDevice(), id: a.deviceId } });
      const current = await connected(hub, again);
      expect((await postRefresh(hub.app, a.refreshToken)).statusCode).toBe(401);
      await pause(100);
      expect(current.socket.received.map((event) => event.type)).toEqual(['ready']);
      expect(old.socket.received.map((event) => event.type)).toEqual(['ready']);
    });
  });

  describe('heartbeat', () => {
    it('drops a socket that stops answering ping frames and keeps one that answers', async () => {
      const hub = await startHub({ heartbeatMs: HEARTBEAT_MS });
      const { a, b } = await twoDevices(hub);
      const dead = await connected(hub, a, { autoPong: false });
      const live = await connected(hub, b);
      expect((await dead.socket.closed(HEARTBEAT_MS * 10)).code).toBe(1006);
      await pause(HEARTBEAT_MS * 3);
      live.socket.send({ type: 'ping' });
      await live.socket.next((event) => event.type === 'pong');
    });

    it('signs a socket out when its session is gone without a notice (e.g. a lost one)', async () => {
      const hub = await startHub({ heartbeatMs: HEARTBEAT_MS });
      const { a } = await twoDevices(hub);
      const { socket } = await connected(hub, a);
      await hub.testDatabase.database.db.deleteFrom('sessions').where('device_id', '=', a.deviceId).execute();
      await socket.next((event) => event.type === 'signed_out', { timeoutMs: HEARTBEAT_MS * 10 });
      expect((await socket.closed()).code).toBe(EVENTS_CLOSE_UNAUTHORIZED);
    });

    it('closes a socket once its session has expired', async () => {
      const hub = await startHub({ heartbeatMs: HEARTBEAT_MS });
      const { a } = await twoDevices(hub);
      const { socket } = await connected(hub, a);
      hub.clock.advance(31 * 24 * 3600 * 1000);
      expect((await socket.closed(HEARTBEAT_MS * 10)).code).toBe(EVENTS_CLOSE_UNAUTHORIZED);
    });
  });
});
