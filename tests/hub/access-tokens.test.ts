import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccountView } from '../../lib/protocol/accounts.ts';
import { hashToken } from '../../server/sessions/tokens.ts';
import { bearer, createAccount, getAccount, MINUTE, signIn, type Tokens } from '../support/hub-client.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';

describe('access tokens on GET /v1/account', () => {
  let hub: TestHub;
  let credentials: Awaited<ReturnType<typeof createAccount>>;
  let tokens: Tokens;
  // One hub per file; every test signs a new account in, so tests share nothing but the clock.
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.close());
  beforeEach(async () => {
    credentials = await createAccount(hub.app, { region: 'fr', marketingConsent: true });
    tokens = await signIn(hub.app, credentials);
  });

  const unauthorizedBody = { error: { code: 'unauthorized', message: expect.any(String) } };
  const withHeaders = (headers: Record<string, string>) => hub.app.inject({ method: 'GET', url: '/v1/account', headers });

  it('answers the signed-in account when the access token is fresh', async () => {
    const response = await getAccount(hub.app, tokens.accessToken);
    expect(response.statusCode).toBe(200);
    expect(AccountView.strict().parse(response.json())).toMatchObject({
      id: credentials.account.id,
      email: credentials.email,
      region: 'fr',
      language: 'fr',
      marketingConsent: true,
    });
  });

  it('answers 401 unauthorized when no Authorization header is sent', async () => {
    const response = await withHeaders({});
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual(unauthorizedBody);
  });

  it.each([
    ['the scheme alone', 'Bearer'],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['no scheme', 'TOKEN'],
    ['two spaces', 'Bearer  TOKEN'],
    ['trailing text', 'Bearer TOKEN extra'],
    ['characters outside base64url', 'Bearer TOKEN!'],
    ['an overlong token', `Bearer ${'a'.repeat(129)}`],
  ])('answers 401 unauthorized when the header has %s', async (_what, header) => {
    const response = await withHeaders({ authorization: header.replace('TOKEN', tokens.accessToken) });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual(unauthorizedBody);
  });

  it('answers 401 unauthorized when the token is unknown', async () => {
    const response = await getAccount(hub.app, `tsa_${'A'.repeat(43)}`);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual(unauthorizedBody);
  });

  it('answers 401 unauthorized when the refresh token is sent as an access token', async () => {
    expect((await getAccount(hub.app, tokens.refreshToken)).statusCode).toBe(401);
  });

  it('answers 401 unauthorized when the stored hash is sent instead of the token', async () => {
    expect((await withHeaders(bearer(hashToken(tokens.accessToken)))).statusCode).toBe(401);
  });

  it('still works just before fifteen minutes have passed', async () => {
    hub.clock.advance(15 * MINUTE - 1);
    expect((await getAccount(hub.app, tokens.accessToken)).statusCode).toBe(200);
  });

  it('answers 401 unauthorized when fifteen minutes have passed', async () => {
    hub.clock.advance(15 * MINUTE);
    const response = await getAccount(hub.app, tokens.accessToken);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual(unauthorizedBody);
  });

  it('gives the same answer for an expired token as for an unknown one', async () => {
    hub.clock.advance(16 * MINUTE);
    const expired = await getAccount(hub.app, tokens.accessToken);
    const unknown = await getAccount(hub.app, `tsa_${'B'.repeat(43)}`);
    expect(expired.body).toBe(unknown.body);
  });

  it('answers 401 unauthorized when the token belongs to a session replaced by a new sign-in', async () => {
    await signIn(hub.app, credentials);
    expect((await getAccount(hub.app, tokens.accessToken)).statusCode).toBe(401);
  });
});
