/** Activation links read from the development outbox: expiry, reuse, garbage, both entry points. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, DAY, getAccount, latestActivationToken, MINUTE, postActivation, signIn } from '../support/hub-client.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';

describe('activation links', () => {
  let hub: TestHub;
  // One hub per file: every test makes its own account, so tests share nothing but the clock,
  // which only moves forward.
  beforeAll(async () => {
    hub = await createTestHub();
  });
  afterAll(() => hub.close());

  const openLink = (token: string, headers: Record<string, string> = {}) =>
    hub.app.inject({ method: 'GET', url: `/activate?token=${encodeURIComponent(token)}`, headers });

  async function isActivated(account: Awaited<ReturnType<typeof createAccount>>): Promise<boolean> {
    const { accessToken } = await signIn(hub.app, account);
    return ((await getAccount(hub.app, accessToken)).json() as { activated: boolean }).activated;
  }

  it('activates through the API when the token is fresh', async () => {
    const account = await createAccount(hub.app);
    const response = await postActivation(hub.app, await latestActivationToken(hub.app, account.email));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ activated: true });
    expect(await isActivated(account)).toBe(true);
  });

  it('still works when opened just before the seven days are over', async () => {
    const account = await createAccount(hub.app);
    const token = await latestActivationToken(hub.app, account.email);
    hub.clock.advance(7 * DAY - MINUTE);
    expect((await postActivation(hub.app, token)).statusCode).toBe(200);
  });

  it('answers 400 token_expired when the API gets a token older than seven days', async () => {
    const account = await createAccount(hub.app);
    const token = await latestActivationToken(hub.app, account.email);
    hub.clock.advance(7 * DAY + 1);
    const response = await postActivation(hub.app, token);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'token_expired' } });
  });

  it('leaves the account unactivated when its link has expired', async () => {
    const account = await createAccount(hub.app);
    const token = await latestActivationToken(hub.app, account.email);
    hub.clock.advance(8 * DAY);
    await postActivation(hub.app, token);
    await openLink(token);
    expect(await isActivated(account)).toBe(false);
  });

  it('shows the expired page in the account language when the link is older than seven days', async () => {
    const account = await createAccount(hub.app, { region: 'de' });
    const token = await latestActivationToken(hub.app, account.email);
    hub.clock.advance(7 * DAY + 1);
    const response = await openLink(token, { 'accept-language': 'fr' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('data-outcome="expired"');
    expect(response.body).toContain('Dieser Link ist abgelaufen');
  });

  it('answers 400 token_used when the API gets a token a second time', async () => {
    const account = await createAccount(hub.app);
    const token = await latestActivationToken(hub.app, account.email);
    await postActivation(hub.app, token);
    const again = await postActivation(hub.app, token);
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ error: { code: 'token_used' } });
  });

  it('answers token_used on the API when the link page already used the token', async () => {
    const account = await createAccount(hub.app);
    const token = await latestActivationToken(hub.app, account.email);
    expect((await openLink(token)).statusCode).toBe(200);
    expect((await postActivation(hub.app, token)).json()).toMatchObject({ error: { code: 'token_used' } });
  });

  it('keeps saying the account is active when a used link is opened again', async () => {
    // Mail scanners often open a link before the person does; the page must not then claim failure.
    const account = await createAccount(hub.app, { region: 'fr' });
    const token = await latestActivationToken(hub.app, account.email);
    await openLink(token);
    const again = await openLink(token);
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('data-outcome="success"');
    expect(again.body).toContain('Votre compte est activé');
  });

  it('activates exactly once when the same link is opened twice at the same moment', async () => {
    const account = await createAccount(hub.app);
    const token = await latestActivationToken(hub.app, account.email);
    const answers = await Promise.all([postActivation(hub.app, token), postActivation(hub.app, token)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 400]);
  });

  it.each(['garbage', 'act_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'tsa_notanactivationtoken'])(
    'answers 400 invalid_token when the API gets the unknown token %j',
    async (token) => {
      const response = await postActivation(hub.app, token);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'invalid_token' } });
    },
  );

  it('shows the invalid page in the browser language when the token is unknown', async () => {
    const response = await openLink('garbage', { 'accept-language': 'fr-CH, fr;q=0.9, en;q=0.8' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<html lang="fr">');
    expect(response.body).toContain('data-outcome="invalid"');
  });

  it('shows the invalid page in English when the browser language is not translated', async () => {
    const response = await openLink('garbage', { 'accept-language': 'ja, zh;q=0.8' });
    expect(response.body).toContain('<html lang="en">');
    expect(response.body).toContain('This link is not valid');
  });

  it('shows the invalid page when the link has no token at all', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/activate' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('data-outcome="invalid"');
  });

  it('tells caches not to keep the page when it is served', async () => {
    const response = await openLink('garbage');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('does not activate another account when a token of one account is used', async () => {
    const first = await createAccount(hub.app);
    const second = await createAccount(hub.app);
    await postActivation(hub.app, await latestActivationToken(hub.app, first.email));
    expect(await isActivated(second)).toBe(false);
  });
});
