// @vitest-environment node
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deadAddress, type LiveHub, startLiveHub } from '../../tests/unit/support/live-hub.ts';
import { json, type ScriptedServer, startScriptedServer } from '../../tests/unit/support/scripted-server.ts';
import { signedInAccount } from '../../tests/support/two-step.ts';
import { createHubClient, eventsUrl, HubRequestError } from './hub-client.ts';

async function hubErrorOf(promise: Promise<unknown>): Promise<HubRequestError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HubRequestError);
  return error as HubRequestError;
}

describe('hub client against a real hub', () => {
  let hub: LiveHub;
  beforeAll(async () => {
    hub = await startLiveHub();
  });
  afterAll(() => hub.close());

  it('answers health with the service name when a Tessera hub is at the address', async () => {
    const client = createHubClient(async () => hub.address);
    expect(await client.health(hub.address)).toMatchObject({ status: 'ok', service: 'tessera-hub', apiVersion: 1 });
  });

  it('carries the code and unmet rules over when the hub refuses a weak password', async () => {
    const client = createHubClient(async () => hub.address);
    const error = await hubErrorOf(client.createAccount({ email: 'weak@example.com', password: 'abc', region: 'us', marketingConsent: false }));
    expect(error.code).toBe('weak_password');
    expect(error.status).toBe(400);
    expect(error.details).toEqual({ unmetRules: ['min_length', 'digit', 'uppercase'] });
  });

  it('fails with unauthorized when the access token is unknown', async () => {
    const client = createHubClient(async () => hub.address);
    expect((await hubErrorOf(client.account('tsa_not-a-real-token', hub.address))).code).toBe('unauthorized');
  });
});

