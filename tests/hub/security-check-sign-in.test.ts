/**
 * The Security Check on sign-in, enforced by the hub over HTTP with the default limits: after three
 * failures the password is not even looked at without a solved picture; pictures are single-use,
 * expire and are bound to their kind; a success resets the account's count.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PasswordHasher } from '../../server/accounts/password-hasher.ts';
import { createAccount, createActivatedAccount, MINUTE, newDevice, readOutbox } from '../support/hub-client.ts';
import { answerOf, attemptSignIn, challengeOf, errorCode, requestChallenge, solve } from '../support/security-check.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('Security Check on sign-in', () => {
  let hub: TestHub;
  let passwordChecks: number;

  beforeEach(async () => {
    passwordChecks = 0;
    hub = await createTestHub({
      wrapHasher: (real): PasswordHasher => ({
        ...real,
        verify: (hash, password) => {
          passwordChecks += 1;
          return real.verify(hash, password);
        },
        verifyDecoy: (password) => {
          passwordChecks += 1;
          return real.verifyDecoy(password);
        },
      }),
    });
  });
  afterEach(() => hub.close());

  it('checks none of 1,000 wrong passwords after the third without a solved challenge, then hits the ceiling', async () => {
    const { email } = await createActivatedAccount(hub.app);
    const statuses = new Map<string, number>();
    let retryAfter: string | undefined;
    for (let i = 0; i < 1000; i++) {
      // A new device id every time: the account's own count still applies.
      const response = await attemptSignIn(hub.app, { email, password: `Wrong-guess-${i}`, device: newDevice() });
      const key = `${response.statusCode} ${errorCode(response)}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      if (response.statusCode === 429) retryAfter = response.headers['retry-after'] as string;
    }
    expect(passwordChecks).toBe(3);
    expect(statuses.get('401 invalid_credentials')).toBe(3);
    // The default per-IP ceiling is 300 attempts an hour, and creating the account was one of them:
    // 296 challenges, then 429 for the rest.
    expect(statuses.get('403 captcha_required')).toBe(296);
    expect(statuses.get('429 rate_limited')).toBe(701);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(3600);
  });

  it('sends the first picture with the third failure, so the check shows at once', async () => {
    const { email, password, device } = await createActivatedAccount(hub.app);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await attemptSignIn(hub.app, { email, password: 'Wrong-guess-1', device }));
    expect(answers.map(errorCode)).toEqual(['invalid_credentials', 'invalid_credentials', 'invalid_credentials']);
    expect((answers[1]?.json() as { error: { captcha?: unknown } }).error.captcha).toBeUndefined();
    const third = answers[2];
    if (!third) throw new Error('no third answer');
    const solution = await solve(hub.app, third);
    expect((await attemptSignIn(hub.app, { email, password, device, captcha: solution })).statusCode).toBe(200);
  });

  it('refuses the right password when a challenge is required, without checking it', async () => {
    const { email, password, device } = await createActivatedAccount(hub.app);
    for (let i = 0; i < 3; i++) await attemptSignIn(hub.app, { email, password: 'Wrong-guess-1', device });
    const checksBefore = passwordChecks;
    const response = await attemptSignIn(hub.app, { email, password, device });
    expect(response.statusCode).toBe(403);
    expect(errorCode(response)).toBe('captcha_required');
    expect(passwordChecks).toBe(checksBefore);
    const challenge = challengeOf(response);
    expect(challenge.expiresIn).toBe(300);
    const png = Buffer.from(challenge.image.replace('data:image/png;base64,', ''), 'base64');
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    // The answer is nowhere in the answer the client gets.
    expect(response.body).not.toContain(await answerOf(hub.app, challenge));
  });

  it('signs in with the right password and the solved challenge, in any letter case', async () => {
    const { email, password, device } = await createActivatedAccount(hub.app);
    for (let i = 0; i < 3; i++) await attemptSignIn(hub.app, { email, password: 'Wrong-guess-1', device });
    const required = await attemptSignIn(hub.app, { email, password, device });
    const solution = await solve(hub.app, required);
    const response = await attemptSignIn(hub.app, { email, password, device, captcha: { id: solution.id, answer: ` ${solution.answer.toLowerCase()} ` } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toHaveProperty('accessToken');
  });

  it('counts a wrong password with a solved challenge as a failure, and asks again with a new picture', async () => {
    const { email, password, device } = await createActivatedAccount(hub.app);
    for (let i = 0; i < 3; i++) await attemptSignIn(hub.app, { email, password: 'Wrong-guess-1', device });
    const solution = await solve(hub.app, await attemptSignIn(hub.app, { email, password, device }));
    const wrong = await attemptSignIn(hub.app, { email, password: 'Wrong-guess-2', device, captcha: solution });
    expect(errorCode(wrong)).toBe('invalid_credentials');
    const again = await attemptSignIn(hub.app, { email, password, device });
    expect(errorCode(again)).toBe('captcha_required');
  });

  describe('a challenge', () => {
    async function requiredFor() {
      const { email, password, device } = await createActivatedAccount(hub.app);
      const account = { email, password, device };
      for (let i = 0; i < 3; i++) await attemptSignIn(hub.app, { ...account, password: 'Wrong-guess-1' });
      const required = await attemptSignIn(hub.app, account);
      return { account, required };
    }

    it('is single-use: a reused one is refused with a new picture', async () => {
      const { account, required } = await requiredFor();
      const solution = await solve(hub.app, required);
      expect((await attemptSignIn(hub.app, { ...account, captcha: solution })).statusCode).toBe(200);
      // Fail three more times from another client so the account needs a challenge again.
      for (let i = 0; i < 3; i++) {
        const response = await attemptSignIn(hub.app, { ...account, password: 'Wrong-guess-3', device: newDevice() });
        expect(errorCode(response)).toBe('invalid_credentials');
      }
      const reused = await attemptSignIn(hub.app, { ...account, captcha: solution });
      expect(reused.statusCode).toBe(403);
      expect(errorCode(reused)).toBe('captcha_invalid');
      expect(challengeOf(reused).id).not.toBe(solution.id);
    });

    it('burns on a wrong answer: the right answer afterwards is refused too', async () => {
      const { account, required } = await requiredFor();
      const solution = await solve(hub.app, required);
      const wrong = await attemptSignIn(hub.app, { ...account, captcha: { id: solution.id, answer: 'XXXXX' } });
      expect(errorCode(wrong)).toBe('captcha_invalid');
      const late = await attemptSignIn(hub.app, { ...account, captcha: solution });
      expect(errorCode(late)).toBe('captcha_invalid');
      // The new picture that came with the refusal works.
      const fresh = { id: challengeOf(late).id, answer: await answerOf(hub.app, challengeOf(late)) };
      expect((await attemptSignIn(hub.app, { ...account, captcha: fresh })).statusCode).toBe(200);
    });

    it('expires after five minutes', async () => {
      const { account, required } = await requiredFor();
      const solution = await solve(hub.app, required);
      hub.clock.advance(5 * MINUTE + 1000);
      // Five minutes on, the three failures still count (15-minute window): the check is still demanded.
      const expired = await attemptSignIn(hub.app, { ...account, captcha: solution });
      expect(expired.statusCode).toBe(403);
      expect(errorCode(expired)).toBe('captcha_invalid');
    });

    it('answers only for its own kind: a registration picture does not open a sign-in', async () => {
      const { account } = await requiredFor();
      const registration = challengeOf(await requestChallenge(hub.app, 'registration'));
      const answer = await answerOf(hub.app, registration);
      const response = await attemptSignIn(hub.app, { ...account, captcha: { id: registration.id, answer } });
      expect(errorCode(response)).toBe('captcha_invalid');
    });

    it('is refused when unknown', async () => {
      const { account } = await requiredFor();
      const response = await attemptSignIn(hub.app, { ...account, captcha: { id: 'no-such-challenge', answer: 'ACEFH' } });
      expect(errorCode(response)).toBe('captcha_invalid');
    });

    it('can be replaced by a new picture, which burns the old one', async () => {
      const { account, required } = await requiredFor();
      const old = await solve(hub.app, required);
      const replaced = await requestChallenge(hub.app, 'sign_in', old.id);
      expect(replaced.statusCode).toBe(200);
      const fresh = challengeOf(replaced);
      expect(fresh.id).not.toBe(old.id);
      expect(errorCode(await attemptSignIn(hub.app, { ...account, captcha: old }))).toBe('captcha_invalid');
    });
  });

  it('counts failures per client too: one device guessing at many accounts meets the check', async () => {
    const device = newDevice();
    for (let i = 0; i < 3; i++) {
      const { email } = await createActivatedAccount(hub.app);
      expect(errorCode(await attemptSignIn(hub.app, { email, password: 'Wrong-guess-1', device }))).toBe('invalid_credentials');
    }
    const { email } = await createActivatedAccount(hub.app);
    expect(errorCode(await attemptSignIn(hub.app, { email, password: 'Wrong-guess-1', device }))).toBe('captcha_required');
    // The same account from another IP and device is still checked normally: the client, not the account, is suspect.
    const other = await attemptSignIn(hub.app, { email, password: 'Wrong-guess-1', device: newDevice() }, '10.0.0.7');
    expect(errorCode(other)).toBe('invalid_credentials');
  });

  it('counts unknown addresses like real ones, so the check does not reveal which exist', async () => {
    const device = newDevice();
    for (let i = 0; i < 3; i++) await attemptSignIn(hub.app, { email: 'nobody@example.com', password: 'Wrong-guess-1', device: newDevice() }, `10.0.1.${i}`);
    const response = await attemptSignIn(hub.app, { email: 'nobody@example.com', password: 'Wrong-guess-1', device }, '10.0.2.1');
    expect(errorCode(response)).toBe('captcha_required');
  });

  it('resets the account count on success', async () => {
    const { email, password, device } = await createActivatedAccount(hub.app);
    for (let i = 0; i < 2; i++) await attemptSignIn(hub.app, { email, password: 'Wrong-guess-1', device: newDevice() }, `10.0.3.${i}`);
    expect((await attemptSignIn(hub.app, { email, password, device })).statusCode).toBe(200);
    // Two more failures from new clients: with the count reset, still no check.
    for (let i = 0; i < 2; i++) {
      const response = await attemptSignIn(hub.app, { email, password: 'Wrong-guess-1', device: newDevice() }, `10.0.4.${i}`);
      expect(errorCode(response)).toBe('invalid_credentials');
    }
  });

  it('forgets failures once they slide out of the 15-minute window', async () => {
    const { email, password, device } = await createActivatedAccount(hub.app);
    for (let i = 0; i < 3; i++) await attemptSignIn(hub.app, { email, password: 'Wrong-guess-1', device });
    hub.clock.advance(14 * MINUTE);
    expect(errorCode(await attemptSignIn(hub.app, { email, password, device }))).toBe('captcha_required');
    hub.clock.advance(17 * MINUTE);
    expect((await attemptSignIn(hub.app, { email, password, device })).statusCode).toBe(200);
  });

  it('keeps no answer anywhere readable when development mode is off', async () => {
    const production = await createTestHub({ env: { DEV_MODE: 'false' } });
    try {
      const { email, device } = await createAccount(production.app);
      for (let i = 0; i < 3; i++) await attemptSignIn(production.app, { email, password: 'Wrong-guess-1', device });
      const required = await attemptSignIn(production.app, { email, password: 'Wrong-guess-1', device });
      expect(errorCode(required)).toBe('captcha_required');
      expect((await production.app.inject({ method: 'GET', url: '/dev/outbox.json' })).statusCode).toBe(404);
      const rows = await production.testDatabase.database.db.selectFrom('dev_outbox').selectAll().where('kind', 'like', 'captcha%').execute();
      expect(rows).toEqual([]);
    } finally {
      await production.close();
    }
  });

  it('lists answers in the development outbox next to mail', async () => {
    const challenge = challengeOf(await requestChallenge(hub.app, 'sign_in'));
    const [entry] = await readOutbox(hub.app, challenge.id);
    expect(entry?.kind).toBe('captcha.sign_in');
    expect(entry?.text).toMatch(/^[A-Z0-9]{5,7}$/);
    const page = await hub.app.inject({ method: 'GET', url: '/dev/outbox' });
    expect(page.body).toContain(challenge.id);
  });
});
