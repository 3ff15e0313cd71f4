/**
 * Activation through a real SMTP exchange: the hub (nodemailer, SMTP_URL) talks SMTP to an
 * in-process server on 127.0.0.1, and the test reads the mail as it arrived on the wire.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../server/sessions/tokens.ts';
import { createAccount, getAccount, newDevice, postActivation, postSession, signIn, tokenOfLink } from '../support/hub-client.ts';
import { parseMail } from '../support/mime.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';

describe('activation mail over SMTP', () => {
  let sink: SmtpSink;
  let hub: TestHub;
  beforeAll(async () => {
    sink = await startSmtpSink();
    hub = await createTestHub({ env: { SMTP_URL: sink.url, MAIL_FROM: 'My Tessera <no-reply@hub.test>' } });
  });
  afterAll(async () => {
    await hub.close();
    await sink.close();
  });

  /** Creates an account in `region` and returns it with the mail that the SMTP server received. */
  async function createAndReceive(region = 'us') {
    const created = await createAccount(hub.app, { region });
    const received = await sink.nextMail();
    const mail = parseMail(received.raw);
    const link = /https?:\/\/\S+\/activate\?token=[^\s"<]+/.exec(mail.text)?.[0];
    if (!link) throw new Error(`no activation link in the mail text:\n${mail.text}`);
    return { ...created, received, mail, link };
  }

  it('delivers the mail to the new address from MAIL_FROM when an account is created', async () => {
    const { email, received, mail } = await createAndReceive();
    expect(received.envelopeTo).toEqual([email]);
    expect(received.envelopeFrom).toBe('no-reply@hub.test');
    expect(mail.headers.get('to')).toContain(email);
  });

  it('writes subject and text in German when the account is in region de', async () => {
    const { email, mail } = await createAndReceive('de');
    expect(mail.subject).toBe('Aktivieren Sie Ihr My-Tessera-Konto');
    expect(mail.text).toContain('Willkommen bei Tessera!');
    expect(mail.text).toContain(`Bestätigen Sie, dass ${email} Ihre Adresse ist`);
    expect(mail.text).toContain('läuft in 7 Tagen ab');
    expect(mail.html).toContain('lang="de"');
    expect(mail.html).toContain('Mein Konto aktivieren');
  });

  it('writes subject and text in English when the account is in region us', async () => {
    const { mail } = await createAndReceive('us');
    expect(mail.subject).toBe('Activate your My Tessera account');
    expect(mail.text).toContain('expires in 7 days');
  });

  it('links to the activation page of PUBLIC_URL in both parts when mailing', async () => {
    const { mail, link } = await createAndReceive();
    expect(link.startsWith('http://hub.test/activate?token=')).toBe(true);
    expect(tokenOfLink(link)).toMatch(/^act_[A-Za-z0-9_-]{43}$/);
    expect(mail.html).toContain(`href="${link}"`);
  });

  it('stores only the hash of the mailed token when the link is made', async () => {
    const { link } = await createAndReceive();
    const token = tokenOfLink(link);
    const rows = await hub.testDatabase.database.db.selectFrom('activation_tokens').select('token_hash').execute();
    expect(rows.map((row) => row.token_hash)).toContain(hashToken(token));
    expect(rows.map((row) => row.token_hash)).not.toContain(token);
  });

  it('shows the confirmation page in the account language when the mailed link is opened', async () => {
    const { link } = await createAndReceive('de');
    const response = await hub.app.inject({ method: 'GET', url: new URL(link).pathname + new URL(link).search });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('<html lang="de">');
    expect(response.body).toContain('data-outcome="success"');
    expect(response.body).toContain('Ihr Konto ist aktiviert');
  });

  it('marks the account activated when the mailed link is opened', async () => {
    const { email, password, device, link } = await createAndReceive();
    const { accessToken } = await signIn(hub.app, { email, password, device });
    expect((await getAccount(hub.app, accessToken)).json()).toMatchObject({ activated: false });
    await hub.app.inject({ method: 'GET', url: `/activate?token=${encodeURIComponent(tokenOfLink(link))}` });
    expect((await getAccount(hub.app, accessToken)).json()).toMatchObject({ activated: true });
  });

  it('lets a second browser sign in only after the mailed link is opened', async () => {
    const { email, password, link } = await createAndReceive();
    const second = newDevice({ name: 'Firefox on Linux', browser: 'firefox' });
    const before = await postSession(hub.app, { email, password, device: second });
    expect(before.statusCode).toBe(403);
    expect(before.json()).toMatchObject({ error: { code: 'activation_required' } });
    await hub.app.inject({ method: 'GET', url: `/activate?token=${encodeURIComponent(tokenOfLink(link))}` });
    const after = await postSession(hub.app, { email, password, device: second });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toMatchObject({ account: { activated: true } });
  });

  it('refuses the mailed token on the API as token_used when the link was already opened', async () => {
    const { link } = await createAndReceive();
    const token = tokenOfLink(link);
    await hub.app.inject({ method: 'GET', url: `/activate?token=${encodeURIComponent(token)}` });
    const again = await postActivation(hub.app, token);
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ error: { code: 'token_used' } });
  });

  it('activates through the API as well when the mailed token is posted', async () => {
    const { email, password, link } = await createAndReceive();
    const response = await postActivation(hub.app, tokenOfLink(link));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ activated: true });
    expect((await postSession(hub.app, { email, password, device: newDevice() })).statusCode).toBe(200);
  });
});

describe('activation mail when the SMTP server is down', () => {
  it('still creates the account when the mail cannot be delivered', async () => {
    // A port that was free a moment ago: nothing listens there, so the connection is refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const hub = await createTestHub({ env: { SMTP_URL: `smtp://127.0.0.1:${port}?ignoreTLS=true` } });
    try {
      const response = await hub.app.inject({
        method: 'POST',
        url: '/v1/accounts',
        payload: { email: 'down@example.com', password: 'Quartz-Lantern-47', region: 'us', marketingConsent: false },
      });
      expect(response.statusCode).toBe(201);
    } finally {
      await hub.close();
    }
  });
});