describe('hub client against other servers', () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await startScriptedServer();
  });
  afterEach(() => server.close());

  it('fails with not_a_tessera_hub when a server answers health with unrelated JSON', async () => {
    server.answer(json(200, { status: 'ok', service: 'something-else' }));
    const client = createHubClient(async () => server.address);
    expect((await hubErrorOf(client.health(server.address))).code).toBe('not_a_tessera_hub');
  });

  it('fails with not_a_tessera_hub when a server answers health with an HTML page', async () => {
    server.answer({ status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>Welcome to nginx!</title>' });
    const client = createHubClient(async () => server.address);
    expect((await hubErrorOf(client.health(server.address))).code).toBe('not_a_tessera_hub');
  });

  it('fails with not_a_tessera_hub when a server answers 404 with an HTML page', async () => {
    server.answer({ status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>Not Found</h1>' });
    const client = createHubClient(async () => server.address);
    expect((await hubErrorOf(client.health(server.address))).code).toBe('not_a_tessera_hub');
  });

  it('carries the code and Retry-After over when the hub answers rate_limited', async () => {
    server.answer(json(429, { error: { code: 'rate_limited', message: 'Wait.' } }, { 'retry-after': '240' }));
    const client = createHubClient(async () => server.address);
    const error = await hubErrorOf(client.signIn({ email: 'a@example.com', password: 'x', device: { id: crypto.randomUUID(), name: 'Chrome on Linux', browser: 'chrome', platform: 'linux' } }));
    expect(error.code).toBe('rate_limited');
    expect(error.status).toBe(429);
    expect(error.details).toEqual({ retryAfter: 240 });
  });

  it('keeps Retry-After when a proxy answers 429 without a Tessera error body', async () => {
    server.answer({ status: 429, headers: { 'retry-after': '30', 'content-type': 'text/plain' }, body: 'slow down' });
    const client = createHubClient(async () => server.address);
    const error = await hubErrorOf(client.refresh('tsr_token', server.address));
    expect(error.code).toBe('rate_limited');
    expect(error.details).toEqual({ retryAfter: 30 });
  });

  it('leaves retryAfter out when Retry-After is not a number of seconds', async () => {
    server.answer(json(429, { error: { code: 'rate_limited', message: 'Wait.' } }, { 'retry-after': 'soon' }));
    const client = createHubClient(async () => server.address);
    expect((await hubErrorOf(client.refresh('tsr_token', server.address))).details).toEqual({});
  });

  it('fails with not_a_tessera_hub when the error body has an unknown code', async () => {
    server.answer(json(400, { error: { code: 'teapot', message: 'I am a teapot.' } }));
    const client = createHubClient(async () => server.address);
    expect((await hubErrorOf(client.refresh('tsr_token', server.address))).code).toBe('not_a_tessera_hub');
  });

  it('fails with network_error when a gateway in front of the hub answers 502', async () => {
    server.answer({ status: 502, headers: { 'content-type': 'text/html' }, body: '<h1>502 Bad Gateway</h1>' });
    const client = createHubClient(async () => server.address);
    expect((await hubErrorOf(client.refresh('tsr_token', server.address))).code).toBe('network_error');
  });

  it('sends the bearer token to the path under the address when signing out', async () => {
    server.answer({ status: 204 });
    const client = createHubClient(async () => server.address);
    await client.signOut('tsa_abc', `${server.address}/tessera`);
    expect(server.seen).toEqual([expect.objectContaining({ method: 'DELETE', url: '/tessera/v1/sessions/current' })]);
    expect(server.seen[0]?.headers.authorization).toBe('Bearer tsa_abc');
  });

  it('sends no authorization header when the call needs no token', async () => {
    server.answer(json(200, { status: 'ok', service: 'tessera-hub', version: '1', apiVersion: 1 }));
    const client = createHubClient(async () => server.address);
    await client.health(server.address);
    expect(server.seen[0]?.headers.authorization).toBeUndefined();
  });
});

describe('hub client without a server', () => {
  it('fails with network_error when nothing listens at the address', async () => {
    const address = await deadAddress();
    const client = createHubClient(async () => address);
    const error = await hubErrorOf(client.health(address));
    expect(error.code).toBe('network_error');
    expect(error.status).toBe(0);
  });
});

describe('hub client: Security Check and two-step routes', () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await startScriptedServer();
  });
  afterEach(() => server.close());

  const PICTURE = 'data:image/png;base64,iVBORw0KGgo=';
  const DEVICE = { id: '0b7f6c1e-3d2a-4f5b-9c8d-7e6f5a4b3c2d', name: 'Chrome on Linux', browser: 'chrome', platform: 'linux' } as const;

  it('asks for a new picture replacing the old one and answers the challenge', async () => {
    server.answer(json(200, { captcha: { id: 'c2', image: PICTURE, expiresIn: 300 } }));
    const client = createHubClient(async () => server.address);
    expect(await client.newChallenge({ kind: 'sign_in', replaces: 'c1' })).toEqual({ id: 'c2', image: PICTURE, expiresIn: 300 });
    expect(server.seen[0]).toMatchObject({ method: 'POST', url: '/v1/security-check' });
    expect(JSON.parse(server.seen[0]!.body)).toEqual({ kind: 'sign_in', replaces: 'c1' });
  });

  it('fails with not_a_tessera_hub when the picture is not a PNG data URL', async () => {
    server.answer(json(200, { captcha: { id: 'c2', image: 'https://evil.example/picture.png', expiresIn: 300 } }));
    const client = createHubClient(async () => server.address);
    expect((await hubErrorOf(client.newChallenge({ kind: 'registration' }))).code).toBe('not_a_tessera_hub');
  });

  it('sends the Security Check answer and the second factor along when signing in', async () => {
    server.answer(json(401, { error: { code: 'invalid_credentials', message: 'No.' } }));
    const client = createHubClient(async () => server.address);
    const request = { email: 'a@example.com', password: 'x', device: DEVICE, captcha: { id: 'c1', answer: 'AB3K9X' }, secondFactor: { method: 'sms' as const, code: '123456' } };
    await hubErrorOf(client.signIn(request));
    expect(JSON.parse(server.seen[0]!.body)).toEqual(request);
  });

  it('carries the challenge over in the details when the hub answers captcha_required', async () => {
    const captcha = { id: 'c1', image: PICTURE, expiresIn: 300 };
    server.answer(json(403, { error: { code: 'captcha_required', message: 'Solve it.', captcha } }));
    const client = createHubClient(async () => server.address);
    const error = await hubErrorOf(client.createAccount({ email: 'a@example.com', password: 'x', region: 'de', marketingConsent: false }));
    expect(error.code).toBe('captcha_required');
    expect(error.status).toBe(403);
    expect(error.details).toEqual({ captcha });
  });

  it('carries methods, phone hint and resend wait over when the hub answers second_factor_required', async () => {
    const extras = { methods: ['sms', 'recovery'], phoneHint: '+49•••••••67', smsSent: true, smsResendIn: 60 };
    server.answer(json(401, { error: { code: 'second_factor_required', message: 'Code.', ...extras } }));
    const client = createHubClient(async () => server.address);
    const error = await hubErrorOf(client.signIn({ email: 'a@example.com', password: 'x', device: DEVICE }));
    expect(error.code).toBe('second_factor_required');
    expect(error.details).toEqual(extras);
  });

  it('turns SMS codes on with PUT and the bearer token', async () => {
    const status = { phone: '+491512345678', phoneVerified: true, sms: true, totp: false, recoveryCodesLeft: 0 };
    server.answer(json(200, status));
    const client = createHubClient(async () => server.address);
    expect(await client.twoStep.setSms({ enabled: true, password: 'x' }, 'tsa_abc', server.address)).toEqual(status);
    expect(server.seen[0]).toMatchObject({ method: 'PUT', url: '/v1/account/two-step/sms' });
    expect(server.seen[0]?.headers.authorization).toBe('Bearer tsa_abc');
  });

  it('answers the resend wait when the hub accepted the phone (202)', async () => {
    server.answer(json(202, { smsResendIn: 60 }));
    const client = createHubClient(async () => server.address);
    expect(await client.twoStep.setPhone({ phone: '+491512345678', password: 'x' }, 'tsa_abc', server.address)).toEqual({ smsResendIn: 60 });
    expect(server.seen[0]).toMatchObject({ method: 'POST', url: '/v1/account/two-step/phone' });
  });
});

