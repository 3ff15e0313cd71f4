/**
 * The state of a sign-in or account creation the hub interrupted (Security Check, two-step code,
 * rate limit) and the backoff against impatient clicking. Background-only.
 * Invariant: the password is held only in this module's memory, paired by id with one stored record;
 * it is never written anywhere, so after a service-worker restart `hasPassword` is false.
 */
import type { PendingAttempt } from '../messaging/messages.ts';
import type { DeviceInfo } from '../protocol/devices.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import { type AttemptKind, CaptchaChallenge } from '../protocol/security-check.ts';
import { SecondFactorChallenge } from '../protocol/two-step.ts';
import type { AttemptStorage, StoredAttempt } from '../state/attempt-state.ts';
import type { HubRequestError } from './hub-client.ts';

const MAX_BACKOFF_SECONDS = 60;
export const FAILURE_MEMORY_MS = 15 * 60_000;

/**
 * Backoff rule. Failures in a row within one attempt — wrong password, wrong characters, wrong code —
 * are counted. The first costs nothing; from the second on, the next try waits 2^(failures-1) s
 * (2, 4, 8, 16, 32 s), capped at 60 s. A hub Retry-After (429) moves the retry time further out,
 * never closer. The count survives "cancel" and a fresh try with the same email, so neither dodges
 * it; it starts over after a success, with another email, or 15 minutes after the last failure (the
 * hub's own window). The hub's counters and Security Check are the real protection; this only keeps
 * an impatient person from burning through pictures and SMS codes.
 */
export function backoffSeconds(failures: number): number {
  return failures < 2 ? 0 : Math.min(2 ** (failures - 1), MAX_BACKOFF_SECONDS);
}

const COUNTED: ReadonlySet<ErrorCode> = new Set(['invalid_credentials', 'captcha_invalid', 'invalid_code']);
const CAPTCHA_STEP: ReadonlySet<ErrorCode> = new Set(['captcha_required', 'captcha_invalid']);
const SECOND_FACTOR_STEP: ReadonlySet<ErrorCode> = new Set(['second_factor_required', 'invalid_code', 'code_expired']);
/** After these the same attempt may simply be tried again; anything not listed ends the interruption. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['network_error', 'not_a_tessera_hub', 'internal_error', 'rate_limited']);

export interface AttemptStart {
  kind: StoredAttempt['kind'];
  email: string;
  region: string | null;
  marketingConsent: boolean | null;
}

/** A loaded attempt: the stored record plus, while this worker lives, its password and device. */
export interface Attempt {
  record: StoredAttempt;
  password: string | null;
  device: DeviceInfo | null;
}

export const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const later = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

export function challengeKind(record: StoredAttempt): AttemptKind {
  return record.kind === 'signIn' ? 'sign_in' : 'registration';
}

/** A fresh attempt; the backoff of the previous one carries over when it was for the same email. */
export function beginAttempt(previous: StoredAttempt | null, start: AttemptStart, serverAddress: string, id: string): StoredAttempt {
  const carried = previous && sameEmail(previous.email, start.email) ? previous : null;
  return {
    id,
    serverAddress,
    ...start,
    step: null,
    captcha: null,
    secondFactor: null,
    failures: carried?.failures ?? 0,
    lastFailureAt: carried?.lastFailureAt ?? null,
    retryAt: carried?.retryAt ?? null,
  };
}

export function withoutStep(record: StoredAttempt): StoredAttempt {
  return { ...record, step: null, captcha: null, secondFactor: null };
}

export function withChallenge(record: StoredAttempt, challenge: CaptchaChallenge, now: number): StoredAttempt {
  const captcha = { id: challenge.id, image: challenge.image, expiresAt: now + challenge.expiresIn * 1000 };
  return { ...record, step: 'captcha', captcha, secondFactor: null };
}

export interface ErrorOutcome {
  record: StoredAttempt;
  /** False when the password turned out wrong (or the attempt is over): it is forgotten. */
  keepPassword: boolean;
  /** The Security Check answer was used up without the hub handing out a new picture. */
  burnedChallenge: boolean;
}

