/**
 * What the hub logs, with its real logger configuration (redaction, serializers) at the most verbose
 * level: ids, counts and error codes — never passwords, tokens or activation links (architecture §10).
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createAccount,
  getDevices,
  latestActivationToken,
  newDevice,
  postRefresh,
  postSession,
  signIn,
  type Tokens,
} from '../support/hub-client.ts';
import { createLogCapture, type LogCapture } from '../support/log-capture.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';

describe('hub logs', () => {
  let hub: TestHub;
  let logs: LogCapture;
  const secrets: string[] = [];
  let accountId = '';

  beforeAll(async () => {
    logs = createLogCapture();
    hub = await createTestHub({ logStream: logs.stream });
    const password = 'Logged-Never-Pa55word';
    const created = await createAccount(hub.app, { password, region: 'de' });
    accountId = created.account.id;
    const activationToken = await latestActivationToken(hub.app, created.email);
    const first: Tokens = await signIn(hub.app, created);
    const refreshed = (await postRefresh(hub.app, first.refreshToken)).json() as Tokens;
    await hub.app.inject({ method: 'GET', url: `/activate?token=${encodeURIComponent(activationToken)}` });
    await getDevices(hub.app, refreshed.accessToken);
    await postRefresh(hub.app, first.refreshToken); // reuse: revokes the device, logged as such
    const wrongPassword = 'Someone-Elses-Secret-8';
    await postSession(hub.app, { email: created.email, password: wrongPassword, device: newDevice() });
    const leakyBody = 'Leaky-Body-Password-3';
    await hub.app.inject({ method: 'POST', url: '/v1/sessions', payload: { email: 7, password: leakyBody } });
    await hub.app.inject({ method: 'GET', url: '/v1/account', headers: bearer(first.accessToken) });
    secrets.push(
      password,
      activationToken,
      first.accessToken,
      first.refreshToken,
      refreshed.accessToken,
      refreshed.refreshToken,
      wrongPassword,
      leakyBody,
    );
  });
  afterAll(() => hub.close());

  it('writes log lines at all when requests are served', () => {
    expect(logs.records().length).toBeGreaterThan(10);
  });

  it('never contains a password, token or activation token anywhere in the output', () => {
    const text = logs.text();
    const leaked = secrets.filter((secret) => text.includes(secret));
    expect(leaked).toEqual([]);
  });

  it('never contains a token-shaped string when scanning the output for token prefixes', () => {
    expect(logs.text()).not.toMatch(/\b(?:tsa|tsr|act)_[A-Za-z0-9_-]{20,}/);
  });

  it('logs the activation page URL without its query string', () => {
    const urls = logs.records().flatMap((record) => {
      const req = record.req as { url?: string } | undefined;
      return req?.url ? [req.url] : [];
    });
    expect(urls).toContain('/activate?[redacted]');
  });

  it('logs the account id when an account is created and activated', () => {
    const messages = logs.records().filter((record) => record.accountId === accountId).map((record) => record.msg);
    expect(messages).toEqual(expect.arrayContaining(['account created', 'account activated', 'signed in']));
  });

  it('logs why a device was revoked when a used refresh token comes back', () => {
    expect(logs.records()).toEqual(
      expect.arrayContaining([expect.objectContaining({ msg: 'device session revoked', reason: 'refresh token reused', accountId })]),
    );
  });

  it('logs the error code of a refused request so refusals can be counted', () => {
    const refusals = logs.records().filter((record) => record.msg === 'request refused');
    expect(refusals.map((record) => record.errorCode)).toEqual(expect.arrayContaining(['invalid_credentials', 'invalid_request', 'unauthorized']));
  });
});
