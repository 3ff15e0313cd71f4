/**
 * The Security Check and two-step codes together, as the popup meets them: three wrong passwords →
 * picture + right password → "Code from SMS" → the code goes through without a second picture. The
 * right password (behind a solved picture) is what the check guards; codes have their own limits.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newDevice } from '../support/hub-client.ts';
import { attemptSignIn, errorCode, solve } from '../support/security-check.ts';
import { createTestHub, type TestHub } from '../support/test-hub.ts';
import { latestSmsCode, otherCode, signedInAccount, turnSmsOn } from '../support/two-step.ts';

describe('Security Check before a two-step code', () => {
  let hub: TestHub;
  beforeEach(async () => {
    hub = await createTestHub();
  });
  afterEach(() => hub.close());

  it('asks for the picture once, then takes the SMS code without another', async () => {
    const account = await signedInAccount(hub.app);
    const phone = await turnSmsOn(hub.app, account);
    const { email, password, device } = account;
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await attemptSignIn(hub.app, { email, password: 'Wrong-guess-1', device }));
    const solution = await solve(hub.app, answers[2]!);
    const asked = await attemptSignIn(hub.app, { email, password, device, captcha: solution });
    expect(asked.statusCode).toBe(401);
    expect(errorCode(asked)).toBe('second_factor_required');
    const code = await latestSmsCode(hub.app, phone, 'sms.sign_in_code');

    // A wrong code still counts, but the next code is not sent back to the picture.
    const wrong = await attemptSignIn(hub.app, { email, password, device, secondFactor: { method: 'sms', code: otherCode(code) } });
    expect(errorCode(wrong)).toBe('invalid_code');
    const signedIn = await attemptSignIn(hub.app, { email, password, device, secondFactor: { method: 'sms', code } });
    expect(signedIn.statusCode).toBe(200);
  });

  it('still demands the picture from a client that never gave the right password', async () => {
    const account = await signedInAccount(hub.app);
    await turnSmsOn(hub.app, account);
    const { email, device } = account;
    for (let i = 0; i < 3; i++) await attemptSignIn(hub.app, { email, password: 'Wrong-guess-1', device });
    const guess = await attemptSignIn(hub.app, { email, password: 'Wrong-guess-2', device: newDevice(), secondFactor: { method: 'sms', code: '123456' } });
    expect(errorCode(guess)).toBe('captcha_required');
    const sameClient = await attemptSignIn(hub.app, { email, password: 'Wrong-guess-2', device, secondFactor: { method: 'sms', code: '123456' } });
    expect(errorCode(sameClient)).toBe('captcha_required');
  });
});
