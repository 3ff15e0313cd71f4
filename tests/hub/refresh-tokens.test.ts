import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SessionTokens } from '../../lib/protocol/sessions.ts';
import {
  createActivatedAccount,
  DAY,
  getAccount,
  getDevices,
  MINUTE,
  newDevice,
  postRefresh,
  signIn,
  type Tokens,
} from '../support/hub-client.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';

describe('POST /v1/sessions/refresh', () => {
  let hub: TestHub;
  let credentials: Awaited<ReturnType<typeof createActivatedAccount>>;
  let first: Tokens;
  // One hub per file; every test signs a new account in, so tests share nothing but the clock.
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.close());
  beforeEach(async () => {
    credentials = await createActivatedAccount(hub.app);
    first = await signIn(hub.app, credentials);
  });

  const refresh = async (refreshToken: string) => {
    const response = await postRefresh(hub.app, refreshToken);
    return { status: response.statusCode, body: response.json() as Tokens & { error?: { code: string } } };
  };

  it('answers a new token pair for the same device when the refresh token is current', async () => {
    const { status, body } = await refresh(first.refreshToken);
    expect(status).toBe(200);
    const tokens = SessionTokens.strict().parse(body);
    expect(tokens.deviceId).toBe(credentials.device.id);
    expect(tokens.accessToken).not.toBe(first.accessToken);
    expect(tokens.refreshToken).not.toBe(first.refreshToken);
  });

  it('makes the new access token work when it rotates', async () => {
    const { body } = await refresh(first.refreshToken);
    expect((await getAccount(hub.app, body.accessToken)).statusCode).toBe(200);
  });

  it('stops the old access token when it rotates', async () => {
    await refresh(first.refreshToken);
    expect((await getAccount(hub.app, first.accessToken)).statusCode).toBe(401);
  });

  it('works after the access token has expired when the refresh token has not', async () => {
    hub.clock.advance(20 * MINUTE);
    expect((await getAccount(hub.app, first.accessToken)).statusCode).toBe(401);
    expect((await refresh(first.refreshToken)).status).toBe(200);
  });

  it('answers 401 unauthorized when the refresh token is unknown', async () => {
    const { status, body } = await refresh(`tsr_${'A'.repeat(43)}`);
    expect(status).toBe(401);
    expect(body.error).toMatchObject({ code: 'unauthorized' });
  });

  it('answers 401 unauthorized when the access token is sent as a refresh token', async () => {
    expect((await refresh(first.accessToken)).status).toBe(401);
  });

  it('answers 401 unauthorized when thirty days have passed without a refresh', async () => {
    hub.clock.advance(30 * DAY);
    expect((await refresh(first.refreshToken)).status).toBe(401);
  });

  it('keeps the session alive past thirty days when it is refreshed in between', async () => {
    hub.clock.advance(20 * DAY);
    const second = await refresh(first.refreshToken);
    hub.clock.advance(20 * DAY);
    expect((await refresh(second.body.refreshToken)).status).toBe(200);
  });

  it('answers 401 unauthorized when an already-used refresh token is presented again', async () => {
    await refresh(first.refreshToken);
    const { status, body } = await refresh(first.refreshToken);
    expect(status).toBe(401);
    expect(body.error).toMatchObject({ code: 'unauthorized' });
  });

  it('revokes the device session when an already-used refresh token is presented again', async () => {
    const second = (await refresh(first.refreshToken)).body;
    await refresh(first.refreshToken);
    expect((await getAccount(hub.app, second.accessToken)).statusCode).toBe(401);
    expect((await refresh(second.refreshToken)).status).toBe(401);
  });

  it('drops the revoked device from the device list when a used refresh token is replayed', async () => {
    const other = await signIn(hub.app, { ...credentials, device: newDevice({ name: 'Other' }) });
    await refresh(first.refreshToken);
    await refresh(first.refreshToken);
    const ids = ((await getDevices(hub.app, other.accessToken)).json() as { devices: { id: string }[] }).devices.map((d) => d.id);
    expect(ids).toEqual([other.deviceId]);
  });

  it('leaves other devices signed in when one device is revoked for reuse', async () => {
    const other = await signIn(hub.app, { ...credentials, device: newDevice() });
    await refresh(first.refreshToken);
    await refresh(first.refreshToken);
    expect((await getAccount(hub.app, other.accessToken)).statusCode).toBe(200);
  });

  it('does not revoke a later sign-in of the device when the old refresh token is replayed again', async () => {
    await refresh(first.refreshToken);
    await refresh(first.refreshToken); // reuse: this session is revoked
    const fresh = await signIn(hub.app, credentials);
    expect((await refresh(first.refreshToken)).status).toBe(401);
    expect((await getAccount(hub.app, fresh.accessToken)).statusCode).toBe(200);
    expect((await refresh(fresh.refreshToken)).status).toBe(200);
  });

  it('does not revoke a later sign-in of the device when a refresh token from before it is replayed', async () => {
    const rotated = (await refresh(first.refreshToken)).body;
    const fresh = await signIn(hub.app, credentials);
    expect((await refresh(first.refreshToken)).status).toBe(401);
    expect((await refresh(rotated.refreshToken)).status).toBe(401);
    expect((await getAccount(hub.app, fresh.accessToken)).statusCode).toBe(200);
  });

  it('lets at most one of two simultaneous refreshes succeed and ends the session when one token is used twice', async () => {
    const answers = await Promise.all([refresh(first.refreshToken), refresh(first.refreshToken)]);
    const winners = answers.filter((answer) => answer.status === 200);
    expect(winners.length).toBeLessThanOrEqual(1);
    expect(answers.filter((answer) => answer.status !== 200).every((answer) => answer.status === 401)).toBe(true);
    for (const winner of winners) {
      expect((await getAccount(hub.app, winner.body.accessToken)).statusCode).toBe(401);
      expect((await refresh(winner.body.refreshToken)).status).toBe(401);
    }
  });

  it('renews the last-seen time of the device when it refreshes', async () => {
    hub.clock.advance(10 * MINUTE);
    const { body } = await refresh(first.refreshToken);
    const { devices } = (await getDevices(hub.app, body.accessToken)).json() as { devices: { lastSeenAt: string }[] };
    expect(devices[0]?.lastSeenAt).toBe(new Date(hub.clock()).toISOString());
  });
});