describe('hub client: vault keyset', () => {
  const KDF = { algorithm: 'argon2id', memoryKiB: 65_536, iterations: 3, parallelism: 4 } as const;
  const keyset = { version: 1, kdf: KDF, salt: btoa('s'.repeat(16)), wrappedKey: btoa('w'.repeat(73)) };

  describe('against a real hub', () => {
    let hub: LiveHub;
    beforeAll(async () => {
      hub = await startLiveHub();
    });
    afterAll(() => hub.close());

    it('fails with no_keyset first, then reads back what it stored, then conflicts with the current version', async () => {
      const { tokens } = await signedInAccount(hub.app);
      const client = createHubClient(async () => hub.address);
      const missing = await hubErrorOf(client.vault.keyset(tokens.accessToken, hub.address));
      expect(missing.code).toBe('no_keyset');
      expect(missing.status).toBe(404);
      const { version: _version, ...rest } = keyset;
      expect(await client.vault.putKeyset({ replaces: null, ...rest }, tokens.accessToken, hub.address)).toEqual({ version: 1 });
      expect(await client.vault.keyset(tokens.accessToken, hub.address)).toEqual(keyset);
      const conflict = await hubErrorOf(client.vault.putKeyset({ replaces: null, ...rest }, tokens.accessToken, hub.address));
      expect(conflict.code).toBe('conflict');
      expect(conflict.status).toBe(409);
      expect(conflict.details).toEqual({ current: 1 });
    });
  });

  describe('against a scripted server', () => {
    let server: ScriptedServer;
    beforeEach(async () => {
      server = await startScriptedServer();
    });
    afterEach(() => server.close());

    it('reads the keyset with GET and the bearer token', async () => {
      server.answer(json(200, keyset));
      const client = createHubClient(async () => server.address);
      expect(await client.vault.keyset('tsa_abc', server.address)).toEqual(keyset);
      expect(server.seen[0]).toMatchObject({ method: 'GET', url: '/v1/vault/keyset' });
      expect(server.seen[0]?.headers.authorization).toBe('Bearer tsa_abc');
    });

    it('fails with no_keyset when the hub answers 404 no_keyset', async () => {
      server.answer(json(404, { error: { code: 'no_keyset', message: 'None yet.' } }));
      const client = createHubClient(async () => server.address);
      const error = await hubErrorOf(client.vault.keyset('tsa_abc', server.address));
      expect(error.code).toBe('no_keyset');
      expect(error.status).toBe(404);
    });

    it('fails with not_a_tessera_hub when the keyset answered has a salt of the wrong length', async () => {
      server.answer(json(200, { ...keyset, salt: btoa('s'.repeat(15)) }));
      const client = createHubClient(async () => server.address);
      expect((await hubErrorOf(client.vault.keyset('tsa_abc', server.address))).code).toBe('not_a_tessera_hub');
    });

    it('sends the keyset with PUT and answers the new version', async () => {
      server.answer(json(200, { version: 3 }));
      const client = createHubClient(async () => server.address);
      const body = { replaces: 2, kdf: KDF, salt: keyset.salt, wrappedKey: keyset.wrappedKey };
      expect(await client.vault.putKeyset(body, 'tsa_abc', server.address)).toEqual({ version: 3 });
      expect(server.seen[0]).toMatchObject({ method: 'PUT', url: '/v1/vault/keyset' });
      expect(JSON.parse(server.seen[0]!.body)).toEqual(body);
    });

    it('carries the current version over in the details when the hub answers 409 conflict', async () => {
      server.answer(json(409, { error: { code: 'conflict', message: 'Changed.', current: 4 } }));
      const client = createHubClient(async () => server.address);
      const error = await hubErrorOf(client.vault.putKeyset({ replaces: 2, kdf: KDF, salt: keyset.salt, wrappedKey: keyset.wrappedKey }, 'tsa_abc', server.address));
      expect(error.code).toBe('conflict');
      expect(error.status).toBe(409);
      expect(error.details).toEqual({ current: 4 });
    });
  });
});

