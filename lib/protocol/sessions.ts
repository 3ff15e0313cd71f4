/** Session schemas of the hub API (v1): sign-in, token refresh, sign-out. */
import { z } from 'zod';
import { AccountView, EmailField, PasswordField } from './accounts.ts';
import { DeviceInfo } from './devices.ts';
import { CaptchaSolution } from './security-check.ts';
import { SecondFactor } from './two-step.ts';

export const SignInRequest = z.strictObject({
  email: EmailField,
  password: PasswordField,
  device: DeviceInfo,
  /** Required once the hub has answered `captcha_required` for this account or client. */
  captcha: CaptchaSolution.optional(),
  /** Required once the hub has answered `second_factor_required`. */
  secondFactor: SecondFactor.optional(),
});
export type SignInRequest = z.infer<typeof SignInRequest>;

/** Opaque bearer tokens; the prefixes let secret scanners recognise a leaked one. */
export const ACCESS_TOKEN_PREFIX = 'tsa_';
export const REFRESH_TOKEN_PREFIX = 'tsr_';
const TokenField = z.string().min(1).max(128);

export const SessionTokens = z.object({
  accessToken: TokenField,
  refreshToken: TokenField,
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
  /** Seconds until the refresh token expires unless it is used (each use renews it). */
  refreshExpiresIn: z.number().int().positive(),
  account: AccountView,
  deviceId: z.string(),
});
export type SessionTokens = z.infer<typeof SessionTokens>;

export const RefreshRequest = z.strictObject({ refreshToken: TokenField });
export type RefreshRequest = z.infer<typeof RefreshRequest>;
