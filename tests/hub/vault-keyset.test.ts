/**
 * The vault keyset API: the wrapped vault key with its Argon2id salt and parameters, read by every
 * device of the account and replaced only by compare-and-swap. The hub keeps the bytes as given.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyset, type PutKeysetRequest } from '../../lib/protocol/vault-keyset.ts';
import { bearer, createAccount, signIn } from '../support/hub-client.ts';
import { createLogCapture } from '../support/log-capture.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';
import { errorOf, signedInAccount } from '../support/two-step.ts';

const KDF = { algorithm: 'argon2id', memoryKiB: 65_536, iterations: 3, parallelism: 4 } as const;

/** A keyset body with fresh random bytes, as a client would send after deriving and wrapping. */
function keysetBody(replaces: number | null, overrides: Partial<PutKeysetRequest> = {}): PutKeysetRequest {
  return { replaces, kdf: KDF, salt: randomBytes(16).toString('base64'), wrappedKey: randomBytes(73).toString('base64'), ...overrides };
}

const keysetApi = {
  read: (app: FastifyInstance, accessToken?: string) =>
    app.inject({ method: 'GET', url: '/v1/vault/keyset', headers: accessToken ? bearer(accessToken) : {} }),
  put: (app: FastifyInstance, body: unknown, accessToken?: string) =>
    app.inject({ method: 'PUT', url: '/v1/vault/keyset', headers: accessToken ? bearer(accessToken) : {}, payload: body as object }),
};

function expectConflict(response: LightMyRequestResponse, current: number | null): void {
  expect(response.statusCode).toBe(409);
  expect(response.json()).toEqual({ error: { code: 'conflict', message: expect.any(String), current } });
}

