/**
 * Background-only. The zod schemas of the messages content scripts send (ContentRequestMap in
 * lib/autofill/protocol.ts — which stays zod-free, as the content script must). The background
 * parses every content-script payload with these before anything acts on it; unknown keys are refused.
 */
import { z } from 'zod';
import type { ContentRequestMap, ContentRequestType } from '../autofill/protocol.ts';

const SignInKind = z.enum(['sign-in', 'username-first', 'sign-up', 'change-password', 'one-time-code']);
const FocusedField = z.enum(['username', 'password', 'newPassword', 'otp']);
/** As long as a vault item's fields may be (protocol/vault-item.ts). */
const Username = z.string().max(1000);
const Password = z.string().max(1000);

export const ContentRequestSchemas = {
  'autofill.formsFound': z.strictObject({ kinds: z.array(SignInKind).max(SignInKind.options.length), sameSiteAction: z.boolean(), opaqueOrigin: z.boolean() }),
  'autofill.openMenu': z.strictObject({ field: FocusedField, formKind: SignInKind, opaqueOrigin: z.boolean() }),
  'autofill.submitted': z.strictObject({ formKind: SignInKind, username: Username, password: Password, newPassword: Password.nullable(), opaqueOrigin: z.boolean() }),
  'autofill.pendingPrompt': z.strictObject({}),
} satisfies { [T in ContentRequestType]: z.ZodType<ContentRequestMap[T]['request'], unknown> };

export const isContentRequestType = (type: unknown): type is ContentRequestType => typeof type === 'string' && Object.hasOwn(ContentRequestSchemas, type);
