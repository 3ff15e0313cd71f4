/** Sample values the popup's component and model tests share (test-only; no screen imports this). */
import type { PendingAttempt } from '../../../lib/messaging/messages.ts';
import type { TwoStepStatus } from '../../../lib/protocol/two-step.ts';

export const PICTURE = 'data:image/png;base64,iVBORw0KGgo=';

/** A sign-in interrupted by the Security Check, password kept by the background; override what a test is about. */
export function samplePending(overrides: Partial<PendingAttempt> = {}): PendingAttempt {
  return {
    kind: 'signIn',
    email: 'someone@example.com',
    region: null,
    marketingConsent: null,
    hasPassword: true,
    step: 'captcha',
    captcha: { image: PICTURE, expiresAt: Date.UTC(2030, 0, 1) },
    secondFactor: null,
    retryAt: null,
    failures: 0,
    ...overrides,
  };
}

/** The same sign-in at its two-step step (SMS sent, as the hub does when SMS is the only app-less method). */
export function sampleSecondFactor(secondFactor: Partial<NonNullable<PendingAttempt['secondFactor']>> = {}, overrides: Partial<PendingAttempt> = {}): PendingAttempt {
  return samplePending({
    step: 'secondFactor',
    captcha: null,
    secondFactor: { methods: ['sms', 'recovery'], phoneHint: '+•• ••• •••• 67', smsResendAt: null, ...secondFactor },
    ...overrides,
  });
}

export function sampleTwoStepStatus(overrides: Partial<TwoStepStatus> = {}): TwoStepStatus {
  return { phone: null, phoneVerified: false, sms: false, totp: false, recoveryCodesLeft: 0, ...overrides };
}
