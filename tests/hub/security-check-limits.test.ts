/**
 * Registration abuse and the hard ceilings: registration failures (address in use, invalid address,
 * common password) bring the Security Check to registrations; past the per-account and per-IP
 * ceilings the hub answers 429 with Retry-After whatever the request carries.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createActivatedAccount, newDevice } from '../support/hub-client.ts';
import { attemptRegistration, attemptSignIn, challengeOf, errorCode, requestChallenge, solve } from '../support/security-check.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';

describe('Security Check on registration', () => {
  let hub: TestHub;
  afterEach(() => hub.close());

  it.each([
    ['email_in_use', async (h: TestHub) => ({ email: (await createActivatedAccount(h.app, { device: newDevice() })).email })],
    ['invalid_email', async () => ({ email: 'not-an-address' })],
    ['common_password', async () => ({ password: 'Password1' })],
  ] as const)('demands it after three %s answers to one client', async (code, failing) => {
    hub = await createTestHub();
    const device = newDevice();
    for (let i = 0; i < 3; i++) {
      const response = await attemptRegistration(hub.app, { ...(await failing(hub)), device });
      expect(errorCode(response)).toBe(code);
    }
    const blocked = await attemptRegistration(hub.app, { device });
    expect(blocked.statusCode).toBe(403);
    expect(errorCode(blocked)).toBe('captcha_required');
    const created = await attemptRegistration(hub.app, { device, captcha: await solve(hub.app, blocked) });
    expect(created.statusCode).toBe(201);
  });

  it('does not take a sign-in picture for a registration', async () => {
    hub = await createTestHub();
    const device = newDevice();
    for (let i = 0; i < 3; i++) await attemptRegistration(hub.app, { email: 'not-an-address', device });
    const signInPicture = await solve(hub.app, await requestChallenge(hub.app, 'sign_in'));
    const response = await attemptRegistration(hub.app, { device, captcha: signInPicture });
    expect(errorCode(response)).toBe('captcha_invalid');
  });

  it('leaves other clients alone', async () => {
    hub = await createTestHub();
    for (let i = 0; i < 3; i++) await attemptRegistration(hub.app, { email: 'not-an-address', device: newDevice() }, '10.1.0.1');
    expect((await attemptRegistration(hub.app, { device: newDevice() }, '10.1.0.2')).statusCode).toBe(201);
  });
});

describe('hard ceilings', () => {
  let hub: TestHub;
  afterEach(() => hub.close());

  it('answers 429 past the per-account ceiling even with a solved challenge and the right password, until the hour is over', async () => {
    hub = await createTestHub({ env: { ACCOUNT_FAILURE_CEILING: '5' } });
    const { email, password, device } = await createActivatedAccount(hub.app);
    let captcha;
    for (let i = 0; i < 5; i++) {
      const response = await attemptSignIn(hub.app, { email, password: 'Wrong-guess-1', device, ...(captcha ? { captcha } : {}) });
      expect(errorCode(response)).toBe('invalid_credentials');
      // From the third failure on each attempt needs a picture: fetch and solve one for the next try.
      if (i >= 2 && i < 4) captcha = await solve(hub.app, await attemptSignIn(hub.app, { email, password, device }));
    }
    const limited = await attemptSignIn(hub.app, { email, password, device, ...(captcha ? { captcha } : {}) });
    expect(limited.statusCode).toBe(429);
    expect(errorCode(limited)).toBe('rate_limited');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((limited.json() as { error: { retryAfter: number } }).error.retryAfter).toBe(retryAfter);
    // Another client is limited as well: the ceiling belongs to the account.
    expect((await attemptSignIn(hub.app, { email, password, device: newDevice() }, '10.2.0.1')).statusCode).toBe(429);

    hub.clock.advance(retryAfter * 1000);
    const later = await attemptSignIn(hub.app, { email, password, device: newDevice() }, '10.2.0.2');
    expect(later.statusCode).toBe(200);
  });

  it('answers 429 past the per-IP ceiling for every kind of attempt, including new pictures', async () => {
    hub = await createTestHub({ env: { IP_ATTEMPT_CEILING: '6' } });
    const { email, password, device } = await createActivatedAccount(hub.app); // attempt 1
    for (let i = 0; i < 4; i++) expect((await attemptSignIn(hub.app, { email, password, device })).statusCode).toBe(200); // 2–5
    expect((await requestChallenge(hub.app, 'sign_in')).statusCode).toBe(200); // 6
    const limited = [
      await attemptSignIn(hub.app, { email, password, device }),
      await attemptRegistration(hub.app, { device: newDevice() }),
      await requestChallenge(hub.app, 'registration'),
    ];
    for (const response of limited) {
      expect(response.statusCode).toBe(429);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Another address is not affected.
    expect((await attemptSignIn(hub.app, { email, password, device }, '10.3.0.1')).statusCode).toBe(200);
  });

  it('answers a new picture with an image that differs from the last one', async () => {
    hub = await createTestHub();
    const first = challengeOf(await requestChallenge(hub.app, 'sign_in'));
    const second = challengeOf(await requestChallenge(hub.app, 'sign_in', first.id));
    expect(second.image).not.toBe(first.image);
  });
});
