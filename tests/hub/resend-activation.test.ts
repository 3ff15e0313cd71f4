import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createAccount,
  DAY,
  latestActivationToken,
  MINUTE,
  postActivation,
  readOutbox,
  signIn,
  uniqueEmail,
} from '../support/hub-client.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';

describe('POST /v1/accounts/activation-email', () => {
  let hub: TestHub;
  // One hub per file: every test makes its own account, so tests share nothing but the clock,
  // which only moves forward.
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.close());

  async function signedInAccount() {
    const account = await createAccount(hub.app);
    const tokens = await signIn(hub.app, account);
    return { ...account, tokens };
  }

  const resendSignedIn = (accessToken: string) =>
    hub.app.inject({ method: 'POST', url: '/v1/accounts/activation-email', headers: bearer(accessToken) });
  const resendTo = (email: string) =>
    hub.app.inject({ method: 'POST', url: '/v1/accounts/activation-email', payload: { email } });

  it('answers 202 and mails a new link when a signed-in account asks after a minute', async () => {
    const { email, tokens } = await signedInAccount();
    hub.clock.advance(MINUTE + 1);
    const response = await resendSignedIn(tokens.accessToken);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: true });
    const mails = await readOutbox(hub.app, email);
    expect(mails).toHaveLength(2);
    expect(mails[0]?.link).not.toBe(mails[1]?.link);
  });

  it('activates with the resent link when it is opened', async () => {
    const { email, tokens } = await signedInAccount();
    hub.clock.advance(MINUTE + 1);
    await resendSignedIn(tokens.accessToken);
    expect((await postActivation(hub.app, await latestActivationToken(hub.app, email))).statusCode).toBe(200);
  });

  it('answers 429 rate_limited with Retry-After when asked again within a minute', async () => {
    const { email, tokens } = await signedInAccount();
    hub.clock.advance(20_000);
    const response = await resendSignedIn(tokens.accessToken);
    expect(response.statusCode).toBe(429);
    expect(response.json()).toMatchObject({ error: { code: 'rate_limited', retryAfter: 40 } });
    expect(response.headers['retry-after']).toBe('40');
    expect(await readOutbox(hub.app, email)).toHaveLength(1);
  });

  it('answers 429 for the rest of the day when five links were sent in 24 hours', async () => {
    const { tokens } = await signedInAccount();
    for (let sent = 1; sent < 5; sent += 1) {
      hub.clock.advance(MINUTE + 1);
      expect((await resendSignedIn(tokens.accessToken)).statusCode).toBe(202);
    }
    hub.clock.advance(MINUTE + 1);
    const response = await resendSignedIn(tokens.accessToken);
    expect(response.statusCode).toBe(429);
    const retryAfter = Number(response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(23 * 3600);
    expect(retryAfter).toBeLessThanOrEqual(24 * 3600);
  });

  it('sends again when the day since the first of five links is over', async () => {
    const account = await signedInAccount();
    for (let sent = 1; sent < 5; sent += 1) {
      hub.clock.advance(MINUTE + 1);
      await resendSignedIn(account.tokens.accessToken);
    }
    hub.clock.advance(DAY);
    const fresh = await signIn(hub.app, account);
    expect((await resendSignedIn(fresh.accessToken)).statusCode).toBe(202);
  });

  it('answers 401 unauthorized when the bearer token has expired and no address is named', async () => {
    const { tokens } = await signedInAccount();
    hub.clock.advance(16 * MINUTE);
    const response = await resendSignedIn(tokens.accessToken);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('answers 409 already_activated when the signed-in account is activated', async () => {
    const { email, tokens } = await signedInAccount();
    await postActivation(hub.app, await latestActivationToken(hub.app, email));
    hub.clock.advance(MINUTE + 1);
    const response = await resendSignedIn(tokens.accessToken);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ error: { code: 'already_activated' } });
  });

  it('answers 202 and mails the account when an unauthenticated caller names an existing address', async () => {
    const { email } = await createAccount(hub.app);
    hub.clock.advance(MINUTE + 1);
    const response = await resendTo(email.toUpperCase());
    expect(response.statusCode).toBe(202);
    expect(await readOutbox(hub.app, email)).toHaveLength(2);
  });

  it('answers the same 202 and sends nothing when an unauthenticated caller names an unknown address', async () => {
    const known = await createAccount(hub.app);
    hub.clock.advance(MINUTE + 1);
    const unknownEmail = uniqueEmail('unknown');
    const forUnknown = await resendTo(unknownEmail);
    const forKnown = await resendTo(known.email);
    expect(forUnknown.statusCode).toBe(forKnown.statusCode);
    expect(forUnknown.body).toBe(forKnown.body);
    expect(await readOutbox(hub.app, unknownEmail)).toEqual([]);
  });

  it('answers the same 202 without a mail when an unauthenticated caller names an activated address', async () => {
    const { email } = await createAccount(hub.app);
    await postActivation(hub.app, await latestActivationToken(hub.app, email));
    hub.clock.advance(MINUTE + 1);
    const response = await resendTo(email);
    expect(response.statusCode).toBe(202);
    expect(await readOutbox(hub.app, email)).toHaveLength(1);
  });

  it('answers the same 202 without a mail when an unauthenticated caller asks too soon', async () => {
    const { email } = await createAccount(hub.app);
    const response = await resendTo(email);
    expect(response.statusCode).toBe(202);
    expect(response.headers['retry-after']).toBeUndefined();
    expect(await readOutbox(hub.app, email)).toHaveLength(1);
  });

  it('answers the same 202 when an unauthenticated caller names an invalid address', async () => {
    const response = await resendTo('not an address');
    expect(response.statusCode).toBe(202);
  });

  it('answers 400 invalid_request when an unauthenticated caller names no address', async () => {
    const response = await hub.app.inject({ method: 'POST', url: '/v1/accounts/activation-email' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('treats an invalid bearer token like no session when an address is named', async () => {
    const { email } = await createAccount(hub.app);
    hub.clock.advance(MINUTE + 1);
    const response = await hub.app.inject({
      method: 'POST',
      url: '/v1/accounts/activation-email',
      headers: bearer('tsa_unknown'),
      payload: { email },
    });
    expect(response.statusCode).toBe(202);
    expect(await readOutbox(hub.app, email)).toHaveLength(2);
  });
});
