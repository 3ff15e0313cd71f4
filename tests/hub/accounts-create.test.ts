import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountView } from '../../lib/protocol/accounts.ts';
import { ErrorBody } from '../../lib/protocol/errors.ts';
import { GOOD_PASSWORD, postAccount, uniqueEmail } from '../support/hub-client.ts';
import { createTestHub, type TestHub, RELAXED_ABUSE_LIMITS } from '../support/test-hub.ts';

describe('POST /v1/accounts', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({ env: RELAXED_ABUSE_LIMITS });
  });
  afterAll(() => hub.close());

  const storedAccount = (email: string) =>
    hub.testDatabase.database.db.selectFrom('accounts').selectAll().where('email_key', '=', email.toLowerCase()).executeTakeFirstOrThrow();

  it('answers 201 with the account view when the request is valid', async () => {
    const email = uniqueEmail();
    const response = await postAccount(hub.app, { email, region: 'us' });
    expect(response.statusCode).toBe(201);
    const { account } = response.json() as { account: unknown };
    expect(AccountView.strict().parse(account)).toMatchObject({ email, region: 'us', language: 'en', activated: false });
  });

  it('never answers with the password or its hash when creating', async () => {
    const response = await postAccount(hub.app);
    expect(response.body).not.toContain(GOOD_PASSWORD);
    expect(response.body).not.toContain('$argon2');
    expect(response.body).not.toMatch(/hash/i);
  });

  it('stores only an Argon2id hash of the password when creating', async () => {
    const email = uniqueEmail();
    await postAccount(hub.app, { email });
    const row = await storedAccount(email);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(GOOD_PASSWORD);
  });

  it('trims the address and lower-cases its domain when the email is typed loosely', async () => {
    const local = `Ann.Lee.${Date.now()}`;
    const response = await postAccount(hub.app, { email: `  ${local}@Example.COM \t` });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ account: { email: `${local}@example.com` } });
  });

  it('stores the marketing consent with the time it was given when the box is ticked', async () => {
    const email = uniqueEmail();
    const response = await postAccount(hub.app, { email, marketingConsent: true });
    const when = new Date(hub.clock()).toISOString();
    expect(response.json()).toMatchObject({ account: { marketingConsent: true, marketingConsentAt: when } });
    const row = await storedAccount(email);
    expect(row.marketing_consent).toBe(1);
    expect(row.marketing_consent_at).toBe(hub.clock());
  });

  it('stores the refusal of marketing with its time when the box is not ticked', async () => {
    const email = uniqueEmail();
    await postAccount(hub.app, { email, marketingConsent: false });
    const row = await storedAccount(email);
    expect(row.marketing_consent).toBe(0);
    expect(row.marketing_consent_at).toBe(hub.clock());
  });

  it.each([
    ['de', 'de'],
    ['fr', 'fr'],
    ['gb', 'en'],
  ])('stores region %s with its language %s when the account is created there', async (region, language) => {
    const email = uniqueEmail();
    const response = await postAccount(hub.app, { email, region });
    expect(response.json()).toMatchObject({ account: { region, language } });
    expect(await storedAccount(email)).toMatchObject({ region, language });
  });
});

describe('POST /v1/accounts refusals', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({ env: RELAXED_ABUSE_LIMITS });
  });
  afterAll(() => hub.close());

  const refusal = async (input: Parameters<typeof postAccount>[1]) => {
    const response = await postAccount(hub.app, input);
    return { status: response.statusCode, error: ErrorBody.parse(response.json()).error };
  };

  it.each(['not-an-email', 'ann@localhost', 'ann..lee@example.com', '', 'ann@example.com, bob@example.com'])(
    'answers 400 invalid_email when the address is %j',
    async (email) => {
      expect(await refusal({ email })).toMatchObject({ status: 400, error: { code: 'invalid_email' } });
    },
  );

  it.each([
    ['Ab1', ['min_length']],
    ['abcdefgh1', ['uppercase']],
    ['ABCDEFGH1', ['lowercase']],
    ['Abcdefghi', ['digit']],
    ['Abcd efg1', ['no_whitespace']],
    ['Abcd\u3000efg1', ['no_whitespace']],
    ['', ['min_length', 'digit', 'lowercase', 'uppercase']],
    ['短い', ['min_length', 'digit', 'lowercase', 'uppercase']],
  ])('answers 400 weak_password listing the unmet rules when the password is %j', async (password, unmetRules) => {
    expect(await refusal({ password })).toEqual({
      status: 400,
      error: { code: 'weak_password', message: expect.any(String), unmetRules },
    });
  });

  it('answers weak_password with max_length when the password is too long', async () => {
    const { error } = await refusal({ password: `Aa1${'x'.repeat(300)}` });
    expect(error).toMatchObject({ code: 'weak_password', unmetRules: ['max_length'] });
  });

  it.each(['Password1', 'pASSWORD1', 'PassWord1', 'Qwerty123', 'Iloveyou1'])(
    'answers 400 common_password when the password %s is a common one in some case',
    async (password) => {
      expect(await refusal({ password })).toMatchObject({ status: 400, error: { code: 'common_password' } });
    },
  );

  it.each(['xx', 'DE', 'de ', 'toString', ''])('answers 400 invalid_region when the region is %j', async (region) => {
    expect(await refusal({ region })).toMatchObject({ status: 400, error: { code: 'invalid_region' } });
  });

  it('answers 409 email_in_use when the address already has an account', async () => {
    const email = uniqueEmail();
    expect((await postAccount(hub.app, { email })).statusCode).toBe(201);
    expect(await refusal({ email })).toMatchObject({ status: 409, error: { code: 'email_in_use' } });
  });

  it('answers 409 email_in_use when the same address is typed in another case', async () => {
    const email = uniqueEmail('ann');
    expect((await postAccount(hub.app, { email })).statusCode).toBe(201);
    expect(await refusal({ email: email.toUpperCase() })).toMatchObject({ status: 409, error: { code: 'email_in_use' } });
  });

  it('answers 409 email_in_use when the same address is typed with decomposed accents', async () => {
    const local = `jos\u00E9.${Date.now()}`;
    expect((await postAccount(hub.app, { email: `${local}@example.com` })).statusCode).toBe(201);
    const decomposed = `${local.normalize('NFD')}@example.com`;
    expect(await refusal({ email: decomposed })).toMatchObject({ status: 409, error: { code: 'email_in_use' } });
  });

  it('creates exactly one account when two requests race for one address', async () => {
    const email = uniqueEmail('race');
    const responses = await Promise.all([postAccount(hub.app, { email }), postAccount(hub.app, { email: email.toUpperCase() })]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
    const loser = responses.find((response) => response.statusCode === 409);
    expect(loser?.json()).toMatchObject({ error: { code: 'email_in_use' } });
    const rows = await hub.testDatabase.database.db.selectFrom('accounts').select('id').where('email_key', '=', email.toLowerCase()).execute();
    expect(rows).toHaveLength(1);
  });

  it('sends no activation mail when the account is refused', async () => {
    const email = uniqueEmail();
    await postAccount(hub.app, { email, password: 'Password1' });
    const outbox = await hub.app.inject({ method: 'GET', url: `/dev/outbox.json?recipient=${encodeURIComponent(email)}` });
    expect(outbox.json()).toEqual({ entries: [] });
  });
});
