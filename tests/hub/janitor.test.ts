import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepExpiredRows } from '../../server/maintenance/janitor.ts';
import { bearer, createAccount, createActivatedAccount, DAY, getAccount, newDevice, postRefresh, readOutbox, signIn, type Tokens } from '../support/hub-client.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';
import { signedInAccount } from '../support/two-step.ts';
import { newItemId, push, randomBlob } from '../support/vault-sync.ts';

describe('sweepExpiredRows', () => {
  let hub: TestHub;
  beforeEach(async () => {
    hub = await createTestHub();
  });
  afterEach(() => hub.close());

  const db = () => hub.testDatabase.database.db;
  const sweep = () => sweepExpiredRows(db(), hub.clock, hub.config.refreshTokenTtlDays);
  const count = async (table: 'sessions' | 'used_refresh_tokens' | 'activation_tokens' | 'dev_outbox' | 'captcha_challenges' | 'sms_codes' | 'vault_batches') =>
    (await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

  it('deletes sessions whose refresh token has expired and keeps live ones', async () => {
    const credentials = await createActivatedAccount(hub.app);
    await signIn(hub.app, credentials);
    hub.clock.advance(20 * DAY);
    const live = await signIn(hub.app, { ...credentials, device: newDevice() });
    hub.clock.advance(11 * DAY);
    await sweep();
    expect(await count('sessions')).toBe(1);
    expect((await postRefresh(hub.app, live.refreshToken)).statusCode).toBe(200);
  });

  it('keeps used refresh tokens while a replay could still matter', async () => {
    const credentials = await createActivatedAccount(hub.app);
    const first = await signIn(hub.app, credentials);
    const second = (await postRefresh(hub.app, first.refreshToken)).json() as Tokens;
    hub.clock.advance(29 * DAY);
    await sweep();
    expect(await count('used_refresh_tokens')).toBe(1);
    await postRefresh(hub.app, first.refreshToken);
    expect((await getAccount(hub.app, second.accessToken)).statusCode).toBe(401);
  });

  it('deletes used refresh tokens when they are older than the refresh lifetime', async () => {
    const credentials = await createActivatedAccount(hub.app);
    await postRefresh(hub.app, (await signIn(hub.app, credentials)).refreshToken);
    hub.clock.advance(31 * DAY);
    await sweep();
    expect(await count('used_refresh_tokens')).toBe(0);
  });

  it('deletes activation links a month after they expired and keeps newer ones', async () => {
    await createAccount(hub.app);
    hub.clock.advance(38 * DAY);
    await createAccount(hub.app);
    await sweep();
    expect(await count('activation_tokens')).toBe(1);
  });

  it('deletes development-outbox mail when it is older than a week', async () => {
    const old = await createAccount(hub.app);
    hub.clock.advance(8 * DAY);
    const recent = await createAccount(hub.app);
    await sweep();
    expect(await readOutbox(hub.app, old.email)).toEqual([]);
    expect(await readOutbox(hub.app, recent.email)).toHaveLength(1);
  });

  it('deletes Security Check challenges a day after they expired and keeps newer ones', async () => {
    await hub.app.inject({ method: 'POST', url: '/v1/security-check', payload: { kind: 'sign_in' } });
    hub.clock.advance(2 * DAY);
    await hub.app.inject({ method: 'POST', url: '/v1/security-check', payload: { kind: 'sign_in' } });
    await sweep();
    expect(await count('captcha_challenges')).toBe(1);
  });

  it('deletes SMS codes a day after they expired and keeps newer ones', async () => {
    const account = await signedInAccount(hub.app);
    // A fresh access token each time: the clock jumps past its lifetime.
    const send = async (phone: string) => {
      const { accessToken } = await signIn(hub.app, account);
      return hub.app.inject({ method: 'POST', url: '/v1/account/two-step/phone', headers: bearer(accessToken), payload: { phone, password: account.password } });
    };
    expect((await send('+4915112345678')).statusCode).toBe(202);
    hub.clock.advance(2 * DAY);
    expect((await send('+4915112345679')).statusCode).toBe(202);
    await sweep();
    expect(await count('sms_codes')).toBe(1);
  });

  it('deletes the answers of vault push batches older than a week and keeps newer ones', async () => {
    const account = await signedInAccount(hub.app);
    // A fresh access token each time: the clock jumps past its lifetime.
    const pushOne = async () => push(hub.app, (await signIn(hub.app, account)).accessToken, [{ id: newItemId(), baseRevision: 0, blob: randomBlob() }]);
    await pushOne();
    hub.clock.advance(8 * DAY);
    await pushOne();
    await sweep();
    expect(await count('vault_batches')).toBe(1);
    // The items themselves stay.
    expect((await db().selectFrom('vault_items').select('item_id').execute()).length).toBe(2);
  });
});
