/**
 * The hub's defence against password guessing and registration abuse (architecture.md §5).
 *
 * Every sign-in or registration attempt passes `admit` before any real work:
 *  1. the per-IP ceiling (every attempt counts, successful or not) → 429 with Retry-After;
 *  2. the per-account ceiling (failures per hour) → 429 with Retry-After;
 *  3. once the account email or the client (IP + device id) has `captchaAfterFailures` failures in
 *     the sliding window, the attempt must carry a solved Security Check → 403 captcha_required (with
 *     a new challenge) or captcha_invalid (the old one burned, a new one attached). The password is
 *     not even looked at.
 * Callers report outcomes: `recordFailure` (wrong password or code; email_in_use, invalid_email,
 * common_password) — whose answer carries a picture once the next attempt will need one — and
 * `recordSuccess` (a sign-in went through: that account's counts start over).
 *
 * Only the account's counts are reset on success, never the client's: otherwise an attacker could
 * clear their own client count by signing in to an account of their own between guesses.
 */
import type { AttemptKind, CaptchaChallenge, CaptchaSolution } from '../../lib/protocol/security-check.ts';
import type { Clock } from '../clock.ts';
import { HubError } from '../http/hub-error.ts';
import type { CaptchaService } from './captcha-service.ts';
import type { CounterStore } from './counter-store.ts';
import { fixedWindow, slidingWindow } from './failure-counters.ts';

const HOUR_SECONDS = 3600;
/** How long a right password spares the following two-step code from a new picture (an SMS code's life). */
const PASSWORD_PASS_SECONDS = 300;

export interface AbuseSettings {
  captchaAfterFailures: number;
  failureWindowSeconds: number;
  accountFailureCeiling: number;
  ipAttemptCeiling: number;
}

export interface Attempt {
  kind: AttemptKind;
  /** The account the attempt names (email lookup key), when it names one. */
  account: string | null;
  ip: string;
  deviceId: string | null;
}

export function rateLimited(msLeft: number, message: string): HubError {
  const retryAfter = Math.max(1, Math.ceil(msLeft / 1000));
  return new HubError(429, 'rate_limited', message, { retryAfter }, { 'retry-after': String(retryAfter) });
}

export function createAbuseGuard(deps: { store: CounterStore; captchas: CaptchaService; clock: Clock; settings: AbuseSettings }) {
  const { store, clock, settings, captchas } = deps;
  const accountFailures = slidingWindow(store, clock, 'fail:account', settings.failureWindowSeconds);
  const clientFailures = slidingWindow(store, clock, 'fail:client', settings.failureWindowSeconds);
  const accountCeiling = fixedWindow(store, clock, 'ceiling:account', HOUR_SECONDS);
  const ipCeiling = fixedWindow(store, clock, 'ceiling:ip', HOUR_SECONDS);

  const accountSubject = (attempt: Attempt) => (attempt.account === null ? null : `${attempt.kind}:${attempt.account}`);
  const clientSubject = (attempt: Attempt) => `${attempt.kind}:${attempt.ip}|${attempt.deviceId ?? '-'}`;

  async function countIpAttempt(ip: string): Promise<void> {
    const { count, msLeft } = await ipCeiling.add(ip);
    if (count > settings.ipAttemptCeiling) throw rateLimited(msLeft, 'Too many attempts from this network; try again later.');
  }

  async function challengeError(code: 'captcha_required' | 'captcha_invalid', kind: AttemptKind): Promise<HubError> {
    const captcha: CaptchaChallenge = await captchas.issue(kind);
    const message =
      code === 'captcha_required'
        ? 'Too many failed attempts: repeat the request with the characters from the picture in `captcha`.'
        : 'The characters did not match the picture, or it expired or was used; here is a new one.';
    return new HubError(403, code, message, { captcha });
  }

  const passSubject = (attempt: Attempt) => `${accountSubject(attempt) ?? '-'}|${clientSubject(attempt)}`;

  return {
    /**
     * `secondStep`: the attempt carries a two-step code. If this client gave the right password for
     * this account within the last minutes (it was answered second_factor_required), the code step is
     * not asked for another picture: the Security Check guards the password, and codes have their own
     * limits (5 tries per SMS, TOTP replay protection, the account ceiling).
     */
    async admit(attempt: Attempt, solution: CaptchaSolution | undefined, secondStep = false): Promise<void> {
      await countIpAttempt(attempt.ip);
      const account = accountSubject(attempt);
      if (account !== null) {
        const { count, msLeft } = await accountCeiling.count(account);
        if (count >= settings.accountFailureCeiling) throw rateLimited(msLeft, 'Too many failed attempts for this account; try again later.');
      }
      const [byAccount, byClient] = await Promise.all([
        account === null ? Promise.resolve(0) : accountFailures.count(account),
        clientFailures.count(clientSubject(attempt)),
      ]);
      if (Math.max(byAccount, byClient) < settings.captchaAfterFailures) return;
      if (secondStep && (await store.read(`pass:${passSubject(attempt)}`, PASSWORD_PASS_SECONDS)) > 0) return;
      if (!solution) throw await challengeError('captcha_required', attempt.kind);
      if (!(await captchas.redeem(solution, attempt.kind))) throw await challengeError('captcha_invalid', attempt.kind);
    },

    /**
     * Counts a failure. When it is the one that makes the next attempt need a Security Check, the
     * answer carries the first picture already (`captcha` beside the failure's own code), so the
     * person sees the check right after the third wrong password instead of one click later.
     */
    async recordFailure(attempt: Attempt, offerChallenge = true): Promise<{ captcha?: CaptchaChallenge }> {
      const account = accountSubject(attempt);
      await Promise.all([
        clientFailures.add(clientSubject(attempt)),
        ...(account === null ? [] : [accountFailures.add(account), accountCeiling.add(account)]),
      ]);
      const [byAccount, byClient] = await Promise.all([
        account === null ? Promise.resolve(0) : accountFailures.count(account),
        clientFailures.count(clientSubject(attempt)),
      ]);
      if (!offerChallenge || Math.max(byAccount, byClient) < settings.captchaAfterFailures) return {};
      return { captcha: await captchas.issue(attempt.kind) };
    },

    /** The password was right and a two-step code is next: remember that for this account and client. */
    async recordPasswordPassed(attempt: Attempt): Promise<void> {
      await store.add(`pass:${passSubject(attempt)}`, PASSWORD_PASS_SECONDS);
    },

    async recordSuccess(attempt: Attempt): Promise<void> {
      const account = accountSubject(attempt);
      if (account === null) return;
      await Promise.all([
        accountFailures.reset(account),
        accountCeiling.reset(account),
        store.remove(`pass:${passSubject(attempt)}`, PASSWORD_PASS_SECONDS),
      ]);
    },

    /** "New picture": counts against the IP ceiling like an attempt; the replaced challenge is burned. */
    async newChallenge(kind: AttemptKind, ip: string, replaces: string | undefined): Promise<CaptchaChallenge> {
      await countIpAttempt(ip);
      if (replaces) await captchas.burn(replaces);
      return captchas.issue(kind);
    },
  };
}

export type AbuseGuard = ReturnType<typeof createAbuseGuard>;