describe('vault keyset', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({ env: { IP_ATTEMPT_CEILING: '1000000' } });
  });
  afterAll(() => hub.close());

  const tokenOfNewAccount = async () => (await signedInAccount(hub.app)).tokens.accessToken;
  const storedRow = (accountId: string) =>
    hub.testDatabase.database.db.selectFrom('vault_keysets').selectAll().where('account_id', '=', accountId).executeTakeFirst();

  it('answers 404 no_keyset when the account has none yet', async () => {
    const response = await keysetApi.read(hub.app, await tokenOfNewAccount());
    expect(response.statusCode).toBe(404);
    expect(errorOf(response)).toEqual({ code: 'no_keyset', message: expect.any(String) });
  });

  it('stores the first keyset as version 1 and answers exactly it when read', async () => {
    const token = await tokenOfNewAccount();
    const body = keysetBody(null);
    const put = await keysetApi.put(hub.app, body, token);
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ version: 1 });
    const read = await keysetApi.read(hub.app, token);
    expect(read.statusCode).toBe(200);
    expect(Keyset.parse(read.json())).toEqual({ version: 1, kdf: body.kdf, salt: body.salt, wrappedKey: body.wrappedKey });
    expect(read.json()).toEqual({ version: 1, kdf: body.kdf, salt: body.salt, wrappedKey: body.wrappedKey });
  });

  it('keeps exactly the base64 given and who wrote it in the database row', async () => {
    const { account, tokens } = await signedInAccount(hub.app);
    const body = keysetBody(null, { kdf: { algorithm: 'argon2id', memoryKiB: 8192, iterations: 20, parallelism: 16 } });
    expect((await keysetApi.put(hub.app, body, tokens.accessToken)).statusCode).toBe(200);
    const row = await storedRow(account.id);
    expect(row).toEqual({
      account_id: account.id,
      version: 1,
      kdf_json: JSON.stringify(body.kdf),
      salt: body.salt,
      wrapped_key: body.wrappedKey,
      updated_at: hub.clock(),
      updated_by_device_id: tokens.deviceId,
    });
  });

  it('replaces the keyset and counts the version up when replaces names the current version', async () => {
    const token = await tokenOfNewAccount();
    expect((await keysetApi.put(hub.app, keysetBody(null), token)).json()).toEqual({ version: 1 });
    const second = keysetBody(1, { kdf: { ...KDF, memoryKiB: 131_072 } });
    expect((await keysetApi.put(hub.app, second, token)).json()).toEqual({ version: 2 });
    const third = keysetBody(2);
    expect((await keysetApi.put(hub.app, third, token)).json()).toEqual({ version: 3 });
    expect((await keysetApi.read(hub.app, token)).json()).toEqual({ version: 3, kdf: third.kdf, salt: third.salt, wrappedKey: third.wrappedKey });
  });

  it('answers 409 conflict with the current version and changes nothing when replaces is stale', async () => {
    const token = await tokenOfNewAccount();
    await keysetApi.put(hub.app, keysetBody(null), token);
    const current = keysetBody(1);
    await keysetApi.put(hub.app, current, token);
    expectConflict(await keysetApi.put(hub.app, keysetBody(1), token), 2);
    expectConflict(await keysetApi.put(hub.app, keysetBody(7), token), 2);
    expect((await keysetApi.read(hub.app, token)).json()).toMatchObject({ version: 2, salt: current.salt, wrappedKey: current.wrappedKey });
  });

  it('answers 409 conflict when replaces is null but a keyset exists', async () => {
    const token = await tokenOfNewAccount();
    const first = keysetBody(null);
    await keysetApi.put(hub.app, first, token);
    expectConflict(await keysetApi.put(hub.app, keysetBody(null), token), 1);
    expect((await keysetApi.read(hub.app, token)).json()).toMatchObject({ version: 1, wrappedKey: first.wrappedKey });
  });

  it('answers 409 conflict with current null when replaces names a version but there is none', async () => {
    const token = await tokenOfNewAccount();
    expectConflict(await keysetApi.put(hub.app, keysetBody(1), token), null);
    expect((await keysetApi.read(hub.app, token)).statusCode).toBe(404);
  });

  it('lets exactly one of five concurrent replacements win when they all name the same version', async () => {
    const token = await tokenOfNewAccount();
    await keysetApi.put(hub.app, keysetBody(null), token);
    const bodies = Array.from({ length: 5 }, () => keysetBody(1));
    const responses = await Promise.all(bodies.map((body) => keysetApi.put(hub.app, body, token)));
    const winners = responses.flatMap((response, index) => (response.statusCode === 200 ? [index] : []));
    expect(winners).toHaveLength(1);
    for (const response of responses.filter((r) => r.statusCode !== 200)) expectConflict(response, 2);
    const winner = bodies[winners[0]!]!;
    expect((await keysetApi.read(hub.app, token)).json()).toEqual({ version: 2, kdf: winner.kdf, salt: winner.salt, wrappedKey: winner.wrappedKey });
  });

  it('lets exactly one of five concurrent first keysets win', async () => {
    const token = await tokenOfNewAccount();
    const bodies = Array.from({ length: 5 }, () => keysetBody(null));
    const responses = await Promise.all(bodies.map((body) => keysetApi.put(hub.app, body, token)));
    const winners = responses.flatMap((response, index) => (response.statusCode === 200 ? [index] : []));
    expect(winners).toHaveLength(1);
    for (const response of responses.filter((r) => r.statusCode !== 200)) expectConflict(response, 1);
    expect((await keysetApi.read(hub.app, token)).json()).toMatchObject({ version: 1, wrappedKey: bodies[winners[0]!]!.wrappedKey });
  });

  it('answers 401 unauthorized when no valid access token is sent', async () => {
    for (const token of [undefined, 'tsa_not-a-real-token']) {
      const read = await keysetApi.read(hub.app, token);
      expect(read.statusCode).toBe(401);
      expect(errorOf(read).code).toBe('unauthorized');
      const put = await keysetApi.put(hub.app, keysetBody(null), token);
      expect(put.statusCode).toBe(401);
      expect(errorOf(put).code).toBe('unauthorized');
    }
  });

  it('keeps each account to its own keyset when another account reads or writes', async () => {
    const owner = await signedInAccount(hub.app);
    const other = await signedInAccount(hub.app);
    const mine = keysetBody(null);
    await keysetApi.put(hub.app, mine, owner.tokens.accessToken);
    expect(errorOf(await keysetApi.read(hub.app, other.tokens.accessToken)).code).toBe('no_keyset');
    // The other account's write lands on its own (empty) slot: replaces 1 conflicts, null makes its own.
    expectConflict(await keysetApi.put(hub.app, keysetBody(1), other.tokens.accessToken), null);
    expect((await keysetApi.put(hub.app, keysetBody(null), other.tokens.accessToken)).json()).toEqual({ version: 1 });
    expect((await keysetApi.read(hub.app, owner.tokens.accessToken)).json()).toEqual({ version: 1, kdf: mine.kdf, salt: mine.salt, wrappedKey: mine.wrappedKey });
    expect((await storedRow(owner.account.id))?.wrapped_key).toBe(mine.wrappedKey);
  });

  it('lets a not yet activated account store its keyset from the browser that created it', async () => {
    const created = await createAccount(hub.app);
    const { accessToken } = await signIn(hub.app, created);
    expect((await keysetApi.put(hub.app, keysetBody(null), accessToken)).json()).toEqual({ version: 1 });
    expect((await keysetApi.read(hub.app, accessToken)).statusCode).toBe(200);
  });

  it('refuses with 400 invalid_request and stores nothing when the body is malformed', async () => {
    const { account, tokens } = await signedInAccount(hub.app);
    const bad: [string, unknown][] = [
      ['salt of 15 bytes', keysetBody(null, { salt: randomBytes(15).toString('base64') })],
      ['salt of 17 bytes', keysetBody(null, { salt: randomBytes(17).toString('base64') })],
      ['wrappedKey of 72 bytes', keysetBody(null, { wrappedKey: randomBytes(72).toString('base64') })],
      ['wrappedKey not base64', keysetBody(null, { wrappedKey: `${'!'.repeat(98)}==` })],
      ['wrappedKey base64url', keysetBody(null, { wrappedKey: Buffer.alloc(73, 0xfb).toString('base64url').padEnd(100, '=') })],
      ['salt without padding', keysetBody(null, { salt: randomBytes(16).toString('base64').replace(/=+$/, '') })],
      ['salt with non-zero padding bits', keysetBody(null, { salt: `${'A'.repeat(21)}B==` })],
      ['memoryKiB 100 GiB', keysetBody(null, { kdf: { ...KDF, memoryKiB: 100 * 1024 * 1024 } })],
      ['memoryKiB under 8 MiB', keysetBody(null, { kdf: { ...KDF, memoryKiB: 4096 } })],
      ['iterations 0', keysetBody(null, { kdf: { ...KDF, iterations: 0 } })],
      ['parallelism 1.5', keysetBody(null, { kdf: { ...KDF, parallelism: 1.5 } })],
      ['algorithm scrypt', { ...keysetBody(null), kdf: { ...KDF, algorithm: 'scrypt' } }],
      ['replaces 0', keysetBody(0)],
      ['replaces missing', (({ replaces: _replaces, ...rest }) => rest)(keysetBody(null))],
      ['an extra field', { ...keysetBody(null), version: 1 }],
      ['an extra kdf field', { ...keysetBody(null), kdf: { ...KDF, pepper: 'x' } }],
    ];
    for (const [what, body] of bad) {
      const response = await keysetApi.put(hub.app, body, tokens.accessToken);
      expect(response.statusCode, what).toBe(400);
      expect(errorOf(response).code, what).toBe('invalid_request');
    }
    expect(await storedRow(account.id)).toBeUndefined();
  });
});

describe('vault keyset logs', () => {
  it('logs ids, versions and codes but none of the keyset bytes when keysets are written and read', async () => {
    const logs = createLogCapture();
    const hub = await createTestHub({ logStream: logs.stream });
    try {
      const { account, tokens } = await signedInAccount(hub.app);
      const body = keysetBody(null);
      await keysetApi.put(hub.app, body, tokens.accessToken);
      await keysetApi.put(hub.app, body, tokens.accessToken); // 409
      await keysetApi.put(hub.app, { ...body, salt: `${body.salt}x` }, tokens.accessToken); // 400
      await keysetApi.read(hub.app, tokens.accessToken);
      const text = logs.text();
      for (const secret of [body.salt, body.wrappedKey, body.salt.slice(0, 12), body.wrappedKey.slice(0, 12)]) expect(text).not.toContain(secret);
      expect(logs.records()).toContainEqual(expect.objectContaining({ accountId: account.id, keysetVersion: 1, msg: 'vault keyset created' }));
      expect(logs.records()).toContainEqual(expect.objectContaining({ errorCode: 'conflict', status: 409 }));
    } finally {
      await hub.close();
    }
  });
});