describe('hub client: vault sync', () => {
  const itemId = 'item-0000000000000001';
  const blob = btoa('sealed item bytes');

  describe('against a real hub', () => {
    let hub: LiveHub;
    beforeAll(async () => {
      hub = await startLiveHub();
    });
    afterAll(() => hub.close());

    it('pushes an item, pulls it back page by page, and gets the first answer again when a batch is retried', async () => {
      const { tokens } = await signedInAccount(hub.app);
      const client = createHubClient(async () => hub.address);
      expect(await client.vault.changes(0, undefined, tokens.accessToken, hub.address)).toEqual({ items: [], cursor: 0, more: false });
      const body = { batchId: crypto.randomUUID(), changes: [{ id: itemId, baseRevision: 0, blob }, { id: `${itemId}2`, baseRevision: 0, deleted: true as const }] };
      const pushed = await client.vault.push(body, tokens.accessToken, hub.address);
      expect(pushed).toEqual({ results: [{ id: itemId, status: 'applied', revision: 1 }, { id: `${itemId}2`, status: 'applied', revision: 2 }], cursor: 2 });
      expect(await client.vault.push(body, tokens.accessToken, hub.address)).toEqual(pushed);
      expect(await client.vault.changes(0, 1, tokens.accessToken, hub.address)).toEqual({ items: [{ id: itemId, revision: 1, blob, deleted: false }], cursor: 1, more: true });
      expect(await client.vault.changes(1, 1, tokens.accessToken, hub.address)).toEqual({
        items: [{ id: `${itemId}2`, revision: 2, blob: null, deleted: true }],
        cursor: 2,
        more: false,
      });
      const conflict = await client.vault.push({ batchId: crypto.randomUUID(), changes: [{ id: itemId, baseRevision: 0, blob }] }, tokens.accessToken, hub.address);
      expect(conflict.results).toEqual([{ id: itemId, status: 'conflict', current: { id: itemId, revision: 1, blob, deleted: false } }]);
    });

    it('carries the item id over when the hub answers item_too_large', async () => {
      const { tokens } = await signedInAccount(hub.app);
      const client = createHubClient(async () => hub.address);
      const large = btoa('x'.repeat(512 * 1024 + 1));
      const error = await hubErrorOf(client.vault.push({ batchId: crypto.randomUUID(), changes: [{ id: itemId, baseRevision: 0, blob: large }] }, tokens.accessToken, hub.address));
      expect(error.code).toBe('item_too_large');
      expect(error.status).toBe(413);
      expect(error.details).toMatchObject({ id: itemId });
    });
  });

  describe('against a scripted server', () => {
    let server: ScriptedServer;
    beforeEach(async () => {
      server = await startScriptedServer();
    });
    afterEach(() => server.close());

    it('asks for changes with GET, the cursor and the bearer token, and leaves the limit to the hub unless given', async () => {
      server.answer(json(200, { items: [], cursor: 7, more: false }));
      const client = createHubClient(async () => server.address);
      expect(await client.vault.changes(7, undefined, 'tsa_abc', server.address)).toEqual({ items: [], cursor: 7, more: false });
      await client.vault.changes(3, 250, 'tsa_abc', server.address);
      expect(server.seen.map((seen) => [seen.method, seen.url])).toEqual([
        ['GET', '/v1/vault/changes?since=7'],
        ['GET', '/v1/vault/changes?since=3&limit=250'],
      ]);
      expect(server.seen[0]?.headers.authorization).toBe('Bearer tsa_abc');
    });

    it('fails with not_a_tessera_hub when a page carries an item that is not a valid blob', async () => {
      server.answer(json(200, { items: [{ id: itemId, revision: 1, blob: 'not base64!', deleted: false }], cursor: 1, more: false }));
      const client = createHubClient(async () => server.address);
      expect((await hubErrorOf(client.vault.changes(0, undefined, 'tsa_abc', server.address))).code).toBe('not_a_tessera_hub');
    });

    it('sends a push with POST once and does not retry it when a gateway answers 503', async () => {
      server.answer({ status: 503, headers: { 'content-type': 'text/html' }, body: '<h1>503</h1>' });
      const client = createHubClient(async () => server.address);
      const body = { batchId: crypto.randomUUID(), changes: [{ id: itemId, baseRevision: 4, blob }] };
      expect((await hubErrorOf(client.vault.push(body, 'tsa_abc', server.address))).code).toBe('network_error');
      expect(server.seen).toHaveLength(1);
      expect(server.seen[0]).toMatchObject({ method: 'POST', url: '/v1/vault/changes' });
      expect(JSON.parse(server.seen[0]!.body)).toEqual(body);
    });

    it('retries a pull once when a gateway answers 503', async () => {
      server.answer({ status: 503, headers: { 'content-type': 'text/html' }, body: '<h1>503</h1>' });
      const client = createHubClient(async () => server.address);
      expect((await hubErrorOf(client.vault.changes(0, undefined, 'tsa_abc', server.address))).code).toBe('network_error');
      expect(server.seen).toHaveLength(2);
    });

    it('carries the limit over when the hub answers quota_exceeded', async () => {
      server.answer(json(403, { error: { code: 'quota_exceeded', message: 'Full.', maxItems: 50_000, items: 50_000 } }));
      const client = createHubClient(async () => server.address);
      const error = await hubErrorOf(client.vault.push({ batchId: crypto.randomUUID(), changes: [{ id: itemId, baseRevision: 0, blob }] }, 'tsa_abc', server.address));
      expect(error.code).toBe('quota_exceeded');
      expect(error.status).toBe(403);
      expect(error.details).toEqual({ maxItems: 50_000, items: 50_000 });
    });
  });
});

