/**
 * Account schemas of the hub API (v1). Field formats (email, password, region) are checked by the
 * functions in email.ts / password-rules.ts / regions.ts so that each failure gets its own error code;
 * these schemas only fix the shape (types, sizes, no unknown fields).
 */
import { z } from 'zod';
import { DeviceInfo } from './devices.ts';
import { EMAIL_MAX_LENGTH } from './email.ts';
import { PASSWORD_MAX_LENGTH } from './password-rules.ts';
import { LANGUAGES, REGION_IDS } from './regions.ts';
import { CaptchaSolution } from './security-check.ts';

export const RegionId = z.enum(REGION_IDS);

/** Generous outer bounds so oversize input is refused by shape before any work is done. */
export const EmailField = z.string().max(EMAIL_MAX_LENGTH + 64);
export const PasswordField = z.string().max(PASSWORD_MAX_LENGTH * 4);

export const CreateAccountRequest = z.strictObject({
  email: EmailField,
  password: PasswordField,
  region: z.string().max(16),
  marketingConsent: z.boolean(),
  /** The browser creating the account; it may sign in before the account is activated. */
  device: DeviceInfo.optional(),
  /** Required once the hub has answered `captcha_required` for registrations from this client. */
  captcha: CaptchaSolution.optional(),
});
export type CreateAccountRequest = z.infer<typeof CreateAccountRequest>;

export const AccountView = z.object({
  id: z.string(),
  email: z.string(),
  region: RegionId,
  language: z.enum(LANGUAGES),
  activated: z.boolean(),
  marketingConsent: z.boolean(),
  marketingConsentAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type AccountView = z.infer<typeof AccountView>;

export const CreateAccountResponse = z.object({ account: AccountView });
export type CreateAccountResponse = z.infer<typeof CreateAccountResponse>;

export const ActivationRequest = z.strictObject({ token: z.string().min(1).max(128) });
export type ActivationRequest = z.infer<typeof ActivationRequest>;

export const ActivationResponse = z.object({ activated: z.literal(true) });

/**
 * Resend the activation email. Signed-in callers (Bearer) need no body; anyone else names the
 * address and always gets the same 202, so the endpoint does not reveal which addresses exist.
 */
export const ResendActivationRequest = z.strictObject({ email: EmailField.optional() });
export type ResendActivationRequest = z.infer<typeof ResendActivationRequest>;

export const AcceptedResponse = z.object({ accepted: z.literal(true) });

export const RegionListResponse = z.object({
  regions: z.array(z.object({ id: RegionId, language: z.enum(LANGUAGES) })),
});
