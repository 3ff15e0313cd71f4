import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionTokens } from '../../lib/protocol/sessions.ts';
import {
  createAccount,
  GOOD_PASSWORD,
  latestActivationToken,
  newDevice,
  postAccount,
  postActivation,
  postSession,
  uniqueEmail,
} from '../support/hub-client.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';

describe('POST /v1/sessions', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.close());

  it('answers 200 with tokens, their lifetimes, the account and the device id when the password is right', async () => {
    const { email, password, device } = await createAccount(hub.app, { region: 'de' });
    const response = await postSession(hub.app, { email, password, device });
    expect(response.statusCode).toBe(200);
    const body = SessionTokens.strict().parse(response.json());
    expect(body.accessToken).toMatch(/^tsa_[A-Za-z0-9_-]{43}$/);
    expect(body.refreshToken).toMatch(/^tsr_[A-Za-z0-9_-]{43}$/);
    expect(body).toMatchObject({ expiresIn: 900, refreshExpiresIn: 30 * 86_400, deviceId: device.id });
    expect(body.account).toMatchObject({ email, region: 'de', language: 'de', activated: false });
  });

  it('gives a new token pair every time when the same device signs in twice', async () => {
    const credentials = await createAccount(hub.app);
    const first = (await postSession(hub.app, credentials)).json() as SessionTokens;
    const second = (await postSession(hub.app, credentials)).json() as SessionTokens;
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
  });

  it('keeps one session for the device when it sends the same sign-in several times at once', async () => {
    const credentials = await createAccount(hub.app);
    const answers = await Promise.all(Array.from({ length: 5 }, () => postSession(hub.app, credentials)));
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200, 200]);
    const sessions = await hub.testDatabase.database.db.selectFrom('sessions').select('id').where('device_id', '=', credentials.device.id).execute();
    expect(sessions).toHaveLength(1);
  });

  it('finds the account when the address is typed in another case and with spaces', async () => {
    const { email, password, device } = await createAccount(hub.app);
    expect((await postSession(hub.app, { email: `  ${email.toUpperCase()} `, password, device })).statusCode).toBe(200);
  });

  it('accepts the password when it is typed in another Unicode normal form', async () => {
    const password = '\u00C9t\u00E9-Kl\u00E4rung-42';
    const account = await createAccount(hub.app, { password });
    const response = await postSession(hub.app, { ...account, password: password.normalize('NFD') });
    expect(response.statusCode).toBe(200);
  });

  it('answers 401 invalid_credentials when the password is wrong', async () => {
    const { email, device } = await createAccount(hub.app);
    const response = await postSession(hub.app, { email, password: 'Wrong-Password-1', device });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
  });

  it('answers 401 invalid_credentials when the password differs only in case', async () => {
    const { email, device } = await createAccount(hub.app);
    expect((await postSession(hub.app, { email, password: GOOD_PASSWORD.toLowerCase(), device })).statusCode).toBe(401);
  });

  it('gives exactly the same answer for an unknown address as for a wrong password', async () => {
    const { email, device } = await createAccount(hub.app);
    const wrongPassword = await postSession(hub.app, { email, password: 'Wrong-Password-1', device });
    const unknownEmail = await postSession(hub.app, { email: uniqueEmail('ghost'), password: 'Wrong-Password-1', device });
    expect(unknownEmail.statusCode).toBe(wrongPassword.statusCode);
    expect(unknownEmail.body).toBe(wrongPassword.body);
    expect(unknownEmail.headers['content-type']).toBe(wrongPassword.headers['content-type']);
  });

  it('gives the same answer for a malformed address as for a wrong password', async () => {
    const { email, device } = await createAccount(hub.app);
    const wrongPassword = await postSession(hub.app, { email, password: 'Wrong-Password-1', device });
    const malformed = await postSession(hub.app, { email: 'not an address', password: 'Wrong-Password-1', device });
    expect(malformed.statusCode).toBe(wrongPassword.statusCode);
    expect(malformed.body).toBe(wrongPassword.body);
  });
});

describe('POST /v1/sessions before activation', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.close());

  const otherBrowser = () => newDevice({ name: 'Firefox on Windows', browser: 'firefox', platform: 'windows' });

  it('lets the browser that created the account sign in when the account is not activated', async () => {
    const credentials = await createAccount(hub.app);
    const response = await postSession(hub.app, credentials);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ account: { activated: false } });
  });

  it('answers 403 activation_required when another browser signs in before activation', async () => {
    const { email, password } = await createAccount(hub.app);
    const response = await postSession(hub.app, { email, password, device: otherBrowser() });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'activation_required' } });
  });

  it('answers invalid_credentials rather than activation_required when another browser has the wrong password', async () => {
    const { email } = await createAccount(hub.app);
    const response = await postSession(hub.app, { email, password: 'Wrong-Password-1', device: otherBrowser() });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
  });

  it('lets another browser sign in when the account has been activated', async () => {
    const { email, password } = await createAccount(hub.app);
    await postActivation(hub.app, await latestActivationToken(hub.app, email));
    const response = await postSession(hub.app, { email, password, device: otherBrowser() });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ account: { activated: true } });
  });

  it('makes the first browser to sign in the origin when the account was created without a device', async () => {
    const email = uniqueEmail();
    expect((await postAccount(hub.app, { email })).statusCode).toBe(201);
    const first = newDevice();
    expect((await postSession(hub.app, { email, password: GOOD_PASSWORD, device: first })).statusCode).toBe(200);
    expect((await postSession(hub.app, { email, password: GOOD_PASSWORD, device: first })).statusCode).toBe(200);
    expect((await postSession(hub.app, { email, password: GOOD_PASSWORD, device: otherBrowser() })).statusCode).toBe(403);
  });

  it('lets only one of two browsers in when both sign in at once to an account created without a device', async () => {
    const email = uniqueEmail();
    await postAccount(hub.app, { email });
    const answers = await Promise.all([
      postSession(hub.app, { email, password: GOOD_PASSWORD, device: newDevice() }),
      postSession(hub.app, { email, password: GOOD_PASSWORD, device: otherBrowser() }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 403]);
  });
});
