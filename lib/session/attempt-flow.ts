/**
 * Sign-in and account creation as attempts the hub may interrupt, and the popup's ways to go on
 * with one (`attempt.*`). Background-only. Invariant: no sign-in or registration request leaves
 * before the attempt's retry time, and actions run one at a time, so a double click never sends one
 * Security Check answer twice.
 */
import type { RequestOf, SessionStatus } from '../messaging/messages.ts';
import { MessageFailure } from '../messaging/router.ts';
import type { DeviceInfo } from '../protocol/devices.ts';
import { CAPTCHA_ANSWER_MAX_LENGTH, type CaptchaSolution, normalizeCaptchaAnswer } from '../protocol/security-check.ts';
import type { SessionTokens } from '../protocol/sessions.ts';
import type { SecondFactor } from '../protocol/two-step.ts';
import type { StoredAttempt } from '../state/attempt-state.ts';
import { failureFrom, secondsUntil } from './failure.ts';
import { type HubClient, HubRequestError } from './hub-client.ts';
import {
  afterHubError,
  type Attempt,
  type AttemptKeeper,
  type AttemptStart,
  beginAttempt,
  challengeKind,
  sameEmail,
  toPendingAttempt,
  withChallenge,
  withoutStep,
} from './pending-attempt.ts';

export interface AttemptFlowDeps {
  hub: HubClient;
  keeper: AttemptKeeper;
  serverAddress: () => Promise<string>;
  describeDevice: () => Promise<DeviceInfo>;
  /** Stores the tokens and answers the signed-in status. */
  signedIn: (tokens: SessionTokens, serverAddress: string) => Promise<SessionStatus>;
  status: () => Promise<SessionStatus>;
  now: () => number;
  newId?: () => string;
}

type Ready = Attempt & { password: string; device: DeviceInfo };
type Extras = { captcha?: CaptchaSolution; secondFactor?: SecondFactor };

