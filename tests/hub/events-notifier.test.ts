/**
 * The notifiers on their own: every listener of every process hears each event exactly once (the
 * publisher's own included), channels keep separate hubs apart, the PostgreSQL listener comes back
 * after its connection is killed, and publish() never fails a request when the broker is away.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AccountEvent,
  chooseNotifier,
  createMemoryNotifier,
  createPostgresNotifier,
  createRedisNotifier,
  type Notifier,
  postgresChannel,
} from '../../server/events/notifier.ts';
import { pause } from '../support/event-socket.ts';
import { createTestDatabase, testDatabaseKind, testPostgresUrl, type TestDatabase } from '../support/test-database.ts';

/** Defined only in the PostgreSQL project — not skipped in the SQLite one, where LISTEN/NOTIFY does not exist. */
const describeOnlyOnPostgres: typeof describe = testDatabaseKind() === 'postgres' ? describe : ((() => undefined) as unknown as typeof describe);

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = pino({ level: 'silent' });

function recorder(notifier: Notifier) {
  const heard: [string, AccountEvent][] = [];
  const unsubscribe = notifier.subscribe((accountId, event) => heard.push([accountId, event]));
  return { heard, unsubscribe };
}

async function eventually(check: () => void, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await pause(20);
    }
  }
}

describe('notifiers', () => {
  const open: Notifier[] = [];
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await Promise.all(open.splice(0).map((notifier) => notifier.close()));
    await database?.dispose();
    database = undefined;
  });
  const keep = <T extends Notifier>(notifier: T): T => {
    open.push(notifier);
    return notifier;
  };

  it('chooses Redis, then PostgreSQL, then memory when set to auto, and what it is told otherwise', () => {
    const both = { redisUrl: 'redis://r', databaseUrl: 'postgres://p' };
    expect(chooseNotifier('auto', both)).toBe('redis');
    expect(chooseNotifier('auto', { redisUrl: undefined, databaseUrl: 'postgres://p' })).toBe('postgres');
    expect(chooseNotifier('auto', { redisUrl: undefined, databaseUrl: undefined })).toBe('memory');
    expect(chooseNotifier('postgres', both)).toBe('postgres');
    expect(chooseNotifier('memory', both)).toBe('memory');
  });

  it('delivers once to each listener and stops after unsubscribe when in memory', async () => {
    const notifier = keep(createMemoryNotifier({ log }));
    const one = recorder(notifier);
    const two = recorder(notifier);
    await notifier.publish('acc', { type: 'keyset', version: 2 });
    one.unsubscribe();
    await notifier.publish('acc', { type: 'revision', revision: 5 });
    expect(one.heard).toEqual([['acc', { type: 'keyset', version: 2 }]]);
    expect(two.heard).toEqual([
      ['acc', { type: 'keyset', version: 2 }],
      ['acc', { type: 'revision', revision: 5 }],
    ]);
  });

  it('delivers exactly once in both processes and keeps prefixes apart when on Redis', async () => {
    const prefix = `tessera-test-${randomUUID()}`;
    const a = keep(await createRedisNotifier({ url: REDIS_URL, keyPrefix: prefix, log }));
    const b = keep(await createRedisNotifier({ url: REDIS_URL, keyPrefix: prefix, log }));
    const stranger = keep(await createRedisNotifier({ url: REDIS_URL, keyPrefix: `${prefix}-other`, log }));
    const onA = recorder(a);
    const onB = recorder(b);
    const onStranger = recorder(stranger);
    const event: AccountEvent = { type: 'signed_out', deviceId: 'd1', sessionId: 's1' };
    await a.publish('acc', event);
    await eventually(() => expect(onB.heard).toEqual([['acc', event]]));
    await pause(150);
    expect(onA.heard).toEqual([['acc', event]]);
    expect(onB.heard).toHaveLength(1);
    expect(onStranger.heard).toEqual([]);
  });

  it('resolves publish and still tells its own listeners when Redis cannot be reached', async () => {
    const notifier = keep(await createRedisNotifier({ url: 'redis://127.0.0.1:1', keyPrefix: `tessera-test-${randomUUID()}`, log }));
    const local = recorder(notifier);
    await expect(notifier.publish('acc', { type: 'keyset', version: 1 })).resolves.toBeUndefined();
    expect(local.heard).toEqual([['acc', { type: 'keyset', version: 1 }]]);
  }, 10_000);

  it('keeps channels of different schemas apart and within PostgreSQL’s length limit', () => {
    expect(postgresChannel('public')).toBe('tessera_events');
    expect(postgresChannel('test_a')).not.toBe(postgresChannel('test_b'));
    expect(Buffer.byteLength(postgresChannel('s'.repeat(200)))).toBeLessThanOrEqual(63);
  });

  describeOnlyOnPostgres('PostgreSQL LISTEN/NOTIFY', () => {
    async function twoListeners() {
      database = await createTestDatabase('postgres');
      const url = database.env.DATABASE_URL ?? '';
      const a = keep(await createPostgresNotifier({ url, db: database.database.db, log }));
      const b = keep(await createPostgresNotifier({ url, db: database.database.db, log }));
      return { a, b };
    }

    it('delivers exactly once in both processes', async () => {
      const { a, b } = await twoListeners();
      const onA = recorder(a);
      const onB = recorder(b);
      await a.publish('acc', { type: 'revision', revision: 7 });
      await eventually(() => expect(onB.heard).toEqual([['acc', { type: 'revision', revision: 7 }]]));
      await pause(150);
      expect(onA.heard).toEqual([['acc', { type: 'revision', revision: 7 }]]);
      expect(onB.heard).toHaveLength(1);
    });

    it('listens again when its connection is killed', async () => {
      const { a, b } = await twoListeners();
      const onB = recorder(b);
      const schema = new URL(database?.env.DATABASE_URL ?? '').searchParams.get('options')?.replace('-c search_path=', '') ?? '';
      const admin = new pg.Client({ connectionString: testPostgresUrl() });
      await admin.connect();
      try {
        const killed = await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'tessera-hub-events' and query = $1`,
          [`LISTEN "${postgresChannel(schema)}"`],
        );
        expect(killed.rowCount).toBe(2);
      } finally {
        await admin.end();
      }
      // Published again until the reconnected listener hears one (earlier ones fall into the gap).
      const deadline = Date.now() + 10_000;
      while (onB.heard.length === 0 && Date.now() < deadline) {
        await a.publish('acc', { type: 'keyset', version: 3 });
        await pause(200);
      }
      expect(onB.heard[0]).toEqual(['acc', { type: 'keyset', version: 3 }]);
    }, 20_000);
  });
});
