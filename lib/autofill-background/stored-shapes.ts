/**
 * Background-only. The zod shapes of what autofill keeps in storage.session (session-state.ts), so a
 * record from an older build, or anything else unexpected, is dropped rather than trusted.
 */
import { z } from 'zod';

export const StoredFrame = z.strictObject({
  tabId: z.number().int().nonnegative(),
  frameId: z.number().int().nonnegative(),
  documentId: z.string().nullable(),
  origin: z.string().nullable(),
  url: z.string(),
});

export const SignInKindSchema = z.enum(['sign-in', 'username-first', 'sign-up', 'change-password', 'one-time-code']);
export const FocusedFieldSchema = z.enum(['username', 'password', 'newPassword', 'otp']);

/** Grants a guard from a schema: `isValid(value)` narrows to the schema's type. */
export const guard =
  <T>(schema: z.ZodType<T>) =>
  (value: unknown): value is T =>
    schema.safeParse(value).success;
