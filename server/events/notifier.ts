/**
 * Change notifications between hub processes (architecture.md §7, §9): "this account is now at
 * revision N", "its keyset changed", "this device was signed out". The events route forwards them to
 * the account's connected WebSockets; every process must hear every event, because a device's socket
 * may be held by a different process than the one that served the change.
 *
 * Three implementations, chosen in app.ts (README "Running at scale"):
 * - in-process (one hub, e.g. on SQLite): an event reaches this process's listeners only;
 * - PostgreSQL LISTEN/NOTIFY on one dedicated connection (several hubs on one database);
 * - Redis pub/sub (several hubs sharing REDIS_URL).
 *
 * Every event reaches this process's listeners exactly once: publish() hands it to them at once and
 * sends it to the other processes tagged with this process's random origin id; the copy the broker
 * echoes back to its sender is recognised by that tag and dropped. A broker outage therefore only
 * costs the other processes (their devices still poll, see architecture.md §7), never this one.
 * publish() never rejects: the change it reports has already happened, so a lost notice is logged,
 * not turned into a failed request.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { z } from 'zod';
import type { Database } from '../db/schema.ts';

export const AccountEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('revision'), revision: z.number().int().min(0) }),
  z.strictObject({ type: z.literal('keyset'), version: z.number().int().min(1) }),
  /**
   * The device's session ended (sign-out, remote sign-out, refresh-token reuse). With `sessionId`, only
   * sockets opened under that session hear it, so a device that signed in again meanwhile is left alone.
   */
  z.strictObject({ type: z.literal('signed_out'), deviceId: z.string().min(1), sessionId: z.string().min(1).optional() }),
]);
export type AccountEvent = z.infer<typeof AccountEvent>;

export type AccountEventListener = (accountId: string, event: AccountEvent) => void;

export type NotifierKind = 'memory' | 'postgres' | 'redis';

export interface Notifier {
  readonly kind: NotifierKind;
  /** Tells every hub process's listeners (this one's included, exactly once). Never rejects. */
  publish(accountId: string, event: AccountEvent): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(listener: AccountEventListener): () => void;
  close(): Promise<void>;
}

/** What travels between processes: origin process, account, event. */
const Envelope = z.object({ o: z.string(), a: z.string().min(1), e: AccountEvent });

/** This process's listeners; shared by the three implementations. */
function localListeners(log: FastifyBaseLogger) {
  const listeners = new Set<AccountEventListener>();
  return {
    subscribe(listener: AccountEventListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    deliver(accountId: string, event: AccountEvent): void {
      for (const listener of listeners) {
        try {
          listener(accountId, event);
        } catch (error) {
          log.error({ err: error }, 'change notification listener failed');
        }
      }
    },
    clear: () => listeners.clear(),
  };
}

/** Decodes a message from another process: null for this process's own echo or anything malformed. */
function decode(origin: string, payload: string, log: FastifyBaseLogger): { accountId: string; event: AccountEvent } | null {
  let parsed: z.infer<typeof Envelope>;
  try {
    parsed = Envelope.parse(JSON.parse(payload));
  } catch {
    log.warn('ignored a malformed change notification');
    return null;
  }
  return parsed.o === origin ? null : { accountId: parsed.a, event: parsed.e };
}

export function createMemoryNotifier(options: { log: FastifyBaseLogger }): Notifier {
  const local = localListeners(options.log);
  return {
    kind: 'memory',
    async publish(accountId, event) {
      local.deliver(accountId, event);
    },
    subscribe: local.subscribe,
    async close() {
      local.clear();
    },
  };
}

/** Longest NOTIFY channel name PostgreSQL accepts (NAMEDATALEN - 1 bytes). */
const PG_MAX_CHANNEL_BYTES = 63;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/**
 * NOTIFY channels are per database, not per schema: hubs (or test runs) in different schemas of one
 * database get different channels, so they never hear each other.
 */
export function postgresChannel(schema: string): string {
  const channel = schema === 'public' ? 'tessera_events' : `tessera_events:${schema}`;
  if (Buffer.byteLength(channel) <= PG_MAX_CHANNEL_BYTES) return channel;
  return `tessera_events:${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * LISTEN on one dedicated connection (a pooled connection would drop the subscription when it is
 * handed back), NOTIFY through the hub's pool. The listening connection reconnects with backoff
 * when it fails; notices sent while it is down are missed by this process's devices only until they
 * poll.
 */
export async function createPostgresNotifier(options: { url: string; db: Kysely<Database>; log: FastifyBaseLogger }): Promise<Notifier> {
  const { db, log } = options;
  const local = localListeners(log);
  const origin = randomUUID();
  const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema ?? 'public';
  const channel = postgresChannel(schema);
  let client: pg.Client | null = null;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let delay = RECONNECT_MIN_MS;

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delay);
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  };

  async function connect(): Promise<boolean> {
    const candidate = new pg.Client({ connectionString: options.url, application_name: 'tessera-hub-events' });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (client === candidate) client = null;
      candidate.end().catch(() => undefined);
      if (!closed) {
        log.warn({ err: error }, 'change notifications: the PostgreSQL listening connection was lost, reconnecting');
        scheduleReconnect();
      }
    };
    candidate.on('error', onLost);
    candidate.on('end', () => onLost());
    candidate.on('notification', (message) => {
      if (message.channel !== channel || message.payload === undefined) return;
      const received = decode(origin, message.payload, log);
      if (received) local.deliver(received.accountId, received.event);
    });
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${quoteIdentifier(channel)}`);
    } catch (error) {
      onLost(error instanceof Error ? error : new Error(String(error)));
      return false;
    }
    if (closed) {
      await candidate.end().catch(() => undefined);
      return false;
    }
    client = candidate;
    delay = RECONNECT_MIN_MS;
    return true;
  }

  await connect();

  return {
    kind: 'postgres',
    async publish(accountId, event) {
      local.deliver(accountId, event);
      const payload = JSON.stringify({ o: origin, a: accountId, e: event });
      try {
        await sql`select pg_notify(${channel}, ${payload})`.execute(db);
      } catch (error) {
        log.warn({ err: error, accountId, event: event.type }, 'change notification not sent to the other hub processes');
      }
    },
    subscribe: local.subscribe,
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      local.clear();
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}

