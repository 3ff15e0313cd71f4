/**
 * Several hub processes: a device connected to process B hears a change made through process A —
 * through PostgreSQL LISTEN/NOTIFY (DATABASE_URL, no REDIS_URL) and through Redis pub/sub (REDIS_URL).
 * With EVENTS_NOTIFIER=memory the same setup shows nothing crosses, so the fan-out is the broker's doing.
 * Needs the machine's PostgreSQL and Redis (TEST_POSTGRES_URL / TEST_REDIS_URL).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENTS_CLOSE_UNAUTHORIZED } from '../../lib/protocol/vault-sync.ts';
import { type EventSocket, openEventSocket, pause } from '../support/event-socket.ts';
import { GOOD_PASSWORD, newDevice, uniqueEmail } from '../support/hub-client.ts';
import { type HubProcess, startTwoHubs } from '../support/hub-process.ts';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../support/test-database.ts';

/** Defined only in the PostgreSQL project — not skipped in the SQLite one, where LISTEN/NOTIFY does not exist. */
const onlyOnPostgres: typeof it = testDatabaseKind() === 'postgres' ? it : ((() => undefined) as unknown as typeof it);

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function call(hub: HubProcess, method: string, path: string, options: { body?: unknown; token?: string } = {}) {
  const response = await fetch(`${hub.url}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}

const keysetBody = (replaces: number | null) => ({
  replaces,
  kdf: { algorithm: 'argon2id', memoryKiB: 65_536, iterations: 3, parallelism: 4 },
  salt: randomBytes(16).toString('base64'),
  wrappedKey: randomBytes(73).toString('base64'),
});

describe('change notifications across hub processes', () => {
  const running: HubProcess[] = [];
  const sockets: EventSocket[] = [];
  let database: TestDatabase | undefined;

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await Promise.all(running.splice(0).map((hub) => hub.stop()));
    await database?.dispose();
    database = undefined;
  });

  async function twoHubs(kind: 'sqlite' | 'postgres', extra: Record<string, string>): Promise<[HubProcess, HubProcess]> {
    database = await createTestDatabase(kind);
    const hubs = await startTwoHubs({ ...database.env, ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1', ...extra });
    running.push(...hubs);
    return hubs;
  }

  /** An account created and signed in through A; its tokens work on B too (one database). */
  async function accountOnBoth(a: HubProcess) {
    const email = uniqueEmail('fanout');
    const first = newDevice();
    const created = await call(a, 'POST', '/v1/accounts', { body: { email, password: GOOD_PASSWORD, region: 'us', marketingConsent: false, device: first } });
    expect(created.status).toBe(201);
    const onA = await call(a, 'POST', '/v1/sessions', { body: { email, password: GOOD_PASSWORD, device: first } });
    expect(onA.status).toBe(200);
    // Not activated: only the creating browser may sign in, so B's socket uses the same device's tokens.
    return { tokenA: onA.body.accessToken as string, deviceId: first.id };
  }

  async function socketOn(hub: HubProcess, accessToken: string): Promise<EventSocket> {
    const socket = await openEventSocket(hub.url);
    sockets.push(socket);
    socket.hello(accessToken);
    await socket.next((event) => event.type === 'ready');
    return socket;
  }

  async function expectFanOut(a: HubProcess, b: HubProcess): Promise<void> {
    const { tokenA, deviceId } = await accountOnBoth(a);
    const onB = await socketOn(b, tokenA);
    const onA = await socketOn(a, tokenA);

    expect((await call(a, 'PUT', '/v1/vault/keyset', { body: keysetBody(null), token: tokenA })).status).toBe(200);
    expect(await onB.next((event) => event.type === 'keyset')).toEqual({ type: 'keyset', version: 1 });

    const push = await call(a, 'POST', '/v1/vault/changes', {
      token: tokenA,
      body: { batchId: randomUUID(), changes: [{ id: randomBytes(12).toString('base64url'), baseRevision: 0, blob: randomBytes(40).toString('base64') }] },
    });
    expect(push.status).toBe(200);
    expect(await onB.next((event) => event.type === 'revision')).toEqual({ type: 'revision', revision: 1 });

    // The publishing process's own socket hears each notice exactly once.
    await pause(200);
    expect(onA.received.map((event) => event.type)).toEqual(['ready', 'keyset', 'revision']);
    expect(onB.received.map((event) => event.type)).toEqual(['ready', 'keyset', 'revision']);

    // Signed out through A: the socket on B is told and closed.
    expect((await call(a, 'DELETE', `/v1/devices/${deviceId}`, { token: tokenA })).status).toBe(204);
    await onB.next((event) => event.type === 'signed_out');
    expect((await onB.closed()).code).toBe(EVENTS_CLOSE_UNAUTHORIZED);
  }

  onlyOnPostgres('fans out through PostgreSQL LISTEN/NOTIFY when two hubs share the database', async () => {
    const [a, b] = await twoHubs('postgres', {});
    await expectFanOut(a, b);
  }, 60_000);

  it('fans out through Redis pub/sub when two hubs share REDIS_URL', async () => {
    const [a, b] = await twoHubs(testDatabaseKind(), { REDIS_URL, REDIS_KEY_PREFIX: `tessera-test-${randomUUID()}` });
    await expectFanOut(a, b);
  }, 60_000);

  onlyOnPostgres('keeps notices in their process when EVENTS_NOTIFIER=memory', async () => {
    const [a, b] = await twoHubs('postgres', { EVENTS_NOTIFIER: 'memory' });
    const { tokenA } = await accountOnBoth(a);
    const onB = await socketOn(b, tokenA);
    const onA = await socketOn(a, tokenA);
    expect((await call(a, 'PUT', '/v1/vault/keyset', { body: keysetBody(null), token: tokenA })).status).toBe(200);
    await onA.next((event) => event.type === 'keyset');
    await pause(300);
    expect(onB.received.map((event) => event.type)).toEqual(['ready']);
  }, 60_000);
});
