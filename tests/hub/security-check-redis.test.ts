/**
 * Several hub processes behind one Redis enforce one limit: failures counted by process A count on
 * process B, and a challenge issued by B is redeemed by A (challenges live in the shared database).
 * The same setup without Redis shows the counts are per process — so the sharing is Redis's doing.
 * Needs the machine's Redis (REDIS_URL or redis://127.0.0.1:6379).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createCounterStore } from '../../server/security-check/counter-store.ts';
import { GOOD_PASSWORD, newDevice, uniqueEmail } from '../support/hub-client.ts';
import { type HubProcess, startTwoHubs } from '../support/hub-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function post(hub: HubProcess, path: string, body: unknown): Promise<{ status: number; body: { error?: { code: string; captcha?: { id: string } } } }> {
  const response = await fetch(`${hub.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as never };
}

async function outboxAnswer(hub: HubProcess, challengeId: string): Promise<string> {
  const response = await fetch(`${hub.url}/dev/outbox.json?recipient=${encodeURIComponent(challengeId)}`);
  const { entries } = (await response.json()) as { entries: { text: string }[] };
  if (!entries[0]) throw new Error(`no answer for ${challengeId}`);
  return entries[0].text;
}

describe('rate limits shared through Redis', () => {
  const running: HubProcess[] = [];
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await Promise.all(running.splice(0).map((hub) => hub.stop()));
    await database?.dispose();
    database = undefined;
  });

  async function twoHubs(extra: Record<string, string>): Promise<[HubProcess, HubProcess]> {
    database = await createTestDatabase();
    const hubs = await startTwoHubs({ ...database.env, ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1', ...extra });
    running.push(...hubs);
    return hubs;
  }

  async function accountOn(hub: HubProcess) {
    const email = uniqueEmail('redis');
    const device = newDevice();
    const created = await post(hub, '/v1/accounts', { email, password: GOOD_PASSWORD, region: 'us', marketingConsent: false, device });
    expect(created.status).toBe(201);
    return { email, device };
  }

  it('counts failures on A and B into one limit, and B’s challenge opens A', async () => {
    const [a, b] = await twoHubs({ REDIS_URL, REDIS_KEY_PREFIX: `tessera-test-${randomUUID()}` });
    const { email, device } = await accountOn(a);
    const wrong = { email, password: 'Wrong-guess-1', device };
    expect((await post(a, '/v1/sessions', wrong)).body.error?.code).toBe('invalid_credentials');
    expect((await post(b, '/v1/sessions', wrong)).body.error?.code).toBe('invalid_credentials');
    expect((await post(a, '/v1/sessions', wrong)).body.error?.code).toBe('invalid_credentials');

    const required = await post(b, '/v1/sessions', { email, password: GOOD_PASSWORD, device });
    expect(required.status).toBe(403);
    expect(required.body.error?.code).toBe('captcha_required');
    const id = required.body.error?.captcha?.id ?? '';
    const signedIn = await post(a, '/v1/sessions', { email, password: GOOD_PASSWORD, device, captcha: { id, answer: await outboxAnswer(a, id) } });
    expect(signedIn.status).toBe(200);
  }, 60_000);

  it('keeps separate counts per process without Redis', async () => {
    const [a, b] = await twoHubs({});
    const { email, device } = await accountOn(a);
    for (let i = 0; i < 3; i++) await post(a, '/v1/sessions', { email, password: 'Wrong-guess-1', device });
    expect((await post(a, '/v1/sessions', { email, password: GOOD_PASSWORD, device })).body.error?.code).toBe('captcha_required');
    expect((await post(b, '/v1/sessions', { email, password: GOOD_PASSWORD, device })).status).toBe(200);
  }, 60_000);
});

describe('the Redis counter store', () => {
  it('shares counts between two stores on one Redis and keeps prefixes apart', async () => {
    const prefix = `tessera-test-${randomUUID()}`;
    const one = createCounterStore({ redisUrl: REDIS_URL, keyPrefix: prefix });
    const two = createCounterStore({ redisUrl: REDIS_URL, keyPrefix: prefix });
    const stranger = createCounterStore({ redisUrl: REDIS_URL, keyPrefix: `${prefix}-other` });
    try {
      expect(one.kind).toBe('redis');
      expect(await Promise.all([one.ready(), two.ready(), stranger.ready()])).toEqual([true, true, true]);
      await one.add('k', 60);
      await two.add('k', 60);
      expect(await one.read('k', 60)).toBe(2);
      expect(await stranger.read('k', 60)).toBe(0);
      await two.remove('k', 60);
      expect(await one.read('k', 60)).toBe(0);
    } finally {
      await Promise.all([one.close(), two.close(), stranger.close()]);
    }
  });

  it('keeps counting in memory when Redis cannot be reached, instead of failing sign-ins', async () => {
    const store = createCounterStore({ redisUrl: 'redis://127.0.0.1:1', keyPrefix: `tessera-test-${randomUUID()}` });
    try {
      expect(await store.ready(200)).toBe(false);
      expect(await store.add('k', 60)).toBe(1);
      expect(await store.add('k', 60)).toBe(2);
      expect(await store.read('k', 60)).toBe(2);
    } finally {
      await store.close();
    }
  });
});
