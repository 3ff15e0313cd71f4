// @vitest-environment node
/**
 * The interrupted sign-in against a real hub over HTTP: the Security Check after repeated wrong
 * passwords, and an SMS code once two-step is on — answers read from the hub's development outbox.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageFailure } from '../../lib/messaging/router.ts';
import { createTwoStepService } from '../../lib/session/two-step-service.ts';
import { sessionAttemptStorage } from '../../lib/state/attempt-state.ts';
import { type LiveHub, startLiveHub } from './support/live-hub.ts';
import { createSessionHarness, PASSWORD } from './support/session-harness.ts';

let hub: LiveHub;
let session: ReturnType<typeof createSessionHarness>;

beforeEach(async () => {
  hub = await startLiveHub();
  session = createSessionHarness(hub);
});
afterEach(() => hub.close());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MessageFailure);
  return (error as MessageFailure).detail.code;
}

/** The newest development-outbox entry for `recipient` (a challenge id or a phone number). */
async function outboxText(recipient: string, kind: string): Promise<string> {
  const response = await fetch(`${hub.address}/dev/outbox.json?recipient=${encodeURIComponent(recipient)}`);
  const { entries } = (await response.json()) as { entries: { kind: string; text: string }[] };
  const entry = entries.find((candidate) => candidate.kind === kind);
  if (!entry) throw new Error(`no ${kind} in the outbox for the recipient`);
  return entry.text;
}

const smsCode = (text: string) => /(?<!\d)(\d{6})(?!\d)/.exec(text)?.[1] ?? '';

describe('sign-in attempt against a real hub', () => {
  it('shows the Security Check after three wrong passwords and signs in with the characters', async () => {
    const { email } = await session.createAccount();
    await session.service.signOut();
    for (let i = 0; i < 3; i++) {
      expect(await codeOf(session.service.signIn(email, 'Wrong-Password-99'))).toBe('invalid_credentials');
      session.advance(5_000); // past the background's own backoff
    }
    expect(await codeOf(session.service.signIn(email, PASSWORD))).toBe('captcha_required');
    const status = await session.service.status();
    expect(status.state === 'signed_out' && status.pending).toMatchObject({ step: 'captcha', hasPassword: true });

    const challengeId = (await sessionAttemptStorage.read())?.captcha?.id ?? '';
    const answer = await outboxText(challengeId, 'captcha.sign_in');
    expect((await session.service.continueAttempt({ captchaAnswer: answer })).state).toBe('signed_in');
  });

  it('asks for the SMS code once two-step is on and signs in with it', async () => {
    const { email } = await session.createAccount();
    const twoStep = createTwoStepService({ hub: session.hubClient, authorized: session.service.authorized });
    const phone = '+4915123456789';
    await twoStep.setPhone({ phone: '+49 151 2345 6789', password: PASSWORD });
    await twoStep.verifyPhone({ code: smsCode(await outboxText(phone, 'sms.phone_verification')) });
    expect(await twoStep.setSms({ enabled: true, password: PASSWORD })).toMatchObject({ sms: true, phoneVerified: true });
    await session.service.signOut();

    expect(await codeOf(session.service.signIn(email, PASSWORD))).toBe('second_factor_required');
    const status = await session.service.status();
    expect(status.state === 'signed_out' && status.pending?.secondFactor?.methods).toContain('sms');

    const code = smsCode(await outboxText(phone, 'sms.sign_in_code'));
    expect((await session.service.continueAttempt({ secondFactor: { method: 'sms', code } })).state).toBe('signed_in');
  });
});
