/**
 * Authenticator secrets at rest: with TOTP_ENCRYPTION_KEY (the test hubs' default) the database holds
 * them sealed — a copy of the table does not yield the secret — and codes still check; without a key
 * they are stored as they are and still work.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { totpCode } from '../../server/two-step/totp.ts';
import { newDevice } from '../support/hub-client.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';
import { postSignIn, signedInAccount, TOTP_STEP_MS, turnTotpOn } from '../support/two-step.ts';

describe('authenticator secrets at rest', () => {
  let hub: TestHub;
  afterEach(() => hub.close());

  async function enrolled() {
    const account = await signedInAccount(hub.app);
    const { secret } = await turnTotpOn(hub.app, account, (s) => totpCode(s, hub.clock()));
    const row = await hub.testDatabase.database.db.selectFrom('two_step').selectAll().where('account_id', '=', account.account.id).executeTakeFirstOrThrow();
    hub.clock.advance(TOTP_STEP_MS);
    const signIn = await postSignIn(hub.app, { ...account, device: newDevice(), secondFactor: { method: 'totp', code: totpCode(secret, hub.clock()) } });
    return { secret, stored: row.totp_secret ?? '', signedIn: signIn.statusCode };
  }

  it('keeps the secret sealed in the database when TOTP_ENCRYPTION_KEY is set, and still checks codes', async () => {
    hub = await createTestHub();
    const { secret, stored, signedIn } = await enrolled();
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain(secret);
    expect(signedIn).toBe(200);
  });

  it('stores the secret as it is without a key, and still checks codes', async () => {
    hub = await createTestHub({ env: { TOTP_ENCRYPTION_KEY: '' } });
    const { secret, stored, signedIn } = await enrolled();
    expect(stored).toBe(secret);
    expect(signedIn).toBe(200);
  });
});