export function createAttemptFlow(deps: AttemptFlowDeps) {
  const { hub, keeper, now } = deps;
  const newId = deps.newId ?? (() => crypto.randomUUID());

  let queue: Promise<unknown> = Promise.resolve();
  function oneAtATime<A extends unknown[], T>(action: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
    return (...args) => {
      const run = queue.then(() => action(...args));
      queue = run.catch(() => undefined);
      return run;
    };
  }

  function refuseBeforeRetry(record: StoredAttempt): void {
    if (record.retryAt !== null && record.retryAt > now()) {
      throw new MessageFailure('rate_limited', { retryAfterSeconds: secondsUntil(record.retryAt, now()) });
    }
  }

  /** Records what the hub said about the attempt and returns the failure the popup is told. */
  async function recordFailure(attempt: Attempt, error: HubRequestError): Promise<MessageFailure> {
    const at = now();
    const outcome = afterHubError(attempt.record, error, at);
    const record = outcome.burnedChallenge ? await withNewPicture(outcome.record) : outcome.record;
    await keeper.save({ record, password: outcome.keepPassword ? attempt.password : null, device: attempt.device });
    return failureFrom(error, record.retryAt !== null && record.retryAt > at ? { retryAfterSeconds: secondsUntil(record.retryAt, at) } : {});
  }

  /** After a used-up answer; without a new picture it is back to the plain form (the hub asks again). */
  async function withNewPicture(record: StoredAttempt): Promise<StoredAttempt> {
    try {
      return withChallenge(record, await hub.newChallenge({ kind: challengeKind(record) }), now());
    } catch (error) {
      if (!(error instanceof HubRequestError)) throw error;
      return withoutStep(afterHubError(record, error, now()).record);
    }
  }

  async function replacePicture(attempt: Attempt): Promise<void> {
    const { record } = attempt;
    try {
      const challenge = await hub.newChallenge({ kind: challengeKind(record), ...(record.captcha ? { replaces: record.captcha.id } : {}) });
      await keeper.save({ ...attempt, record: withChallenge(record, challenge, now()) });
    } catch (error) {
      if (!(error instanceof HubRequestError)) throw error;
      throw await recordFailure(attempt, error);
    }
  }

  /** Sends the attempt once; success ends it, a failure is recorded and thrown as a MessageFailure. */
  async function send(attempt: Ready, extras: Extras): Promise<SessionStatus> {
    const { record, password, device } = attempt;
    let tokens: SessionTokens;
    try {
      if (record.kind === 'createAccount') {
        const { email, region, marketingConsent } = record;
        const captcha = extras.captcha ? { captcha: extras.captcha } : {};
        await hub.createAccount({ email, password, region: region ?? '', marketingConsent: marketingConsent ?? false, device, ...captcha });
        await keeper.save(null);
        // The account exists; signing in is an attempt of its own (the hub may interrupt it too).
        const signIn = beginAttempt(null, { kind: 'signIn', email, region: null, marketingConsent: null }, record.serverAddress, newId());
        return await send({ record: signIn, password, device }, {});
      }
      tokens = await hub.signIn({ email: record.email, password, device, ...extras });
    } catch (error) {
      if (!(error instanceof HubRequestError)) throw error;
      throw await recordFailure(attempt, error);
    }
    await keeper.save(null);
    return deps.signedIn(tokens, record.serverAddress);
  }

  async function begin(start: AttemptStart, password: string): Promise<SessionStatus> {
    const previous = await keeper.load();
    const record = beginAttempt(previous?.record ?? null, start, await deps.serverAddress(), newId());
    refuseBeforeRetry(record);
    return send({ record, password, device: await deps.describeDevice() }, {});
  }

  /** A loaded attempt waiting at a step, or invalid_request (nothing to go on with). */
  async function waiting(): Promise<Attempt & { record: StoredAttempt & { step: 'captcha' | 'secondFactor' } }> {
    const attempt = await keeper.load();
    if (!attempt || attempt.record.step === null) throw new MessageFailure('invalid_request');
    return attempt as Attempt & { record: StoredAttempt & { step: 'captcha' | 'secondFactor' } };
  }

  async function ready(attempt: Attempt, password: string | null | undefined): Promise<Ready> {
    // After a worker restart the password is gone; the popup shows the password field (hasPassword false).
    if (!password) throw new MessageFailure('invalid_credentials');
    return { ...attempt, password, device: attempt.device ?? (await deps.describeDevice()) };
  }

  async function continueAttempt(input: RequestOf<'attempt.continue'>): Promise<SessionStatus> {
    const attempt = await waiting();
    const { record } = attempt;
    if (input.email !== undefined && !sameEmail(input.email, record.email)) throw new MessageFailure('invalid_request');
    const answer = input.captchaAnswer === undefined ? '' : normalizeCaptchaAnswer(input.captchaAnswer).slice(0, CAPTCHA_ANSWER_MAX_LENGTH);
    const code = input.secondFactor?.code.replace(/\s+/g, '') ?? '';
    const answered = record.step === 'captcha' ? answer !== '' : code !== '';
    if (!answered) {
      // Only the password typed again (after a restart): remembered, nothing sent; e.g. so "send a new code" works.
      if (input.password) {
        await keeper.save({ ...(await ready(attempt, input.password)) });
        return deps.status();
      }
      throw new MessageFailure(record.step === 'captcha' ? 'captcha_required' : 'second_factor_required');
    }
    refuseBeforeRetry(record);
    const go = await ready(attempt, input.password || attempt.password);
    const secondFactor = input.secondFactor && code !== '' ? { secondFactor: { method: input.secondFactor.method, code } } : {};
    if (record.step === 'secondFactor') return send(go, secondFactor);
    if (!record.captcha || record.captcha.expiresAt <= now()) {
      // An expired picture would only cost a counted failure on the hub: show a new one instead.
      await replacePicture(go);
      throw new MessageFailure('captcha_invalid');
    }
    return send(go, { captcha: { id: record.captcha.id, answer }, ...secondFactor });
  }

  async function newPicture(): Promise<SessionStatus> {
    const attempt = await waiting();
    if (attempt.record.step !== 'captcha') throw new MessageFailure('invalid_request');
    await replacePicture(attempt);
    return deps.status();
  }

  /** The hub answers a resend with second_factor_required (smsSent, smsResendIn): expected, not a failure. */
  async function resendSms(): Promise<SessionStatus> {
    const attempt = await waiting();
    const asked = attempt.record.secondFactor;
    if (attempt.record.step !== 'secondFactor' || !asked?.methods.includes('sms')) throw new MessageFailure('invalid_request');
    refuseBeforeRetry(attempt.record);
    if (asked.smsResendAt !== null && asked.smsResendAt > now()) {
      throw new MessageFailure('rate_limited', { retryAfterSeconds: secondsUntil(asked.smsResendAt, now()) });
    }
    try {
      return await send(await ready(attempt, attempt.password), { secondFactor: { method: 'sms' } });
    } catch (error) {
      if (error instanceof MessageFailure && error.detail.code === 'second_factor_required') return deps.status();
      throw error;
    }
  }

  async function cancel(): Promise<SessionStatus> {
    const attempt = await keeper.load();
    if (attempt) await keeper.save({ record: withoutStep(attempt.record), password: null, device: null });
    return deps.status();
  }

  return {
    signIn: oneAtATime((email: string, password: string) => begin({ kind: 'signIn', email, region: null, marketingConsent: null }, password)),
    createAccount: oneAtATime((request: RequestOf<'account.create'>) => {
      const { password, ...form } = request;
      return begin({ kind: 'createAccount', ...form }, password);
    }),
    continue: oneAtATime(continueAttempt),
    newPicture: oneAtATime(newPicture),
    resendSms: oneAtATime(resendSms),
    cancel: oneAtATime(cancel),
    async pending() {
      const attempt = await keeper.load();
      return attempt ? toPendingAttempt(attempt) : null;
    },
  };
}

export type AttemptFlow = ReturnType<typeof createAttemptFlow>;