/** What a hub error means for the attempt: the next step, the failure count, the retry time. */
export function afterHubError(record: StoredAttempt, error: HubRequestError, now: number): ErrorOutcome {
  let next = record;
  if (COUNTED.has(error.code)) {
    const failures = record.failures + 1;
    const wait = backoffSeconds(failures);
    next = { ...next, failures, lastFailureAt: now, retryAt: later(next.retryAt, wait > 0 ? now + wait * 1000 : null) };
  }
  const retryAfter = error.details.retryAfter;
  if (typeof retryAfter === 'number') next = { ...next, retryAt: later(next.retryAt, now + retryAfter * 1000) };

  if (CAPTCHA_STEP.has(error.code)) {
    const challenge = CaptchaChallenge.safeParse(error.details.captcha);
    if (challenge.success) return { record: withChallenge(next, challenge.data, now), keepPassword: true, burnedChallenge: false };
  } else if (SECOND_FACTOR_STEP.has(error.code)) {
    const asked = SecondFactorChallenge.safeParse(error.details);
    if (asked.success) {
      const { methods, phoneHint, smsResendIn } = asked.data;
      const previousResendAt = methods.includes('sms') ? (record.secondFactor?.smsResendAt ?? null) : null;
      const smsResendAt = smsResendIn === undefined ? previousResendAt : now + smsResendIn * 1000;
      return {
        record: { ...next, step: 'secondFactor', captcha: null, secondFactor: { methods, phoneHint: phoneHint ?? null, smsResendAt } },
        keepPassword: true,
        burnedChallenge: false,
      };
    }
  } else if (error.code === 'invalid_credentials') {
    // The failure that brings on the Security Check carries its first picture: show the check at once.
    const attached = CaptchaChallenge.safeParse(error.details.captcha);
    if (attached.success) return { record: withChallenge(next, attached.data, now), keepPassword: false, burnedChallenge: false };
    // The step stays (the person types the password again); a Security Check answer sent along is used up.
    return { record: next, keepPassword: false, burnedChallenge: next.step === 'captcha' };
  } else if (RETRYABLE.has(error.code)) {
    return { record: next, keepPassword: true, burnedChallenge: false };
  }
  // The attempt is over (email_in_use, activation_required, …) or the hub's answer lacked its extras.
  return { record: withoutStep(next), keepPassword: false, burnedChallenge: false };
}

/** Forgets failures older than the hub's window and retry times that have passed. */
function current(record: StoredAttempt, now: number): StoredAttempt {
  const forget = record.lastFailureAt !== null && now - record.lastFailureAt > FAILURE_MEMORY_MS;
  return {
    ...record,
    ...(forget ? { failures: 0, lastFailureAt: null } : {}),
    retryAt: record.retryAt !== null && record.retryAt > now ? record.retryAt : null,
  };
}

export function toPendingAttempt(attempt: Attempt): PendingAttempt | null {
  const { record } = attempt;
  if (record.step === null) return null;
  return {
    kind: record.kind,
    email: record.email,
    region: record.region,
    marketingConsent: record.marketingConsent,
    hasPassword: attempt.password !== null,
    step: record.step,
    captcha: record.captcha && { image: record.captcha.image, expiresAt: record.captcha.expiresAt },
    secondFactor: record.secondFactor,
    retryAt: record.retryAt,
    failures: record.failures,
  };
}

export function createAttemptKeeper(deps: { storage: AttemptStorage; serverAddress: () => Promise<string>; now: () => number }) {
  let secrets: { id: string; password: string; device: DeviceInfo } | null = null;

  async function save(attempt: Attempt | null): Promise<void> {
    const record = attempt?.record ?? null;
    const worthKeeping = record !== null && (record.step !== null || record.failures > 0 || record.retryAt !== null);
    // The password is kept only while a step waits for it, and only here.
    secrets =
      worthKeeping && record.step !== null && attempt?.password && attempt.device
        ? { id: record.id, password: attempt.password, device: attempt.device }
        : null;
    await deps.storage.write(worthKeeping ? record : null);
  }

  return {
    save,
    async load(): Promise<Attempt | null> {
      const stored = await deps.storage.read();
      if (!stored) {
        secrets = null;
        return null;
      }
      // A challenge belongs to one hub; after the server address changed the attempt means nothing.
      if (stored.serverAddress !== (await deps.serverAddress())) {
        await save(null);
        return null;
      }
      const own = secrets?.id === stored.id ? secrets : null;
      return { record: current(stored, deps.now()), password: own?.password ?? null, device: own?.device ?? null };
    },
  };
}

export type AttemptKeeper = ReturnType<typeof createAttemptKeeper>;