describe('hub client: devices', () => {
  const DEVICE_ID = '0b7f6c1e-3d2a-4f5b-9c8d-7e6f5a4b3c2d';
  const view = {
    id: DEVICE_ID,
    name: 'Work laptop',
    browser: 'firefox',
    platform: 'macos',
    createdAt: '2026-01-01T00:00:00.000Z',
    lastSeenAt: '2026-01-02T00:00:00.000Z',
    current: false,
  } as const;

  describe('against a real hub', () => {
    let hub: LiveHub;
    beforeAll(async () => {
      hub = await startLiveHub();
    });
    afterAll(() => hub.close());

    it('renames the device, then signs it out remotely, then fails with device_not_found', async () => {
      const { tokens } = await signedInAccount(hub.app);
      const client = createHubClient(async () => hub.address);
      const renamed = await client.devices.rename(tokens.deviceId, 'Kitchen PC', tokens.accessToken, hub.address);
      expect(renamed).toMatchObject({ id: tokens.deviceId, name: 'Kitchen PC', current: true });
      expect((await client.devices(tokens.accessToken, hub.address))[0]?.name).toBe('Kitchen PC');
      await client.devices.signOut(tokens.deviceId, tokens.accessToken, hub.address);
      expect((await hubErrorOf(client.devices(tokens.accessToken, hub.address))).code).toBe('unauthorized');
    });
  });

  describe('against a scripted server', () => {
    let server: ScriptedServer;
    beforeEach(async () => {
      server = await startScriptedServer();
    });
    afterEach(() => server.close());

    it('renames with PATCH, the name in the body and the bearer token', async () => {
      server.answer(json(200, view));
      const client = createHubClient(async () => server.address);
      expect(await client.devices.rename(DEVICE_ID, 'Work laptop', 'tsa_abc', server.address)).toEqual(view);
      expect(server.seen[0]).toMatchObject({ method: 'PATCH', url: `/v1/devices/${DEVICE_ID}` });
      expect(JSON.parse(server.seen[0]!.body)).toEqual({ name: 'Work laptop' });
      expect(server.seen[0]?.headers.authorization).toBe('Bearer tsa_abc');
    });

    it('signs a device out with DELETE under the address path', async () => {
      server.answer({ status: 204 });
      const client = createHubClient(async () => server.address);
      await client.devices.signOut(DEVICE_ID, 'tsa_abc', `${server.address}/tessera`);
      expect(server.seen[0]).toMatchObject({ method: 'DELETE', url: `/tessera/v1/devices/${DEVICE_ID}` });
      expect(server.seen[0]?.headers.authorization).toBe('Bearer tsa_abc');
    });

    it('fails with device_not_found when the hub answers 404 device_not_found', async () => {
      server.answer(json(404, { error: { code: 'device_not_found', message: 'No such device.' } }));
      const client = createHubClient(async () => server.address);
      const error = await hubErrorOf(client.devices.signOut(DEVICE_ID, 'tsa_abc', server.address));
      expect(error.code).toBe('device_not_found');
      expect(error.status).toBe(404);
    });

    it('fails with not_a_tessera_hub when the renamed device answered is not a device view', async () => {
      server.answer(json(200, { id: DEVICE_ID }));
      const client = createHubClient(async () => server.address);
      expect((await hubErrorOf(client.devices.rename(DEVICE_ID, 'X', 'tsa_abc', server.address))).code).toBe('not_a_tessera_hub');
    });
  });

  it.each([
    ['http://127.0.0.1:8787', 'ws://127.0.0.1:8787/v1/events'],
    ['https://hub.example.com', 'wss://hub.example.com/v1/events'],
    ['https://example.com/tessera/', 'wss://example.com/tessera/v1/events'],
    ['http://[::1]:8787/tessera', 'ws://[::1]:8787/tessera/v1/events'],
  ])('turns the address %s into the events socket address %s', (address, expected) => {
    expect(eventsUrl(address)).toBe(expected);
    expect(createHubClient(async () => address).eventsUrl(address)).toBe(expected);
  });
});
