/**
 * Two-step verification schemas of the hub API (v1): the second factor a sign-in carries, and the
 * account settings that turn SMS or an authenticator app on and off. Pure TS + zod.
 */
import { z } from 'zod';
import { PasswordField } from './accounts.ts';

export const SECOND_FACTOR_METHODS = ['sms', 'totp', 'recovery'] as const;
export const SecondFactorMethod = z.enum(SECOND_FACTOR_METHODS);
export type SecondFactorMethod = z.infer<typeof SecondFactorMethod>;

export const SMS_CODE_LENGTH = 6;
export const RECOVERY_CODE_COUNT = 10;

/**
 * The second factor of a sign-in. `{ method: 'sms' }` without a code asks the hub to (re)send the
 * SMS; with a code it is checked. Recovery codes are accepted with or without their dashes.
 */
export const SecondFactor = z.strictObject({
  method: SecondFactorMethod,
  code: z.string().max(64).optional(),
});
export type SecondFactor = z.infer<typeof SecondFactor>;

/** Extra fields of a `second_factor_required` (and `invalid_code` / `code_expired`) error. */
export const SecondFactorChallenge = z.object({
  methods: z.array(SecondFactorMethod).min(1),
  /** The verified phone, mostly hidden: "+•• ••• •••• 67". */
  phoneHint: z.string().optional(),
  /** True when this answer sent a new SMS code. */
  smsSent: z.boolean().optional(),
  /** Seconds until another SMS may be asked for. */
  smsResendIn: z.number().int().min(0).optional(),
});
export type SecondFactorChallenge = z.infer<typeof SecondFactorChallenge>;

/** E.164: "+", country code, subscriber number; 8 to 15 digits in all. */
export const E164 = /^\+[1-9]\d{7,14}$/;

/** "+49 (151) 234-5678" → "+491512345678"; null when it cannot be an E.164 number. */
export function normalizePhoneNumber(input: string): string | null {
  const compact = input.trim().replace(/^00/, '+').replace(/[\s().\-/]/g, '');
  return E164.test(compact) ? compact : null;
}

/** "+491512345678" → "+•• ••• •••• 78": enough for the owner to recognise, little for anyone else. */
export function maskPhoneNumber(phone: string): string {
  return `${phone.slice(0, 3)}${'•'.repeat(Math.max(0, phone.length - 5))}${phone.slice(-2)}`;
}

const PhoneField = z.string().max(32);
const CodeField = z.string().max(64);

/** `GET /v1/account/two-step` */
export const TwoStepStatus = z.object({
  /** The phone on file (the owner's own number, shown in full to them), or null. */
  phone: z.string().nullable(),
  phoneVerified: z.boolean(),
  sms: z.boolean(),
  totp: z.boolean(),
  recoveryCodesLeft: z.number().int().min(0),
});
export type TwoStepStatus = z.infer<typeof TwoStepStatus>;

/** `POST /v1/account/two-step/phone` — sets the phone and sends a verification code to it. */
export const SetPhoneRequest = z.strictObject({ phone: PhoneField, password: PasswordField });
export type SetPhoneRequest = z.infer<typeof SetPhoneRequest>;

/** `POST /v1/account/two-step/phone/verification` */
export const VerifyPhoneRequest = z.strictObject({ code: CodeField });
export type VerifyPhoneRequest = z.infer<typeof VerifyPhoneRequest>;

/** `PUT /v1/account/two-step/sms` — SMS two-step on or off. */
export const SetSmsTwoStepRequest = z.strictObject({ enabled: z.boolean(), password: PasswordField });
export type SetSmsTwoStepRequest = z.infer<typeof SetSmsTwoStepRequest>;

/** `POST /v1/account/two-step/totp` — starts enrolment (nothing changes until confirmed). */
export const StartTotpRequest = z.strictObject({ password: PasswordField });
export type StartTotpRequest = z.infer<typeof StartTotpRequest>;

export const TotpEnrolment = z.object({
  /** Base32, for typing into the app by hand. */
  secret: z.string(),
  otpauthUri: z.string().startsWith('otpauth://totp/'),
  /** The otpauth URI as a QR code picture. */
  qrCode: z.string().startsWith('data:image/'),
});
export type TotpEnrolment = z.infer<typeof TotpEnrolment>;

/** `POST /v1/account/two-step/totp/confirmation` — the first code from the app turns TOTP on. */
export const ConfirmTotpRequest = z.strictObject({ code: CodeField });
export type ConfirmTotpRequest = z.infer<typeof ConfirmTotpRequest>;

/** Shown once; the hub keeps only hashes. */
export const RecoveryCodesResponse = z.object({ recoveryCodes: z.array(z.string()).length(RECOVERY_CODE_COUNT) });
export type RecoveryCodesResponse = z.infer<typeof RecoveryCodesResponse>;

/** `POST /v1/account/two-step/totp/removal` — authenticator off (a POST: the password rides in the body). */
export const DisableTotpRequest = z.strictObject({ password: PasswordField });
export type DisableTotpRequest = z.infer<typeof DisableTotpRequest>;
