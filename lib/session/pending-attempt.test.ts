import { describe, expect, it } from 'vitest';
import type { StoredAttempt } from '../state/attempt-state.ts';
import { HubRequestError } from './hub-client.ts';
import { afterHubError, backoffSeconds, beginAttempt } from './pending-attempt.ts';

const NOW = 1_000_000;
const START = { kind: 'signIn', email: 'someone@example.com', region: null, marketingConsent: null } as const;
const fresh = (overrides: Partial<StoredAttempt> = {}): StoredAttempt => ({ ...beginAttempt(null, START, 'https://hub.example', 'a1'), ...overrides });

describe('backoffSeconds', () => {
  it.each([
    [0, 0],
    [1, 0],
    [2, 2],
    [3, 4],
    [4, 8],
    [6, 32],
    [7, 60],
    [50, 60],
  ])('waits %i failures in a row out with %i s', (failures, seconds) => {
    expect(backoffSeconds(failures)).toBe(seconds);
  });
});

describe('beginAttempt', () => {
  it('carries the failures and retry time over when the email is the same but for case and spaces', () => {
    const previous = fresh({ failures: 3, lastFailureAt: NOW, retryAt: NOW + 4000, step: 'captcha' });
    expect(beginAttempt(previous, { ...START, email: ' SOMEONE@example.com' }, 'https://hub.example', 'a2')).toMatchObject({
      id: 'a2',
      step: null,
      failures: 3,
      retryAt: NOW + 4000,
    });
  });

  it('starts from nothing when the email is another', () => {
    const previous = fresh({ failures: 3, lastFailureAt: NOW, retryAt: NOW + 4000 });
    expect(beginAttempt(previous, { ...START, email: 'other@example.com' }, 'https://hub.example', 'a2')).toMatchObject({ failures: 0, retryAt: null });
  });
});

describe('afterHubError', () => {
  it('ends the step and forgets the password when the hub answers a code that ends the attempt', () => {
    const outcome = afterHubError(fresh({ step: 'captcha', captcha: { id: 'c1', image: 'data:', expiresAt: NOW } }), new HubRequestError('activation_required', 403), NOW);
    expect(outcome).toMatchObject({ record: { step: null, captcha: null }, keepPassword: false });
  });

  it('ends the step when second_factor_required comes without the methods', () => {
    expect(afterHubError(fresh(), new HubRequestError('second_factor_required', 401, {}), NOW).record.step).toBeNull();
  });

  it('keeps the earlier resend time when a second-factor answer does not say', () => {
    const asked = fresh({ step: 'secondFactor', secondFactor: { methods: ['sms'], phoneHint: null, smsResendAt: NOW + 5000 } });
    const outcome = afterHubError(asked, new HubRequestError('invalid_code', 401, { methods: ['sms'] }), NOW);
    expect(outcome.record.secondFactor?.smsResendAt).toBe(NOW + 5000);
  });

  it('keeps the later of its own wait and the hub’s Retry-After', () => {
    const record = fresh({ retryAt: NOW + 60_000 });
    expect(afterHubError(record, new HubRequestError('rate_limited', 429, { retryAfter: 5 }), NOW).record.retryAt).toBe(NOW + 60_000);
  });
});
