import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, readOutbox, tokenOfLink, uniqueEmail } from '../support/hub-client.ts';
import { createLogCapture, type LogCapture } from '../support/log-capture.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';

describe('development outbox (no SMTP_URL, DEV_MODE on)', () => {
  let hub: TestHub;
  let logs: LogCapture;
  beforeAll(async () => {
    logs = createLogCapture();
    hub = await createTestHub({ logStream: logs.stream });
  });
  afterAll(() => hub.close());

  it('keeps the activation mail in /dev/outbox.json when an account is created', async () => {
    const { email } = await createAccount(hub.app, { region: 'fr' });
    const entries = await readOutbox(hub.app, email);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'email.activation', recipient: email, subject: 'Activez votre compte My Tessera' });
    expect(entries[0]?.link).toMatch(/^http:\/\/hub\.test\/activate\?token=act_/);
    expect(entries[0]?.text).toContain(entries[0]?.link);
  });

  it('lists only the named recipient when filtered', async () => {
    const { email } = await createAccount(hub.app);
    await createAccount(hub.app);
    const entries = await readOutbox(hub.app, email);
    expect(entries.map((entry) => entry.recipient)).toEqual([email]);
  });

  it('lists the newest mail first when several were kept', async () => {
    const first = await createAccount(hub.app);
    hub.clock.advance(1_000);
    const second = await createAccount(hub.app);
    const recipients = (await readOutbox(hub.app)).map((entry) => entry.recipient);
    expect(recipients.indexOf(second.email)).toBeLessThan(recipients.indexOf(first.email));
  });

  it('honours the limit when one is given', async () => {
    await createAccount(hub.app);
    await createAccount(hub.app);
    const response = await hub.app.inject({ method: 'GET', url: '/dev/outbox.json?limit=1' });
    expect((response.json() as { entries: unknown[] }).entries).toHaveLength(1);
  });

  it('shows the kept mail with its link on the /dev/outbox page', async () => {
    const { email } = await createAccount(hub.app);
    const [entry] = await readOutbox(hub.app, email);
    const response = await hub.app.inject({ method: 'GET', url: '/dev/outbox' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain(email);
    expect(response.body).toContain(`href="${entry?.link}"`);
  });

  it('says where the mail is without the link or its token when logging the kept mail', async () => {
    const { email } = await createAccount(hub.app);
    const [entry] = await readOutbox(hub.app, email);
    const token = tokenOfLink(entry?.link ?? '');
    const line = logs.records().find((record) => record.msg === 'email kept in the development outbox');
    expect(line).toMatchObject({ outbox: 'http://hub.test/dev/outbox' });
    expect(logs.text()).not.toContain(token);
    expect(logs.text()).not.toContain('/activate?token=act_');
  });

  it('answers an empty list when nobody got mail at that address', async () => {
    expect(await readOutbox(hub.app, uniqueEmail('nobody'))).toEqual([]);
  });
});

describe('development outbox with DEV_MODE=false', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({ env: { DEV_MODE: 'false' } });
  });
  afterAll(() => hub.close());

  it.each(['/dev/outbox', '/dev/outbox.json'])('answers 404 not_found for %s', async (url) => {
    const response = await hub.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('still creates accounts when development mode is off', async () => {
    const response = await hub.app.inject({
      method: 'POST',
      url: '/v1/accounts',
      payload: { email: uniqueEmail(), password: 'Quartz-Lantern-47', region: 'us', marketingConsent: false },
    });
    expect(response.statusCode).toBe(201);
  });
});