/** How long start-up waits for the Redis subscription before going on without it (it keeps trying). */
const REDIS_SUBSCRIBE_WAIT_MS = 3_000;

/**
 * Redis pub/sub: one subscriber connection (ioredis re-subscribes by itself after a reconnect) and one
 * publisher that fails fast instead of queueing while Redis is away. The channel carries
 * REDIS_KEY_PREFIX, so hubs with different prefixes on one Redis never hear each other.
 */
export async function createRedisNotifier(options: { url: string; keyPrefix: string; log: FastifyBaseLogger }): Promise<Notifier> {
  const { log } = options;
  const local = localListeners(log);
  const origin = randomUUID();
  const channel = `${options.keyPrefix}:events`;
  const subscriber = new Redis(options.url, { connectTimeout: 2_000, maxRetriesPerRequest: null });
  const publisher = new Redis(options.url, { connectTimeout: 2_000, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  // ioredis reports connection problems as 'error' events; without a listener they would crash the hub.
  let warned = false;
  const onError = (error: Error) => {
    if (warned) return;
    warned = true;
    log.warn({ err: error }, 'change notifications: Redis does not answer, retrying');
  };
  subscriber.on('error', onError);
  publisher.on('error', onError);
  subscriber.on('ready', () => {
    warned = false;
  });
  subscriber.on('message', (from: string, payload: string) => {
    if (from !== channel) return;
    const received = decode(origin, payload, log);
    if (received) local.deliver(received.accountId, received.event);
  });

  let timer: NodeJS.Timeout | undefined;
  const subscribed = await Promise.race([
    subscriber.subscribe(channel).then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), REDIS_SUBSCRIBE_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (!subscribed) log.warn('change notifications: not yet subscribed in Redis; other processes’ changes arrive once it answers');

  return {
    kind: 'redis',
    async publish(accountId, event) {
      local.deliver(accountId, event);
      try {
        await publisher.publish(channel, JSON.stringify({ o: origin, a: accountId, e: event }));
      } catch (error) {
        log.warn({ err: error, accountId, event: event.type }, 'change notification not sent to the other hub processes');
      }
    },
    subscribe: local.subscribe,
    async close() {
      local.clear();
      // QUIT would wait in the offline queue while Redis is away; then just drop the connection.
      const stop = async (connection: Redis) => {
        if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect());
        else connection.disconnect();
      };
      await Promise.all([stop(subscriber), stop(publisher)]);
    },
  };
}

export type NotifierChoice = 'auto' | NotifierKind;

/** The rule of README "Running at scale": Redis if REDIS_URL is set, else PostgreSQL, else in-process. */
export function chooseNotifier(choice: NotifierChoice, config: { redisUrl: string | undefined; databaseUrl: string | undefined }): NotifierKind {
  if (choice !== 'auto') return choice;
  if (config.redisUrl) return 'redis';
  if (config.databaseUrl) return 'postgres';
  return 'memory';
}

export async function createNotifier(options: {
  choice: NotifierChoice;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  databaseUrl: string | undefined;
  db: Kysely<Database>;
  log: FastifyBaseLogger;
}): Promise<Notifier> {
  const kind = chooseNotifier(options.choice, options);
  if (kind === 'redis' && options.redisUrl) return createRedisNotifier({ url: options.redisUrl, keyPrefix: options.redisKeyPrefix, log: options.log });
  if (kind === 'postgres' && options.databaseUrl) return createPostgresNotifier({ url: options.databaseUrl, db: options.db, log: options.log });
  return createMemoryNotifier({ log: options.log });
}
